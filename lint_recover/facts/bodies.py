"""What a body alone says about recovery: what can escape it, and its `with recover():`.

Work needs no recovery when no exception can leave it. Two ways of knowing, read from the
body's shape (the callees are judged later, with resolution, by `rules.recovered`):

- *Nothing escapes unless a call raises* (`escapes`): every statement is one that cannot raise
  by itself (assignments of names, attributes and constants, `pass`, `nonlocal`, `return`,
  `raise SystemExit`, conditions and loops over such expressions, `with` on a lock), every
  call in it is a log line (`logger.info(...)`, `print`) or is listed for the rules to judge
  (a project function whose own body lets nothing escape, `event.set()`, `time.sleep()`...),
  and whatever is under a catch-all `try` (a handler for `Exception` or wider that never
  raises again) is covered. A `set_result` guarded by `if not fut.done():` cannot raise.
- *The body handles its own errors* (`handles_its_own_errors`): its work is under a catch-all
  `try` that never raises again, at the top of the body or as the body of a top-level loop,
  `with` or `if`, and every other top-level statement is a simple one (an assignment, a call,
  a `return`...; no other loop, `with`, `try` or `raise`). The statements around the `try` are
  set-up and clean-up (read a setting, log, reset a flag): the author decided what happens to
  the work's errors, so the exception reaches code, which is the rule's principle. An
  exception in that set-up is not reported: the trade-off made for precision.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence

from lint_recover.facts.model import LambdaRef, Ref
from lint_recover.facts.refs import to_ref

# Calls to judge, or None when something may raise; `()`: nothing can escape.
Escapes = tuple[Ref, ...] | None
# Handlers catching these (or a bare `except:`) catch every exception a target reports.
_CATCH_ALL = frozenset({"Exception", "BaseException"})
# What `raise` may throw without it being an `Exception` (never reported).
_NOT_EXCEPTIONS = frozenset({"SystemExit", "KeyboardInterrupt", "GeneratorExit", "CancelledError"})
# Nodes whose bodies run elsewhere: a `raise` inside them does not raise from the handler.
_DEFERRED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
# Log methods (the logging package reports its own errors through `Handler.handleError`).
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
_GUARDED = frozenset({"set_result", "set_exception"})
# Operators that cannot fail on the numbers and strings they are written for (`t1 - t0` in a
# log line); a division may divide by zero.
_PLAIN_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.BitOr, ast.BitAnd)
_SIMPLE = (
    ast.Assign,
    ast.AnnAssign,
    ast.AugAssign,
    ast.Expr,
    ast.Return,
    ast.Pass,
    ast.Global,
    ast.Nonlocal,
    ast.Assert,
    ast.Delete,
    ast.Break,
    ast.Continue,
)
# Beyond this many calls to judge, a body is taken to be able to raise (the judging costs
# resolution, and a body this busy rarely has nothing to raise).
_MAX_CALLS = 16


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


def escapes(body: Sequence[ast.stmt]) -> Escapes:
    """What may escape a function with this body: None (something may raise), or the calls
    whose raising alone would escape (empty: nothing can)."""
    if handles_its_own_errors(body):
        return ()
    found = _Escapes().block(body)
    return found if found is None or len(found) <= _MAX_CALLS else None


def expression_escapes(node: ast.expr) -> Escapes:
    """What may escape a lambda returning `node`."""
    found = _Escapes().expression(node)
    return found if found is None or len(found) <= _MAX_CALLS else None


def value_ref(node: ast.expr) -> Ref:
    """`to_ref`, with a lambda read as a function whose body is visible (`LambdaRef`)."""
    if isinstance(node, ast.Lambda):
        return LambdaRef(expression_escapes(node.body))
    return to_ref(node)


def handles_its_own_errors(body: Sequence[ast.stmt]) -> bool:
    """A catch-all `try` covers the work (at the top of the body, or inside a top-level loop,
    `if` or `with`), and every other statement is a simple one (see the module's docstring)."""
    return _kind(without_docstring(body)) == _COVERED


_SIMPLE_KIND, _COVERED, _OTHER = "simple", "covered", "other"
_BLOCKS = (ast.If, ast.While, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)


def _kind(statements: Sequence[ast.stmt]) -> str:
    """ "covered" when a catch-all `try` is among `statements` (or inside a block of theirs),
    every other statement is simple and every other block is covered the same way; "simple"
    when all are simple statements; else "other". A block holding only simple statements is
    work a `try` does not cover: "other"."""
    kinds = {_statement_kind(statement) for statement in statements}
    if _OTHER in kinds:
        return _OTHER
    return _COVERED if _COVERED in kinds else _SIMPLE_KIND


def _statement_kind(statement: ast.stmt) -> str:
    if _catch_all_try(statement):
        return _COVERED
    if isinstance(statement, _SIMPLE):
        return _SIMPLE_KIND
    if not isinstance(statement, _BLOCKS):
        return _OTHER
    if isinstance(statement, ast.With | ast.AsyncWith) and any(
        isinstance(item.context_expr, ast.Call) for item in statement.items
    ):
        return _OTHER  # entering `open(path)` may fail: the `try` inside does not cover it
    orelse = getattr(statement, "orelse", [])
    inner = _kind([*statement.body, *orelse])
    return _COVERED if inner == _COVERED else _OTHER


def _catch_all_try(statement: ast.stmt) -> bool:
    if not isinstance(statement, ast.Try | ast.TryStar):
        return False
    handlers = statement.handlers
    return any(_catches_everything(h.type) for h in handlers) and not any(map(_raises, handlers))


def _catches_everything(caught: ast.expr | None) -> bool:
    if caught is None:
        return True
    if isinstance(caught, ast.Tuple):
        return any(map(_catches_everything, caught.elts))
    return _last_name(caught) in _CATCH_ALL


def _raises(handler: ast.ExceptHandler) -> bool:
    """Whether `handler` raises an `Exception` again (a handler catching only `SystemExit`,
    `KeyboardInterrupt`... re-raises no `Exception`)."""
    if _catches_no_exception(handler.type):
        return False
    pending: list[ast.AST] = list(handler.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Raise):
            return not _throws_no_exception(node)
        if not isinstance(node, _DEFERRED):
            pending.extend(ast.iter_child_nodes(node))
    return False


def _catches_no_exception(caught: ast.expr | None) -> bool:
    if caught is None:
        return False
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return all(_last_name(name) in _NOT_EXCEPTIONS for name in names)


def _throws_no_exception(node: ast.Raise) -> bool:
    thrown = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return thrown is not None and _last_name(thrown) in _NOT_EXCEPTIONS


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


class _Escapes:
    """One walk over a body, collecting the calls to judge; `guarded` holds the receivers
    whose `set_result` is guarded by `if not <receiver>.done():` here."""

    def __init__(self) -> None:
        self.guarded: set[str] = set()

    def block(self, statements: Iterable[ast.stmt]) -> Escapes:
        return _join(self.statement(statement) for statement in statements)

    def statement(self, node: ast.stmt) -> Escapes:
        if isinstance(node, ast.Pass | ast.Global | ast.Nonlocal | ast.Break | ast.Continue):
            return ()
        if isinstance(node, ast.Expr | ast.Assert):
            return self.expression(node.value if isinstance(node, ast.Expr) else node.test)
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if not all(_plain_target(target) for target in targets):
                return None
            return self.expression(node.value) if node.value is not None else ()
        if isinstance(node, ast.Return):
            return self.expression(node.value) if node.value is not None else ()
        if isinstance(node, ast.Raise):
            return () if _throws_no_exception(node) else None
        if isinstance(node, ast.If):
            return self.branch(node)
        if isinstance(node, ast.While | ast.For | ast.AsyncFor):
            head = node.test if isinstance(node, ast.While) else node.iter
            return _join([self.expression(head), self.block(node.body), self.block(node.orelse)])
        if isinstance(node, ast.With | ast.AsyncWith):
            return self.with_block(node)
        if isinstance(node, ast.Try | ast.TryStar):
            return self.try_block(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return () if not node.decorator_list else None
        return None

    def branch(self, node: ast.If) -> Escapes:
        receiver = _not_done(node.test)
        if receiver:
            self.guarded.add(receiver)
        body = self.block(node.body)
        self.guarded.discard(receiver)
        return _join([self.expression(node.test), body, self.block(node.orelse)])

    def with_block(self, node: ast.With | ast.AsyncWith) -> Escapes:
        first = node.items[0].context_expr
        if (
            isinstance(first, ast.Call)
            and _last_name(first.func) == "suppress"
            and any(map(_catches_everything, first.args))
        ):
            return ()
        entered = [item.context_expr for item in node.items]
        if any(isinstance(item, ast.Call) for item in entered):  # `open(...)`: may raise
            return None
        return _join([*map(self.expression, entered), self.block(node.body)])

    def try_block(self, node: ast.Try | ast.TryStar) -> Escapes:
        covered = _catch_all_try(node)
        handlers: list[Escapes] = [() if not _raises(h) else None for h in node.handlers]
        body = () if covered else self.block(node.body)
        return _join([body, *handlers, self.block(node.orelse), self.block(node.finalbody)])

    def expression(self, node: ast.expr) -> Escapes:
        if isinstance(node, ast.Constant | ast.Name | ast.Lambda):
            return ()
        if isinstance(node, ast.Attribute):
            return self.expression(node.value)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Await):
            return self.expression(node.value)
        if isinstance(node, ast.BoolOp | ast.Tuple | ast.List | ast.Set):
            values = node.values if isinstance(node, ast.BoolOp) else node.elts
            return _join(map(self.expression, values))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.expression(node.operand)
        if isinstance(node, ast.Compare):
            return _join(map(self.expression, [node.left, *node.comparators]))
        if isinstance(node, ast.NamedExpr):  # `elif exc := fut.exception():`
            return self.expression(node.value)
        if isinstance(node, ast.BinOp) and isinstance(node.op, _PLAIN_ARITHMETIC):
            return _join(map(self.expression, [node.left, node.right]))
        if isinstance(node, ast.IfExp):
            return _join(map(self.expression, [node.test, node.body, node.orelse]))
        if isinstance(node, ast.JoinedStr):
            return _join(self.expression(v) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return self.expression(node.value)
        return None

    def call(self, node: ast.Call) -> Escapes:
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        if any(isinstance(argument, ast.Starred) for argument in node.args):
            return None
        passed = _join(map(self.expression, arguments))
        func = node.func
        if isinstance(func, ast.Name) and func.id == "print":
            return passed
        if isinstance(func, ast.Attribute):
            if func.attr in _LOG_METHODS and _is_logger(func.value):
                return passed
            if func.attr in _GUARDED and ast.unparse(func.value) in self.guarded:
                return passed
            receiver = self.expression(func.value)
            return _join([passed, receiver, (to_ref(func),)])
        if isinstance(func, ast.Name):
            return _join([passed, (to_ref(func),)])
        return None


def _plain_target(target: ast.expr) -> bool:
    """A name, or an attribute of a name (`self.busy`), as assignment targets go."""
    if isinstance(target, ast.Name):
        return True
    return isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)


def _is_logger(node: ast.expr) -> bool:
    """`logger`, `log`, `_LOGGER`, `self.logger`, `logging`: a receiver named like a logger."""
    name = _last_name(node).lower()
    return "log" in name


def _not_done(test: ast.expr) -> str:
    """`fut` for a test `not fut.done()`, else ""."""
    if (
        isinstance(test, ast.UnaryOp)
        and isinstance(test.op, ast.Not)
        and isinstance(test.operand, ast.Call)
        and isinstance(test.operand.func, ast.Attribute)
        and test.operand.func.attr == "done"
    ):
        return ast.unparse(test.operand.func.value)
    return ""


def _join(parts: Iterable[Escapes]) -> Escapes:
    calls: list[Ref] = []
    for part in parts:
        if part is None:
            return None
        calls.extend(part)
    return tuple(dict.fromkeys(calls))


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
