"""tornado: report what tornado catches and logs itself, handler crashes and failed callbacks.

Tornado never lets an exception reach a standard hook. A request handler's exception becomes
a 500 answer and an "Uncaught exception" log line; a callback given to the IOLoop
(`add_callback`, `spawn_callback`, `call_later`, `call_at`, `add_timeout`, `add_future`,
`PeriodicCallback`) that raises is logged as "Exception in callback" on the
`tornado.application` logger, bypassing the asyncio loop's exception handler.

    app = tornado.web.Application(routes)
    recover_tornado.install(app)  # this app's handlers, and every IOLoop callback
    recover_tornado.install()     # IOLoop callbacks only (no web application)

Handlers: every exception escaping a handler method reaches `_handle_request_exception`, before
the handler's own (often overridden) `log_exception`, so that is where it is seen; WebSocket
callbacks (`open`, `on_message`...) reach only the handler's `log_exception`. Both are wrapped
once for the process and report only for handlers of an installed application, after tornado
has answered and logged. Callbacks: both of tornado's catch sites (`IOLoop._run_callback` and
`PeriodicCallback`) log the same record, so a filter on that logger sees every failed callback
without replacing tornado's code; a logger silenced below ERROR logs nothing and so reports
nothing. Tornado already logs the traceback, so the report adds no log line of its own.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Iterable
from types import TracebackType

import tornado.log
import tornado.web
import tornado.websocket

from recover_runtime.reporting import report_exception

ExceptionTypes = tuple[type[BaseException], ...]

# Control flow, not crashes: `Finish` ends a request early on purpose. `HTTPError` below 500
# (404, 403, a 3xx) is expected too; an `HTTPError` of 500 or more is a crash, as are all others.
EXPECTED: ExceptionTypes = (tornado.web.Finish,)

# The message both of tornado's callback catch sites log (ioloop.py).
_CALLBACK_MESSAGE = "Exception in callback %r"

_apps: weakref.WeakKeyDictionary[tornado.web.Application, ExceptionTypes] = (
    weakref.WeakKeyDictionary()
)


def install(
    app: tornado.web.Application | None = None, *, expected: Iterable[type[BaseException]] = ()
) -> None:
    """Report crashes of `app`'s handlers (when given) and of every IOLoop callback.

    `expected` adds exception types that are not crashes, for `app`'s handlers and for
    callbacks. Idempotent: installing again reports each exception once.
    """
    extra = tuple(expected)
    _CallbackReporter.install(extra)
    if app is not None:
        _apps[app] = _union(_apps.get(app, EXPECTED), extra)
        _wrap_handlers()


def _union(first: ExceptionTypes, second: ExceptionTypes) -> ExceptionTypes:
    return tuple(dict.fromkeys((*first, *second)))


def _is_expected(exc: BaseException, expected: ExceptionTypes) -> bool:
    if isinstance(exc, tornado.web.HTTPError) and exc.status_code < 500:
        return True
    return not isinstance(exc, Exception) or isinstance(exc, expected)


def _report_handler_crash(handler: tornado.web.RequestHandler, exc: BaseException) -> None:
    """Report `exc` if `handler` belongs to an installed app and it is not expected."""
    try:
        expected = _apps.get(handler.application)
        if expected is None or _is_expected(exc, expected):
            return
        where = f"tornado handler {type(handler).__qualname__}"
    except Exception:  # a handler in an odd state: never an error of the application's
        return
    report_exception(exc, mechanism="tornado", where=where, log=False)


_wrapped = False


def _wrap_handlers() -> None:
    """Wrap tornado's two handler catch sites, once per process (see the module docstring)."""
    global _wrapped
    if _wrapped:
        return
    _wrapped = True
    handle = tornado.web.RequestHandler._handle_request_exception

    def _handle_request_exception(self: tornado.web.RequestHandler, e: BaseException) -> None:
        try:
            handle(self, e)  # tornado logs and answers first, as it always did
        finally:
            _report_handler_crash(self, e)

    log_websocket = tornado.websocket.WebSocketHandler.log_exception

    def log_exception(
        self: tornado.websocket.WebSocketHandler,
        typ: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            log_websocket(self, typ, value, tb)
        finally:
            if value is not None:
                _report_handler_crash(self, value)

    setattr(tornado.web.RequestHandler, "_handle_request_exception", _handle_request_exception)  # noqa: B010
    setattr(tornado.websocket.WebSocketHandler, "log_exception", log_exception)  # noqa: B010


class _CallbackReporter(logging.Filter):
    """Reports the exception of each "Exception in callback" record; never drops a record."""

    _installed: _CallbackReporter | None = None

    def __init__(self) -> None:
        super().__init__()
        self.expected: ExceptionTypes = ()

    @classmethod
    def install(cls, extra: ExceptionTypes) -> None:
        if cls._installed is None:
            cls._installed = cls()
            tornado.log.app_log.addFilter(cls._installed)
        cls._installed.expected = _union(cls._installed.expected, extra)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            exc = record.exc_info[1] if record.exc_info else None
            if record.msg != _CALLBACK_MESSAGE or exc is None:
                return True
            if _is_expected(exc, (*EXPECTED, *self.expected)):
                return True
        except Exception:
            return True
        report_exception(exc, mechanism="tornado", where="a tornado IOLoop callback", log=False)
        return True
