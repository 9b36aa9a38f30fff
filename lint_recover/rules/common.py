"""What every rule family shares: the context of one check and how a spawn is judged.

A `RuleContext` wraps one module's facts with a `Resolver`; it resolves each candidate call
site's callee once (`spawn_calls`) so that every family only matches canonical API names,
and it decides, in one place for all spawn codes, whether the target handed to a spawn is
recovered and what the finding and its fix plan are.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from lint_recover import apis
from lint_recover.config import Config
from lint_recover.config.excludes import Excluder
from lint_recover.facts.model import (
    Argument,
    AttrRef,
    CallRef,
    CallSite,
    FunctionFacts,
    ModuleFacts,
    NameRef,
    Ref,
)
from lint_recover.findings import DecorateDef, Finding, FixPlan, WrapArgument
from lint_recover.resolution.index import ProjectIndex
from lint_recover.resolution.resolve import Resolver, binding_at
from lint_recover.resolution.values import (
    Called,
    CannotRaise,
    External,
    ExternalInstance,
    Function,
    Partial,
    Recovered,
    Value,
)
from lint_recover.rules.registry import RULES, SPAWN_APIS

# asyncio's own naming convention: an object held as `loop`, `_loop` or `event_loop` (a
# parameter, a local, `self._loop`) is an event loop, whatever bound it.
_LOOP_NAMES = frozenset({"loop", "_loop", "event_loop"})
_LOOP_SPAWNS = frozenset(
    {"call_soon", "call_soon_threadsafe", "call_later", "call_at", "create_task", "run_in_executor"}
)
# Only futures have this method, and asyncio and concurrent.futures alike only log an
# exception raised in a done-callback: a call of it on any receiver is a loop callback.
_DONE_CALLBACK = "add_done_callback"

DECORATE = "decorate it with @recover or pass recover(...)"
WRAP = "pass recover(...) instead"


class RuleContext:
    """One module being checked, with resolution into the rest of the project."""

    def __init__(self, facts: ModuleFacts, index: ProjectIndex, config: Config) -> None:
        self.facts = facts
        self.config = config
        self.resolver = Resolver(index, config, facts)
        self._recovered: dict[Function, bool] = {}

    @cached_property
    def spawn_calls(self) -> list[tuple[CallSite, str]]:
        """Candidate call sites whose callee resolved to a name: (site, canonical name)."""
        resolved = []
        for site in self.facts.calls:
            value = self.resolver.resolve(self.facts, site.callee, site.scope, site.line)
            name = _by_convention(site.callee, self.resolver.qualified_name(value))
            if name is not None:
                resolved.append((site, name))
        return resolved

    @cached_property
    def spawn_apis(self) -> frozenset[str]:
        """Every spawn API the rules judge at its call sites, configured spawners included."""
        configured = (apis.canonical(spawner.name) for spawner in self.config.spawners)
        return frozenset((*SPAWN_APIS, *configured))

    def forwards_own_parameter(self, site: CallSite, argument: Argument) -> bool:
        """Whether `site` is inside the definition of a spawn API and hands on that API's
        own parameter (`Executor.map` submitting its `fn`, an in-house `run_in_background`
        starting a thread on its `job`). Such a target is the API caller's choice and is
        judged at each call of the API, so judging it here too would report it twice, at a
        place where nothing can be fixed."""
        if not self.hands_on_parameter(site, argument):
            return False
        scope = self.facts.scopes[site.scope]
        return apis.canonical(f"{self.facts.module}.{scope.qualname}") in self.spawn_apis

    def hands_on_parameter(self, site: CallSite, argument: Argument) -> bool:
        """Whether `argument` is a parameter of the function `site` is in."""
        if not isinstance(argument.ref, NameRef) or not 0 <= site.scope < len(self.facts.scopes):
            return False
        scope = self.facts.scopes[site.scope]
        bindings = scope.bindings.get(argument.ref.name)
        if scope.kind != "function" or not bindings:
            return False
        return binding_at(bindings, site.line).kind == "param"

    def result_consumed(self, site: CallSite) -> bool:
        """Whether the future, task or `map` iterator a spawn returns reaches code that
        consumes it: in the same expression (`await`, `.result()`, iterated), or kept in a
        variable that the same function (or module body) consumes later (`fs = [pool.submit(
        job, x) for x in xs]` ... `as_completed(fs)`), or kept in an instance attribute that a
        method of the class consumes (`self.task = ...`; `await self.task` in `close()`).
        Kept in a container nobody here consumes, or returned: not consumed (nobody visible
        reads it)."""
        if site.usage == "consumed":
            return True
        if site.usage != "stored" or not site.stored_in:
            return False
        scope = self.facts.scopes[site.scope]
        if site.stored_in.startswith("self.") and scope.parent >= 0:
            scope = self.facts.scopes[scope.parent]  # the class its methods consume in
        return site.stored_in in scope.consumed

    def relative(self, path: str) -> str:
        """`path` relative to the project root, for messages."""
        try:
            return Path(path).resolve().relative_to(self.config.root).as_posix()
        except ValueError:
            return path

    # recovered? -----------------------------------------------------------------------

    def is_recovered(self, function: Function) -> bool:
        """Decorated by a recover function, body is a single `with recover()`, or cannot
        raise. Decorators are resolved where the `def` is, with its module's imports."""
        if function not in self._recovered:
            self._recovered[function] = self._decide(function)
        return self._recovered[function]

    def _decide(self, function: Function) -> bool:
        facts = self.resolver.facts(function.module)
        known = self.resolver.function(function)
        if facts is None or known is None:
            return False
        if known.cannot_raise:
            return True
        resolve = self.resolver.resolve
        for decorator in known.decorators:
            callee = decorator.func if isinstance(decorator, CallRef) else decorator
            if self.resolver.is_recover(resolve(facts, callee, known.parent_scope, known.line)):
                return True
        return any(
            self.resolver.is_recover(resolve(facts, item, known.scope, known.line))
            for item in known.recover_items
        )

    # findings ------------------------------------------------------------------------

    def finding(
        self, code: str, line: int, col: int, name: str, fix: FixPlan, **fields: str
    ) -> Finding:
        """A finding of `code` about the target `name` (the baseline-stable name); `fields`
        fill the rule's message template."""
        message = RULES[code].message.format(**fields)
        return Finding(self.facts.path, line, col, code, message, name, fix)

    def def_finding(self, code: str, function: Function) -> Finding | None:
        """RCV102/RCV401: the definition itself must be recovered; reported at its `def`."""
        if self.is_recovered(function):
            return None
        known = self._function(function)
        where = f"{self.relative(self.facts.path)}:{known.line}"
        plan = DecorateDef(self.facts.path, known.qualname, known.line)
        return self.finding(
            code,
            known.line,
            known.col,
            known.qualname,
            plan,
            target=f"'{known.qualname}'",
            where=where,
            remedy="decorate it with @recover",
        )

    def _function(self, function: Function) -> FunctionFacts:
        known = self.resolver.function(function)
        assert known is not None, function  # callers pass functions of resolved facts
        return known

    def spawn_finding(
        self,
        site: CallSite,
        argument: Argument,
        code: str,
        *,
        coroutine: bool = False,
        called_without_arguments: bool = False,
    ) -> Iterator[Finding]:
        """The finding for a spawn's target `argument`, if it is not recovered.

        For RCV301 (`coroutine`), `create_task(job())` judges `job` when it is a project
        `async def`; a future or task given to `ensure_future` starts no work and is not
        judged. `partial(f, ...)` is judged by `f`. A spawn API's own definition
        handing on its parameter is not judged (`forwards_own_parameter`), nor an outside
        method that cannot raise the way it is called (`called_without_arguments`: the spawn
        passes it nothing). A lambda or an
        unresolved target follows `unresolved`; a target outside the project is always
        reported.
        """
        if self.forwards_own_parameter(site, argument):
            return
        value: Value = self.resolver.resolve(self.facts, argument.ref, site.scope, site.line)
        while isinstance(value, Partial):
            value = value.inner
        if coroutine and isinstance(value, Called):
            callee = self.resolver.function(value.function)
            if callee is not None and callee.is_async:
                value = value.function
        if coroutine and isinstance(value, ExternalInstance) and value.cls in apis.FUTURES:
            return  # `ensure_future(future)` starts nothing: the future's maker is judged
        if isinstance(value, Recovered | CannotRaise):
            return
        if isinstance(value, External) and (
            value.name in apis.CANNOT_RAISE
            or (called_without_arguments and value.name in apis.CANNOT_RAISE_WITHOUT_ARGUMENTS)
        ):
            return
        span = argument.span
        line, col = span.line, span.col
        wrap = WrapArgument(self.facts.path, span.line, span.col, span.end_line, span.end_col)
        if isinstance(value, Function):
            if self.is_recovered(value):
                return
            known = self._function(value)
            path = self._path_of(value.module)
            where = f"{self.relative(path)}:{known.line}"
            # A file the configuration excludes (generated code) is not edited: like a
            # target outside the project, it is recovered where it is handed over.
            editable = not self._excluder.skips(Path(path).absolute())
            plan = DecorateDef(path, known.qualname, known.line) if editable else wrap
            yield self.finding(
                code,
                line,
                col,
                known.qualname,
                plan,
                target=f"'{known.qualname}' ({where})",
                remedy=DECORATE if editable else WRAP,
            )
        elif isinstance(value, External | ExternalInstance):
            name = value.name if isinstance(value, External) else value.cls
            yield self.finding(
                code,
                line,
                col,
                name,
                wrap,
                target=f"'{argument.text}' (outside the project)",
                remedy=WRAP,
            )
        elif self.config.unresolved == "report":
            text = "<lambda>" if argument.text.startswith("lambda") else argument.text
            yield self.finding(
                code,
                line,
                col,
                text,
                wrap,
                target=f"'{argument.text}' (not resolved to a recovered function)",
                remedy=WRAP,
            )

    @cached_property
    def _excluder(self) -> Excluder:
        return Excluder(self.config)

    def _path_of(self, module: str) -> str:
        facts = self.resolver.facts(module)
        return facts.path if facts is not None else self.facts.path


