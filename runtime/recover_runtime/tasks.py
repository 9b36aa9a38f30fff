"""Recovered tasks stay alive until they finish.

asyncio keeps only weak references to tasks: `asyncio.create_task(recover(job()))` whose task
nobody stores can be garbage-collected while it waits on a future that only it references,
and then neither its result nor its exception is ever seen (what ruff's RUF006 and
flake8-async's ASYNC300 warn about). A recovered coroutine therefore holds its own task in a
module-level table while it runs, and lets go when it finishes, fails or is cancelled.

`create_task(coro)` is `asyncio.create_task(recover(coro))` under a name those linters do not
flag: the form for a task that is started and not awaited. It returns the task, as
`asyncio.create_task` does, and takes the same keyword arguments.
"""

from __future__ import annotations

import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")

# Task -> how many recovered coroutines are running in it (they can nest).
_held: dict[Any, int] = {}


def hold_current_task() -> Any:
    """Hold the asyncio task running the caller, if any; returns it for `release_task`."""
    asyncio = sys.modules.get("asyncio")  # a coroutine run by asyncio: imported already
    if asyncio is None:
        return None
    try:
        task = asyncio.current_task()
    except RuntimeError:  # run by another framework, or driven by hand
        return None
    if task is not None:
        _held[task] = _held.get(task, 0) + 1
    return task


def release_task(task: Any) -> None:
    if task is None:
        return
    count = _held.pop(task, 1) - 1
    if count:
        _held[task] = count


def create_task(coro: Coroutine[Any, Any, T], /, **kwargs: Any) -> asyncio.Task[T]:
    """Start `coro` as an asyncio task under `recover`; the task stays alive until it ends.

    Keyword arguments (`name`, `context`, ...) are `asyncio.create_task`'s. Returns the task.
    """
    import asyncio

    from recover_runtime import recover  # its public name: what lint-recover recognises

    return asyncio.create_task(recover(coro), **kwargs)
