"""The proof that a fix added recovery and nothing else (the idea of black's safe mode).

Both the original and the fixed module are parsed with `ast` and normalised by taking out
every use of the recover reference the fix used: that decorator, the `recover(x)` wrapper
(leaving `x`), and the import that binds it. If the two normalised trees differ, the fix
would change the program in some other way and the file must not be written.
"""

from __future__ import annotations

import ast

from lint_recover.fix._reference import RecoverReference


def differs_beyond_recovery(
    original: ast.Module, fixed: ast.Module, reference: RecoverReference
) -> bool:
    """Whether `fixed` differs from `original` by more than added recovery."""
    normaliser = _WithoutRecovery(reference)
    return ast.dump(normaliser.visit(original)) != ast.dump(normaliser.visit(fixed))


class _WithoutRecovery(ast.NodeTransformer):
    """Strips the decorator, the wrapper call and the import of one recover reference.

    Note: it mutates the tree it visits; callers pass trees parsed for this purpose.
    """

    def __init__(self, reference: RecoverReference) -> None:
        self._reference = ast.dump(reference.expression_tree())
        added = reference.import_statement
        self._import = ast.dump(ast.parse(added).body[0]) if added else None

    def _is_reference(self, node: ast.expr) -> bool:
        return ast.dump(node) == self._reference

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.decorator_list = [d for d in node.decorator_list if not self._is_reference(d)]
        return self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        node.decorator_list = [d for d in node.decorator_list if not self._is_reference(d)]
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if self._is_reference(node.func) and len(node.args) == 1 and not node.keywords:
            argument = node.args[0]
            if not isinstance(argument, ast.Starred):
                unwrapped: ast.AST = self.visit(argument)
                return unwrapped
        return self.generic_visit(node)

    def visit_Module(self, node: ast.Module) -> ast.AST:
        if self._import is not None:
            node.body = [s for s in node.body if ast.dump(s) != self._import]
        return self.generic_visit(node)
