"""A recovered coroutine keeps its own task alive until it finishes."""

from __future__ import annotations

import json

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint

# Each job waits on a future that only its own task references (through the coroutine's
# frame): nothing but the task keeps the pair alive, the shape RUF006 and ASYNC300 warn about.
APP = """
    import asyncio, gc, json, weakref
    import recover_runtime as rr
    rr.init(opted_in=True)
    futures = {}

    async def job(name):
        future = asyncio.get_running_loop().create_future()
        futures[name] = weakref.ref(future)
        await future

    async def main():
        asyncio.create_task(job("plain"))
        asyncio.create_task(rr.recover(job("recovered")))
        rr.create_task(job("created by the runtime"))
        for _ in range(3):
            await asyncio.sleep(0)
        for _ in range(3):
            gc.collect()
        alive = {name: ref() is not None for name, ref in futures.items()}
        for name, ref in futures.items():
            if (future := ref()) is not None:
                future.set_exception(ValueError(name))
        for _ in range(3):
            await asyncio.sleep(0)
        print(json.dumps(alive, sort_keys=True))

    asyncio.run(main())
    rr.flush(10)
"""


def test_a_recovered_task_survives_garbage_collection_and_reports(
    endpoint: SentryEndpoint,
) -> None:
    result = run_app(APP, env=sending_env(endpoint.dsn))

    assert result.returncode == 0, result.stderr
    # The plain task was collected mid-run (so the test can tell); the recovered ones lived.
    assert json.loads(result.stdout) == {
        "created by the runtime": True,
        "plain": False,
        "recovered": True,
    }
    values = sorted(e["exception"]["values"][-1]["value"] for e in endpoint.wait_for_events(2))
    assert values == ["created by the runtime", "recovered"]
    assert "Task was destroyed but it is pending" in result.stderr  # the plain one


def test_create_task_returns_the_task_and_takes_asyncio_s_keywords() -> None:
    app = """
        import asyncio
        import recover_runtime as rr

        async def answer():
            return 42

        async def main():
            task = rr.create_task(answer(), name="answering")
            print(type(task).__name__, task.get_name(), await task)

        asyncio.run(main())
    """
    result = run_app(app)

    assert result.stdout.split() == ["Task", "answering", "42"], result.stderr
