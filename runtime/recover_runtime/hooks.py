"""`install_hooks`: report what escapes everything, for programs that own their process.

Three places where Python gives up on an exception: `sys.excepthook` (the main thread),
`threading.excepthook` (any other thread) and an asyncio loop's exception handler (callbacks,
and tasks whose exception nobody retrieved). Each hook reports, then hands over to whatever was
installed before, so the usual output is unchanged.

Loops created later are reached through the event-loop policy: the current policy is wrapped
so every loop it creates or is given (`asyncio.run`, `new_event_loop`, `set_event_loop`) gets
the handler; a loop that is running when `install_hooks` is called gets it at once. A loop
created by a `loop_factory` that bypasses the policy, a policy installed afterwards (e.g.
`uvloop.install()`), or an application's own `loop.set_exception_handler` take precedence:
call `install_hooks` after those.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from types import TracebackType
from typing import Any

from recover_runtime.reporting import report_exception

_installed = False


def install_hooks() -> None:
    """Install the three hooks (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    _chain_sys_excepthook()
    _chain_threading_excepthook()
    policy = asyncio.get_event_loop_policy()
    if not isinstance(policy, ReportingPolicy):
        asyncio.set_event_loop_policy(ReportingPolicy(policy))
    with contextlib.suppress(RuntimeError):  # no loop running in this thread now
        attach_to_loop(asyncio.get_running_loop())


def _chain_sys_excepthook() -> None:
    previous = sys.excepthook

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if isinstance(exc, Exception):
            report_exception(exc, mechanism="excepthook", where="the main thread")
        previous(exc_type, exc, tb)

    sys.excepthook = excepthook


def _chain_threading_excepthook() -> None:
    previous = threading.excepthook

    def excepthook(args: threading.ExceptHookArgs) -> None:
        if isinstance(args.exc_value, Exception):
            name = args.thread.name if args.thread is not None else "a thread"
            report_exception(args.exc_value, mechanism="threading", where=f"thread {name}")
        previous(args)

    threading.excepthook = excepthook


def attach_to_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Give `loop` our exception handler, in front of the one it had."""
    previous = loop.get_exception_handler()
    if getattr(previous, "_recover_runtime_handler", False):
        return

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, Exception):
            report_exception(exc, mechanism="asyncio", where="an asyncio callback or task")
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    handler._recover_runtime_handler = True  # type: ignore[attr-defined]
    loop.set_exception_handler(handler)


class ReportingPolicy(asyncio.AbstractEventLoopPolicy):
    """Delegates to the policy it wraps and attaches our handler to every loop it sees."""

    def __init__(self, inner: asyncio.AbstractEventLoopPolicy) -> None:
        self._inner = inner

    def get_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = self._inner.get_event_loop()
        attach_to_loop(loop)
        return loop

    def set_event_loop(self, loop: asyncio.AbstractEventLoop | None) -> None:
        if loop is not None:
            attach_to_loop(loop)
        self._inner.set_event_loop(loop)

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = self._inner.new_event_loop()
        attach_to_loop(loop)
        return loop

    def get_child_watcher(self) -> Any:
        return self._inner.get_child_watcher()

    def set_child_watcher(self, watcher: Any) -> None:
        self._inner.set_child_watcher(watcher)
