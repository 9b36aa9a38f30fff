"""The proof that a fix added recovery and nothing else (the idea of black's safe mode).

Both the original and the fixed module are parsed with `ast` and normalised by taking out
every use of the recover reference the fix used: that decorator, the `recover(x)` wrapper
(leaving `x`), and the import that binds it. If the two normalised trees differ, the fix
would change the program in some other way and the file must not be written.

Dumping whole trees of large modules would cost more than all the libcst work, so the two
trees are compared statement by statement, and a pair of statements whose source text is
identical (same lines, same start and end columns) counts as equal without being dumped:
the same text parses to the same tree. Only the statements the fix touched, and the
headers of the statements around them, are normalised and dumped.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from lint_recover.outputs.fix._reference import RecoverReference

_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)


def differs_beyond_recovery(
    original: ast.Module,
    fixed: ast.Module,
    reference: RecoverReference,
    original_lines: Sequence[str],
    fixed_lines: Sequence[str],
) -> bool:
    """Whether `fixed` differs from `original` by more than added recovery; `*_lines` are
    the modules' source lines (without line endings)."""
    return _Comparison(reference, original_lines, fixed_lines).modules_differ(original, fixed)


class _Comparison:
    def __init__(
        self,
        reference: RecoverReference,
        original_lines: Sequence[str],
        fixed_lines: Sequence[str],
    ) -> None:
        self._normaliser = _WithoutRecovery(reference)
        self._original_lines = original_lines
        self._fixed_lines = fixed_lines

    def modules_differ(self, original: ast.Module, fixed: ast.Module) -> bool:
        kept = [self._normaliser.without_import(module.body) for module in (original, fixed)]
        return self._bodies_differ(kept[0], kept[1])

    def _bodies_differ(self, original: Sequence[ast.AST], fixed: Sequence[ast.AST]) -> bool:
        return len(original) != len(fixed) or any(
            self._nodes_differ(a, b) for a, b in zip(original, fixed, strict=True)
        )

    def _nodes_differ(self, original: ast.AST, fixed: ast.AST) -> bool:
        if type(original) is not type(fixed):
            return True
        if (
            isinstance(original, ast.stmt)
            and isinstance(fixed, ast.stmt)
            and _text(original, self._original_lines) == _text(fixed, self._fixed_lines)
        ):
            return False
        for name in original._fields:
            before, after = getattr(original, name), getattr(fixed, name)
            if isinstance(before, list) and any(isinstance(x, _HOLDERS) for x in before + after):
                if self._bodies_differ(before, after):
                    return True
            elif self._dump(name, before) != self._dump(name, after):
                return True
        return False

    def _dump(self, field: str, value: object) -> str:
        if isinstance(value, list):
            if field == "decorator_list":
                value = [d for d in value if not self._normaliser.is_reference(d)]
            return repr([self._dump(field, item) for item in value])
        if isinstance(value, ast.AST):
            return ast.dump(self._normaliser.visit(value))
        return repr(value)


def _text(statement: ast.stmt, lines: Sequence[str]) -> tuple[object, ...]:
    """The lines of `statement` (decorators included) and its start and end columns."""
    decorators: list[ast.expr] = getattr(statement, "decorator_list", [])
    starts: list[ast.stmt | ast.expr] = [statement, *decorators]
    first = min(starts, key=lambda node: (node.lineno, node.col_offset))
    last_line = statement.end_lineno or statement.lineno
    columns = (first.col_offset, statement.end_col_offset)
    return (columns, *lines[first.lineno - 1 : last_line])


class _WithoutRecovery(ast.NodeTransformer):
    """Strips the decorator, the wrapper call and the import of one recover reference.

    Note: it mutates the tree it visits; callers pass trees parsed for this purpose.
    """

    def __init__(self, reference: RecoverReference) -> None:
        self._reference = ast.dump(reference.expression_tree())
        added = reference.import_statement
        self._import = ast.dump(ast.parse(added).body[0]) if added else None

    def is_reference(self, node: ast.expr) -> bool:
        return ast.dump(node) == self._reference

    def without_import(self, body: list[ast.stmt]) -> list[ast.stmt]:
        """`body` without the import the fix adds (before or after the fix)."""
        if self._import is None:
            return body
        return [
            s
            for s in body
            if not isinstance(s, ast.Import | ast.ImportFrom) or ast.dump(s) != self._import
        ]

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.decorator_list = [d for d in node.decorator_list if not self.is_reference(d)]
        return self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        node.decorator_list = [d for d in node.decorator_list if not self.is_reference(d)]
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if self.is_reference(node.func) and len(node.args) == 1 and not node.keywords:
            argument = node.args[0]
            if not isinstance(argument, ast.Starred):
                unwrapped: ast.AST = self.visit(argument)
                return unwrapped
        return self.generic_visit(node)
