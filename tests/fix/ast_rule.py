"""The AST rule, checked independently of the fixer's own safety proof.

After a fix, a file's `ast` must equal the original's once every recover decorator, every
`recover(x)` wrapper and every import of `recover_runtime` are taken out, whatever name or
alias the fixer chose (it recognises the names any fixer could use, not the one it did).
"""

from __future__ import annotations

import ast

RECOVER_NAMES = {"recover", "rc", "recover_", "_recover", "recover_runtime.recover"}


def assert_only_recovery_added(before: bytes, after: bytes) -> None:
    """Fail unless `after` is `before` plus recovery (both parsed with their encodings)."""
    original = ast.dump(_Strip().visit(ast.parse(before)))
    fixed = ast.dump(_Strip().visit(ast.parse(after)))
    assert original == fixed, "the fix changed more than recovery"


def assert_compiles(data: bytes, name: str) -> None:
    compile(data, name, "exec", dont_inherit=True)


class _Strip(ast.NodeTransformer):
    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.decorator_list = [d for d in node.decorator_list if not _is_recover(d)]
        return self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        node.decorator_list = [d for d in node.decorator_list if not _is_recover(d)]
        return self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if _is_recover(node.func) and len(node.args) == 1 and not node.keywords:
            inner: ast.AST = self.visit(node.args[0])
            return inner
        return self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> ast.AST | None:
        return None if all(a.name == "recover_runtime" for a in node.names) else node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST | None:
        return None if node.module == "recover_runtime" else node


def _is_recover(node: ast.expr) -> bool:
    return ast.unparse(node) in RECOVER_NAMES
