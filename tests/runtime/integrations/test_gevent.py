"""gevent: failing greenlets and loop callbacks, with the real hub."""

from __future__ import annotations

import pytest

from tests.runtime.integrations.library_apps import (
    nothing_private,
    reported,
    run_without_and_with,
    same_output,
)
from tests.support.sentry_endpoint import SentryEndpoint

# The hub of the main thread exists before the adapter is installed, the hub of the thread is
# created after: both report. Joining every greenlet is the wait; nothing sleeps a fixed time.
# After monkey.patch_all() (most gevent programs) threads are greenlets, and the report's own
# waits yield to other greenlets: that program ends with gevent.wait(), once all of them ended.
# Without it, a report waits in place, so the plain program ends at once. A loop callback fails
# in the hub greenlet itself: first of all (before anything started the sender), and last.
APP = """
    # PATCH
    import sys, threading
    import gevent
    import recover_runtime as rr
    from recover_runtime.integrations import gevent as recover_gevent

    rr.init(opted_in=True)
    gevent.get_hub()
    # INSTALL
    token = sys.argv[1]

    def work(token):
        raise ValueError("spawned greenlet")

    def later():
        raise ValueError("spawn_later greenlet")

    def read_later():
        raise ValueError("read with get")

    def callback(token, when):
        raise ValueError(f"loop callback, {when}")

    def lookup():
        raise KeyError("expected by the application")

    def timed_out():
        gevent.Timeout(0).start()
        gevent.sleep(60)  # the Timeout escapes: a BaseException, not a crash

    def in_thread():
        gevent.spawn(work, "another hub").join()

    failing = [
        gevent.spawn(work, token),
        gevent.spawn_later(0, later),
        gevent.spawn(read_later),
        gevent.spawn(lookup),
        gevent.spawn(timed_out),
    ]
    killed = gevent.spawn(gevent.sleep, 60)
    gevent.get_hub().loop.run_callback(callback, token, "first")
    gevent.joinall(failing)
    killed.kill()  # GreenletExit: not an error
    try:
        failing[2].get()  # the same exception, re-raised here: not reported again
    except ValueError as error:
        print("the application read:", error)
    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    gevent.get_hub().loop.run_callback(callback, token, "last")
    gevent.sleep(0)  # the hub runs the callback, then this program goes on (and ends)
    # WAIT
"""

# Installed twice: still reported once; the second call adds KeyError to what is expected.
INSTALL = "recover_gevent.install(); recover_gevent.install(expected=(KeyError,))"


VARIANTS = {
    "plain": {},
    "monkey-patched": {
        "# PATCH": "from gevent import monkey; monkey.patch_all()",
        "# WAIT": "gevent.wait()",
    },
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_failing_greenlets_and_callbacks_are_reported_once(
    variant: str, endpoint: SentryEndpoint
) -> None:
    app = APP
    for placeholder, line in VARIANTS[variant].items():
        app = app.replace(placeholder, line)

    runs = run_without_and_with(app, INSTALL, endpoint)

    assert runs.adapted.returncode == 0, runs.adapted.stderr
    assert reported(endpoint, 6) == [
        ("gevent", "loop callback, first", "callback"),
        ("gevent", "loop callback, last", "callback"),
        ("gevent", "read with get", "read_later"),
        ("gevent", "spawn_later greenlet", "later"),
        ("gevent", "spawned greenlet", "work"),
        ("gevent", "spawned greenlet", "work"),
    ]
    same_output(runs)
    assert "failed with ValueError" in runs.adapted.stderr
    assert runs.secret in runs.adapted.stderr  # gevent prints a greenlet's arguments
    nothing_private(endpoint, runs)
