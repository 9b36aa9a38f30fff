"""Celery: report a task's failure in the worker, once, through the `task_failure` signal.

The worker catches a task's exception, stores it as the task's result and logs "Task ...
raised unexpected"; nothing reaches a standard hook, and the caller may never read the
result. `task_failure` is sent once per failed run in the process that ran it (a prefork
pool's child inherits the connection made before the fork), after the retries are spent: a
task that retries and then succeeds never fails.

    app = Celery("proj")
    recover_celery.install(app)

Not crashes: `Retry`, `Ignore` and `Reject` (recent Celery sends a message rejected without
requeue as a failure), and the types a task lists in its own `throws` (Celery logs those as
expected, without a traceback). The task's arguments, keyword arguments and request are never
read. The worker logs the traceback itself, so the report adds no log line.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

from celery import Celery, Task, signals
from celery.exceptions import Ignore, Reject, Retry

from recover_runtime.reporting import report_exception

ExceptionTypes = tuple[type[BaseException], ...]

EXPECTED: ExceptionTypes = (Retry, Ignore, Reject)

_apps: weakref.WeakKeyDictionary[Celery, ExceptionTypes] = weakref.WeakKeyDictionary()


def install(app: Celery, *, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report each unexpected failure of `app`'s tasks; `expected` adds types that are not.

    Idempotent: installing again reports each failure once.
    """
    _apps[app] = tuple(dict.fromkeys((*_apps.get(app, EXPECTED), *expected)))
    # A strong reference (a receiver is weak by default) under one id: connected once.
    signals.task_failure.connect(_on_task_failure, weak=False, dispatch_uid=__name__)


def _on_task_failure(sender: Task[Any, Any] | None = None, exception: Any = None, **_: Any) -> None:
    try:
        expected = _apps.get(sender.app) if sender is not None else None
        if expected is None or not isinstance(exception, Exception):
            return
        throws = getattr(sender, "throws", ())
        if isinstance(exception, expected) or (throws and isinstance(exception, throws)):
            return
        where = f"celery task {getattr(sender, 'name', '?')}"
    except Exception:  # a sender in an odd state: never an error of the application's
        return
    report_exception(exception, mechanism="celery", where=where, log=False)
