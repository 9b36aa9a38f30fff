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

from collections.abc import Iterable
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
    # Where the row comes from (`standard library`, a preset's library, `configuration`), for
    # messages and the documentation.
    origin: str = field(default="standard library", compare=False)

    def consumed_in(self, form: str) -> bool:
        """Whether a result used this way hands the work's exception to code."""
        return self.returns == "result" and form in self.consumed_by


def named(template: SpawnApi, *names: str) -> list[SpawnApi]:
    """Rows of `template`'s shape for module-level functions or classes called by `names`."""
    return [replace(template, name=name) for name in names]


def on(template: SpawnApi, classes: Iterable[str], method: str) -> list[SpawnApi]:
    """Rows of `template`'s shape for one method of several classes (`call_soon` of every
    loop class)."""
    return [replace(template, name=f"{cls}.{method}", method=True) for cls in classes]
