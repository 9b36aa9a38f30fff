"""Applying hand-made plans to one module: matching, references, idempotence, failures.

These tests drive `fix_source` directly with plans whose positions are taken from the
source text itself, so they exercise the fixer independently of the checker.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from lint_recover.findings import DecorateDef, FixPlan, WrapArgument
from lint_recover.outputs.fix import _module as module_fixer
from lint_recover.outputs.fix import fix_source
from lint_recover.outputs.fix._reference import RecoverReference
from lint_recover.outputs.fix._safety import differs_beyond_recovery

RECOVER = ("recover_runtime.recover",)
PATH = Path("case.py")


def decorate(source: str, name: str) -> DecorateDef:
    """The plan decorating the first `def name` of `source`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            return DecorateDef(str(PATH), name, node.lineno)
    raise AssertionError(f"no def {name}")


def wrap(source: str, text: str, occurrence: int = 0) -> WrapArgument:
    """The plan wrapping the `occurrence`-th appearance of `text` in `source`."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = source.index(text, offset + 1)
    line = source.count("\n", 0, offset) + 1
    col = offset - (source.rfind("\n", 0, offset) + 1)
    end = offset + len(text)
    end_line = source.count("\n", 0, end) + 1
    end_col = end - (source.rfind("\n", 0, end) + 1)
    return WrapArgument(str(PATH), line, col, end_line, end_col)


def fixed(source: str, *plans: FixPlan, functions: tuple[str, ...] = RECOVER) -> str:
    result = fix_source(PATH, source.encode(), plans, functions)
    assert result.problem is None, result.problem
    return result.after.decode()


def test_one_decorator_however_many_plans_and_none_on_reapplying() -> None:
    source = "import threading\n\n\ndef work():\n    run()\n"
    once = fixed(source, decorate(source, "work"), decorate(source, "work"))
    assert once.count("@recover\n") == 1
    again = fix_source(PATH, once.encode(), [decorate(once, "work")], RECOVER)
    assert not again.changed and again.problem is None


def test_a_wrapped_argument_is_not_wrapped_twice() -> None:
    source = "import threading\nthreading.Thread(target=lambda: go())\n"
    once = fixed(source, wrap(source, "lambda: go()"))
    assert "target=recover(lambda: go())" in once
    again = fix_source(PATH, once.encode(), [wrap(once, "lambda: go()")], RECOVER)
    assert not again.changed


def test_plain_parentheses_go_and_parentheses_with_a_comment_stay() -> None:
    source = (
        "import t\nt.Thread(target=(lambda: go()))\n"
        "t.Thread(target=(  # why\n    lambda: stop()))\n"
    )
    result = fixed(source, wrap(source, "lambda: go()"), wrap(source, "lambda: stop()"))
    assert "target=recover(lambda: go())" in result
    assert "target=recover((  # why\n    lambda: stop()))" in result


def test_same_names_are_told_apart_by_their_line() -> None:
    source = textwrap.dedent(
        """\
        import threading

        class A:
            def run(self):
                a()

        class B:
            def run(self):
                b()
        """
    )
    plan = DecorateDef(str(PATH), "B.run", 8)
    result = fixed(source, plan)
    assert "    @recover\n    def run(self):\n        b()" in result
    assert "    def run(self):\n        a()" in result


@pytest.mark.parametrize(
    ("source", "expected_import", "expected_use"),
    [
        pytest.param(
            "import threading\n\n\ndef start(recover):\n    pass\n\n\ndef work():\n    go()\n",
            "import recover_runtime\n",
            "@recover_runtime.recover\n",
            id="parameter-named-recover",
        ),
        pytest.param(
            "from state import *\nrecover()\n\n\ndef work():\n    go()\n",
            "import recover_runtime\n",
            "@recover_runtime.recover\n",
            id="read-from-star-import",
        ),
        pytest.param(
            "recover = recover_runtime = None\n\n\ndef work():\n    go()\n",
            "from recover_runtime import recover as recover_\n",
            "@recover_\n",
            id="name-and-package-taken",
        ),
        pytest.param(
            "import threading\n\n\ndef work():\n    go()\n\n\n"
            "from recover_runtime import recover\n",
            "import recover_runtime\n",
            "@recover_runtime.recover\n",
            id="existing-import-after-first-use",
        ),
    ],
)
def test_a_taken_name_is_never_shadowed(
    source: str, expected_import: str, expected_use: str
) -> None:
    result = fixed(source, decorate(source, "work"))
    assert expected_import in result
    assert f"{expected_use}def work" in result


def test_the_first_configured_function_is_imported_and_any_configured_one_reused() -> None:
    functions = ("shop.errors.guard", "recover_runtime.recover")
    source = "def work():\n    go()\n"
    assert fixed(source, decorate(source, "work"), functions=functions).startswith(
        "from shop.errors import guard\n\n\n@guard\ndef work"
    )
    reusing = "from recover_runtime import recover as rr\n\n\ndef work():\n    go()\n"
    assert "@rr\ndef work" in fixed(reusing, decorate(reusing, "work"), functions=functions)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "import t\nt.Thread(target=lambda: go())\nimport os\n",
            "import t\nfrom recover_runtime import recover\n\n"
            "t.Thread(target=recover(lambda: go()))\nimport os\n",
            id="before-the-first-use-not-after-later-imports",
        ),
        pytest.param(
            "import a; import b\nX = 1\nt.Thread(target=lambda: go())\n",
            "import a; import b\nfrom recover_runtime import recover\n\nX = 1\n"
            "t.Thread(target=recover(lambda: go()))\n",
            id="a-line-of-several-imports",
        ),
        pytest.param(
            "if TYPE_CHECKING:\n    import a\nt.Thread(target=lambda: go())\n",
            "from recover_runtime import recover\n\nif TYPE_CHECKING:\n    import a\n"
            "t.Thread(target=recover(lambda: go()))\n",
            id="never-inside-a-type-checking-block",
        ),
    ],
)
def test_the_import_goes_before_the_first_use_in_the_import_block(
    source: str, expected: str
) -> None:
    assert fixed(source, wrap(source, "lambda: go()")) == expected


def test_a_stale_plan_leaves_the_file_untouched() -> None:
    source = "def work():\n    go()\n"
    result = fix_source(PATH, source.encode(), [DecorateDef(str(PATH), "work", 2)], RECOVER)
    assert result.problem is not None and "does not match" in result.problem
    assert result.after == result.before
    span = WrapArgument(str(PATH), 1, 0, 1, 3)
    result = fix_source(PATH, source.encode(), [span], RECOVER)
    assert result.problem is not None and not result.changed


def test_a_file_that_does_not_parse_is_never_changed() -> None:
    data = b"def work(:\n    go()\n"
    result = fix_source(PATH, data, [DecorateDef(str(PATH), "work", 1)], RECOVER)
    assert result.problem is not None and "cannot be parsed" in result.problem
    assert result.after == data


def test_deep_trees_get_a_bounded_higher_limit_and_past_it_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = "def work():\n    go()\n\n\nTOTAL = " + " + ".join(["n"] * 1500) + "\n"
    plan = decorate(source, "work")
    assert "@recover\ndef work" in fixed(source, plan)
    monkeypatch.setattr(module_fixer, "RECURSION_LIMIT", 1000)
    result = fix_source(PATH, source.encode(), [plan], RECOVER)
    assert result.problem == "nesting too deep for libcst" and not result.changed


def test_the_safety_proof_accepts_recovery_and_rejects_anything_else() -> None:
    reference = RecoverReference("recover", "from recover_runtime import recover")
    original = "import t\ndef f():\n    pass\nt.Thread(target=f)\n"
    recovered = (
        "import t\nfrom recover_runtime import recover\n@recover\ndef f():\n    pass\n"
        "t.Thread(target=recover(f))\n"
    )
    other = recovered.replace("pass", "return 1")
    assert not differs(original, recovered, reference)
    assert differs(original, other, reference)
    # statements of the same text in other places are compared, not taken as equal
    assert differs(original, "import t\nt.Thread(target=f)\ndef f():\n    pass\n", reference)
    assert differs(original, "def f():\n    pass\nimport t\nt.Thread(target=f)\n", reference)
    # another decorator changed next to the added one
    decorated = "@a\ndef f():\n    pass\n"
    assert not differs(decorated, "@a\n@recover\ndef f():\n    pass\n", reference)
    assert differs(decorated, "@b\n@recover\ndef f():\n    pass\n", reference)


def differs(original: str, fixed: str, reference: RecoverReference) -> bool:
    return differs_beyond_recovery(
        ast.parse(original),
        ast.parse(fixed),
        reference,
        original.splitlines(),
        fixed.splitlines(),
    )


# Only the statements holding an edit are visited and positioned: arguments in every kind
# of place a statement can sit, each found in the statement that holds it.
NESTED_PLACES = textwrap.dedent(
    """\
    import threading as t


    class Suite:
        def run(self, pool, flag):
            if flag: pool.submit(lambda: one())
            elif pool.submit(lambda: two()): pass
            else:
                go(); pool.submit(lambda: three())
            try:
                pass
            except OSError: pool.submit(lambda: four())
            for x in pool.map(lambda: five(), []): pass
            with t.Lock():
                match flag:
                    case 1:
                        pool.submit(
                            lambda: six(),
                        )
            def inner(job=t.Thread(target=lambda: seven())):
                pass

        def worker(self):
            work()
    """
)


@pytest.mark.parametrize(
    "target",
    ["one", "two", "three", "four", "five", "six", "seven"],
)
def test_an_argument_is_found_wherever_its_statement_sits(target: str) -> None:
    result = fixed(NESTED_PLACES, wrap(NESTED_PLACES, f"lambda: {target}()"))
    assert f"recover(lambda: {target}())" in result
    assert result.count("recover(") == 1
    reference = RecoverReference("recover", "from recover_runtime import recover")
    assert not differs(NESTED_PLACES, result, reference)


def test_edits_in_nested_statements_leave_the_rest_as_it_was() -> None:
    plans = [wrap(NESTED_PLACES, f"lambda: {name}()") for name in ("one", "six", "seven")]
    result = fixed(NESTED_PLACES, decorate(NESTED_PLACES, "worker"), *plans)
    assert "    @recover\n    def worker(self):\n        work()\n" in result
    assert result.count("recover(") == 3
    undone = result.replace("\n\nfrom recover_runtime import recover\n", "\n")  # a new section
    undone = undone.replace("    @recover\n", "")
    for name in ("one", "six", "seven"):
        undone = undone.replace(f"recover(lambda: {name}())", f"lambda: {name}()")
    assert undone == NESTED_PLACES  # byte for byte, but for the recovery
