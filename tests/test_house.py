"""The house rules of the two packages, checked on their source: files under about 400 lines,
functions under 60 (cyclomatic complexity is ruff's C901, at most 15, in `.ci/run`), and the
linter's layers importing only downward, with no cycle between modules."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.process import REPO

PACKAGES = (REPO / "lint_recover", REPO / "runtime" / "recover_runtime")
MAX_FILE_LINES = 420
MAX_FUNCTION_LINES = 60
# The linter's layers, lowest first: a module may import its own layer's and lower ones.
LAYERS = (
    ("lint_recover.apis", "lint_recover.findings", "lint_recover.__init__", "lint_recover"),
    ("lint_recover.config",),
    ("lint_recover.text",),
    ("lint_recover.facts",),
    ("lint_recover.resolution",),
    ("lint_recover.rules",),
    ("lint_recover.project",),
    ("lint_recover.outputs",),
    ("lint_recover.frontends",),
)


def sources() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted(package.rglob("*.py"))


def module_name(path: Path) -> str:
    root = REPO / "runtime" if "recover_runtime" in path.parts else REPO
    return ".".join(path.relative_to(root).with_suffix("").parts)


def layer(module: str) -> int:
    for number, prefixes in enumerate(LAYERS):
        if any(
            module == p or (p != "lint_recover" and module.startswith(p + ".")) for p in prefixes
        ):
            return number
    raise AssertionError(f"{module} belongs to no layer")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("lint_recover")}


@pytest.mark.parametrize("path", list(sources()), ids=lambda p: str(p.relative_to(REPO)))
def test_files_and_functions_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_FILE_LINES
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_the_linter_imports_only_downward_and_has_no_cycle() -> None:
    modules = {
        module_name(path): imports(path) for path in sorted((REPO / "lint_recover").rglob("*.py"))
    }
    known = set(modules) | {m.removesuffix(".__init__") for m in modules}
    upward = [
        f"{module} -> {target}"
        for module, targets in modules.items()
        for target in targets
        if target in known and layer(target) > layer(module)
    ]
    assert upward == []
    graph = {
        module.removesuffix(".__init__"): {t for t in targets if t in known}
        for module, targets in modules.items()
    }
    assert _cycle(graph) is None


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the import graph, if there is one (modules importing themselves aside)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if target == node or target.startswith(node + "."):
                continue  # a package importing its own modules
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None
