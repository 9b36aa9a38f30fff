"""Generated modules with spawn sites and targets in random shapes, fixed for real.

For every module: after `fix` it compiles, differs from the original only by recovery,
`check` reports nothing fixable, and a second `fix` changes nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint_recover.config import load_config
from lint_recover.outputs.fix import fix_findings, write_fix
from lint_recover.project import engine
from tests.fix.ast_rule import assert_compiles, assert_only_recovery_added

SPAWNS = (
    "threading.Thread({prefix}target={target}).start()",
    "threading.Timer(1.0, {target}{suffix}).start()",
    "pool.submit({target}{suffix})",
    "loop.call_soon({target}{suffix})",
)
IMPORTS = (
    "",
    "from recover_runtime import recover\n",
    "from recover_runtime import recover as rc\n",
    "import recover_runtime\n",
    "def recover(state):\n    return state\n\n\n",  # the name is taken by something else
)
DECORATORS = ("", "@staticmethod\n    ", "@classmethod\n    ")


@dataclass(frozen=True)
class Target:
    """A definition (or none, for inline expressions) and how a spawn refers to it."""

    definition: str
    reference: str
    coroutine: bool = False


@st.composite
def targets(draw: st.DrawFn, index: int) -> Target:
    kind = draw(st.sampled_from(["def", "async", "method", "lambda", "outside", "partial"]))
    name = f"job_{index}"
    if kind == "def":
        return Target(f"def {name}(*args):\n    work({index})\n\n\n", name)
    if kind == "async":
        return Target(f"async def {name}():\n    await work({index})\n\n\n", f"{name}()", True)
    if kind == "method":
        decorator = draw(st.sampled_from(DECORATORS))
        first = {"": "self", "@classmethod\n    ": "cls"}.get(decorator, "")
        body = f"class Job{index}:\n    {decorator}def run({first}):\n        work({index})\n\n\n"
        owner = f"Job{index}()" if not decorator else f"Job{index}"
        return Target(body, f"{owner}.run")
    if kind == "lambda":
        return Target("", f"lambda: work({index})")
    if kind == "outside":
        return Target("", draw(st.sampled_from(["os.getcwd", "pool.shutdown", "os.remove"])))
    return Target(f"def {name}(n):\n    work(n)\n\n\n", f"functools.partial({name}, {index})")


@st.composite
def modules(draw: st.DrawFn) -> bytes:
    docstring = draw(st.sampled_from(["", '"""Generated."""\n\n']))
    future = draw(st.sampled_from(["", "from __future__ import annotations\n\n"]))
    imports = (
        "import asyncio\nimport functools\nimport os\nimport sys\nimport threading\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
    )
    chosen = draw(st.integers(1, 5))
    items = [draw(targets(index)) for index in range(chosen)]
    lines = []
    for item in items:
        if item.coroutine:
            lines.append(f"    asyncio.ensure_future({item.reference})")
            continue
        spawn = draw(st.sampled_from(SPAWNS))
        prefix = draw(st.sampled_from(["", 'name="tâche-ü", ']))
        lines.append("    " + spawn.format(target=item.reference, prefix=prefix, suffix=""))
    text = (
        docstring
        + future
        + imports
        + draw(st.sampled_from(IMPORTS))
        + "\n\n"
        + "".join(item.definition for item in items)
        + "def main(pool: ThreadPoolExecutor, obj):\n"
        + "    loop = asyncio.get_running_loop()\n"
        + "\n".join(lines)
        + "\n"
    )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return text.replace("\n", newline).encode()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(modules())
def test_fix_of_generated_modules(source: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "pyproject.toml").write_text("")
        path = root / "generated.py"
        path.write_bytes(source)
        config = load_config(root)
        first = engine.run([root], config, jobs=1, use_cache=False)
        assert first.findings and all(f.fix is not None for f in first.findings), first.findings
        for fix in fix_findings(first.findings, config):
            assert fix.problem is None, fix.problem
            write_fix(fix)
        fixed = path.read_bytes()
        assert_compiles(fixed, str(path))
        assert_only_recovery_added(source, fixed)
        again = engine.run([root], config, jobs=1, use_cache=False)
        assert [f for f in again.findings if f.fix is not None] == []
        assert not any(fix.changed for fix in fix_findings(again.findings, config))
