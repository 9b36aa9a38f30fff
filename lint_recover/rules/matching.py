"""Which recorded call sites start work, and which argument is the work: sites matched to rows
of the spawn table.

The facts record every call spelled like a spawn API; here each callee is resolved (through
imports, aliases, `self`, bases) to a canonical name and looked up in the table. Three calls
are matched through the class hierarchy (`resolution.classes`): `super().__init__(...)` of a
`Thread` subclass, a project subclass constructed with a target, and a method called through
its class (`Thread.__init__(self, None, target)`, which passes the instance first). A call
that hands on its own function's parameter where that function is itself a spawn API (the
standard library's `Executor.map` submitting its `fn`, a subclass's `__init__` handing its
`target` to `Thread.__init__`) is not matched: the work is chosen, and judged, at each call of
that API.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lint_recover import apis
from lint_recover.apis.model import SpawnApi
from lint_recover.apis.table import SpawnTable
from lint_recover.facts.model import Argument, AttrRef, CallSite, ModuleFacts, NameRef, Ref
from lint_recover.resolution.classes import SUPER_INIT, Hierarchy
from lint_recover.resolution.resolve import Resolver, binding_at
from lint_recover.resolution.values import Class, External, Value

# Only futures have this method, and asyncio and concurrent.futures alike only log an
# exception raised in a done-callback: a call of it on any receiver is a loop callback.
_DONE_CALLBACK = "add_done_callback"


@dataclass(frozen=True, slots=True)
class Spawn:
    """A call site that starts work: the API row it matched (as `api`, the name its callee
    resolved to) and the argument that is the work."""

    site: CallSite
    row: SpawnApi
    argument: Argument
    api: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recorded call site and what its callee resolved to (None: nothing with a name)."""

    site: CallSite
    api: str | None


def _works(site: CallSite, row: SpawnApi, shift: int) -> list[Argument]:
    """The work arguments of a call of `row` (`shift`: arguments passed before its positions)."""
    position = row.position + shift if row.position is not None else None
    if row.varargs and position is not None:
        return [argument for argument in site.args[position:] if argument is not None]
    argument = site.argument(position, row.keyword)
    return [argument] if argument is not None else []


def _passed(site: CallSite, keyword: str) -> str | None:
    """The text of the argument passed as `keyword=` at `site`, None if none is."""
    argument = site.argument(None, keyword)
    return argument.text if argument is not None else None


class Matcher:
    """Matches the call sites of one module to spawn API rows."""

    def __init__(self, facts: ModuleFacts, resolver: Resolver, table: SpawnTable) -> None:
        self.facts = facts
        self.resolver = resolver
        self.table = table
        self.hierarchy = Hierarchy(resolver, table)
        self.conventions = table.in_module(facts.presets).conventions
        self.candidates: list[Candidate] = []

    def spawns(self) -> Iterator[Spawn]:
        """Every spawn of the module, with its work argument; `candidates` keeps every
        recorded site with its callee's name, for explanations."""
        for site in self.facts.calls:
            callee = self.resolver.resolve(self.facts, site.callee, site.scope, site.line)
            resolved = self.resolver.qualified_name(callee)
            name = self._by_convention(site.callee, resolved)
            self.candidates.append(Candidate(site, name))
            api = name or ""
            for row, shift in self._rows(site, callee, name, by_convention=name != resolved):
                if row.requires and _passed(site, row.requires) in (None, "False"):
                    continue
                for argument in _works(site, row, shift):
                    if not self._hands_on_own_work(site, row, argument):
                        yield Spawn(site, row, argument, row.name if name == SUPER_INIT else api)

    def _rows(
        self, site: CallSite, callee: Value, name: str | None, *, by_convention: bool
    ) -> Iterator[tuple[SpawnApi, int]]:
        """The rows `site` calls, each with how many arguments come before the row's
        positions (1 for a method called through its class; a method known by convention
        is called on an instance: a loop, a signal, a widget)."""
        if name == SUPER_INIT:
            owner = self.hierarchy.super_init(self.facts, site)
            yield from ((row, 0) for row in self.table.rows_for(owner or ""))
            return
        rows = self.table.rows_for(name or "")
        if rows:
            unbound = not by_convention and self._through_class(site)
            yield from ((row, 1 if row.method and unbound else 0) for row in rows)
        elif isinstance(callee, Class):
            row = self.hierarchy.construction(site, callee)
            if row is not None:
                yield row, 0

    def _through_class(self, site: CallSite) -> bool:
        """Whether the callee is a method read from a class, not an instance
        (`Thread.__init__(self, ...)`, `ThreadPoolExecutor.submit(pool, fn)`)."""
        callee = site.callee
        if not isinstance(callee, AttrRef):
            return False
        base = self.resolver.resolve(self.facts, callee.base, site.scope, site.line)
        return isinstance(base, Class | External)

    def _hands_on_own_work(self, site: CallSite, row: SpawnApi, argument: Argument) -> bool:
        """Whether `site` hands on a parameter of the function it is in, where that function
        is itself a spawn API: a table API's own definition (the standard library checked as
        a project), or an `__init__` handing its target to a spawning base's `__init__`
        (judged where the subclass is constructed)."""
        if not self._is_parameter(site, argument):
            return False
        if row.name.endswith(".__init__"):
            return True
        scope = self.facts.scopes[site.scope]
        defined = apis.canonical(f"{self.facts.module}.{scope.qualname}")
        return bool(self.table.rows_for(defined))

    def _is_parameter(self, site: CallSite, argument: Argument) -> bool:
        if not isinstance(argument.ref, NameRef) or not 0 <= site.scope < len(self.facts.scopes):
            return False
        scope = self.facts.scopes[site.scope]
        bindings = scope.bindings.get(argument.ref.name)
        if scope.kind != "function" or not bindings:
            return False
        return binding_at(bindings, site.line).kind == "param"

    def _by_convention(self, callee: Ref, resolved: str | None) -> str | None:
        """The API a call site's callee is known to be by its spelling when resolution
        cannot tell: `<any>.add_done_callback(...)` always; a method a preset on in this
        module knows by its name (`d.addCallback(cb)`, `button.clicked.connect(slot)`) when
        the receiver resolved to nothing or only to something of that library; and a method
        of a receiver named like an event loop (`self._loop.call_soon(...)` with `self._loop
        = loop` from an unannotated parameter, `self.io_loop.add_callback(...)`) when it
        resolved to nothing. A name that is itself an API of the table stays what it is."""
        if not isinstance(callee, AttrRef):
            return resolved
        if callee.attr == _DONE_CALLBACK:
            return f"{apis.FUTURE}.{_DONE_CALLBACK}"
        if resolved is not None and self.table.rows_for(resolved):
            return resolved
        for api, prefixes in self.conventions.methods.get(callee.attr, ()):
            if resolved is None or resolved.startswith(prefixes):
                return api
        if resolved is None:
            receiver = callee.base
            name = receiver.name if isinstance(receiver, NameRef) else ""
            name = receiver.attr if isinstance(receiver, AttrRef) else name
            cls = self.conventions.receivers.get(name)
            if cls is not None and self.table.rows_for(f"{cls}.{callee.attr}"):
                return f"{cls}.{callee.attr}"
        return resolved
