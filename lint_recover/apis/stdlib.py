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
    POOLS,
    START_NEW_THREAD,
    THREAD,
    TIMER,
)
from lint_recover.apis.model import (
    FUTURE_FORMS,
    ITERATE,
    READ,
    RETURN,
    SpawnApi,
    WorkMethod,
    named,
    on,
)

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

# `run_coroutine_threadsafe` schedules a coroutine on a loop from another thread; its
# concurrent future keeps the exception silently (not even logged) until someone reads it.
_THREADSAFE = named(
    SpawnApi("", "RCV301", 0, "coro", returns="result", consumed_by=FUTURE_FORMS, work="coroutine"),
    "asyncio.run_coroutine_threadsafe",
)

# `gather(..., return_exceptions=True)` turns its coroutines' exceptions into values of the
# list it gives: lost unless that list is read.
_GATHERED = named(
    SpawnApi(
        "",
        "RCV303",
        0,
        None,
        returns="result",
        consumed_by=frozenset({READ, RETURN}),
        work="coroutine",
        varargs=True,
        requires="return_exceptions",
    ),
    "asyncio.gather",
)

# A `multiprocessing` pool keeps a job's exception in its async result (read with `.get()`) or
# in the iterator `imap` returns; `error_callback=` receives it instead. Its `callback=` and
# `error_callback=` run in the pool's result thread, where an exception is lost (and stops the
# pool handing results back). `apply`, `map` and `starmap` propagate: not spawns.
_POOLS = sorted(POOLS)
_ASYNC_RESULT = frozenset({".get", RETURN})
_POOL_JOBS = [
    *(
        row
        for method in ("apply_async", "map_async", "starmap_async")
        for row in (
            *on(
                SpawnApi(
                    "",
                    "RCV201",
                    0,
                    "func",
                    returns="result",
                    consumed_by=_ASYNC_RESULT,
                    handed_to="error_callback",
                ),
                _POOLS,
                method,
            ),
            *on(SpawnApi("", "RCV302", None, "callback", called_with="value"), _POOLS, method),
            *on(
                SpawnApi("", "RCV302", None, "error_callback", called_with="value"), _POOLS, method
            ),
        )
    ),
    *(
        row
        for method in ("imap", "imap_unordered")
        for row in on(
            SpawnApi(
                "", "RCV201", 0, "func", returns="result", consumed_by=frozenset({ITERATE, RETURN})
            ),
            _POOLS,
            method,
        )
    ),
]

# More loop callbacks: file-descriptor readiness, signals, and a server's connection callback
# (called with a reader and a writer; a coroutine function's task is the loop's alone).
_LOOP_IO = [
    *on(SpawnApi("", "RCV302", 1, "callback", called_with="trailing"), sorted(LOOPS), "add_reader"),
    *on(SpawnApi("", "RCV302", 1, "callback", called_with="trailing"), sorted(LOOPS), "add_writer"),
    *on(
        SpawnApi("", "RCV302", 1, "callback", called_with="trailing"),
        sorted(LOOPS),
        "add_signal_handler",
    ),
    *named(
        SpawnApi("", "RCV302", 0, "client_connected_cb", called_with="value"),
        "asyncio.start_server",
        "asyncio.start_unix_server",
    ),
]

# Callbacks the interpreter runs with no caller of the application's: a signal handler
# (between any two bytecodes, its exception raised into whatever code was running), and
# exit and collection callbacks (their exceptions only printed through `sys.unraisablehook`).
_INTERPRETER = [
    *named(SpawnApi("", "RCV601", 1, "handler", called_with="value"), "signal.signal"),
    *named(SpawnApi("", "RCV602", 0, "func", called_with="trailing"), "atexit.register"),
    *named(SpawnApi("", "RCV602", 1, "func", called_with="trailing"), "weakref.finalize"),
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

ROWS: tuple[SpawnApi, ...] = (
    *_THREADS,
    *_EXECUTORS,
    *_TASKS,
    *_THREADSAFE,
    *_GATHERED,
    *_CALLBACKS,
    *_POOL_JOBS,
    *_LOOP_IO,
    *_INTERPRETER,
    *_PROCESSES,
)

# `run()` of a `Thread` subclass is the thread's whole body (RCV102, at its `def`).
WORK_METHODS: tuple[WorkMethod, ...] = (WorkMethod(THREAD, "run", "RCV102"),)
