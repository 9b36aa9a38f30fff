"""The standard-library APIs the rules know, under one canonical spelling each.

The same class is reachable under several module paths (`concurrent.futures.thread.
ThreadPoolExecutor`, `asyncio.events.get_running_loop`, `multiprocessing.context.Process`);
`canonical` folds them into the public spelling so that rules compare one name. The
resolver also stops at these names instead of following them into a project that happens
to contain the standard library itself (checking CPython's `Lib/`), where the public name
is often a lazy re-export it could not follow.
"""

from __future__ import annotations

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
# aside). Not `set.remove`, `list.remove` or `dict.pop`: a missing item raises.
CANNOT_RAISE = frozenset({"builtins.set.add", "builtins.set.discard", "builtins.list.append"})
# Methods that cannot raise when called with no argument, as a loop calls a callback given
# alone (`loop.call_soon_threadsafe(event.set)`, `loop.call_soon(loop.stop)`): they set a
# flag and wake waiters. Not as a done-callback, which gets the future: a TypeError there.
CANNOT_RAISE_WITHOUT_ARGUMENTS = frozenset(
    {"asyncio.Event.set", "threading.Event.set", *(f"{loop}.stop" for loop in LOOPS)}
)
MULTIPROCESSING_CONTEXT = "multiprocessing.BaseContext"

# What calling these returns, when the rules care (a loop, a future, a process context).
RETURNS = {
    "asyncio.get_running_loop": LOOP,
    "asyncio.get_event_loop": LOOP,
    "asyncio.new_event_loop": LOOP,
    "asyncio._get_running_loop": LOOP,
    "asyncio.create_task": FUTURE,
    "asyncio.ensure_future": FUTURE,
    "multiprocessing.get_context": MULTIPROCESSING_CONTEXT,
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
