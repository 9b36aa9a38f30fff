"""A spawn API as data: one row of the table every spawn rule reads.

A row says, for one callable (by canonical qualified name): which argument is the work it
starts, which code reports that work when it is not recovered, and whether the work's
exception can come back to the code that started it, and how. The standard library's rows
are `apis/stdlib.py`; third-party presets and the `spawners` configuration key build rows of
the same kind, so a new API is one row and never code.

How an exception comes back (`returns`):
- "never": threads, timers, processes, loop callbacks, signal handlers... hand nothing back;
  the work is always reported unless it is recovered.
- "result": it is kept in what the call returns (a future, a task, an iterator, an async
  result) and raised again to whoever consumes that, in one of the `consumed_by` ways.
  Reported only when nobody visible consumes it.
A row may also name a keyword argument (`handed_to`, e.g. `error_callback=`) that receives
the exception instead: given, the work's exception reaches that function.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

Returns = Literal["never", "result"]
# What the work argument is: a callable the API calls later (judged by its definition), or a
# coroutine (or other awaitable) object the API schedules (judged by the `async def` called).
WorkKind = Literal["callable", "coroutine"]
# What the API calls the work with: the trailing positional arguments of the call
# (`call_soon(cb, *args)`: nothing when there are none), a value of its own (a done-callback
# gets its future, a signal handler the signal and frame), or arguments given some other way
# (`Thread(target=f, args=...)`). A method that cannot raise when called with nothing
# (`event.set`) may raise when handed a value.
CalledWith = Literal["trailing", "value", "arguments"]

# Ways a result is consumed, as the facts record them: awaited (also through `gather`,
# `wait_for`, `shield`, `run_until_complete`), iterated (`for`, a comprehension, `list(...)`),
# returned or yielded to the caller (who holds it from then on), read in any way at all (a
# list of results and exceptions: `for r in results`, `results[0]`), or a method called on it
# (".result", ".get", ...: any name starting with a dot).
AWAIT = "await"
ITERATE = "iterate"
RETURN = "return"
READ = "read"
# Futures and tasks: the forms that raise their exception, or hand the future to a caller.
FUTURE_FORMS = frozenset({AWAIT, ".result", ".exception", RETURN})


@dataclass(frozen=True, slots=True)
class SpawnApi:
    """One spawn API: `name` called with its work at `position` or as `keyword`.

    `position` counts the arguments of a call through an instance or a module (`pool.submit(
    fn)`: 0); a method called through its class (`Executor.submit(pool, fn)`) passes the
    instance first, which `method` accounts for.
    """

    name: str
    code: str
    position: int | None
    keyword: str | None
    returns: Returns = "never"
    consumed_by: frozenset[str] = frozenset()
    work: WorkKind = "callable"
    called_with: CalledWith = "arguments"
    method: bool = False
    handed_to: str | None = None
    # Every positional argument from `position` on is a work (`gather(*coros)`).
    varargs: bool = False
    # The row applies only to calls passing this keyword, other than `False`
    # (`gather(..., return_exceptions=True)`).
    requires: str | None = None
    # Methods whose call on the result returns what carries the same exception (a Deferred's
    # `addCallback` returns the Deferred itself, `LoopingCall.start` the Deferred that fails
    # with the call): the result is consumed when what they return is.
    chained_by: frozenset[str] = frozenset()
    # Where the row comes from (`standard library`, a preset's library, `configuration`), for
    # messages and the documentation.
    origin: str = field(default="standard library", compare=False)

    def consumed_in(self, form: str) -> bool:
        """Whether a result used this way hands the work's exception to code."""
        return self.returns == "result" and form in self.consumed_by


@dataclass(frozen=True, slots=True)
class WorkMethod:
    """A method that a class runs as its work when a subclass overrides it (`threading.Thread.
    run`, gevent's `Greenlet._run`, Qt's `QThread.run`): the override is reported at its `def`
    with `code` unless it is recovered, whatever happens to the objects."""

    cls: str
    method: str
    code: str
    origin: str = field(default="standard library", compare=False)


@dataclass(frozen=True, slots=True, eq=False)
class Preset:
    """The spawn APIs of one third-party library: rows and work methods like the standard
    library's, and what resolution needs to recognise them in code that uses the library.

    A preset is on in a module with an import line that `mentions` the library (its module
    name, `text.presets`): only such a module is screened and walked for the preset's words,
    so code that never imports the library pays nothing for it. The configuration can turn it
    off, or on everywhere; it is on everywhere in a project that declares one of its
    `distributions` as a dependency (`config.declared`).

    - `prefixes`: the library's qualified names start with one of these.
    - `returns`: what calling these gives (`IOLoop.current()` is an `IOLoop`).
    - `modules`: module paths folded into the public one (`gevent.greenlet` -> `gevent`), as
      `apis.canonical` folds the standard library's private modules.
    - `methods`: calls known by their method's name (`<any>.addCallback(cb)` is a Deferred's)
      when resolution cannot tell the receiver, or tells only that it comes from the library
      (`self.after` of a `tkinter.Frame` subclass, `button.clicked.connect` of a Qt widget).
    - `receivers`: receivers known by their name (`self.io_loop` is a tornado `IOLoop`), when
      resolution cannot tell them.
    - `own_work_is_quiet`: the library's own callables and objects given as work (a Qt slot
      such as `self.close`, a signal, `root.destroy`, `Gtk.main_quit`) run in C or C++ and
      need no recovery.
    - `cannot_raise`: the library's callables that need no recovery given as work to any API
      (a Deferred's `callback`, which hands its value down the chain: what a callback there
      raises goes into the Deferred, not to the caller; a green `sleep`).
    """

    name: str
    library: str
    mentions: tuple[str, ...]
    prefixes: tuple[str, ...]
    rows: tuple[SpawnApi, ...]
    # The distributions a project declares to depend on the library (`PySide6-Essentials`).
    distributions: tuple[str, ...] = ()
    work_methods: tuple[WorkMethod, ...] = ()
    returns: Mapping[str, str] = field(default_factory=dict)
    modules: Mapping[str, str] = field(default_factory=dict)
    methods: Mapping[str, str] = field(default_factory=dict)
    receivers: Mapping[str, str] = field(default_factory=dict)
    own_work_is_quiet: bool = False
    cannot_raise: frozenset[str] = frozenset()

    def owns(self, name: str) -> bool:
        """Whether the qualified `name` belongs to the library."""
        return name.startswith(self.prefixes)


def named(template: SpawnApi, *names: str) -> list[SpawnApi]:
    """Rows of `template`'s shape for module-level functions or classes called by `names`."""
    return [replace(template, name=name) for name in names]


def on(template: SpawnApi, classes: Iterable[str], method: str) -> list[SpawnApi]:
    """Rows of `template`'s shape for one method of several classes (`call_soon` of every
    loop class)."""
    return [replace(template, name=f"{cls}.{method}", method=True) for cls in classes]
