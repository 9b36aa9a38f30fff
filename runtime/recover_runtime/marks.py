"""Reported once: the mark an exception object carries after its first report.

The mark is a key in the exception's own `__dict__`, written with `dict.setdefault`, so the
check and the mark are one atomic step (two threads re-raising the same object from a future
cannot both win) and no lock is taken: a signal handler that fails while the main thread is
inside this code cannot deadlock on it. Writing into `__dict__` directly bypasses the class's
`__setattr__`, so exceptions that refuse attributes (a frozen dataclass, a class whose
`__setattr__` raises) are marked too.

The mark travels with a pickled exception (back from a process pool) because `__dict__` is
pickled as its state. A class with its own `__reduce__` (botocore's `ClientError`, SQLAlchemy's
`StatementError` style) rebuilds itself from its arguments only; for such a class, the first
time one of its exceptions is marked, a `copyreg` entry is registered in this process so that a
marked exception is rebuilt marked. An unmarked exception pickles exactly as before.

An exception group is reported for the leaves no report has covered yet: a `TaskGroup` child
that its own `recover` reported is not sent again inside the group. Reporting a group marks its
leaves, so none of them is reported again on its own.
"""

from __future__ import annotations

import copyreg
from collections.abc import Callable, Iterator
from typing import Any

_REPORTED = "_recover_runtime_reported"


def claim(exc: BaseException) -> BaseException | None:
    """What to report for `exc` now (marking it), or None when everything in it was reported.

    For an exception group this is the group restricted to its unreported leaves (a group
    derived with `split`, keeping the traceback, cause, context and notes).
    """
    if not _mark(exc):
        return None
    if not isinstance(exc, BaseExceptionGroup):
        return exc
    fresh, _ = exc.split(lambda e: not isinstance(e, BaseExceptionGroup) and not is_reported(e))
    for leaf in _leaves(exc):
        _mark(leaf)
    return fresh


def is_reported(exc: BaseException) -> bool:
    attrs = _attributes(exc)
    return attrs is not None and _REPORTED in attrs


def _mark(exc: BaseException) -> bool:
    """Mark `exc`; True when this call made the mark (the first report)."""
    attrs = _attributes(exc)
    if attrs is None:  # no reachable __dict__: reported each time it is seen
        return True
    token = object()
    if attrs.setdefault(_REPORTED, token) is not token:
        return False
    _keep_mark_when_pickled(type(exc))
    return True


def _attributes(exc: BaseException) -> dict[str, Any] | None:
    try:
        attrs = object.__getattribute__(exc, "__dict__")
    except Exception:
        return None
    return attrs if isinstance(attrs, dict) else None


def _leaves(group: BaseExceptionGroup[Any]) -> Iterator[BaseException]:
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield exc
            yield from _leaves(exc)
        else:
            yield exc


def _keep_mark_when_pickled(cls: type[BaseException]) -> None:
    """Register a reducer for a class whose own reduction would drop `__dict__`."""
    if cls.__reduce__ is BaseException.__reduce__ and cls.__reduce_ex__ is object.__reduce_ex__:
        return  # BaseException's reduction pickles __dict__, mark included
    if cls not in copyreg.dispatch_table:  # never replace an application's own entry
        copyreg.pickle(cls, _reduce_keeping_mark)


def _reduce_keeping_mark(exc: BaseException) -> Any:
    reduced = exc.__reduce_ex__(2)
    if not is_reported(exc) or not isinstance(reduced, tuple) or not 2 <= len(reduced) <= 3:
        return reduced
    state = reduced[2] if len(reduced) == 3 else None
    if isinstance(state, dict) and _REPORTED in state:
        return reduced
    return _rebuild_marked, (reduced[0], reduced[1], state)


def _rebuild_marked(
    factory: Callable[..., BaseException], args: tuple[Any, ...], state: Any
) -> Any:
    """Unpickle as the class's own reduction would, then mark the result as reported."""
    exc = factory(*args)
    if state is not None:
        exc.__setstate__(state)
    _mark(exc)
    return exc
