"""The process-wide reporting state and the one function every capture goes through.

State is read when there is something to report, never captured earlier, so threads started
before `init` report after it. A forked child rebuilds its reporter from the parent's settings
(the parent's connections and sender thread must not be shared); a spawned child adopts the
settings the parent carried in the environment (see `settings.py`).

`report_exception` logs and queues; it waits for delivery only where the process may end
(`exiting.py`). Its lock is re-entrant: a signal handler may report while the main thread is
inside.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

from recover_runtime import exiting
from recover_runtime.delivery import Capture, delivery
from recover_runtime.marks import claim
from recover_runtime.reporter import Reporter

logger = logging.getLogger("recover_runtime")

# Stack frames the report itself needs (logging, traceback formatting): near the recursion
# limit, where a RecursionError is being reported, the limit is raised by this much meanwhile.
_HEADROOM = 200


class _State:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reporter: Reporter | None = None
        # True once this process called init/shutdown or looked for inherited settings.
        self.decided = False

    def reset_lock_after_fork(self) -> None:
        """A lock held by another thread at fork time stays held forever in the child."""
        self.lock = threading.RLock()


_state = _State()
os.register_at_fork(after_in_child=_state.reset_lock_after_fork)


def replace_reporter(reporter: Reporter | None) -> Reporter | None:
    """Make `reporter` the active one (None: reporting off); returns the previous one."""
    with _state.lock:
        previous, _state.reporter = _state.reporter, reporter
        _state.decided = True
        exiting.set_bound(reporter.settings.flush_timeout if reporter else 0.0)
    return previous


def current_reporter() -> Reporter | None:
    """The reporter for this process, building it after a fork or from inherited settings."""
    reporter = _state.reporter
    if reporter is not None and reporter.pid == os.getpid():
        return reporter
    if reporter is None and _state.decided:
        return None
    with _state.lock:
        reporter = _state.reporter
        if reporter is not None and reporter.pid != os.getpid():
            reporter = _connected(reporter.for_this_process())
        elif reporter is None and not _state.decided:
            from recover_runtime.settings import inherited_settings

            settings = inherited_settings()
            reporter = _connected(Reporter(settings)) if settings is not None else None
        _state.reporter = reporter
        _state.decided = True
        exiting.set_bound(reporter.settings.flush_timeout if reporter else 0.0)
        return reporter


def _connected(reporter: Reporter) -> Reporter | None:
    """`reporter` with its client built now, on the thread that reports, or None (reporting
    off, logged) when it cannot be built (a bad DSN inherited from the parent).

    Not later on the sender thread: what sending imports must be imported before the process
    starts to exit. A spawned child often reports just before it ends, and on Python 3.13 its
    threads are already shutting down when the wait at its exit runs; imports that register
    with them then fail (sentry-sdk imports gevent when installed, which imports
    `concurrent.futures.thread`).
    """
    try:
        reporter.connect()
    except Exception as error:
        logger.warning("crash reporting disabled: %s", type(error).__name__)
        return None
    return reporter


def report_exception(exc: BaseException, *, mechanism: str, where: str, log: bool = True) -> None:
    """Log and report `exc` once; never raises into the caller (the application).

    `mechanism` names what caught it (`recover`, `threading`, ...), `where` what was running,
    for the log line only. The event is queued; see `exiting.py` for where it is waited for.
    """
    try:
        if _near_recursion_limit():
            with _state.lock:  # one raised limit at a time, restored in order
                limit = sys.getrecursionlimit()
                sys.setrecursionlimit(limit + _HEADROOM)
                try:
                    _report(exc, mechanism, where, log)
                finally:
                    sys.setrecursionlimit(limit)
        else:
            _report(exc, mechanism, where, log)
    except Exception:
        try:
            logger.debug("could not report an exception", exc_info=True)
        except Exception:
            return


def _report(exc: BaseException, mechanism: str, where: str, log: bool) -> None:
    unreported = claim(exc)
    if unreported is None:
        return
    if log:
        logger.error("unhandled %s in %s", type(unreported).__name__, where, exc_info=unreported)
    reporter = current_reporter()
    if reporter is None:
        return
    exiting.prepare_process()
    delivery().submit(Capture(reporter, unreported, mechanism))
    exiting.after_capture()


def _near_recursion_limit() -> bool:
    try:
        sys._getframe(max(1, sys.getrecursionlimit() - _HEADROOM))
    except ValueError:
        return False
    return True
