"""The standard-library APIs the rules know, under one canonical spelling each.

The same class is reachable under several module paths (`concurrent.futures.thread.
ThreadPoolExecutor`, `asyncio.events.get_running_loop`, `multiprocessing.context.Process`);
`canonical` folds them into the public spelling so that rules compare one name. The
resolver also stops at these names instead of following them into a project that happens
to contain the standard library itself (checking CPython's `Lib/`), where the public name
is often a lazy re-export it could not follow. The presets of third-party libraries fold
their modules the same way (`apis.presets`).
"""

from __future__ import annotations

from lint_recover.apis.presets import MODULE_ALIASES

_PRIVATE_MODULES = {
    "concurrent.futures.thread": "concurrent.futures",
    "concurrent.futures.process": "concurrent.futures",
    "concurrent.futures._base": "concurrent.futures",
    "asyncio.events": "asyncio",
    "asyncio.tasks": "asyncio",
    "asyncio.futures": "asyncio",
    "asyncio.base_events": "asyncio",
    "asyncio.selector_events": "asyncio",
    "asyncio.proactor_events": "asyncio",
    "asyncio.unix_events": "asyncio",
    "asyncio.windows_events": "asyncio",
    "asyncio.threads": "asyncio",
    "asyncio.taskgroups": "asyncio",
    "multiprocessing.context": "multiprocessing",
    "multiprocessing.process": "multiprocessing",
    **MODULE_ALIASES,  # the same for third-party libraries (`gevent.greenlet` -> `gevent`)
}

THREAD = "threading.Thread"
TIMER = "threading.Timer"
START_NEW_THREAD = frozenset({"_thread.start_new_thread", "_thread.start_new"})
EXECUTORS = frozenset(
    {
        "concurrent.futures.Executor",
        "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.ProcessPoolExecutor",
        "concurrent.futures.InterpreterPoolExecutor",
    }
)
LOOP = "asyncio.AbstractEventLoop"
LOOPS = frozenset(
    {
        LOOP,
        "asyncio.BaseEventLoop",
        "asyncio.SelectorEventLoop",
        "asyncio.ProactorEventLoop",
        "asyncio._UnixSelectorEventLoop",
        "asyncio.BaseSelectorEventLoop",
        "uvloop.Loop",
    }
)
FUTURE = "asyncio.Future"
CONCURRENT_FUTURE = "concurrent.futures.Future"
FUTURES = frozenset({FUTURE, CONCURRENT_FUTURE, "asyncio.Task"})
PARTIAL = "functools.partial"
# Builtin container methods that cannot raise when called with the one argument a callback
# gets, so they need no recovery: the asyncio docs keep tasks alive with
# `task.add_done_callback(background_tasks.discard)`. `set.add`/`set.discard` raise only for
# an unhashable argument (futures and tasks are hashable), `list.append` never (MemoryError
# aside). `set.remove` as a done-callback removes the task from the set it was added to
# (`task.add_done_callback(tasks.remove)`): only a second removal could raise. Not
# `list.remove` or `dict.pop`, which are not how tasks are kept.
CANNOT_RAISE = frozenset(
    {
        *("builtins.set.add", "builtins.set.discard", "builtins.set.remove"),
        "builtins.list.append",
        # Signal dispositions, not functions of the application: ignore, default, and the
        # one raising KeyboardInterrupt (no `Exception`).
        *("signal.SIG_IGN", "signal.SIG_DFL", "signal.default_int_handler"),
        *("signal.Handlers.SIG_IGN", "signal.Handlers.SIG_DFL"),
    }
)
# Methods that cannot raise when called with no argument, as a loop calls a callback given
# alone (`loop.call_soon_threadsafe(event.set)`, `loop.call_soon(loop.stop)`): they set a
# flag and wake waiters. Not as a done-callback, which gets the future: a TypeError there.
CANNOT_RAISE_WITHOUT_ARGUMENTS = frozenset(
    {"asyncio.Event.set", "threading.Event.set", *(f"{loop}.stop" for loop in LOOPS)}
)
# Functions that cannot raise an `Exception` (for judging what may escape a body).
SAFE_CALLS = frozenset(
    {
        *(
            f"builtins.{name}"
            for name in (
                "print",
                "len",
                "isinstance",
                "issubclass",
                "id",
                "repr",
                "hasattr",
                "callable",
                "bool",
            )
        ),
        *(f"time.{name}" for name in ("sleep", "time", "monotonic", "perf_counter")),
        "asyncio.sleep",
        "asyncio.set_event_loop",
        "asyncio.new_event_loop",
        "os.getpid",
        "threading.current_thread",
        "threading.get_ident",
        "logging.getLogger",
        # `sys.exit` and `os._exit` end the process: `SystemExit` is no `Exception`.
        "sys.exit",
        "os._exit",
    }
)
# Methods that, on the objects they are conventionally called on, cannot raise an
# `Exception`: events and conditions (`set`, `wait`, `notify_all` under its `with`), futures,
# tasks and timer handles (`cancel`, `done`, `exception`: a cancelled asyncio future raises
# `CancelledError`, which is no `Exception`), loop scheduling (`call_soon`, which runs nothing
# now), queues without a bound (`put`, `task_done`, `join`), containers (`append`, `add`,
# `discard`), signals and log handlers (`emit`: a Qt slot's or a handler's own failure does
# not reach the emitter), a loop's `run_forever` or `start` and a server's `serve_forever`
# (a callback's or a handler's exception goes to the loop's or the server's own handler), and
# `close` (clean-up). Judged by name where resolution cannot tell the receiver
# (`handle.cancel()`); a project method of that name is judged by its own body. Starting a task
# (`create_task`) runs nothing now either: the task's own exception is judged where it starts.
SAFE_METHODS = frozenset(
    {
        *("set", "clear", "is_set", "wait", "notify", "notify_all", "acquire"),
        *("cancel", "cancelled", "done", "exception", "remove_timeout"),
        *("call_soon", "call_soon_threadsafe", "call_later", "call_at", "stop", "run_forever"),
        *("create_task", "ensure_future"),
        *("start", "serve_forever", "close"),
        *("put", "task_done", "join", "is_alive", "append", "add", "discard", "emit", "sleep"),
    }
)
MULTIPROCESSING_CONTEXT = "multiprocessing.BaseContext"
# What `signal.signal` and `signal.getsignal` return: the handler that was there before,
# put back later (`signal.signal(signum, previous)`), which is the application's own state,
# not new work.
PREVIOUS_HANDLER = "signal.Handler"
# `multiprocessing.Pool()` (a context's method) gives a `multiprocessing.pool.Pool`; the
# thread pools share its API.
POOL = "multiprocessing.pool.Pool"
POOLS = frozenset({POOL, "multiprocessing.pool.ThreadPool"})

