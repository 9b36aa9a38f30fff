"""tkinter: report an exception escaping a Tk callback.

Tk calls back into Python for `after` / `after_idle` callbacks, a widget's `command=`, event
bindings, variable traces and window-manager protocols; tkinter catches what escapes and hands
it to the root's `report_callback_exception`, which prints "Exception in Tkinter callback" and
the traceback, and the main loop goes on. Nothing reaches the standard hooks.

`install(root)` puts a reporter in front of the handler that root has now (Tk's own, a
subclass's, or one the application assigned), which still prints as before. Call it after
assigning your own handler: assigning one later replaces this one.
"""

from __future__ import annotations

import tkinter
from collections.abc import Iterable
from types import TracebackType

from recover_runtime.integrations._route import Route

EXPECTED: tuple[type[BaseException], ...] = ()

_route = Route("tkinter", EXPECTED)
_MARK = "_recover_runtime_handler"


def install(root: tkinter.Tk, *, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report every callback of `root`'s application that fails, once (idempotent)."""
    _route.expect(expected)
    previous = root.report_callback_exception
    if getattr(previous, _MARK, False):
        return

    def report_callback_exception(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        _route.report(value, "a Tk callback")
        previous(kind, value, tb)

    setattr(report_callback_exception, _MARK, True)
    root.report_callback_exception = report_callback_exception
