"""A server that is down, slow or refusing; bursts of failing threads; child processes."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint

# Three failures under recover, each flushing with a 0.3 s bound, then the app goes on.
THREE_FAILURES = """
    import recover_runtime as rr
    print(rr.init(opted_in=True, flush_timeout=0.3))
    for n in range(3):
        try:
            with rr.recover():
                raise ValueError(n)
        except ValueError as error:
            assert error.args == (n,)
    print("app went on")
"""


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_server_that_is_down_neither_raises_nor_blocks() -> None:
    dsn = f"http://0123456789abcdef0123456789abcdef@127.0.0.1:{_closed_port()}/1"
    result = run_app(THREE_FAILURES, env=sending_env(dsn), timeout=30)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "app", "went", "on"]


def test_a_slow_server_does_not_hold_the_app_beyond_the_flush_bound(
    endpoint: SentryEndpoint,
) -> None:
    # Each request takes 20 s: unbounded flushes would need a minute, the timeout is 15 s.
    endpoint.respond(delay=20)
    result = run_app(THREE_FAILURES, env=sending_env(endpoint.dsn), timeout=15)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "app", "went", "on"]


@pytest.mark.parametrize("status", [429, 500])
def test_a_refusing_server_neither_raises_nor_blocks(endpoint: SentryEndpoint, status: int) -> None:
    endpoint.respond(status=status, retry_after=60 if status == 429 else None)
    result = run_app(THREE_FAILURES, env=sending_env(endpoint.dsn), timeout=30)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "app", "went", "on"]
    assert endpoint.events, "the first event was at least attempted"
    if status == 429:  # sentry-sdk honours Retry-After: the rest is dropped, not retried
        assert len(endpoint.events) == 1


def test_a_thousand_threads_failing_at_once_are_all_reported(endpoint: SentryEndpoint) -> None:
    app = """
        import threading
        import recover_runtime as rr
        rr.init(opted_in=True)
        start = threading.Barrier(1000)

        @rr.recover
        def work(n):
            start.wait()
            raise ValueError(n)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(1000)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rr.flush(60)
    """
    # The threads re-raise: threading's default hook prints each; stdout/err are captured.
    result = run_app(app, env=sending_env(endpoint.dsn), timeout=120)

    assert result.returncode == 0, result.stderr[-2000:]
    events = endpoint.wait_for_events(1000, timeout=60)
    values = sorted(int(event["exception"]["values"][0]["value"]) for event in events)
    assert values == list(range(1000))


def test_threads_started_before_init_report_after_it(endpoint: SentryEndpoint) -> None:
    app = """
        import threading
        import recover_runtime as rr
        configured = threading.Event()

        @rr.recover(reraise=False)
        def work():
            configured.wait()
            raise ValueError("late")

        thread = threading.Thread(target=work)
        thread.start()
        rr.init(opted_in=True)
        configured.set()
        thread.join()
    """
    run_app(app, env=sending_env(endpoint.dsn))

    [event] = endpoint.wait_for_events(1)
    assert event["exception"]["values"][0]["value"] == "late"


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_child_processes_report(endpoint: SentryEndpoint, method: str, tmp_path: Path) -> None:
    # spawn re-imports the main module by path, so the app is a file, not `-c`.
    app = f"""
        import multiprocessing
        import os
        import recover_runtime as rr

        @rr.recover
        def child_work():
            raise ValueError("in a {method}ed child")

        if __name__ == "__main__":
            rr.init(opted_in=True, context_name="parent-app")
            with rr.recover(reraise=False):
                raise ValueError("in the parent")
            process = multiprocessing.get_context({method!r}).Process(target=child_work)
            process.start()
            process.join()
            print(process.exitcode)
    """
    script = tmp_path / "app.py"
    result = run_app(app, env=sending_env(endpoint.dsn), script=script)

    assert result.stdout.strip() == "1", result.stderr
    events = endpoint.wait_for_events(2)
    values = sorted(event["exception"]["values"][0]["value"] for event in events)
    assert values == [f"in a {method}ed child", "in the parent"]
    assert all(event["tags"] == {"context.name": "parent-app"} for event in events)


def test_a_spawned_child_of_an_app_that_shut_down_sends_nothing(
    endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    app = """
        import multiprocessing
        import recover_runtime as rr

        @rr.recover
        def child_work():
            raise ValueError("child")

        if __name__ == "__main__":
            rr.init(opted_in=True)
            rr.shutdown()
            process = multiprocessing.get_context("spawn").Process(target=child_work)
            process.start()
            process.join()
            print(process.exitcode)
    """
    result = run_app(app, env=sending_env(endpoint.dsn), script=tmp_path / "app.py")

    assert result.stdout.strip() == "1", result.stderr
    assert "unhandled ValueError in child_work" in result.stderr
    assert endpoint.raw_bodies == []


def test_call_site_wraps_cross_into_spawned_processes_and_pools(
    endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    # The linter's fixes wrap targets at the call site; spawn and pools pickle the wrapper.
    # The pool's exception comes back to the parent marked as reported: no second event.
    app = """
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        import recover_runtime as rr

        def process_work():
            raise ValueError("in a spawned process")

        def pool_work(n):
            raise ValueError(f"in pool job {n}")

        if __name__ == "__main__":
            rr.init(opted_in=True)
            spawn = multiprocessing.get_context("spawn")
            process = spawn.Process(target=rr.recover(process_work))
            process.start()
            process.join()
            with ProcessPoolExecutor(1, mp_context=spawn) as pool:
                future = pool.submit(rr.recover(pool_work), 7)
                with rr.recover(reraise=False):
                    future.result()
            print(process.exitcode, type(future.exception()).__name__)
    """
    result = run_app(app, env=sending_env(endpoint.dsn), script=tmp_path / "app.py")

    assert result.stdout.split() == ["1", "ValueError"], result.stderr
    events = endpoint.wait_for_events(2)
    values = sorted(event["exception"]["values"][0]["value"] for event in events)
    assert values == ["in a spawned process", "in pool job 7"]
    assert result.stderr.count("unhandled ValueError in pool_work") == 1
    assert len(endpoint.events) == 2


def test_an_exception_refusing_str_and_attributes_is_reported_and_re_raised(
    endpoint: SentryEndpoint,
) -> None:
    app = """
        import recover_runtime as rr
        rr.init(opted_in=True)

        class Hostile(Exception):
            def __str__(self):
                raise RuntimeError("no str")

            def __setattr__(self, name, value):
                raise AttributeError("read-only")

        @rr.recover
        def work():
            raise Hostile("secret")

        try:
            work()
        except Hostile:
            print("re-raised")
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.stdout.strip() == "re-raised", result.stderr
    [event] = endpoint.wait_for_events(1)
    assert event["exception"]["values"][0]["type"] == "Hostile"
    [normalized] = endpoint.normalized
    assert "errors" not in normalized
