"""Turning plans (lines and columns) into the libcst nodes they name, cheaply.

libcst's position metadata costs 30-47x a parse, so it is computed only for modules that
have an argument to wrap. A definition is found without it: `ast` already knows the line
of every `def`, no two definitions share a line, and libcst visits definitions in the same
source order, so the rank of the planned `def` among all definitions names the libcst node.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from lint_recover.findings import DecorateDef, WrapArgument


class StalePlan(Exception):
    """A plan that names nothing in the module as it is now (the file changed since the
    check); the module is left untouched rather than edited at a guessed place."""


@dataclass(frozen=True, slots=True)
class DefinitionTarget:
    """The `rank`-th definition of the module in source order, and its `name` (a check
    that libcst and `ast` agree on which definition that is)."""

    rank: int
    name: str
    line: int
    col: int
    qualname: str


def definition_targets(
    tree: ast.Module, plans: Iterable[DecorateDef]
) -> dict[int, DefinitionTarget]:
    """The definitions that `plans` decorate, keyed by their rank in source order."""
    definitions = sorted(
        (
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ),
        key=lambda node: node.lineno,
    )
    rank_by_line = {node.lineno: rank for rank, node in enumerate(definitions)}
    targets: dict[int, DefinitionTarget] = {}
    for plan in plans:
        rank = rank_by_line.get(plan.line)
        name = plan.qualname.rpartition(".")[2]
        if rank is None or definitions[rank].name != name:
            raise StalePlan(f"line {plan.line}: no definition of {plan.qualname!r} there any more")
        col = definitions[rank].col_offset  # indentation: bytes and characters agree
        targets[rank] = DefinitionTarget(rank, name, plan.line, col, plan.qualname)
    return targets


def argument_nodes(
    module: cst.Module, plans: Iterable[WrapArgument]
) -> dict[cst.BaseExpression, WrapArgument]:
    """The outermost expression node spanning exactly each plan's range.

    Resolving positions reuses `module` itself (`unsafe_skip_copy`): nodes found here are
    the very nodes a transformer over `module` will meet.
    """
    wanted = {((p.start_line, p.start_col), (p.end_line, p.end_col)): p for p in plans}
    if not wanted:
        return {}
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found: dict[tuple[tuple[int, int], tuple[int, int]], cst.BaseExpression] = {}
    for node, code_range in positions.items():
        if isinstance(node, cst.BaseExpression):
            key = _span(code_range)
            if key in wanted and _encloses(node, found.get(key)):
                found[key] = node
    missing = [plan for key, plan in wanted.items() if key not in found]
    if missing:
        plan = missing[0]
        raise StalePlan(
            f"line {plan.start_line}: no expression spans columns "
            f"{plan.start_col}-{plan.end_col} there any more"
        )
    return {node: wanted[key] for key, node in found.items()}


def _span(code_range: CodeRange) -> tuple[tuple[int, int], tuple[int, int]]:
    return (
        (code_range.start.line, code_range.start.column),
        (code_range.end.line, code_range.end.column),
    )


def _encloses(node: cst.CSTNode, other: cst.CSTNode | None) -> bool:
    """Whether `node` should win over `other` for the same span: the outer one wins (an
    expression whose only child spans the same text, e.g. an awaited call)."""
    if other is None:
        return True
    return any(child is other or _encloses(child, other) for child in node.children)
