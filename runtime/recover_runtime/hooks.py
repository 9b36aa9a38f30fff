"""`install_hooks` / `uninstall_hooks`: report what escapes everything, for programs that own
their process.

Where Python gives up on an exception: `sys.excepthook` (the main thread), `threading.excepthook`
(any other thread), `sys.unraisablehook` (`__del__`, garbage-collector callbacks, atexit
functions, `weakref.finalize` callbacks), and asyncio's exception handler (callbacks, and tasks
whose exception nobody retrieved). Each hook reports, then hands over to what was installed
before, so the usual output is unchanged.

asyncio: every loop's default exception handler logs what it is given on the `asyncio` logger,
so a filter on that logger reaches loops created later, whatever created them (`asyncio.run`,
a `loop_factory`, uvloop), without the event-loop policies that Python 3.14 deprecates. A loop
running when `install_hooks` is called also gets our handler in front of its own, so an
application handler already set there is covered. Not reached: a loop created later whose
application handler does not call the default one, and an `asyncio` logger silenced below
ERROR.

`uninstall_hooks` restores each hook that is still ours; a hook that another library chained
after ours stays in place and only hands over from then on.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from types import FunctionType, TracebackType
from typing import Any

from recover_runtime.reporting import report_exception

_ASYNCIO_LOGGER = "asyncio"


class _Hook:
    """One of our hooks, chained in front of `previous`; `active` False makes it hand over."""

    def __init__(self, previous: Any) -> None:
        self.previous = previous
        self.active = True


class _ExceptHook(_Hook):
    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if self.active and isinstance(exc, Exception):
            report_exception(exc, mechanism="excepthook", where="the main thread")
        self.previous(exc_type, exc, tb)


class _ThreadingHook(_Hook):
    def __call__(self, args: threading.ExceptHookArgs) -> None:
        if self.active and isinstance(args.exc_value, Exception):
            name = args.thread.name if args.thread is not None else "a thread"
            report_exception(args.exc_value, mechanism="threading", where=f"thread {name}")
        self.previous(args)


class _UnraisableHook(_Hook):
    def __call__(self, unraisable: Any) -> None:
        exc = unraisable.exc_value
        if self.active and isinstance(exc, Exception):
            report_exception(exc, mechanism="unraisablehook", where=_describe(unraisable))
        self.previous(unraisable)


class _LoopHandler(_Hook):
    def __call__(self, loop: Any, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if self.active and isinstance(exc, Exception):
            report_exception(exc, mechanism="asyncio", where="an asyncio callback or task")
        if self.previous is not None:
            self.previous(loop, context)
        else:
            loop.default_exception_handler(context)


def _report_logged_by_asyncio(record: logging.LogRecord) -> bool:
    """A filter on the `asyncio` logger: reports what a default exception handler logs."""
    if record.levelno >= logging.ERROR and record.exc_info:
        exc = record.exc_info[1]
        if isinstance(exc, Exception):
            where = str(record.msg).partition("\n")[0][:200] or "an asyncio callback or task"
            report_exception(exc, mechanism="asyncio", where=where)
    return True


# Each hook point: how to read it, how to set it, and our hook class.
_POINTS: list[tuple[Callable[[], Any], Callable[[Any], None], type[_Hook]]] = [
    (lambda: sys.excepthook, lambda hook: setattr(sys, "excepthook", hook), _ExceptHook),
    (
        lambda: threading.excepthook,
        lambda hook: setattr(threading, "excepthook", hook),
        _ThreadingHook,
    ),
    (
        lambda: sys.unraisablehook,
        lambda hook: setattr(sys, "unraisablehook", hook),
        _UnraisableHook,
    ),
]
_installed: list[tuple[_Hook, Callable[[], Any], Callable[[Any], None]]] = []


def install_hooks() -> None:
    """Install the hooks (idempotent)."""
    if _installed:
        return
    for read, write, kind in _POINTS:
        hook = kind(read())
        write(hook)
        _installed.append((hook, read, write))
    logging.getLogger(_ASYNCIO_LOGGER).addFilter(_report_logged_by_asyncio)
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None:
        with contextlib.suppress(RuntimeError):  # no loop running in this thread now
            _attach_to_loop(asyncio.get_running_loop())


def uninstall_hooks() -> None:
    """Undo `install_hooks`: restore what was there before, where it can be (idempotent)."""
    while _installed:
        hook, read, write = _installed.pop()
        hook.active = False
        if read() is hook:
            write(hook.previous)
    logging.getLogger(_ASYNCIO_LOGGER).removeFilter(_report_logged_by_asyncio)
    for loop, handler in _attached:
        handler.active = False
        if loop.get_exception_handler() is handler:
            loop.set_exception_handler(handler.previous)
    _attached.clear()


_attached: list[tuple[Any, _LoopHandler]] = []


def _attach_to_loop(loop: Any) -> None:
    """Give `loop` our exception handler, in front of the one it had."""
    handler = _LoopHandler(loop.get_exception_handler())
    loop.set_exception_handler(handler)
    _attached.append((loop, handler))


def _describe(unraisable: Any) -> str:
    """Where an unraisable exception happened, for the log line: the message Python gives and
    the qualified name of the function or the type of the object (no repr of user objects)."""
    message = unraisable.err_msg or "Exception ignored in"
    target = unraisable.object
    if target is None:
        return str(message)
    name = target.__qualname__ if isinstance(target, FunctionType) else type(target).__qualname__
    return f"{message} {name}"
