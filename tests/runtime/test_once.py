"""Reported once: across pickling, exceptions that refuse attributes, exception groups, and at
the recursion limit (where the report must still be made, and logged)."""

from __future__ import annotations

from pathlib import Path

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint


def _innermost(event: dict[str, object]) -> tuple[str, str]:
    value = event["exception"]["values"][-1]  # type: ignore[index]
    return value["type"], value["value"]


def test_an_exception_with_its_own_reduce_is_reported_once_through_a_process_pool(
    endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    # botocore's ClientError and SQLAlchemy's StatementError rebuild themselves from their
    # arguments, dropping __dict__ (and the mark that was in it): the parent reported the
    # worker's exception a second time.
    app = """
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing
        import recover_runtime as rr

        class ClientError(Exception):
            def __init__(self, response, operation):
                super().__init__(f"{operation} failed: {response['code']}")
                self.response = response
                self.operation = operation

            def __reduce__(self):
                return type(self), (self.response, self.operation)

        def put_object(n):
            raise ClientError({"code": n}, "PutObject")

        if __name__ == "__main__":
            rr.init(opted_in=True)
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(1, mp_context=spawn) as pool:
                future = pool.submit(rr.recover(put_object), 7)
                with rr.recover(reraise=False):
                    future.result()
            error = future.exception()
            print(type(error).__name__, error.response)
    """
    result = run_app(app, env=sending_env(endpoint.dsn), script=tmp_path / "app.py")

    assert result.stdout.strip() == "ClientError {'code': 7}", result.stderr
    [event] = endpoint.wait_for_events(1)
    assert _innermost(event) == ("ClientError", "PutObject failed: 7")
    assert result.stderr.count("unhandled ClientError") == 1
    assert len(endpoint.events) == 1


def test_an_exception_refusing_attributes_is_reported_once(endpoint: SentryEndpoint) -> None:
    # A frozen dataclass refuses setattr: each nested recover reported it again.
    app = """
        import dataclasses
        import recover_runtime as rr
        rr.init(opted_in=True)

        @dataclasses.dataclass(frozen=True)
        class Refused(Exception):
            code: int

        @rr.recover
        def inner():
            raise Refused(7)

        @rr.recover
        def outer():
            inner()

        with rr.recover(reraise=False):
            outer()
        rr.flush(10)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    [event] = endpoint.wait_for_events(1)
    assert _innermost(event)[0] == "Refused"
    assert result.stderr.count("unhandled Refused") == 1
    assert len(endpoint.events) == 1


def test_a_task_group_child_is_not_sent_again_inside_the_group(endpoint: SentryEndpoint) -> None:
    # Child 1 is recovered (reported alone), child 2 is not: the group's event holds child 2
    # only. Child 1 used to arrive twice, alone and inside the group.
    app = """
        import asyncio
        import recover_runtime as rr
        rr.init(opted_in=True)

        async def child(n, go):
            await go.wait()
            raise ValueError(f"child {n}")

        async def main():
            go = asyncio.Event()
            async with asyncio.TaskGroup() as group:
                group.create_task(rr.recover(child(1, go)))
                group.create_task(child(2, go))
                go.set()

        try:
            asyncio.run(rr.recover(main()))
        except ExceptionGroup as error:
            print(sorted(str(e) for e in error.exceptions))
        rr.flush(10)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.stdout.strip() == "['child 1', 'child 2']", result.stderr
    events = endpoint.wait_for_events(2)
    sent = sorted(
        sorted(
            (value["type"], value["value"])
            for value in event["exception"]["values"]
            if value["type"] == "ValueError"
        )
        for event in events
    )
    assert sent == [[("ValueError", "child 1")], [("ValueError", "child 2")]]
    assert len(endpoint.events) == 2


def test_a_recursion_error_is_reported_and_logged_once(endpoint: SentryEndpoint) -> None:
    app = """
        import recover_runtime as rr
        rr.init(opted_in=True)

        @rr.recover
        def down(n):
            return down(n + 1)

        try:
            down(0)
        except RecursionError:
            print("re-raised")
        rr.flush(10)
    """
    result = run_app(app, env=sending_env(endpoint.dsn))

    assert result.stdout.strip() == "re-raised", result.stderr
    [event] = endpoint.wait_for_events(1)
    assert _innermost(event)[0] == "RecursionError"
    assert result.stderr.count("unhandled RecursionError in down") == 1
    [normalized] = endpoint.normalized
    assert "errors" not in normalized
