"""Where the process may end: the only places where reporting waits for delivery.

A capture only queues (see `delivery.py`). Waiting happens where the process may be about to
end, and there every wait together is bounded by `flush_timeout`: one deadline, fixed when the
end begins.

- Interpreter exit: an atexit function registered when the runtime is imported, so it runs
  after the application's atexit functions registered later. Reports made once it started
  (an atexit function registered earlier, a `weakref.finalize` callback or `__del__` at
  shutdown) wait for delivery themselves, within the same deadline.
- The end of a `multiprocessing` child (a `multiprocessing.util.Finalize`): a forked child
  leaves through `os._exit`, which skips atexit.
- A daemonic `multiprocessing` child (a `Pool` worker) may be terminated by its parent without
  running any exit code: each report there waits for delivery (bounded by `flush_timeout`)
  while the server answers; after a request went unanswered, reports there only queue.

`shutdown()` and `flush()` are waits their caller asked for, bounded by their own timeout.

Not the main thread's unhandled exception: the interpreter still runs atexit after it (and the
sender keeps sending while non-daemon threads finish first), whereas waiting in
`sys.excepthook` would freeze a GUI toolkit that routes every callback's exception there.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import time

from recover_runtime.delivery import delivery

_logger = logging.getLogger("recover_runtime")


class _Ending:
    def __init__(self, bound: float = 0.0) -> None:
        self.bound = bound  # flush_timeout of the active reporter
        self.deadline: float | None = None
        self.finalizer_pid: int | None = None
        self.summarized = False


_ending = _Ending()


def set_bound(seconds: float) -> None:
    """The flush timeout that bounds waiting at the end (the active reporter's)."""
    _ending.bound = seconds


def prepare_process() -> None:
    """Before the first capture of a process: arrange the wait at its end if it is a
    multiprocessing child (whose registry of finalizers is emptied when it starts)."""
    pid = os.getpid()
    if _ending.finalizer_pid == pid:
        return
    _ending.finalizer_pid = pid
    process = sys.modules.get("multiprocessing.process")
    util = sys.modules.get("multiprocessing.util")
    if process is not None and util is not None and process.parent_process() is not None:
        util.Finalize(None, at_exit, exitpriority=-1)


def after_capture() -> None:
    """Wait for delivery now if the process may end before a sender could send."""
    if _ending.deadline is not None or sys.is_finalizing():
        _wait_until_deadline()
    elif _daemonic_child() and delivery().answering:
        delivery().flush(_ending.bound)


def at_exit() -> None:
    """Send what is queued before the process ends (bounded), then say what was not sent."""
    try:
        _wait_until_deadline()
        line = delivery().summary()
        if line and not _ending.summarized:
            _ending.summarized = True
            _logger.warning("%s", line)
    except Exception:  # nothing may fail at exit on the runtime's account
        return


def _wait_until_deadline() -> None:
    if _ending.deadline is None:
        _ending.deadline = time.monotonic() + _ending.bound
    delivery().flush(max(0.0, _ending.deadline - time.monotonic()))


def _daemonic_child() -> bool:
    process = sys.modules.get("multiprocessing.process")
    return process is not None and bool(process.current_process().daemon)


def _reset_after_fork() -> None:
    global _ending
    _ending = _Ending(_ending.bound)


atexit.register(at_exit)
os.register_at_fork(after_in_child=_reset_after_fork)
