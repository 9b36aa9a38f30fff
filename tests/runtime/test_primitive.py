"""The forms of `recover`, in this process with reporting off: it still logs and re-raises."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import inspect
import pickle
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from typing import Any

import pytest
from recover_runtime import recover


class Boom(Exception):
    pass


async def failing_coroutine() -> None:
    raise Boom("coroutine")


class Deferred:
    """An awaitable that is neither a coroutine nor a future."""

    def __init__(self, coroutine: Any) -> None:
        self.coroutine = coroutine

    def __await__(self) -> Generator[Any, None, Any]:
        return self.coroutine.__await__()


def failing_job(value: int) -> int:
    """Fails with `value`."""
    raise Boom(value)


@recover
def decorated_at_module_level(value: int) -> int:
    return value


def rebound_at_module_level(value: int) -> int:
    return -value


rebound_at_module_level = recover(rebound_at_module_level)


def describe_holder(holder: object) -> str:
    return f"held by {type(holder).__name__}"


class Scaler:
    def __init__(self, factor: int) -> None:
        self.factor = factor

    def scaled(self, value: int) -> int:
        return value * self.factor


def _logged(caplog: pytest.LogCaptureFixture) -> list[BaseException | None]:
    """The exceptions logged on the runtime's logger, in order."""
    return [
        record.exc_info[1] if record.exc_info else None
        for record in caplog.records
        if record.name == "recover_runtime" and record.levelname == "ERROR"
    ]


def test_a_decorated_function_keeps_its_metadata_and_result() -> None:
    @recover
    def add(a: int, b: int = 2) -> int:
        """Adds."""
        return a + b

    assert add(1, b=3) == 4
    assert (add.__name__, add.__doc__) == ("add", "Adds.")
    assert inspect.signature(add) == inspect.signature(add.__wrapped__)  # type: ignore[attr-defined]


def test_the_same_exception_object_is_logged_once_and_re_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    error = Boom("x")

    @recover
    def inner() -> None:
        raise error

    @recover
    def outer() -> None:
        with recover():
            inner()

    with pytest.raises(Boom) as raised:
        outer()

    assert raised.value is error
    assert _logged(caplog) == [error]
    assert "unhandled Boom in" in caplog.records[0].getMessage()


def test_reraise_false_suppresses_and_returns_none(caplog: pytest.LogCaptureFixture) -> None:
    @recover(reraise=False)
    def fails() -> int:
        raise Boom

    assert fails() is None
    with recover(reraise=False):
        raise Boom("in a block")
    assert len(_logged(caplog)) == 2


def test_recover_without_target_is_a_shared_context_manager() -> None:
    assert recover() is recover()
    assert recover(reraise=False) is recover(reraise=False)
    assert recover() is not recover(reraise=False)


