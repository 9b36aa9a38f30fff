"""The fast walk of facts extraction calls a subclass's visit methods exactly as
`ast.NodeVisitor` does, in the same order, for real modules."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest

from lint_recover.facts.visitor import FastNodeVisitor

STDLIB = Path(sysconfig.get_paths()["stdlib"])
MODULES = ["threading.py", "asyncio/tasks.py", "concurrent/futures/process.py", "ast.py"]


class _Recording:
    """Visit methods of interest, including leaves the fast walk would otherwise skip."""

    seen: list[tuple[str, int, int]]

    def _note(self, node: ast.AST) -> None:
        self.seen.append(
            (type(node).__name__, getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        )

    def visit_Call(self, node: ast.Call) -> None:
        self._note(node)
        self.generic_visit(node)  # type: ignore[attr-defined]

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._note(node)  # no descent: what is inside must not be seen

    def visit_Name(self, node: ast.Name) -> None:
        self._note(node)

    def visit_Load(self, node: ast.Load) -> None:
        self._note(node)


class _Standard(_Recording, ast.NodeVisitor):
    def __init__(self) -> None:
        self.seen = []


class _Fast(_Recording, FastNodeVisitor):
    def __init__(self) -> None:
        self.seen = []


class _FastWithoutLeaves(FastNodeVisitor):
    def __init__(self) -> None:
        self.calls: list[int] = []

    def visit_Call(self, node: ast.Call) -> None:
        self.calls.append(node.lineno)
        self.generic_visit(node)


@pytest.mark.parametrize("module", MODULES)
def test_same_visits_in_the_same_order_as_the_standard_visitor(module: str) -> None:
    tree = ast.parse((STDLIB / module).read_bytes())
    standard, fast = _Standard(), _Fast()
    standard.visit(tree)
    fast.visit(tree)
    assert fast.seen == standard.seen
    assert {"Call", "Name", "Load"} <= {kind for kind, _, _ in fast.seen}


def test_leaves_are_skipped_only_when_nothing_visits_them() -> None:
    tree = ast.parse("f(g(x), key=lambda: h(1))\n")
    walker = _FastWithoutLeaves()
    walker.visit(tree)
    assert walker.calls == [1, 1, 1]
    assert ast.Name in _FastWithoutLeaves._skipped
    assert ast.Name not in _Fast._skipped and ast.Load not in _Fast._skipped
