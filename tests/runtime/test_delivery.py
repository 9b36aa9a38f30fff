"""Delivery: reporting never waits for a server on a thread that goes on running, waits
(bounded) where the process ends, and neither loses nor doubles what it accepted.

Each test holds, slows or breaks the loopback endpoint and reads what the app says while it
runs (`RunningApp`), so the proofs wait for events, not for durations.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

from tests.runtime.harness import RunningApp, run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint


def _values(endpoint: SentryEndpoint, count: int) -> list[str]:
    events = endpoint.wait_for_events(count)
    return sorted(str(event["exception"]["values"][-1]["value"]) for event in events)


def test_a_failing_task_never_freezes_the_event_loop(endpoint: SentryEndpoint) -> None:
    # 20 tasks fail while the server answers nothing: the loop goes on at once, and every
    # event arrives once the server answers. (Each failure used to hold the loop until the
    # server answered or flush_timeout ran out.)
    endpoint.hold()
    app = """
        import asyncio
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=60)

        async def job(n):
            raise ValueError(n)

        async def main():
            failing = [asyncio.create_task(rr.recover(job(n), reraise=False)) for n in range(20)]
            await asyncio.gather(*failing)
            for _ in range(100):
                await asyncio.sleep(0)
            print("the loop went on", flush=True)

        asyncio.run(main())
    """
    with RunningApp(app, env=sending_env(endpoint.dsn)) as running:
        running.wait_for_line("the loop went on")
        endpoint.release()
        returncode, stderr = running.finish()

    assert returncode == 0, stderr
    assert _values(endpoint, 20) == sorted(str(n) for n in range(20))


def test_failing_threads_never_wait_for_the_server(endpoint: SentryEndpoint) -> None:
    # 50 threads fail at once right after init, the server silent: every recover returns at
    # once (they used to queue behind each other's flush, the sender still starting).
    endpoint.hold()
    app = """
        import threading
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=60)

        @rr.recover(reraise=False)
        def work(n):
            raise ValueError(n)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print("every thread went on", flush=True)
    """
    with RunningApp(app, env=sending_env(endpoint.dsn)) as running:
        running.wait_for_line("every thread went on")
        endpoint.release()
        returncode, stderr = running.finish()

    assert returncode == 0, stderr
    assert _values(endpoint, 50) == sorted(str(n) for n in range(50))


def test_what_is_queued_is_sent_when_the_interpreter_exits(endpoint: SentryEndpoint) -> None:
    # Two failures while the server is silent, then the app ends with no flush of its own:
    # the exit waits (bounded) and both arrive. (The second used to be lost: its own flush had
    # given up and nothing waited at exit.)
    endpoint.hold()
    app = """
        import atexit, sys
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=3)
        for n in ("first", "second"):
            with rr.recover(reraise=False):
                raise ValueError(n)
        print("failed twice", flush=True)
        sys.stdin.readline()
        # Runs before the runtime's own exit function (registered earlier, at import).
        atexit.register(print, "exiting", flush=True)
    """
    with RunningApp(app, env=sending_env(endpoint.dsn)) as running:
        running.wait_for_line("failed twice")
        running.tell("end")
        running.wait_for_line("exiting")
        endpoint.release()
        returncode, stderr = running.finish()

    assert returncode == 0, stderr
    assert _values(endpoint, 2) == ["first", "second"]


def test_exit_waits_at_most_the_bound_and_says_what_was_not_sent(
    endpoint: SentryEndpoint,
) -> None:
    endpoint.hold()  # silent for good
    app = """
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=0.5)
        for n in range(3):
            with rr.recover(reraise=False):
                raise ValueError(n)
    """
    result = run_app(app, env=sending_env(endpoint.dsn), timeout=30)

    assert result.returncode == 0, result.stderr
    assert "crash reports not sent: 3 still waiting when the time to send ran out" in (
        result.stderr
    )


def test_a_trickling_server_does_not_keep_later_reports_from_leaving(
    endpoint: SentryEndpoint,
) -> None:
    # The first answer comes one byte every 0.2 s (a minute in all: no socket timeout fires).
    # The request is abandoned after STALL_AFTER and the later reports go out on a new
    # connection. (They used to wait behind it.)
    endpoint.respond(trickle=True)
    app = """
        import sys
        import recover_runtime as rr
        import recover_runtime.delivery
        recover_runtime.delivery.STALL_AFTER = 1.0
        rr.init(opted_in=True, flush_timeout=60)
        with rr.recover(reraise=False):
            raise ValueError("first")
        print("first failed", flush=True)
        sys.stdin.readline()
        for n in ("second", "third"):
            with rr.recover(reraise=False):
                raise ValueError(n)
        rr.flush(30)
        print("flushed", flush=True)
    """
    with RunningApp(app, env=sending_env(endpoint.dsn)) as running:
        running.wait_for_line("first failed")
        endpoint.wait_for_requests(1)
        endpoint.respond()
        running.tell("go on")
        running.wait_for_line("flushed", timeout=30)
        returncode, stderr = running.finish()

    assert returncode == 0, stderr
    assert _values(endpoint, 3) == ["first", "second", "third"]
    assert stderr.count("took longer than 1 s to send and was abandoned") == 1


def test_init_again_while_threads_fail_loses_nothing(endpoint: SentryEndpoint) -> None:
    # What was queued under the previous configuration is still sent with it. (Reconfiguring
    # used to stop the previous sender with its queue.)
    endpoint.respond(delay=0.02)
    app = """
        import threading
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=0)

        def work(t):
            for n in range(25):
                with rr.recover(reraise=False):
                    raise ValueError(f"{t}-{n}")

        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for thread in threads:
            thread.start()
        for _ in range(20):
            rr.init(opted_in=True, flush_timeout=0)
        for thread in threads:
            thread.join()
        rr.flush(30)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    expected = sorted(f"{t}-{n}" for t in range(4) for n in range(25))
    assert _values(endpoint, 100) == expected
    assert len(endpoint.events) == 100


