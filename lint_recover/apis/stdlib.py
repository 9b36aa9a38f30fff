"""The standard library's spawn APIs: the table the spawn rules read (see `apis.model`).

Every way the standard library starts work whose exception may not reach the code that
started it is one row here; the rule families only document the codes. `docs/rules.md`,
`explain` and the text screen are derived from these rows.
"""

from __future__ import annotations

from lint_recover.apis import (
    EXECUTORS,
    FUTURES,
    LOOPS,
    START_NEW_THREAD,
    THREAD,
    TIMER,
)
from lint_recover.apis.model import FUTURE_FORMS, ITERATE, SpawnApi, WorkMethod, named, on

# Threads hand nothing back: RCV101 whatever happens to the `Thread` object.
_THREAD = SpawnApi("", "RCV101", 1, "target")
_THREADS = [
    *named(_THREAD, THREAD),
    *named(SpawnApi("", "RCV101", 1, "function"), TIMER),
    *named(SpawnApi("", "RCV101", 0, "function"), *sorted(START_NEW_THREAD)),
    # `super().__init__(target=...)` in a subclass, or `Thread.__init__(self, None, target)`.
    *on(_THREAD, [THREAD], "__init__"),
    *on(SpawnApi("", "RCV101", 1, "function"), [TIMER], "__init__"),
]

# Executors keep the job's exception in a future (or the `map` iterator) for its consumer.
_JOB = SpawnApi("", "RCV201", 0, "fn", returns="result", consumed_by=FUTURE_FORMS)
_EXECUTORS = [
    *on(_JOB, sorted(EXECUTORS), "submit"),
    *on(
        SpawnApi("", "RCV201", 0, "fn", returns="result", consumed_by=frozenset({ITERATE})),
        sorted(EXECUTORS),
        "map",
    ),
    *on(
        SpawnApi("", "RCV201", 1, "func", returns="result", consumed_by=FUTURE_FORMS),
        sorted(LOOPS),
        "run_in_executor",
    ),
    *named(
        SpawnApi("", "RCV201", 0, "func", returns="result", consumed_by=FUTURE_FORMS),
        "asyncio.to_thread",
    ),
]

# Tasks keep the coroutine's exception until someone awaits or reads them.
_TASK = SpawnApi(
    "", "RCV301", 0, "coro", returns="result", consumed_by=FUTURE_FORMS, work="coroutine"
)
_TASKS = [
    *named(_TASK, "asyncio.create_task"),
    *named(
        SpawnApi(
            "",
            "RCV301",
            0,
            "coro_or_future",
            returns="result",
            consumed_by=FUTURE_FORMS,
            work="coroutine",
        ),
        "asyncio.ensure_future",
    ),
    *on(_TASK, sorted(LOOPS), "create_task"),
]

# The loop only logs what a callback raises.
_SOON = SpawnApi("", "RCV302", 0, "callback", called_with="trailing")
_LATER = SpawnApi("", "RCV302", 1, "callback", called_with="trailing")
_CALLBACKS = [
    *on(_SOON, sorted(LOOPS), "call_soon"),
    *on(_SOON, sorted(LOOPS), "call_soon_threadsafe"),
    *on(_LATER, sorted(LOOPS), "call_later"),
    *on(_LATER, sorted(LOOPS), "call_at"),
    *on(SpawnApi("", "RCV302", 0, "fn", called_with="value"), sorted(FUTURES), "add_done_callback"),
]

# A child process's exception dies with it. `Process` is a class attribute of every context,
# called without the context (`get_context("spawn").Process(target=f)`).
_PROCESSES = named(
    SpawnApi("", "RCV501", 1, "target"),
    "multiprocessing.Process",
    *(
        f"multiprocessing.{context}.Process"
        for context in (
            "BaseContext",
            "DefaultContext",
            "ForkContext",
            "SpawnContext",
            "ForkServerContext",
        )
    ),
    "multiprocessing.dummy.Process",  # a thread under the process API's name
)

ROWS: tuple[SpawnApi, ...] = (*_THREADS, *_EXECUTORS, *_TASKS, *_CALLBACKS, *_PROCESSES)

# `run()` of a `Thread` subclass is the thread's whole body (RCV102, at its `def`).
WORK_METHODS: tuple[WorkMethod, ...] = (WorkMethod(THREAD, "run", "RCV102"),)
