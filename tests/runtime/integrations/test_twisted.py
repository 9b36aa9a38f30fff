"""twisted: failing reactor calls and unhandled Deferred failures, with the real reactor."""

from __future__ import annotations

from tests.runtime.integrations.library_apps import (
    nothing_private,
    reported,
    run_without_and_with,
    same_output,
)
from tests.support.sentry_endpoint import SentryEndpoint

# The reactor stops once twisted has logged, as unhandled, every failure the application causes
# (eight: the six reported, the cancelled Deferred and the KeyError); it counts them with
# an observer of its own, so nothing waits a fixed time. A failed Deferred is in a reference
# cycle with its traceback, so it is logged when the cycle collector frees it: the application
# runs the collector until then. The failing calls come after the Deferreds: twisted keeps the
# last failure of a reactor call, and with it the frame that may still hold a Deferred.
APP = """
    import gc, sys
    from twisted.internet import defer, reactor, task, threads
    from twisted.logger import (
        Logger, LogLevel, globalLogBeginner, globalLogPublisher, textFileLogObserver)
    import recover_runtime as rr
    from recover_runtime.integrations import twisted as recover_twisted

    rr.init(opted_in=True)
    # INSTALL
    token = sys.argv[1]
    globalLogBeginner.beginLoggingTo([textFileLogObserver(sys.stderr)])  # as twistd does
    logged = []

    def count_failures(event):  # keeps no failure: its frames would keep Deferreds alive
        if event.get("log_level") is LogLevel.critical and (
            "log_failure" in event or "failure" in event  # the latter: legacy log.err
        ):
            logged.append(None)
            if len(logged) == 4:
                reactor.callFromThread(failing_calls)
            if len(logged) == 8:
                reactor.callFromThread(reactor.stop)
    globalLogPublisher.addObserver(count_failures)

    def in_thread(token):
        raise ValueError("deferToThread")

    def looping():
        raise ValueError("looping call")

    def chained(result):
        raise ValueError("unhandled Deferred")

    def failing_deferreds():
        threads.deferToThread(in_thread, token)
        task.LoopingCall(looping).start(0.01)
        defer.succeed(None).addCallback(chained)
        defer.Deferred().cancel()  # CancelledError, unhandled: control flow
        handled = defer.fail(ValueError("handled by an errback"))
        handled.addErrback(lambda failure: None)
        warned = defer.fail(ValueError("handled, logged as a warning"))
        warned.addErrback(lambda failure: Logger().failure("retry", failure, LogLevel.warn))
        task.LoopingCall(gc.collect).start(0.01)

    def timed(token):
        raise ValueError("timed call")

    def lookup():
        raise KeyError("expected by the application")

    def from_thread(token):
        raise ValueError("call from thread")

    def in_pool(token):
        raise ValueError("callInThread")

    def failing_calls():
        reactor.callLater(0, timed, token)
        reactor.callLater(0, lookup)
        reactor.callFromThread(from_thread, token)
        reactor.callInThread(in_pool, token)

    reactor.callWhenRunning(failing_deferreds)
    reactor.run()
"""

# Installed twice: still reported once; the second call adds KeyError to what is expected.
INSTALL = "recover_twisted.install(); recover_twisted.install(expected=(KeyError,))"


def test_unhandled_failures_are_reported_once(endpoint: SentryEndpoint) -> None:
    runs = run_without_and_with(APP, INSTALL, endpoint)

    assert runs.adapted.returncode == 0, runs.adapted.stderr
    assert reported(endpoint, 6) == [
        ("twisted", "call from thread", "from_thread"),
        ("twisted", "callInThread", "in_pool"),
        ("twisted", "deferToThread", "in_thread"),
        ("twisted", "looping call", "looping"),
        ("twisted", "timed call", "timed"),
        ("twisted", "unhandled Deferred", "chained"),
    ]
    same_output(runs)
    assert "Unhandled error in Deferred" in runs.adapted.stderr
    assert "while handling timed call" in runs.adapted.stderr
    nothing_private(endpoint, runs)