def _by_convention(callee: Ref, resolved: str | None) -> str | None:
    """The API a call site's callee is known to be by its spelling when resolution cannot
    tell: `<any>.add_done_callback(...)` always, and a loop method on a receiver named like a
    loop (`self._loop.call_soon(...)` with `self._loop = loop` from an unannotated parameter)
    when the receiver resolved to nothing."""
    if not isinstance(callee, AttrRef):
        return resolved
    if callee.attr == _DONE_CALLBACK:
        return f"{apis.FUTURE}.{_DONE_CALLBACK}"
    if resolved is None and callee.attr in _LOOP_SPAWNS:
        receiver = callee.base
        name = receiver.name if isinstance(receiver, NameRef) else ""
        name = receiver.attr if isinstance(receiver, AttrRef) else name
        if name in _LOOP_NAMES:
            return f"{apis.LOOP}.{callee.attr}"
    return resolved


def argument_of(site: CallSite, position: int | None, keyword: str | None) -> Argument | None:
    """The argument at `position` or passed as `keyword=` (None if absent or starred)."""
    if keyword is not None:
        for name, argument in site.keywords:
            if name == keyword:
                return argument
    if position is not None and position < len(site.args):
        if any(arg is None for arg in site.args[: position + 1]):
            return None
        return site.args[position]
    return None
