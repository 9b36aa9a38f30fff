"""What a function's body alone says about recovery: nothing can escape it.

A target needs no recovery when no exception can leave it: its body cannot raise at all
(only a docstring, `pass` or `...`), or its body handles every exception itself (a single
`try` whose handlers catch everything and never raise again, or a single `with` entering
`suppress(Exception)` first). Both are read from the body's shape, without resolving
anything: `suppress` is `contextlib.suppress` by its name, as `Exception` is by its own.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from lint_recover.facts.model import Ref
from lint_recover.facts.refs import to_ref

# Handlers catching these (or a bare `except:`) catch every exception a target reports.
_CATCH_ALL = frozenset({"Exception", "BaseException"})
# Nodes whose bodies run elsewhere: a `raise` inside them does not raise from the handler.
_DEFERRED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def without_docstring(body: Sequence[ast.stmt]) -> Sequence[ast.stmt]:
    """The statements of a body after its docstring, if it has one."""
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return body[1:]
    return body


def nothing_escapes(body: Sequence[ast.stmt]) -> bool:
    """True when no exception can leave a function with this body: it cannot raise, or it
    handles every exception (`handles_every_exception`)."""
    return cannot_raise(body) or handles_every_exception(body)


def cannot_raise(body: Sequence[ast.stmt]) -> bool:
    """True when the body holds only a docstring, `pass` or `...`."""
    for statement in body:
        if isinstance(statement, ast.Pass):
            continue
        if (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and (isinstance(statement.value.value, str) or statement.value.value is Ellipsis)
        ):
            continue
        return False
    return True


def handles_every_exception(body: Sequence[ast.stmt]) -> bool:
    """True when the body, after an optional docstring, is a single `try` without `else` or
    `finally`, one of whose handlers catches everything (bare `except:`, `Exception`,
    `BaseException`, or a tuple holding one), and none of whose handlers has a `raise` (in
    nested definitions and lambdas aside): whatever the `try` raises is handled there. Or a
    single `with` whose first item is `suppress(Exception)` (`_suppresses_everything`)."""
    statements = without_docstring(body)
    if len(statements) != 1:
        return False
    statement = statements[0]
    if isinstance(statement, ast.With):
        return _suppresses_everything(statement.items[0].context_expr)
    if not isinstance(statement, ast.Try):
        return False
    if statement.orelse or statement.finalbody:
        return False
    handlers = statement.handlers
    return any(_catches_everything(h.type) for h in handlers) and not any(map(_raises, handlers))


def _suppresses_everything(entered: ast.expr) -> bool:
    """`suppress(Exception)` (or `contextlib.suppress(...)` of a tuple holding a catch-all
    class): entered first in a `with`, nothing raised under it escapes. Only the first item
    counts: an exception entering an item before it is not suppressed."""
    if not isinstance(entered, ast.Call) or entered.keywords:
        return False
    callee = entered.func
    name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", "")
    return name == "suppress" and any(map(_catches_everything, entered.args))


def _catches_everything(caught: ast.expr | None) -> bool:
    if caught is None:
        return True
    if isinstance(caught, ast.Tuple):
        return any(map(_catches_everything, caught.elts))
    if isinstance(caught, ast.Name):
        return caught.id in _CATCH_ALL
    return isinstance(caught, ast.Attribute) and caught.attr in _CATCH_ALL


def _raises(handler: ast.ExceptHandler) -> bool:
    pending: list[ast.AST] = list(handler.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Raise):
            return True
        if not isinstance(node, _DEFERRED):
            pending.extend(ast.iter_child_nodes(node))
    return False


def recover_items(body: Sequence[ast.stmt]) -> tuple[Ref, ...]:
    """Callees in the items of the body's single `with`, after an optional docstring."""
    statements = without_docstring(body)
    if len(statements) != 1 or not isinstance(statements[0], ast.With | ast.AsyncWith):
        return ()
    return tuple(
        to_ref(item.context_expr.func)
        for item in statements[0].items
        if isinstance(item.context_expr, ast.Call)
    )
