"""RCV301 and RCV302: coroutines scheduled as tasks, and event-loop callbacks (their rows in
`apis/stdlib.py`).

A task's exception is kept in the task and only logged ("exception was never retrieved")
when it is garbage-collected, so a task is reported unless someone visible awaits or reads
it. `TaskGroup.create_task` and `asyncio.gather` hand the exception to the awaiting code and
are not spawns. Loop callbacks hand nothing back: always reported.
"""

from __future__ import annotations

from lint_recover.rules.registry import Rule, declare

TASK = Rule(
    code="RCV301",
    name="task-not-recovered",
    summary="a coroutine scheduled as a task whose result nobody awaits is not recovered",
    message=(
        "task coroutine {target} is not recovered and its task is not awaited or read where it "
        "is created: an exception there is at best logged when the task is collected; {remedy}"
    ),
    rationale=(
        "A task keeps its coroutine's exception. Awaited at once, or kept in a variable that "
        "the same function awaits, gathers or reads later, the exception reaches the caller; "
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
    summary="a callback run by an event loop, a future or a pool (`call_soon`, `call_later`, "
    "`add_done_callback`, `add_reader`, a pool's `callback=`...) is not recovered",
    message=(
        "callback {target} is not recovered: an exception there only reaches the loop's "
        "exception handler (or the pool's result thread); {remedy}"
    ),
    rationale=(
        "Callbacks run by the loop, future callbacks (`add_done_callback`, on any receiver: "
        "only futures have it) and a `multiprocessing` pool's `callback=`/`error_callback=` "
        "have no caller to receive an exception: the loop logs it and carries on, the pool's "
        "result thread dies with it. They are always reported."
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

GATHERED = Rule(
    code="RCV303",
    name="gathered-exception-not-read",
    summary="a coroutine given to `gather(..., return_exceptions=True)` whose results nobody "
    "reads is not recovered",
    message=(
        "gathered coroutine {target} is not recovered and the results of "
        "`gather(..., return_exceptions=True)` are not read: its exception became a value "
        "nobody looks at; {remedy}"
    ),
    rationale=(
        "With `return_exceptions=True`, `asyncio.gather` does not raise: each coroutine's "
        "exception becomes an item of the list it returns. Awaited as a statement, or kept in "
        "a variable that is never read, that list and the exceptions in it are dropped without "
        "a trace. Reading the list (iterating it, indexing it, returning it) hands the "
        "exceptions to code; otherwise each coroutine must be recovered."
    ),
    bad=(
        "import asyncio\n\n\n"
        "async def notify(user):\n"
        '    raise ConnectionError("mail server down")\n\n\n'
        "async def main(users):\n"
        "    await asyncio.gather(*map(audit, users), notify(users[0]), return_exceptions=True)\n"
    ),
    good=(
        "import asyncio\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover\n"
        "async def notify(user):\n"
        '    raise ConnectionError("mail server down")\n\n\n'
        "async def main(users):\n"
        "    await asyncio.gather(*map(audit, users), notify(users[0]), return_exceptions=True)\n"
    ),
    fix=(
        "Decorate the coroutine function with `@recover` (its exception is reported, then "
        "still returned as a value), wrap each coroutine (`gather(recover(a()), ...)`), or read "
        "the results."
    ),
)

declare(TASK, CALLBACK, GATHERED)
