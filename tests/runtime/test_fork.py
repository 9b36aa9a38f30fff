"""Forked children: a fresh sender, nothing of the parent's queue, no parent lock waited on."""

from __future__ import annotations

import json
from collections import Counter

from tests.runtime.harness import RunningApp, run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint


def _value_counts(endpoint: SentryEndpoint) -> Counter[str]:
    return Counter(str(event["exception"]["values"][-1]["value"]) for event in endpoint.events)


def test_a_forked_child_never_waits_on_the_parents_locks(endpoint: SentryEndpoint) -> None:
    # A parent thread is inside flush() (the server holds the request) when the parent forks;
    # the child's init and shutdown used to wait forever on the lock that thread held.
    endpoint.hold()
    app = """
        import os, sys, threading
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=1)
        with rr.recover(reraise=False):
            raise ValueError("parent")
        threading.Thread(target=rr.flush, args=(60,), daemon=True).start()
        print("flushing", flush=True)
        sys.stdin.readline()
        pid = os.fork()
        if pid == 0:
            rr.init(opted_in=True, context_name="child", flush_timeout=1)
            with rr.recover(reraise=False):
                raise ValueError("child")
            rr.shutdown()  # waits 1 s at most: the server still holds every request
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        print("child exited", os.waitstatus_to_exitcode(status), flush=True)
        sys.stdin.readline()
    """
    with RunningApp(app, env=sending_env(endpoint.dsn)) as running:
        running.wait_for_line("flushing")
        endpoint.wait_for_requests(1)  # the parent's request is held: its flush waits
        running.tell("fork")
        running.wait_for_line("child exited 0")
        endpoint.release()
        running.tell("end")
        returncode, stderr = running.finish()

    assert returncode == 0, stderr
    endpoint.wait_for_events(2)
    assert _value_counts(endpoint) == {"parent": 1, "child": 1}


def test_a_forked_child_never_sends_what_the_parent_queued(endpoint: SentryEndpoint) -> None:
    endpoint.hold()
    app = """
        import os, sys
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=1)
        for n in range(3):
            with rr.recover(reraise=False):
                raise ValueError(f"parent {n}")
        print("queued", flush=True)
        sys.stdin.readline()
        pid = os.fork()
        if pid == 0:
            rr.init(opted_in=True)
            with rr.recover(reraise=False):
                raise ValueError("child")
            rr.flush(30)
            os._exit(0)
        print("forked", flush=True)
        os.waitpid(pid, 0)
        rr.flush(30)
    """
    with RunningApp(app, env=sending_env(endpoint.dsn)) as running:
        running.wait_for_line("queued")
        endpoint.wait_for_requests(1)  # one parent event in flight, two waiting
        running.tell("fork")
        running.wait_for_line("forked")
        endpoint.release()
        returncode, stderr = running.finish()

    assert returncode == 0, stderr
    endpoint.wait_for_events(4)
    assert _value_counts(endpoint) == {"parent 0": 1, "parent 1": 1, "parent 2": 1, "child": 1}


FORK_STRESS = """
    import json, logging, os, threading, time
    import recover_runtime as rr
    # Quiet: a thread writing to stderr when another forks would leave the child's stderr
    # lock held (Python's, not the runtime's).
    logging.getLogger("recover_runtime").addHandler(logging.NullHandler())
    logging.getLogger("recover_runtime").propagate = False
    rr.init(opted_in=True, flush_timeout=5)
    start = threading.Barrier(5)

    def fail_and_flush(t):
        start.wait()
        for n in range(40):
            with rr.recover(reraise=False):
                raise ValueError(f"thread {t} {n}")
            if n % 5 == 4:
                rr.flush(1)

    threads = [threading.Thread(target=fail_and_flush, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    start.wait()
    children = {}
    for k in range(50):
        pid = os.fork()
        if pid == 0:
            if k % 2:
                rr.init(opted_in=True, flush_timeout=5, context_name=f"child-{k}")
            with rr.recover(reraise=False):
                raise ValueError(f"child {k}")
            if k % 3:
                rr.flush(5)
            else:
                rr.shutdown()
            os._exit(0)
        children[pid] = k
    # Each child's wait is bounded by 5 s: one still running after 15 s hangs.
    deadline = time.monotonic() + 15
    hung = []
    while children and time.monotonic() < deadline:
        for pid in list(children):
            if os.waitpid(pid, os.WNOHANG)[0]:
                del children[pid]
        time.sleep(0.01)
    for pid, k in children.items():
        hung.append(k)
        os.kill(pid, 9)
    for thread in threads:
        thread.join()
    rr.flush(60)
    print(json.dumps({"hung": hung}))
"""


def test_fifty_forks_while_four_threads_fail_and_flush(endpoint: SentryEndpoint) -> None:
    result = run_app(FORK_STRESS, env=sending_env(endpoint.dsn), timeout=120)

    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout) == {"hung": []}
    expected = {f"thread {t} {n}" for t in range(4) for n in range(40)}
    expected |= {f"child {k}" for k in range(50)}
    endpoint.wait_for_events(len(expected), timeout=60)
    counts = _value_counts(endpoint)
    assert set(counts) == expected  # nothing lost
    assert set(counts.values()) == {1}  # nothing sent twice
