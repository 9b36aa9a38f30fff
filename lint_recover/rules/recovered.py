"""Is this work recovered? The one place that decides it, for every code.

A definition is recovered when a configured recover function decorates it, or its body is a
single `with recover():` (`FunctionFacts.recover_items`), or nothing can escape its body: the
facts list the calls whose raising alone would escape it (`FunctionFacts.escapes`), and each
is judged here: a project function by its own body (recursively), an outside one by the
lists of calls that cannot raise (`apis.SAFE_CALLS`, `apis.SAFE_METHODS`). A lambda is judged
the same way. A work argument is recovered when it is wrapped at the call site (`recover(f)`,
`recover(job())`), is such a definition (through `partial(f, ...)`, and for a coroutine
through the `async def` it calls), or is an outside callable that cannot raise the way the
API calls it (`set.discard`, `event.set` called with nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from lint_recover import apis
from lint_recover.apis.model import SpawnApi
from lint_recover.facts.model import AttrRef, CallRef, ModuleFacts, Ref
from lint_recover.resolution.resolve import Resolver
from lint_recover.resolution.values import (
    Called,
    CannotRaise,
    Class,
    External,
    ExternalInstance,
    Function,
    Instance,
    Lambda,
    Partial,
    Recovered,
    Value,
)

_NONE = 1 << 30  # no assumption used


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a work needs nothing more, and why (for `check --why`)."""

    recovered: bool
    why: str


class Recovery:
    """Decides recovered-ness with `resolver`, remembering each definition's answer."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._decided: dict[Function, Verdict] = {}
        self._quiet: dict[Function, bool] = {}
        self._judging: dict[Function, int] = {}

    def of_function(self, function: Function) -> Verdict:
        """Decorated by a recover function, body a single `with recover()`, or cannot
        raise. Decorators are resolved where the `def` is, with its module's imports."""
        if function not in self._decided:
            self._decided[function] = self._decide(function)
        return self._decided[function]

    def _decide(self, function: Function) -> Verdict:
        facts = self.resolver.facts(function.module)
        known = self.resolver.function(function)
        if facts is None or known is None:
            return Verdict(False, "its definition could not be read")
        if self.cannot_raise(function):
            return Verdict(True, "no exception can leave its body")
        resolve = self.resolver.resolve
        for decorator in known.decorators:
            callee = decorator.func if isinstance(decorator, CallRef) else decorator
            if self.resolver.is_recover(resolve(facts, callee, known.parent_scope, known.line)):
                return Verdict(True, "decorated with a recover function")
        if any(
            self.resolver.is_recover(resolve(facts, item, known.scope, known.line))
            for item in known.recover_items
        ):
            return Verdict(True, "its body is a single `with recover():`")
        return Verdict(False, "not recovered")

    def cannot_raise(self, function: Function) -> bool:
        """Whether no exception can leave `function`'s body (its decorators aside: a
        recovered function still raises again)."""
        return self._judge(function)[0]

    def _judge(self, function: Function) -> tuple[bool, int]:
        """(cannot raise, the shallowest function still being judged that the answer assumed
        cannot raise). Recursion is judged the greatest-fixpoint way: a function met again
        while it is being judged is assumed not to raise (calling itself raises nothing new),
        and the answer is kept only when no such assumption below it was used, or when it
        is False (an assumption of safety can only have made it safer), so the verdicts do
        not depend on the order in which functions are judged."""
        if function in self._quiet:
            return self._quiet[function], _NONE
        if function in self._judging:
            return True, self._judging[function]
        depth = len(self._judging)
        self._judging[function] = depth
        try:
            safe, lowest = self._evaluate(function)
        finally:
            del self._judging[function]
        if not safe or lowest >= depth:
            self._quiet[function] = safe
            return safe, _NONE
        return safe, lowest

    def _evaluate(self, function: Function) -> tuple[bool, int]:
        facts = self.resolver.facts(function.module)
        known = self.resolver.function(function)
        if facts is None or known is None or known.escapes is None:
            return False, _NONE
        return self._calls(facts, known.escapes, known.scope, known.line)

    def _calls(
        self, facts: ModuleFacts, calls: tuple[Ref, ...], scope: int, line: int
    ) -> tuple[bool, int]:
        lowest = _NONE
        for call in calls:
            safe, assumed = self._call(facts, call, scope, line)
            if not safe:
                return False, _NONE
            lowest = min(lowest, assumed)
        return True, lowest

    def _call(self, facts: ModuleFacts, callee: Ref, scope: int, line: int) -> tuple[bool, int]:
        value = self.resolver.resolve(facts, callee, scope, line)
        if isinstance(value, Function):
            return self._judge(value)
        if isinstance(value, External):
            name = value.name
            return name in apis.SAFE_CALLS or name.rsplit(".")[-1] in apis.SAFE_METHODS, _NONE
        if isinstance(value, Class | Instance):
            return False, _NONE  # a project class constructed, or an instance called
        return isinstance(callee, AttrRef) and callee.attr in apis.SAFE_METHODS, _NONE

    def work_value(self, value: Value, row: SpawnApi) -> Value:
        """What the work is, once `partial(f, ...)` is seen through and, for a coroutine
        (`create_task(job())`), the project `async def` called."""
        while isinstance(value, Partial):
            value = value.inner
        if row.work == "coroutine" and isinstance(value, Called):
            callee = self.resolver.function(value.function)
            if callee is not None and callee.is_async:
                return value.function
        return value

    def of_work(self, value: Value, row: SpawnApi, called_with_nothing: bool) -> Verdict | None:
        """The verdict on a work `value` that needs no finding whatever its definition
        says, or None when the definition (or the lack of one) decides."""
        if (
            row.work == "coroutine"
            and isinstance(value, ExternalInstance)
            and value.cls in apis.FUTURES  # `ensure_future(future)` starts nothing
        ):
            return Verdict(True, "a future, not a coroutine: its maker is judged")
        if isinstance(value, ExternalInstance) and value.cls == apis.PREVIOUS_HANDLER:
            return Verdict(True, "the handler that was there before, put back")
        if isinstance(value, Recovered):
            return Verdict(True, "wrapped in a recover function at the call site")
        if isinstance(value, CannotRaise):
            return Verdict(True, "cannot raise")
        if isinstance(value, External) and (
            value.name in apis.CANNOT_RAISE
            or (called_with_nothing and value.name in apis.CANNOT_RAISE_WITHOUT_ARGUMENTS)
            or value.name in apis.SAFE_CALLS
            or (called_with_nothing and value.name.rsplit(".")[-1] in apis.SAFE_METHODS)
        ):
            return Verdict(True, f"{value.name} cannot raise when called this way")
        if isinstance(value, Function):
            verdict = self.of_function(value)
            return verdict if verdict.recovered else None
        if isinstance(value, Lambda) and value.escapes is not None:
            facts = self.resolver.facts(value.module)
            if facts is not None and self._calls(facts, value.escapes, value.scope, value.line)[0]:
                return Verdict(True, "a lambda that cannot raise")
        return None