def test_a_full_queue_drops_counts_and_logs_once(endpoint: SentryEndpoint) -> None:
    endpoint.hold()
    app = """
        import sys
        import recover_runtime as rr
        import recover_runtime.delivery
        recover_runtime.delivery.QUEUE_LIMIT = 20
        rr.init(opted_in=True, flush_timeout=20)
        for n in range(50):
            with rr.recover(reraise=False):
                raise ValueError(n)
        print("failed 50 times", flush=True)
        sys.stdin.readline()
    """
    with RunningApp(app, env=sending_env(endpoint.dsn)) as running:
        running.wait_for_line("failed 50 times")
        endpoint.release()
        running.tell("end")
        returncode, stderr = running.finish()

    assert returncode == 0, stderr
    assert stderr.count("crash reports dropped: 20 are already waiting") == 1
    found = re.search(r"crash reports not sent: (\d+) dropped because 20 were already", stderr)
    assert found is not None, stderr
    # 20 waited and at most one was already being sent when the rest came.
    sent = len(endpoint.wait_for_events(20))
    assert sent in (20, 21)
    assert sent + int(found.group(1)) == 50


def test_a_huge_message_is_capped_before_it_costs_anything(endpoint: SentryEndpoint) -> None:
    app = """
        import logging
        import recover_runtime as rr
        logging.getLogger("recover_runtime").addHandler(logging.NullHandler())
        logging.getLogger("recover_runtime").propagate = False
        rr.init(opted_in=True)
        with rr.recover(reraise=False):
            raise ValueError("x" * 5_000_000)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    [event] = endpoint.wait_for_events(1)
    value = event["exception"]["values"][0]["value"]
    assert value == "x" * 8191 + "…"
    assert max(len(body) for body in endpoint.bodies) < 64_000


def test_flush_never_raises() -> None:
    app = """
        import json, os
        import recover_runtime as rr
        from recover_runtime.settings import INHERITED_VARIABLE
        # What a parent could have left in the environment: a DSN that does not parse.
        os.environ[INHERITED_VARIABLE] = json.dumps({
            "dsn": "not a dsn", "environment": "ci-main", "context_name": None,
            "context_version": None, "release": None, "flush_timeout": 1.0,
        })
        with rr.recover(reraise=False):
            raise ValueError("inherited")
        for timeout in (1, "soon", None, float("nan"), -1, float("inf"), [2]):
            rr.flush(timeout)
        print("flushed")
    """
    result = run_app(app, timeout=60)

    assert result.stdout.strip() == "flushed", result.stderr
    assert "not a dsn" not in result.stderr


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_transports_own_warnings_stay_out_of_the_application_log() -> None:
    dsn = f"http://0123456789abcdef0123456789abcdef@127.0.0.1:{_closed_port()}/1"
    app = """
        import logging
        import recover_runtime as rr
        logging.basicConfig(level=logging.INFO, format="%(name)s %(levelname)s %(message)s")
        rr.init(opted_in=True)
        for n in range(2):
            with rr.recover(reraise=False):
                raise ValueError(n)
        rr.flush(10)
        logging.getLogger("urllib3.connectionpool").warning("the application's own warning")
    """
    result = run_app(app, env=sending_env(dsn))

    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith(("urllib3", "sentry_sdk"))] == [
        "urllib3.connectionpool WARNING the application's own warning"
    ]
    assert "Retrying" not in result.stderr
    assert result.stderr.count("could not send a crash report (") == 1


def test_importing_the_runtime_imports_neither_sentry_sdk_nor_asyncio() -> None:
    app = """
        import sys
        import recover_runtime as rr
        heavy = ("sentry_sdk", "asyncio", "urllib3")
        print(*[name for name in heavy if name in sys.modules], "|", end=" ")
        rr.init(opted_in=False)
        print(*[name for name in heavy if name in sys.modules], "|", end=" ")
        rr.init("http://0123456789abcdef0123456789abcdef@127.0.0.1:9/1", opted_in=True)
        print(*[name for name in heavy if name in sys.modules if name != "asyncio"])
    """
    result = run_app(app, env={"SENTRY_ENVIRONMENT": "ci-main"})

    assert result.stdout.split() == ["|", "|", "sentry_sdk", "urllib3"], result.stderr


def test_a_pool_worker_sends_before_its_parent_can_terminate_it(
    endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    # Pool.__exit__ terminates the workers (SIGTERM: no exit code of theirs runs), so a
    # report in a daemonic worker waits for delivery before the task returns.
    app = """
        import multiprocessing
        import recover_runtime as rr

        def work(n):
            raise ValueError(f"job {n}")

        if __name__ == "__main__":
            rr.init(opted_in=True)
            with multiprocessing.get_context("fork").Pool(2) as pool:
                jobs = [pool.apply_async(rr.recover(work, reraise=False), (n,)) for n in range(4)]
                print([job.get() for job in jobs])
    """
    result = run_app(app, env=sending_env(endpoint.dsn), script=tmp_path / "app.py")

    assert result.stdout.strip() == "[None, None, None, None]", result.stderr
    assert _values(endpoint, 4) == [f"job {n}" for n in range(4)]


def test_a_report_made_while_the_interpreter_exits_is_sent(endpoint: SentryEndpoint) -> None:
    # The first report of the process comes from an atexit function: Python 3.12 refuses to
    # start a thread then, so it is sent from the exiting thread, within the same bound.
    app = """
        import atexit
        import recover_runtime as rr

        def last_words():
            raise ValueError("at exit")

        atexit.register(last_words)  # registered after the runtime's: runs before it
        rr.init(opted_in=True, flush_timeout=10)
        rr.install_hooks()
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    assert _values(endpoint, 1) == ["at exit"]
