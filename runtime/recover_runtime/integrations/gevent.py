"""gevent: report an exception that kills a greenlet or a callback of gevent's loop.

A greenlet started by `gevent.spawn`, `spawn_later`, `Greenlet(run=...)` or a pool catches the
exception itself, keeps it on the greenlet for `get()` / `join()`, and hands it to its hub's
`handle_error`, which prints the traceback and "<Greenlet ...> failed with ValueError"; a
failing loop callback or timer goes the same way. Nothing reaches the standard hooks.

`install()` wraps `handle_error` on the `Hub` class, so every hub (one per thread, those that
exist and those created later) prints exactly as before, then reports. In that order because
after `monkey.patch_all()` a wait in the report yields to other greenlets: reporting first
could delay what gevent prints, or lose it if the program ends meanwhile. A failing loop
callback is handled in the hub greenlet itself, where such a wait is refused: after
`patch_all()` a greenlet of its own reports it.

gevent prints every failed greenlet, also one whose exception is read later with `get()`: so
is it reported (once: re-raised by `get()` and escaping elsewhere, the same object is not
reported again). A killed greenlet's `GreenletExit` is no `Exception`, so no crash. A
`handle_error` an application assigns on a hub instance (gevent's documented override)
replaces the class's, and so this one.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Any

from gevent import getcurrent, spawn_raw
from gevent.hub import Hub
from gevent.monkey import is_module_patched

from recover_runtime.integrations._route import Route

EXPECTED: tuple[type[BaseException], ...] = ()

_route = Route("gevent", EXPECTED)
_MARK = "_recover_runtime_handler"
_WHERE = "a gevent greenlet or callback"


def install(*, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report every greenlet and loop callback that fails, once (idempotent)."""
    _route.expect(expected)
    original = Hub.handle_error
    if getattr(original, _MARK, False):
        return

    def handle_error(
        self: Any,
        context: object,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        original(self, context, kind, value, tb)
        if getcurrent() is self and is_module_patched("threading"):
            spawn_raw(_route.report, value, _WHERE)
        else:
            _route.report(value, _WHERE)

    setattr(handle_error, _MARK, True)
    Hub.handle_error = handle_error
