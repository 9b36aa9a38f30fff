"""Qt (PySide6, PyQt6, PyQt5): report an exception escaping a slot, a timer callback, a thread.

An exception escaping Python code that Qt called (a slot connected to a signal, a
`QTimer.singleShot` callback, `QThread.run`, an overridden virtual) cannot propagate into C++:
every binding hands it to `sys.excepthook` (through `PyErr_Print`) and the event loop goes on.
PySide6 always goes on. PyQt5 and PyQt6 go on only when `sys.excepthook` is not the
interpreter's own: when `sys.excepthook is sys.__excepthook__` they print the traceback through
`qFatal` and abort the process.

`install()` puts a reporting hook in front of the current `sys.excepthook`. When that hook was
the interpreter's own, `sys.__excepthook__` is set to the new hook as well, so the comparison
above still holds: PyQt still aborts, with the same message, and other code that asks whether
the hook was replaced (`code.InteractiveConsole`, IPython) behaves as before. An application
that sets its own `sys.excepthook` after `install()` takes the hook's place (as it would any
other's), so install it after yours.

The hook reports what reaches it while the program goes on. The interpreter's own call for the
main thread's uncaught exception (when no Python frame is left on the main thread) is not Qt's:
it is passed on, for `install_hooks()` to report. No Qt module is imported: the hook serves
whichever binding the application uses.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Iterable
from types import TracebackType

from recover_runtime.configure import flush
from recover_runtime.integrations._route import Route

EXPECTED: tuple[type[BaseException], ...] = ()

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]

_route = Route("qt", EXPECTED)
_MARK = "_recover_runtime_handler"
_ABORTING_BINDINGS = ("PyQt5", "PyQt6")


def install(*, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report every exception a Qt binding hands to `sys.excepthook`, once (idempotent)."""
    _route.expect(expected)
    previous = sys.excepthook
    if getattr(previous, _MARK, False):
        return
    hook = _reporting_hook(previous)
    if previous is sys.__excepthook__:
        sys.__excepthook__ = hook
    sys.excepthook = hook


def _reporting_hook(previous: ExceptHook) -> ExceptHook:
    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if not _main_thread_is_ending():
            _route.report(value, "a Qt slot or callback")
            if _binding_aborts_next(excepthook):
                # The process dies in qFatal next: no exit handler will flush.
                with contextlib.suppress(Exception):
                    flush()
        previous(kind, value, tb)

    setattr(excepthook, _MARK, True)
    return excepthook


def _main_thread_is_ending() -> bool:
    """True for the interpreter's report of the main thread's uncaught exception.

    Frames: 0 is this function, 1 the hook; a frame 2 is the Python code that is still
    running (around `app.exec()`, or the code calling the hook itself). Other threads never
    end through `sys.excepthook` (`threading.excepthook` serves them), so a call there is a
    binding's, e.g. from `QThread.run`.
    """
    if threading.current_thread() is not threading.main_thread():
        return False
    try:
        sys._getframe(2)
    except ValueError:
        return True
    return False


def _binding_aborts_next(hook: ExceptHook) -> bool:
    """PyQt calls `qFatal` after a hook that is both `excepthook` and `__excepthook__`."""
    return (
        sys.excepthook is hook
        and sys.__excepthook__ is hook
        and any(name in sys.modules for name in _ABORTING_BINDINGS)
    )