# What calling these returns, when the rules care (a loop, a future, a process context).
RETURNS = {
    "asyncio.get_running_loop": LOOP,
    "asyncio.get_event_loop": LOOP,
    "asyncio.new_event_loop": LOOP,
    "asyncio._get_running_loop": LOOP,
    "asyncio.create_task": FUTURE,
    "asyncio.ensure_future": FUTURE,
    "multiprocessing.get_context": MULTIPROCESSING_CONTEXT,
    "signal.signal": PREVIOUS_HANDLER,
    "signal.getsignal": PREVIOUS_HANDLER,
    "multiprocessing.Pool": POOL,
    "multiprocessing.BaseContext.Pool": POOL,
    "multiprocessing.dummy.Pool": "multiprocessing.pool.ThreadPool",
    **{f"{loop}.create_task": FUTURE for loop in LOOPS},
    **{f"{loop}.create_future": FUTURE for loop in LOOPS},
    **{f"{loop}.run_in_executor": FUTURE for loop in LOOPS},
    **{f"{executor}.submit": CONCURRENT_FUTURE for executor in EXECUTORS},
}

KNOWN = frozenset(
    {
        THREAD,
        TIMER,
        *START_NEW_THREAD,
        *EXECUTORS,
        *LOOPS,
        *FUTURES,
        PARTIAL,
        "asyncio.to_thread",
        "multiprocessing.Process",
        *RETURNS,
    }
)


def canonical(name: str) -> str:
    """The public spelling of a qualified name (`asyncio.events.X` -> `asyncio.X`)."""
    module, _, rest = name.rpartition(".")
    while module:
        public = _PRIVATE_MODULES.get(module)
        if public is not None:
            return f"{public}.{rest}"
        module, _, last = module.rpartition(".")
        rest = f"{last}.{rest}"
    return name
