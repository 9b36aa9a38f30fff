"""RCV301 and RCV302: coroutines scheduled as tasks, and event-loop callbacks.

A task's exception is kept in the task and only logged ("exception was never retrieved")
when it is garbage-collected, so `create_task`/`ensure_future` are reported unless the task
is awaited in the same expression. `TaskGroup.create_task` and `asyncio.gather` hand the
exception to the awaiting code and are not spawns here. Loop callbacks (`call_soon`,
`call_later`, ..., `add_done_callback`) hand nothing back: always reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_recover import apis
from lint_recover.findings import Finding
from lint_recover.rules.common import RuleContext, argument_of
from lint_recover.rules.registry import SPAWN_APIS, Rule, register

TASK = Rule(
    code="RCV301",
    name="task-not-recovered",
    summary="a coroutine scheduled as a task whose result nobody awaits is not recovered",
    message=(
        "task coroutine {target} is not recovered and the task is not awaited where it is "
        "created: an exception there is only logged when the task is collected; {remedy}"
    ),
    rationale=(
        "`asyncio.create_task`, `asyncio.ensure_future` and `loop.create_task` keep the "
        "coroutine's exception in the task. Awaited at once, or kept in a variable that the same "
        "function awaits, gathers or reads later, the exception reaches the caller; "
        "otherwise it is, at best, logged as 'Task exception was never retrieved' when the task "
        "is garbage-collected. `TaskGroup.create_task` and `gather` propagate to the awaiting "
        "code and are not reported."
    ),
    bad=(
        "import asyncio\n\n\n"
        "async def refresh():\n"
        '    raise ConnectionError("lost")\n\n\n'
        "async def main():\n"
        "    asyncio.create_task(refresh())\n"
    ),
    good=(
        "import asyncio\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover\n"
        "async def refresh():\n"
        '    raise ConnectionError("reported")\n\n\n'
        "async def main():\n"
        "    asyncio.create_task(refresh())\n"
    ),
    fix=(
        "Decorate the `async def` with `@recover`, wrap the coroutine "
        "(`create_task(recover(refresh()))`), await the task where it is created, or use a "
        "`TaskGroup`."
    ),
)

CALLBACK = Rule(
    code="RCV302",
    name="loop-callback-not-recovered",
    summary="an event-loop callback (`call_soon`, `call_later`, `add_done_callback`, ...) is "
    "not recovered",
    message=(
        "event-loop callback {target} is not recovered: an exception there only reaches the "
        "loop's exception handler; {remedy}"
    ),
    rationale=(
        "Callbacks run by the loop (`call_soon`, `call_soon_threadsafe`, `call_later`, "
        "`call_at`) and future callbacks (`add_done_callback`, on any receiver: only futures "
        "have it) have no caller to receive an exception: the loop logs it and carries on. "
        "They are always reported."
    ),
    bad=(
        "import asyncio\n\n\n"
        "def tick():\n"
        '    raise ValueError("lost")\n\n\n'
        "async def main():\n"
        "    asyncio.get_running_loop().call_soon(tick)\n"
    ),
    good=(
        "import asyncio\n\n"
        "from recover_runtime import recover\n\n\n"
        "def tick():\n"
        '    raise ValueError("reported")\n\n\n'
        "async def main():\n"
        "    asyncio.get_running_loop().call_soon(recover(tick))\n"
    ),
    fix="Decorate the callback with `@recover`, or pass `recover(callback)`.",
)

_TASKS = {
    "asyncio.create_task": (0, "coro"),
    "asyncio.ensure_future": (0, "coro_or_future"),
    **{f"{loop}.create_task": (0, "coro") for loop in apis.LOOPS},
}
_CALLBACKS = {
    **{f"{loop}.call_soon": (0, "callback") for loop in apis.LOOPS},
    **{f"{loop}.call_soon_threadsafe": (0, "callback") for loop in apis.LOOPS},
    **{f"{loop}.call_later": (1, "callback") for loop in apis.LOOPS},
    **{f"{loop}.call_at": (1, "callback") for loop in apis.LOOPS},
    **{f"{future}.add_done_callback": (0, "fn") for future in apis.FUTURES},
}
SPAWN_APIS.update(_TASKS, _CALLBACKS)
_DONE = ".add_done_callback"


@register(TASK, CALLBACK)
def check_asyncio(context: RuleContext) -> Iterator[Finding]:
    """RCV301 for a task whose result nobody awaits (an awaited one raises in its awaiter),
    RCV302 for every scheduled callback (the loop only logs what a callback raises)."""
    for site, name in context.spawn_calls:
        task = _TASKS.get(name)
        if task is not None and not context.result_consumed(site):
            argument = argument_of(site, *task)
            if argument is not None:
                yield from context.spawn_finding(site, argument, TASK.code, coroutine=True)
        callback = _CALLBACKS.get(name)
        if callback is not None:
            argument = argument_of(site, *callback)
            if argument is not None:
                # `call_soon(cb)`, `call_later(delay, cb)`: the loop calls `cb()` (nothing
                # after `cb`, nor after `callback=cb`); a done-callback always gets the future.
                last = argument not in site.args or site.args[-1:] == (argument,)
                alone = last and not name.endswith(_DONE)
                yield from context.spawn_finding(
                    site, argument, CALLBACK.code, called_without_arguments=alone
                )
