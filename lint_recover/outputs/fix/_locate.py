"""Turning plans (lines and columns) into the libcst nodes they name, cheaply.

A libcst traversal costs more than its parse, and its position metadata many parses, so
neither may cover a whole module whose edits sit in two functions of a 5,000-line test
class. `ast` already knows where every statement is, and both trees hold the same
statements in the same source order (`ast` statements in field order, libcst's small and
compound statements in visiting order), so a `StatementMap` numbers the statements once
from `ast` and tells the transformer, for the n-th statement it meets:

- whether anything planned lies inside it (if not, it is skipped unvisited, together with
  the statements it contains);
- whether it is a definition to decorate (no positions needed: the `def` line names it);
- whether positions must be computed for it, because an argument to wrap lies in it and
  in no statement nested deeper: then only that statement is printed and positioned alone,
  inside a synthetic block that reproduces its indentation (`positioned_arguments`).

Every correspondence is checked (statement kinds, definition names, the printed text of a
positioned statement against the original lines); a mismatch raises `StalePlan`, and the
file is reported instead of being edited at a guessed place.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from lint_recover.findings import DecorateDef, WrapArgument

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_Span = tuple[tuple[int, int], tuple[int, int]]
# Statements nested in a statement: these ast nodes hold them (an `except` clause, a `case`).
_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)


class StalePlan(Exception):
    """A plan that names nothing in the module as it is now (the file changed since the
    check), or a module on which libcst and `ast` disagree; it is left untouched rather
    than edited at a guessed place."""


@dataclass(frozen=True, slots=True)
class DefinitionTarget:
    """A definition to decorate: its `name` (checked against libcst's), and where and what
    it is for the report."""

    name: str
    line: int
    col: int
    qualname: str


@dataclass(slots=True)
class StatementMap:
    """The module's statements in source order, numbered from 0, and what the plans need
    of each (see the module docstring)."""

    kinds: list[str] = field(default_factory=list)
    first_lines: list[int] = field(default_factory=list)
    descendants: list[int] = field(default_factory=list)
    holding: set[int] = field(default_factory=set)
    definitions: dict[int, DefinitionTarget] = field(default_factory=dict)
    positioned: set[int] = field(default_factory=set)
    wraps: dict[_Span, WrapArgument] = field(default_factory=dict)

    def first_edit_line(self) -> int:
        """The first line an edit touches: a decorated definition's first decorator (they
        run when the definition does, so an import must come before them), or an argument's
        line."""
        lines = [self.first_lines[index] for index in self.definitions]
        return min(lines + [start for (start, _), _ in self.wraps], default=0)

    def check_kind(self, index: int, node: cst.CSTNode) -> None:
        kind = type(node).__name__
        expected = self.kinds[index] if index < len(self.kinds) else "nothing"
        if {"Del": "Delete"}.get(kind, kind) != expected:
            raise StalePlan(f"libcst and ast disagree on statement {index}: {kind}, {expected}")


def statement_map(
    tree: ast.Module,
    lines: Sequence[str],
    decorations: Iterable[DecorateDef],
    wraps: Iterable[WrapArgument],
) -> StatementMap:
    """Number the statements of `tree` (whose source `lines` have no endings) and mark
    what `decorations` and `wraps` need."""
    numbering = _Numbering(lines)
    numbering.number(tree.body, None)
    for plan in decorations:
        numbering.mark_definition(plan)
    for wrap in wraps:
        numbering.mark_wrap(wrap)
    return numbering.found


class _Numbering:
    """The statements of one module in source order, with their nesting, as the map needs."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines
        self.found = StatementMap()
        self.statements: list[ast.stmt] = []
        self.ends: list[int] = []
        self.parents: list[int | None] = []
        self.suite: list[bool] = []  # sits on its parent's header line (`if x: f()`)
        self.elif_: list[bool] = []
        self.children: dict[int | None, list[int]] = {None: []}
        self._definitions: dict[tuple[int, str], int] = {}

    def number(self, body: list[ast.stmt], parent: int | None) -> None:
        inline = bool(body) and _starts_after_code(body[0], self.lines)
        for statement in body:
            index = len(self.statements)
            self.statements.append(statement)
            self.found.kinds.append(type(statement).__name__.removeprefix("Async"))
            self.found.first_lines.append(_first_line(statement))
            self.ends.append(statement.end_lineno or statement.lineno)
            self.found.descendants.append(0)
            self.parents.append(parent)
            self.suite.append(inline)
            self.elif_.append(_is_elif(statement, body, self.lines))
            self.children[parent].append(index)
            self.children[index] = []
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                self._definitions[(statement.lineno, statement.name)] = index
            for nested in _nested_bodies(statement):
                self.number(nested, index)
            self.found.descendants[index] = len(self.statements) - index - 1

    def mark(self, index: int | None) -> None:
        """`index` and the statements enclosing it hold an edit."""
        while index is not None:
            self.found.holding.add(index)
            index = self.parents[index]

    def mark_definition(self, plan: DecorateDef) -> None:
        name = plan.qualname.rpartition(".")[2]
        index = self._definitions.get((plan.line, name))
        if index is None:
            raise StalePlan(f"line {plan.line}: no definition of {plan.qualname!r} there any more")
        col = self.statements[index].col_offset
        self.found.definitions[index] = DefinitionTarget(name, plan.line, col, plan.qualname)
        self.mark(index)

    def mark_wrap(self, wrap: WrapArgument) -> None:
        deepest = _deepest(
            self.children, self.found.first_lines, self.ends, wrap.start_line, wrap.end_line
        )
        if not deepest:
            raise StalePlan(f"line {wrap.start_line}: outside every statement of the module")
        for index in deepest:  # several only when they share the line (`a(); b(f)`)
            self.mark(index)
        index, parent = deepest[0], self.parents[deepest[0]]
        while parent is not None and (self.suite[index] or self.elif_[index]):
            # a statement on its parent's header line, or an `elif` (which prints only as
            # part of its `if`), is positioned with its parent
            index, parent = parent, self.parents[parent]
        self.found.positioned.add(index)
        self.found.wraps[((wrap.start_line, wrap.start_col), (wrap.end_line, wrap.end_col))] = wrap
        self.mark(index)


