"""Turning plans (lines and columns) into the libcst nodes they name, cheaply.

libcst's position metadata costs 30-47x a parse, and even a plain libcst traversal costs
more than the parse, so both are confined to the top-level statements that hold a planned
edit (`planned_statements`): `ast` knows each top-level statement's lines, and both trees
list them in the same order. Positions are computed only for statements with an argument to
wrap. A definition is found without them: `ast` already knows the line of every `def`, no
two definitions share a line, and libcst visits definitions in the same source order, so
the rank of the planned `def` among all definitions names the libcst node.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from lint_recover.findings import DecorateDef, WrapArgument

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


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


@dataclass(frozen=True, slots=True)
class PlannedStatement:
    """A top-level statement holding a planned edit: its index in libcst's `Module.body`,
    the rank of the first definition it may contain, and the offset that turns a line of
    the statement printed alone (leading blank lines and comments included) into a line of
    the module."""

    index: int
    first_rank: int
    line_offset: int


def planned_statements(
    tree: ast.Module, module: cst.Module, lines: Iterable[int]
) -> list[PlannedStatement]:
    """The top-level statements of `module` that contain any of `lines`, in order.

    libcst keeps `a; b` as one statement line where `ast` has two statements, so the ast
    statements are grouped the way libcst groups them before lines are matched.
    """
    groups: list[tuple[int, int, int]] = []  # (first line, last line, libcst index)
    position = 0
    for index, statement in enumerate(module.body):
        size = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        members = tree.body[position : position + size]
        position += size
        if not members:
            raise StalePlan("libcst and ast disagree on the module's statements")
        groups.append((_first_line(members[0]), _last_line(members[-1]), index))
    if position != len(tree.body):
        raise StalePlan("libcst and ast disagree on the module's statements")
    firsts = [first for first, _, _ in groups]
    definition_lines = [node.lineno for node in _definitions(tree)]
    planned: dict[int, PlannedStatement] = {}
    for line in lines:
        group = bisect.bisect_right(firsts, line) - 1
        if group < 0 or line > groups[group][1]:
            raise StalePlan(f"line {line}: outside every statement of the module")
        first, _, index = groups[group]
        leading = len(module.body[index].leading_lines)
        planned[index] = PlannedStatement(
            index, bisect.bisect_left(definition_lines, first), first - 1 - leading
        )
    return [planned[index] for index in sorted(planned)]


def _first_line(statement: ast.stmt) -> int:
    """The first line of a statement, decorators included."""
    decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(decorator.lineno for decorator in decorators)])


def _last_line(statement: ast.stmt) -> int:
    return statement.end_lineno or statement.lineno


def _definitions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function definition of the module, in source order."""
    return sorted(
        (
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ),
        key=lambda node: node.lineno,
    )


def definition_targets(
    tree: ast.Module, plans: Iterable[DecorateDef]
) -> dict[int, DefinitionTarget]:
    """The definitions that `plans` decorate, keyed by their rank in source order."""
    definitions = _definitions(tree)
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
    module: cst.Module,
    statements: Sequence[PlannedStatement],
    source_lines: Sequence[str],
    plans: Iterable[WrapArgument],
) -> dict[cst.BaseExpression, WrapArgument]:
    """The outermost expression node spanning exactly each plan's range, among the
    `statements` of `module` (whose text is `source_lines`, line endings kept).

    Positions are resolved on each statement printed alone, after checking that it prints
    as the lines of the module it is taken to start at; the statement nodes themselves are
    reused (`unsafe_skip_copy`), so the nodes found are those a transformer will meet.
    """
    wanted = {((p.start_line, p.start_col), (p.end_line, p.end_col)): p for p in plans}
    if not wanted:
        return {}
    found: dict[tuple[tuple[int, int], tuple[int, int]], cst.BaseExpression] = {}
    for statement in statements:
        alone = module.with_changes(body=[module.body[statement.index]], header=[], footer=[])
        offset = statement.line_offset
        printed = _LINE.findall(alone.code)
        if printed != list(source_lines[offset : offset + len(printed)]):
            raise StalePlan(f"line {offset + 1}: libcst and ast disagree on where it starts")
        positions = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)
        for node, code_range in positions.items():
            if isinstance(node, cst.BaseExpression):
                key = _span(code_range, offset)
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


def source_lines(text: str) -> list[str]:
    """`text` split into lines with their own endings (as libcst prints them)."""
    return _LINE.findall(text)


def _span(code_range: CodeRange, offset: int) -> tuple[tuple[int, int], tuple[int, int]]:
    return (
        (code_range.start.line + offset, code_range.start.column),
        (code_range.end.line + offset, code_range.end.column),
    )


def _encloses(node: cst.CSTNode, other: cst.CSTNode | None) -> bool:
    """Whether `node` should win over `other` for the same span: the outer one wins (an
    expression whose only child spans the same text, e.g. an awaited call)."""
    if other is None:
        return True
    return any(child is other or _encloses(child, other) for child in node.children)
