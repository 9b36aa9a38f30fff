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


# The callbacks the interpreter runs itself: their exceptions go to sys.unraisablehook (atexit,
# weakref.finalize, __del__) or surface in whatever the main thread was running (a signal
# handler).
INTERPRETER_CALLBACKS = """
    import atexit, gc, os, signal, weakref
    import recover_runtime as rr
    rr.init(opted_in=True)
    rr.install_hooks()
    WRAP = {wrap}

    def at_exit():
        raise ValueError("in an atexit function")

    def finalizer():
        raise ValueError("in a weakref.finalize callback")

    def on_signal(signum, frame):
        raise ValueError("in a signal handler")

    class Resource:
        def __del__(self):
            raise ValueError("in __del__")

    if WRAP:
        at_exit, finalizer = rr.recover(at_exit), rr.recover(finalizer)
        on_signal = rr.recover(on_signal, reraise=False)
        Resource.__del__ = rr.recover(Resource.__del__)

    class Owner:
        pass

    atexit.register(at_exit)
    owner = Owner()
    weakref.finalize(owner, finalizer)
    del owner
    Resource()
    gc.collect()
    signal.signal(signal.SIGUSR1, on_signal)
    os.kill(os.getpid(), signal.SIGUSR1)
    print("after the signal")  # not reached unwrapped: the handler's exception ends the program
"""


def test_interpreter_callbacks_are_reported_once_through_the_hooks(
    endpoint: SentryEndpoint,
) -> None:
    result = run_app(INTERPRETER_CALLBACKS.format(wrap=False), env=sending_env(endpoint.dsn))

    assert result.returncode == 1, result.stderr
    assert _mechanisms_and_values(endpoint, 4) == [
        ("excepthook", "in a signal handler"),
        ("unraisablehook", "in __del__"),
        ("unraisablehook", "in a weakref.finalize callback"),
        ("unraisablehook", "in an atexit function"),
    ]
    assert len(endpoint.events) == 4


def test_recover_works_as_each_interpreter_callback(endpoint: SentryEndpoint) -> None:
    # recover reports, re-raises, and the hooks see the same exception as already reported.
    result = run_app(INTERPRETER_CALLBACKS.format(wrap=True), env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "after the signal"
    assert _mechanisms_and_values(endpoint, 4) == [
        ("recover", "in __del__"),
        ("recover", "in a signal handler"),
        ("recover", "in a weakref.finalize callback"),
        ("recover", "in an atexit function"),
    ]
    assert len(endpoint.events) == 4


def test_loops_the_policy_never_sees_are_reached(endpoint: SentryEndpoint) -> None:
    # A loop_factory bypasses the event-loop policy (deprecated in Python 3.14): its default
    # exception handler logs on the `asyncio` logger, where the hook reads it. Run with
    # DeprecationWarning as an error: nothing the runtime does may warn.
    app = """
        import asyncio
        import recover_runtime as rr
        rr.init(opted_in=True)
        rr.install_hooks()

        def callback():
            raise ValueError("in a loop from a factory")

        async def main():
            asyncio.get_running_loop().call_soon(callback)
            await asyncio.sleep(0.05)

        with asyncio.Runner(loop_factory=asyncio.SelectorEventLoop) as runner:
            runner.run(main())
    """
    env = {**sending_env(endpoint.dsn), "PYTHONWARNINGS": "error::DeprecationWarning"}
    result = run_app(app, env=env)

    assert result.returncode == 0, result.stderr
    assert _mechanisms_and_values(endpoint, 1) == [("asyncio", "in a loop from a factory")]


def test_uninstall_hooks_restores_what_was_there() -> None:
    app = """
        import logging, sys, threading
        import recover_runtime as rr
        before = (sys.excepthook, threading.excepthook, sys.unraisablehook)
        rr.install_hooks()
        installed = (sys.excepthook, threading.excepthook, sys.unraisablehook)
        rr.uninstall_hooks()
        rr.uninstall_hooks()  # idempotent
        after = (sys.excepthook, threading.excepthook, sys.unraisablehook)
        print(installed != before, after == before, logging.getLogger("asyncio").filters)

        def chained(*args):  # a hook installed after ours: ours stays, handing over
            return previous(*args)
        rr.install_hooks()
        previous = sys.excepthook
        sys.excepthook = chained
        rr.uninstall_hooks()
        print(sys.excepthook is chained, previous.active)
    """
    result = run_app(app)

    assert result.stdout.splitlines() == ["True True []", "True False"], result.stderr