def positioned_arguments(
    statement: cst.SimpleStatementLine | cst.BaseCompoundStatement,
    indent: str,
    line_offset: int,
    module: cst.Module,
    source_lines: Sequence[str],
    wanted: Mapping[_Span, WrapArgument],
) -> dict[cst.BaseExpression, WrapArgument]:
    """The outermost expression node spanning exactly a wanted range, in `statement`.

    The statement is printed alone, inside `if True:` with a block of its own indentation
    `indent` when it is not at the top level, so its lines and columns are those of the
    module shifted by `line_offset` lines; that its text equals the module's lines there is
    checked. The node itself is reused (`unsafe_skip_copy`), so the nodes found are the ones
    a transformer meets.
    """
    body: cst.SimpleStatementLine | cst.BaseCompoundStatement = statement
    header = 0
    if indent:
        block = cst.IndentedBlock(body=[statement], indent=indent)
        body, header = cst.If(test=cst.Name("True"), body=block), 1
    alone = module.with_changes(body=[body], header=[], footer=[])
    printed = _LINE.findall(alone.code)[header:]
    if printed != list(source_lines[line_offset : line_offset + len(printed)]):
        raise StalePlan(f"line {line_offset + 1}: libcst and ast disagree on where it starts")
    shift = line_offset - header
    found: dict[_Span, cst.BaseExpression] = {}
    positions = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)
    for node, code_range in positions.items():
        if isinstance(node, cst.BaseExpression):
            key = _span(code_range, shift)
            if key in wanted and _encloses(node, found.get(key)):
                found[key] = node
    return {node: wanted[key] for key, node in found.items()}


def source_lines(text: str) -> list[str]:
    """`text` split into lines with their own endings (as libcst prints them)."""
    return _LINE.findall(text)


def _nested_bodies(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists directly inside `statement`, in source order."""
    for _, value in ast.iter_fields(statement):
        if isinstance(value, list) and value and isinstance(value[0], _HOLDERS):
            if isinstance(value[0], ast.stmt):
                yield value
            else:
                for holder in value:  # except clauses, match cases
                    yield holder.body


def _first_line(statement: ast.stmt) -> int:
    """The first line of a statement, decorators included."""
    decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(decorator.lineno for decorator in decorators)])


def _starts_after_code(statement: ast.stmt, lines: Sequence[str]) -> bool:
    """Whether `statement` follows code on its line (it is in a suite, `if x: f()`)."""
    line = lines[statement.lineno - 1].encode()
    return bool(line[: statement.col_offset].strip())


def _is_elif(statement: ast.stmt, body: list[ast.stmt], lines: Sequence[str]) -> bool:
    return (
        isinstance(statement, ast.If)
        and len(body) == 1
        and lines[statement.lineno - 1].lstrip().startswith("elif")
    )


def _deepest(
    children: Mapping[int | None, list[int]],
    first_lines: Sequence[int],
    ends: Sequence[int],
    start: int,
    end: int,
) -> list[int]:
    """The most deeply nested statements whose lines contain [start, end] (siblings on
    the same lines, which only simple statements can be, all count)."""
    found: list[int] = []
    candidates = children[None]
    while True:
        inside = [i for i in candidates if first_lines[i] <= start and end <= ends[i]]
        if not inside:
            return found
        found = inside
        candidates = children[inside[0]]


def _span(code_range: CodeRange, shift: int) -> _Span:
    return (
        (code_range.start.line + shift, code_range.start.column),
        (code_range.end.line + shift, code_range.end.column),
    )


def _encloses(node: cst.CSTNode, other: cst.CSTNode | None) -> bool:
    """Whether `node` should win over `other` for the same span: the outer one wins (an
    expression whose only child spans the same text, e.g. an awaited call)."""
    if other is None:
        return True
    return any(child is other or _encloses(child, other) for child in node.children)