@pytest.mark.parametrize("passing", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_what_is_not_an_exception_passes_untouched(
    caplog: pytest.LogCaptureFixture, passing: type[BaseException]
) -> None:
    @recover(reraise=False)
    def stops() -> None:
        raise passing

    with pytest.raises(passing):
        stops()
    with pytest.raises(passing), recover(reraise=False):
        raise passing
    assert _logged(caplog) == []


def test_coroutine_functions_stay_coroutine_functions(caplog: pytest.LogCaptureFixture) -> None:
    @recover
    async def fetch(value: int) -> int:
        await asyncio.sleep(0)
        return value

    @recover(reraise=False)
    async def fails() -> None:
        raise Boom

    assert inspect.iscoroutinefunction(fetch)
    assert asyncio.run(fetch(5)) == 5
    assert asyncio.run(fails()) is None
    assert len(_logged(caplog)) == 1


def test_a_coroutine_object_is_awaited_under_recovery(caplog: pytest.LogCaptureFixture) -> None:
    async def job() -> int:
        raise Boom("in a task")

    async def main() -> None:
        task = asyncio.create_task(recover(job()))
        with pytest.raises(Boom):
            await task

    asyncio.run(main())
    assert [str(error) for error in _logged(caplog)] == ["in a task"]


def test_a_future_is_watched_and_returned_itself(caplog: pytest.LogCaptureFixture) -> None:
    """`ensure_future(recover(fut))` keeps `ensure_future`'s meaning: the same object."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        assert asyncio.ensure_future(recover(future)) is future
        future.set_exception(Boom("in a future"))
        with pytest.raises(Boom):
            await future
        cancelled = recover(loop.create_future())
        cancelled.cancel()
        await asyncio.sleep(0)

    asyncio.run(main())
    assert [str(error) for error in _logged(caplog)] == ["in a future"]


def test_a_thread_pool_future_is_watched(caplog: pytest.LogCaptureFixture) -> None:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(failing_job, 3)
        assert recover(future) is future
        with pytest.raises(Boom):
            future.result()
    assert [str(error) for error in _logged(caplog)] == ["3"]


def test_other_awaitables_are_awaited_under_recovery(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> None:
        gathered = asyncio.gather(failing_coroutine())  # a future: watched
        awaitable = Deferred(failing_coroutine())  # awaitable only: awaited in a coroutine
        with pytest.raises(Boom):
            await asyncio.ensure_future(recover(gathered))
        with pytest.raises(Boom):
            await asyncio.ensure_future(recover(awaitable))

    asyncio.run(main())
    assert [str(error) for error in _logged(caplog)] == ["coroutine", "coroutine"]


def test_cancellation_passes_through(caplog: pytest.LogCaptureFixture) -> None:
    started = asyncio.Event()

    @recover(reraise=False)
    async def waits() -> None:
        started.set()
        await asyncio.sleep(60)

    async def main() -> None:
        task = asyncio.create_task(waits())
        await started.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert _logged(caplog) == []


def test_async_with_reports_and_suppresses(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> str:
        async with recover(reraise=False):
            raise Boom("async block")
        return "went on"

    assert asyncio.run(main()) == "went on"
    assert [str(error) for error in _logged(caplog)] == ["async block"]
    assert caplog.records[0].getMessage().endswith(".main (with recover())")


def test_generators_forward_send_throw_and_close(caplog: pytest.LogCaptureFixture) -> None:
    closed = []

    @recover
    def echo() -> Generator[Any, Any, None]:
        received = None
        try:
            while True:
                try:
                    received = yield received
                except Boom:
                    received = "handled"
        finally:
            closed.append(True)

    generator = echo()
    assert inspect.isgeneratorfunction(echo)
    assert next(generator) is None
    assert generator.send(1) == 1
    assert generator.throw(Boom()) == "handled"
    generator.close()
    assert closed == [True]
    assert _logged(caplog) == []


def test_a_failing_generator_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    @recover(reraise=False)
    def numbers() -> Iterator[int]:
        yield 1
        raise Boom("after one")

    assert list(numbers()) == [1]
    assert [str(error) for error in _logged(caplog)] == ["after one"]


def test_async_generators_forward_asend_athrow_and_aclose(
    caplog: pytest.LogCaptureFixture,
) -> None:
    closed = []

    @recover
    async def echo() -> AsyncGenerator[Any, Any]:
        received = None
        try:
            while True:
                try:
                    received = yield received
                except Boom:
                    received = "handled"
        finally:
            closed.append(True)

    @recover
    async def fails() -> AsyncIterator[int]:
        yield 1
        raise Boom("async generator")

    async def main() -> list[Any]:
        generator = echo()
        seen = [await generator.__anext__(), await generator.asend(2)]
        seen.append(await generator.athrow(Boom()))
        await generator.aclose()
        with pytest.raises(Boom):
            seen.extend([value async for value in fails()])
        return seen

    assert inspect.isasyncgenfunction(echo)
    assert asyncio.run(main()) == [None, 2, "handled"]
    assert closed == [True]
    assert [str(error) for error in _logged(caplog)] == ["async generator"]


def test_methods_static_and_class_methods() -> None:
    class Service:
        factor = 3

        @recover
        def method(self, value: int) -> int:
            return value * self.factor

        @staticmethod
        @recover
        def static_inner(value: int) -> int:
            return value

        @recover  # outermost on a staticmethod/classmethod object works as well
        @classmethod
        def class_outer(cls, value: int) -> int:
            return value * cls.factor

    assert Service().method(2) == 6
    assert Service.static_inner(4) == 4
    assert Service.class_outer(5) == 15


def test_the_traceback_still_points_at_the_failure() -> None:
    @recover
    def fails() -> None:
        raise Boom

    with pytest.raises(Boom) as raised:
        fails()
    assert raised.traceback[-1].name == "fails"


def test_something_not_callable_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"takes a function, a coroutine or a future, not int"):
        recover(42)  # type: ignore[call-overload]


def test_a_call_site_wrap_pickles_as_recover_of_its_target(
    caplog: pytest.LogCaptureFixture,
) -> None:
    wrapped = recover(failing_job, reraise=False)
    copy = pickle.loads(pickle.dumps(wrapped))

    assert (copy.__name__, copy.__qualname__, copy.__doc__) == (
        "failing_job",
        "failing_job",
        "Fails with `value`.",
    )
    assert inspect.signature(copy) == inspect.signature(failing_job)
    assert copy(3) is None
    assert [error.args for error in _logged(caplog) if error] == [(3,)]
    assert repr(copy) == f"recover({failing_job!r}, reraise=False)"


def test_bound_methods_and_partials_wrapped_at_the_call_site_pickle_too() -> None:
    scaler = Scaler(4)

    assert pickle.loads(pickle.dumps(recover(scaler.scaled)))(2) == 8
    assert pickle.loads(pickle.dumps(recover(functools.partial(pow, 2))))(5) == 32


def test_decorating_yields_plain_functions_that_pickle_by_name() -> None:
    @recover
    def local(value: int) -> int:
        return value

    assert inspect.isfunction(local)
    assert inspect.isfunction(decorated_at_module_level)
    assert pickle.loads(pickle.dumps(decorated_at_module_level)) is decorated_at_module_level
    # `name = recover(name)` at module level: the module's name holds the wrapper itself.
    assert pickle.loads(pickle.dumps(rebound_at_module_level)) is rebound_at_module_level
    assert rebound_at_module_level(2) == -2


def test_a_call_site_wrap_binds_as_a_method_like_its_function() -> None:
    class Holder:
        describe = recover(describe_holder)

    assert Holder().describe() == "held by Holder"
    assert Holder.describe is Holder.__dict__["describe"]


def test_recover_above_a_cache_decorator_on_a_method_binds_like_the_cached_function() -> None:
    class Squares:
        @recover
        @functools.cache  # noqa: B019 (a test class, dropped with its cache)
        def of(self, value: int) -> int:
            return value * value

        bound_elsewhere = recover(Scaler(3).scaled)  # a bound method does not bind again

    assert Squares().of(4) == 16
    assert Squares().bound_elsewhere(2) == 6
