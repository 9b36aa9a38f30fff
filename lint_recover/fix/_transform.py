"""The libcst transformer that adds `@recover` to definitions and wraps arguments.

It only applies what `_locate` resolved: definitions by source-order rank, arguments by
node identity. Everything else in the module is returned untouched, so the printed module
keeps every comment, blank line and line ending of the original.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import libcst as cst

from lint_recover.findings import WrapArgument
from lint_recover.fix._locate import DefinitionTarget, StalePlan


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
    plans for one definition, adds one decorator.
    """

    def __init__(
        self,
        definitions: Mapping[int, DefinitionTarget],
        arguments: Mapping[cst.BaseExpression, WrapArgument],
        reference: str,
        references: frozenset[str],
        first_rank: int = 0,
    ) -> None:
        """`first_rank`: the rank of the first definition the visited node may contain
        (the transformer is run on single top-level statements)."""
        super().__init__()
        self._definitions = definitions
        self._arguments = arguments
        self._reference = cst.parse_expression(reference)
        self._reference_text = reference
        self._references = references
        self._rank = first_rank
        self._ranks: list[int] = []
        self._wrapped: set[cst.BaseExpression] = set()
        self.edits: list[Edit] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._ranks.append(self._rank)
        self._rank += 1
        return True

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        target = self._definitions.get(self._ranks.pop())
        if target is None:
            return updated_node
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
