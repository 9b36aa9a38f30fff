"""twisted: report the failures twisted logs as unhandled, through its own log system.

Twisted never lets an exception from application code reach a standard hook: the reactor logs
a failing `reactor.callLater` / `callFromThread` call ("while handling timed call", "while
calling from thread"), its thread pool logs a failing `callInThread` ("Unhandled Error"), and a
`Deferred` collected while it still holds a failure logs "Unhandled error in Deferred" (so a
failed `task.LoopingCall` or `threads.deferToThread` whose Deferred nobody handled). All of them
are logged at `LogLevel.critical` with the `Failure` in the event: twisted's level for
unexpected exceptions from application code (the legacy `log.err` maps to it too); a failure
handled on purpose is logged with `Logger.error` and is not reported.

`install()` adds an observer to twisted's global log publisher: it sees every event whether or
not logging has begun, prints nothing, and so leaves twisted's output as it was. A failure with
an errback is never logged, so it is never reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from twisted.internet.defer import CancelledError
from twisted.logger import ILogObserver, LogEvent, LogLevel, globalLogPublisher
from twisted.python.failure import Failure

from recover_runtime.integrations._route import Route

# A Deferred cancelled on purpose and left without an errback is logged as unhandled too.
EXPECTED: tuple[type[BaseException], ...] = (CancelledError,)

_route = Route("twisted", EXPECTED)
_installed = False


def install(*, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report every failure twisted logs as unhandled, once (idempotent)."""
    global _installed
    _route.expect(expected)
    if _installed:
        return
    _installed = True
    globalLogPublisher.addObserver(cast(ILogObserver, _observe))


def _observe(event: LogEvent) -> None:
    """A log observer: twisted drops an observer that raises, so this one never does."""
    if event.get("log_level") is not LogLevel.critical:
        return
    failure = event.get("log_failure", event.get("failure"))
    if isinstance(failure, Failure):
        _route.report(failure.value, "a twisted callback or Deferred")
