"""The libcst transformer that adds `@recover` to definitions and wraps arguments.

It visits only the statements that hold a planned edit (the `StatementMap` numbers them
from `ast`), finds definitions by that number and arguments by node identity (positions
computed for the one statement that holds each), and returns everything else untouched,
so the printed module keeps every comment, blank line and line ending of the original.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import libcst as cst

from lint_recover.findings import WrapArgument
from lint_recover.outputs.fix._locate import (
    DefinitionTarget,
    StalePlan,
    StatementMap,
    positioned_arguments,
)

_STATEMENTS = (cst.BaseSmallStatement, cst.BaseCompoundStatement)
_LineStatement = cst.SimpleStatementLine | cst.BaseCompoundStatement


@dataclass(frozen=True, slots=True)
class Edit:
    """One change the fixer made, at its place in the original file (1-based line,
    0-based character column), described for the person reading the report."""

    line: int
    col: int
    description: str


class RecoverTransformer(cst.CSTTransformer):
    """Decorates the planned definitions innermost and wraps the planned arguments.

    A definition or argument that is already recovered (`references` names every way the
    module spells a recover function) is left as it is, so applying a plan twice, or two
    plans for one definition, adds one decorator. Run it on the whole module, once.
    """

    def __init__(
        self,
        statements: StatementMap,
        module: cst.Module,
        source_lines: Sequence[str],
        reference: str,
        references: frozenset[str],
    ) -> None:
        super().__init__()
        self._map = statements
        self._module = module
        self._source_lines = source_lines
        self._reference = cst.parse_expression(reference)
        self._reference_text = reference
        self._references = references
        self._next = 0  # the number of the next statement, in source order
        self._numbers: list[int] = []  # of the statements being visited, innermost last
        self._indents: list[str] = []  # of the blocks being visited
        self._arguments: dict[cst.BaseExpression, WrapArgument] = {}
        self._reached: set[int] = set()
        self._wrapped: set[cst.BaseExpression] = set()
        self.edits: list[Edit] = []

    def check_complete(self) -> None:
        """Raise `StalePlan` unless every planned definition and argument was met."""
        missing = set(self._map.definitions) - self._reached
        if missing:
            target = self._map.definitions[min(missing)]
            raise StalePlan(f"line {target.line}: libcst did not meet {target.qualname}")
        located = set(self._arguments.values())
        for plan in self._map.wraps.values():
            if plan not in located:
                raise StalePlan(
                    f"line {plan.start_line}: no expression spans columns "
                    f"{plan.start_col}-{plan.end_col} there any more"
                )

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.IndentedBlock):
            self._indents.append(self._indent_of(node))
        elif isinstance(node, cst.SimpleStatementLine):
            numbers = range(self._next, self._next + len(node.body))
            if not self._map.positioned.isdisjoint(numbers):
                self._position(node, self._next)
        elif isinstance(node, _STATEMENTS):
            number = self._next
            self._map.check_kind(number, node)
            self._numbers.append(number)
            if number not in self._map.holding:  # skipped with what it contains
                self._next += 1 + self._map.descendants[number]
                return False
            self._next += 1
            if number in self._map.positioned and isinstance(node, cst.BaseCompoundStatement):
                self._position(node, number)
            if isinstance(node, cst.Match):  # its cases are indented by the match itself
                self._indents.append(self._indent_of(node))
        return super().on_visit(node)

    def _indent_of(self, node: cst.IndentedBlock | cst.Match) -> str:
        return node.indent if node.indent is not None else self._module.default_indent

    def _position(self, node: _LineStatement, number: int) -> None:
        offset = self._map.first_lines[number] - 1 - len(node.leading_lines)
        found = positioned_arguments(
            node,
            "".join(self._indents),
            offset,
            self._module,
            self._source_lines,
            self._map.wraps,
        )
        self._arguments.update(found)

    def _decorate(
        self, number: int, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        target: DefinitionTarget = self._map.definitions[number]
        self._reached.add(number)
        if original_node.name.value != target.name:
            raise StalePlan(f"line {target.line}: libcst and ast disagree on {target.qualname}")
        if any(self._is_recover(decorator.decorator) for decorator in updated_node.decorators):
            return updated_node
        self.edits.append(
            Edit(
                target.line, target.col, f"decorated {target.qualname} with @{self._reference_text}"
            )
        )
        decorator = cst.Decorator(decorator=self._reference)
        return updated_node.with_changes(decorators=(*updated_node.decorators, decorator))

    def visit_Call(self, node: cst.Call) -> bool:
        if self._is_recover_call(node) and len(node.args) == 1:
            self._wrapped.add(node.args[0].value)
        return True

    def on_leave(
        self, original_node: cst.CSTNodeT, updated_node: cst.CSTNodeT
    ) -> cst.CSTNodeT | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNodeT]:
        if isinstance(original_node, cst.IndentedBlock):
            self._indents.pop()
        elif isinstance(original_node, _STATEMENTS):
            number = self._numbers.pop()
            if isinstance(original_node, cst.Match) and number in self._map.holding:
                self._indents.pop()
            if number in self._map.definitions:
                assert isinstance(original_node, cst.FunctionDef)  # checked on the way in
                assert isinstance(updated_node, cst.FunctionDef)
                return cast(cst.CSTNodeT, self._decorate(number, original_node, updated_node))
        result = super().on_leave(original_node, updated_node)
        if not isinstance(original_node, cst.BaseExpression) or original_node in self._wrapped:
            return result
        plan = self._arguments.get(original_node)
        if (
            plan is None
            or not isinstance(result, cst.BaseExpression)
            or self._is_recover_call(result)
        ):
            return result
        self.edits.append(
            Edit(
                plan.start_line,
                plan.start_col,
                f"wrapped the argument as {self._reference_text}(...)",
            )
        )
        wrapped = cst.Call(
            func=self._reference, args=[cst.Arg(value=_without_plain_parentheses(result))]
        )
        return cast(cst.CSTNodeT, wrapped)  # an expression may stand for any expression

    def _is_recover(self, expression: cst.BaseExpression) -> bool:
        if isinstance(expression, cst.Call):
            expression = expression.func
        return _dotted(expression) in self._references

    def _is_recover_call(self, expression: cst.BaseExpression) -> bool:
        return isinstance(expression, cst.Call) and _dotted(expression.func) in self._references


def _dotted(expression: cst.BaseExpression) -> str | None:
    if isinstance(expression, cst.Name):
        return expression.value
    if isinstance(expression, cst.Attribute):
        base = _dotted(expression.value)
        return None if base is None else f"{base}.{expression.attr.value}"
    return None


def _without_plain_parentheses(expression: cst.BaseExpression) -> cst.BaseExpression:
    """`(lambda: job())` becomes `lambda: job()` inside `recover(...)`, whose own
    parentheses already group it; parentheses holding a comment or a line break stay."""
    plain = all(
        isinstance(paren.whitespace_after, cst.SimpleWhitespace) for paren in expression.lpar
    ) and all(
        isinstance(paren.whitespace_before, cst.SimpleWhitespace) for paren in expression.rpar
    )
    if not plain or not expression.lpar:
        return expression
    return expression.with_changes(lpar=(), rpar=())
