"""End to end: an app in its own process, sentry-sdk's real HTTP transport, a loopback endpoint."""

from __future__ import annotations

import json

import pytest

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint

FAILING_APP = """
    import recover_runtime as rr
    active = rr.init(opted_in=True, context_name="demo-app", context_version="2.4.1")

    @rr.recover
    def work():
        raise ValueError("work failed")

    try:
        work()
    except ValueError as error:
        print("re-raised", active)
"""


def test_an_exception_arrives_once_as_an_unhandled_error(endpoint: SentryEndpoint) -> None:
    result = run_app(FAILING_APP, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "re-raised True"
    [event] = endpoint.wait_for_events(1)
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("ValueError", "work failed")
    assert exception["mechanism"] == {"type": "recover", "handled": False}
    frames = exception["stacktrace"]["frames"]
    assert [frame["function"] for frame in frames] == ["work"]
    assert event["environment"] == "ci-main"
    assert event["release"] == "2.4.1"
    assert event["tags"] == {"context.name": "demo-app", "context.version": "2.4.1"}
    # Logged with its traceback on the runtime's logger (Python's last-resort handler here).
    assert "unhandled ValueError in work" in result.stderr
    assert "line 7, in work" in result.stderr


def test_the_server_accepts_the_event_without_complaint(endpoint: SentryEndpoint) -> None:
    run_app(FAILING_APP, env=sending_env(endpoint.dsn))

    endpoint.wait_for_events(1)
    [normalized] = endpoint.normalized
    assert "errors" not in normalized
    assert "server_name" not in normalized
    assert "server_name" not in dict(normalized["tags"])
    assert normalized["exception"]["values"][0]["mechanism"]["handled"] is False


@pytest.mark.parametrize(
    ("variable", "sent_as"),
    [
        ("ci-main", "ci-main"),
        ("ci-nightly", "ci-nightly"),
        (" CI-Nightly ", "ci-nightly"),
        ("ci-pr", None),
        ("development", None),
        ("production", None),  # production only comes from build time
        ("staging", None),  # unknown: nothing is sent
        ("", None),  # none at all counts as development
    ],
)
def test_environment_rules(endpoint: SentryEndpoint, variable: str, sent_as: str | None) -> None:
    result = run_app(FAILING_APP, env=sending_env(endpoint.dsn, variable))

    assert result.stdout.strip() == f"re-raised {sent_as is not None}", result.stderr
    if sent_as is None:
        assert endpoint.raw_bodies == []
        assert "unhandled ValueError in work" in result.stderr  # still logged
    else:
        [event] = endpoint.wait_for_events(1)
        assert event["environment"] == sent_as


def test_sentry_sdk_s_own_release_variable_decides_nothing(endpoint: SentryEndpoint) -> None:
    """sentry-sdk would take `SENTRY_RELEASE` from the process; the release is the context
    version (or none at all), whatever the process says."""
    env = {**sending_env(endpoint.dsn), "SENTRY_RELEASE": "leaked@9.9.9"}
    run_app(FAILING_APP, env=env)
    without_version = FAILING_APP.replace(', context_version="2.4.1"', "")
    run_app(without_version, env=env)

    first, second = endpoint.wait_for_events(2)
    assert first["release"] == "2.4.1"
    assert "release" not in second or second["release"] in ("", None)
    assert "leaked" not in json.dumps([first, second])


def test_nothing_is_sent_without_opt_in(endpoint: SentryEndpoint) -> None:
    result = run_app(
        FAILING_APP.replace("opted_in=True", "opted_in=False"), env=sending_env(endpoint.dsn)
    )

    assert result.stdout.strip() == "re-raised False", result.stderr
    assert "unhandled ValueError in work" in result.stderr
    assert endpoint.raw_bodies == []


def test_shutdown_stops_reporting_without_falling_back_to_the_environment(
    endpoint: SentryEndpoint,
) -> None:
    app = """
        import recover_runtime as rr
        from recover_runtime.settings import INHERITED_VARIABLE
        import os
        rr.init(opted_in=True)  # SENTRY_DSN from the environment
        with rr.recover(reraise=False):
            raise ValueError("before shutdown")
        rr.shutdown()
        print(INHERITED_VARIABLE in os.environ)
        with rr.recover(reraise=False):
            raise ValueError("after shutdown")
        rr.flush(1)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert "after shutdown" in result.stderr  # logged, not sent
    [event] = endpoint.events
    assert event["exception"]["values"][0]["value"] == "before shutdown"


def test_init_again_reconfigures(endpoint: SentryEndpoint) -> None:
    with SentryEndpoint() as second:
        app = f"""
            import recover_runtime as rr
            rr.init({endpoint.dsn!r}, opted_in=True, context_name="first")
            with rr.recover(reraise=False):
                raise ValueError("one")
            rr.init({second.dsn!r}, opted_in=True, context_name="second")
            with rr.recover(reraise=False):
                raise ValueError("two")
        """
        result = run_app(app, env={"SENTRY_ENVIRONMENT": "ci-main"})

        assert result.returncode == 0, result.stderr
        [first_event] = endpoint.wait_for_events(1)
        [second_event] = second.wait_for_events(1)
    assert first_event["tags"]["context.name"] == "first"
    assert first_event["exception"]["values"][0]["value"] == "one"
    assert second_event["tags"]["context.name"] == "second"
    assert second_event["exception"]["values"][0]["value"] == "two"
    assert len(endpoint.events) == 1


def test_one_exception_is_reported_once_across_recovers_and_threads(
    endpoint: SentryEndpoint,
) -> None:
    app = """
        import asyncio
        from concurrent.futures import ThreadPoolExecutor
        import recover_runtime as rr
        rr.init(opted_in=True)

        @rr.recover
        def inner():
            raise ValueError("once")

        @rr.recover
        def outer():
            inner()

        @rr.recover
        def consume(future):
            return future.result()  # the same object, re-raised in this thread

        with ThreadPoolExecutor(2) as pool:
            failed = pool.submit(outer)
            with rr.recover(reraise=False):
                pool.submit(consume, failed).result()

        async def main():
            await rr.recover(asyncio.sleep(0))
            with rr.recover(reraise=False):
                await asyncio.create_task(rr.recover(asyncio.to_thread(outer)))
        asyncio.run(main())
        rr.flush(5)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    values = [event["exception"]["values"][-1]["value"] for event in endpoint.events]
    assert values == ["once", "once"]  # one per raise: the thread pool's, then asyncio's
    assert result.stderr.count("unhandled ValueError") == 2


def test_every_event_has_a_trace_of_its_own(endpoint: SentryEndpoint) -> None:
    app = """
        import recover_runtime as rr
        rr.init(opted_in=True)
        for n in range(3):
            with rr.recover(reraise=False):
                raise ValueError(n)
    """
    run_app(app, env=sending_env(endpoint.dsn))

    events = endpoint.wait_for_events(3)
    traces = {event["contexts"]["trace"]["trace_id"] for event in events}
    assert len(traces) == 3
    assert all(len(trace) == 32 for trace in traces)
    assert all("trace" not in envelope.headers for envelope in endpoint.envelopes)


def test_base_exceptions_pass_through_unreported(endpoint: SentryEndpoint) -> None:
    app = """
        import asyncio
        import recover_runtime as rr
        rr.init(opted_in=True)
        seen = []

        @rr.recover(reraise=False)
        def interrupted():
            raise KeyboardInterrupt

        async def cancelled():
            async with rr.recover(reraise=False):
                raise asyncio.CancelledError

        for attempt in (interrupted, lambda: asyncio.run(cancelled())):
            try:
                attempt()
            except BaseException as error:
                seen.append(type(error).__name__)

        with rr.recover(reraise=False):
            raise SystemExit(3)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 3, result.stderr
    assert "unhandled" not in result.stderr
    assert endpoint.raw_bodies == []


def test_a_users_before_send_cannot_undo_the_privacy_rules(endpoint: SentryEndpoint) -> None:
    app = """
        import recover_runtime as rr

        def before_send(event, hint):
            event["server_name"] = "my-laptop"
            event["extra"] = {"sys.argv": ["app", "--secret"]}
            event.setdefault("tags", {})["team"] = "payments"
            return event

        rr.init(opted_in=True, before_send=before_send)
        with rr.recover(reraise=False):
            raise ValueError("x")
    """
    run_app(app, env=sending_env(endpoint.dsn))

    [event] = endpoint.wait_for_events(1)
    assert "server_name" not in event
    assert "extra" not in event
    assert event["tags"] == {"team": "payments"}


def test_a_users_before_send_may_drop_the_event(endpoint: SentryEndpoint) -> None:
    app = """
        import recover_runtime as rr
        rr.init(opted_in=True, before_send=lambda event, hint: None)
        with rr.recover(reraise=False):
            raise ValueError("x")
        rr.flush(2)
        print("done")
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.stdout.strip() == "done", result.stderr
    assert endpoint.events == []


def test_a_malformed_dsn_disables_reporting_without_stopping_the_app() -> None:
    result = run_app(FAILING_APP, env=sending_env("not a dsn"))

    assert result.stdout.strip() == "re-raised False", result.stderr
    assert "crash reporting disabled" in result.stderr
    assert "not a dsn" not in result.stderr


def test_invalid_init_arguments_are_a_clear_value_error() -> None:
    app = """
        import recover_runtime as rr
        for kwargs in ({"context_version": "1.0 beta"}, {"flush_timeout": -1}):
            try:
                rr.init(opted_in=True, **kwargs)
            except ValueError as error:
                print(error)
    """
    result = run_app(app)

    assert result.stdout.splitlines() == [
        "context_version: not a valid version (no spaces or slashes): '1.0 beta'",
        "flush_timeout: expected a non-negative number, got -1",
    ]


def test_what_children_inherit_is_the_resolved_settings(endpoint: SentryEndpoint) -> None:
    app = """
        import os, recover_runtime as rr
        from recover_runtime.settings import INHERITED_VARIABLE
        rr.init(opted_in=True, context_name="svc")
        print(os.environ[INHERITED_VARIABLE])
    """
    result = run_app(app, env=sending_env(endpoint.dsn, "ci-nightly"))

    inherited = json.loads(result.stdout)
    assert inherited == {
        "dsn": endpoint.dsn,
        "environment": "ci-nightly",
        "context_name": "svc",
        "context_version": None,
        "release": None,
        "flush_timeout": 2.0,
    }


def test_every_form_reports_without_the_primitives_frames(endpoint: SentryEndpoint) -> None:
    app = """
        import asyncio
        import recover_runtime as rr
        rr.init(opted_in=True, context_version="2.0", release="2.0-rc1")

        def plain():
            raise ValueError("call site")

        @rr.recover(reraise=False)
        def generator():
            yield 1
            raise ValueError("generator")

        @rr.recover(reraise=False)
        async def coroutine_function():
            raise ValueError("coroutine function")

        @rr.recover(reraise=False)
        async def async_generator():
            yield 1
            raise ValueError("async generator")

        async def job():
            raise ValueError("coroutine object")

        async def failing_task():
            raise ValueError("future")

        async def main():
            watched = rr.recover(asyncio.get_running_loop().create_task(failing_task()))
            await asyncio.wait({watched})  # the exception stays in the task, unread
            await coroutine_function()
            [n async for n in async_generator()]
            await rr.recover(job(), reraise=False)
            async with rr.recover(reraise=False):
                raise ValueError("async with")

        rr.recover(plain, reraise=False)()
        list(generator())
        asyncio.run(main())
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    events = endpoint.wait_for_events(7)
    innermost = {
        event["exception"]["values"][-1]["value"]: [
            frame["function"] for frame in event["exception"]["values"][-1]["stacktrace"]["frames"]
        ]
        for event in events
    }
    assert innermost == {
        "call site": ["plain"],
        "generator": ["generator"],
        "coroutine function": ["coroutine_function"],
        "async generator": ["async_generator"],
        "coroutine object": ["job"],
        "future": ["failing_task"],
        "async with": ["main"],
    }
    assert {event["release"] for event in events} == {"2.0-rc1"}
    assert {event["tags"]["context.version"] for event in events} == {"2.0"}
