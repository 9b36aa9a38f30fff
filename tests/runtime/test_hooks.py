"""`install_hooks`: the main thread, other threads, asyncio callbacks and tasks."""

from __future__ import annotations

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint


def _mechanisms_and_values(endpoint: SentryEndpoint, count: int) -> list[tuple[str, str]]:
    events = endpoint.wait_for_events(count)
    return sorted(
        (value["mechanism"]["type"], value["value"])
        for value in (event["exception"]["values"][-1] for event in events)
    )


def test_unhandled_exceptions_everywhere_are_reported(endpoint: SentryEndpoint) -> None:
    app = """
        import asyncio, gc, threading
        import recover_runtime as rr
        rr.init(opted_in=True)
        rr.install_hooks()
        rr.install_hooks()  # idempotent: still one report each

        def thread_work():
            raise ValueError("in a thread")
        thread = threading.Thread(target=thread_work)
        thread.start()
        thread.join()

        def callback():
            raise ValueError("in a callback")

        async def forgotten():
            raise ValueError("in a forgotten task")

        async def main():
            asyncio.get_running_loop().call_soon(callback)
            asyncio.create_task(forgotten())
            await asyncio.sleep(0.05)
        asyncio.run(main())  # a loop created after install_hooks
        gc.collect()

        raise ValueError("in the main thread")
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 1
    assert result.stderr.count("ValueError: in the main thread") >= 1  # the usual output stays
    assert _mechanisms_and_values(endpoint, 4) == [
        ("asyncio", "in a callback"),
        ("asyncio", "in a forgotten task"),
        ("excepthook", "in the main thread"),
        ("threading", "in a thread"),
    ]
    assert len(endpoint.events) == 4


def test_hooks_do_not_report_twice_what_recover_reported(endpoint: SentryEndpoint) -> None:
    app = """
        import threading
        import recover_runtime as rr
        rr.init(opted_in=True)
        rr.install_hooks()

        @rr.recover
        def work():
            raise ValueError("once")
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        rr.flush(2)
        raise KeyboardInterrupt  # not an Exception: never reported
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert "KeyboardInterrupt" in result.stderr
    assert _mechanisms_and_values(endpoint, 1) == [("recover", "once")]
    assert len(endpoint.events) == 1


def test_a_loop_running_at_install_time_gets_the_handler(endpoint: SentryEndpoint) -> None:
    app = """
        import asyncio
        import recover_runtime as rr
        rr.init(opted_in=True)

        def callback():
            raise ValueError("after install")

        async def main():
            rr.install_hooks()
            asyncio.get_running_loop().call_soon(callback)
            await asyncio.sleep(0.05)
        asyncio.run(main())
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    assert _mechanisms_and_values(endpoint, 1) == [("asyncio", "after install")]
