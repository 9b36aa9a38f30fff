"""The process-wide reporting state and the one function every capture goes through.

State is read when there is something to report, never captured earlier, so threads started
before `init` report after it. A forked child rebuilds its reporter from the parent's settings
(the parent's connections and sender thread must not be shared); a spawned child adopts the
settings the parent carried in the environment (see `settings.py`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading

from recover_runtime.reporter import Reporter
from recover_runtime.settings import inherited_settings

logger = logging.getLogger("recover_runtime")

# Set on an exception object once it has been handled, so nested recovers, hooks, and the
# same object re-raised in another thread (a future's result) do not report it again. Being
# in the exception's __dict__, it also travels with a pickled exception back from a child.
_REPORTED = "_recover_runtime_reported"


class _State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mark_lock = threading.Lock()
        self.reporter: Reporter | None = None
        # True once this process called init/shutdown or looked for inherited settings.
        self.decided = False

    def reset_locks_after_fork(self) -> None:
        """A lock held by another thread at fork time stays held forever in the child."""
        self.lock = threading.Lock()
        self.mark_lock = threading.Lock()


_state = _State()
os.register_at_fork(after_in_child=_state.reset_locks_after_fork)


def replace_reporter(reporter: Reporter | None) -> Reporter | None:
    """Make `reporter` the active one (None: reporting off); returns the previous one."""
    with _state.lock:
        previous, _state.reporter = _state.reporter, reporter
        _state.decided = True
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
            reporter = reporter.for_this_process()
        elif reporter is None and not _state.decided:
            settings = inherited_settings()
            reporter = Reporter(settings) if settings is not None else None
        _state.reporter = reporter
        _state.decided = True
        return reporter


def report_exception(exc: BaseException, *, mechanism: str, where: str, log: bool = True) -> None:
    """Log and report `exc` once; never raises into the caller (the application).

    `mechanism` names what caught it (`recover`, `threading`, ...), `where` what was running,
    for the log line only.
    """
    try:
        if not _first_time(exc):
            return
        if log:
            logger.error("unhandled %s in %s", type(exc).__name__, where, exc_info=exc)
        reporter = current_reporter()
        if reporter is not None:
            reporter.capture(exc, mechanism)
            reporter.flush()
    except Exception:
        logger.debug("could not report an exception", exc_info=True)


def _first_time(exc: BaseException) -> bool:
    with _state.mark_lock:
        if getattr(exc, _REPORTED, False):
            return False
        # An exception type refusing attributes may be reported twice; no harm.
        with contextlib.suppress(Exception):
            setattr(exc, _REPORTED, True)
        return True
