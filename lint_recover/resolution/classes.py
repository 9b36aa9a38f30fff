"""Class hierarchies: whose `__init__` a subclass runs, and where a project subclass of a
spawning class (`threading.Thread`) takes the work it hands on.

A `Thread` subclass can receive its target three ways, each judged where the target is
chosen: `super().__init__(target=poll)` in its own `__init__` (a call of the base's
`__init__`), `Worker(target=poll)` for a subclass without an `__init__` of its own (a call of
`Thread`'s constructor under another name), and `Worker(job=poll)` where the subclass's
`__init__` hands its parameter `job` on to `Thread.__init__` (a call of a spawn API whose
work is that parameter). These questions read bases across modules, so they belong with the
resolver; the answers are rows of the spawn table (`apis.model.SpawnApi`), which the spawn
rule judges like any other.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import SpawnApi
from lint_recover.apis.table import SpawnTable
from lint_recover.facts.model import CallSite, ClassFacts, FunctionFacts, ModuleFacts, NameRef
from lint_recover.resolution.resolve import Resolver, binding_at
from lint_recover.resolution.values import Class, External

# The `__init__` a project class defines, with the facts of its module.
ProjectInit = tuple[ModuleFacts, FunctionFacts]
SUPER_INIT = "builtins.super.__init__"
_INIT = "__init__"


class Hierarchy:
    """Questions about the bases of project classes, answered with `resolver`."""

    def __init__(self, resolver: Resolver, table: SpawnTable) -> None:
        self.resolver = resolver
        self.table = table

    def super_init(self, facts: ModuleFacts, site: CallSite) -> str | None:
        """The qualified name of the `__init__` a `super().__init__(...)` call in a method of
        `facts` runs, when it is an outside class's ("threading.Thread.__init__"); None when
        it is a project class's (judged by its own calls) or unknown."""
        method = facts.scopes[site.scope] if 0 <= site.scope < len(facts.scopes) else None
        if method is None or method.kind != "function" or method.parent < 0:
            return None
        owner = facts.scopes[method.parent]
        known = facts.classes.get(owner.qualname) if owner.kind == "class" else None
        found = self._init_owner(facts, known, set()) if known is not None else None
        return f"{found}.{_INIT}" if isinstance(found, str) and self._spawning(found) else None

    def construction(self, site: CallSite, cls: Class) -> SpawnApi | None:
        """The row for constructing the project class `cls` at `site` (given a target
        keyword), when it is a subclass of a spawning class whose standard `run()` will run:
        the base's own row when no project class on the way defines `__init__`, else a row
        whose work is the parameter the first project `__init__` hands on as the target."""
        if not any(keyword in self.table.target_keywords for keyword, _ in site.keywords):
            return None  # a constructor recorded for its `target=` (or `function=`) only
        cls_facts = self.resolver.facts(cls.module)
        known = self.resolver.class_facts(cls)
        if cls_facts is None or known is None:
            return None
        init: str | ProjectInit | None
        if _INIT in cls_facts.scopes[known.scope].bindings:
            own = _own_init(cls_facts, known)
            if own is None:
                return None  # `__init__ = something`: not followed
            init = (cls_facts, own)
        else:
            init = self._init_owner(cls_facts, known, set())
        if isinstance(init, tuple):
            row, owner = self._forwarded_by_init(*init)
        else:
            owner = init or ""
            row = next(iter(self.table.rows_for(owner)), None)
        run = self.resolver.member(cls, "run", instance=False)
        if row is None or not isinstance(run, External) or run.name != f"{owner}.run":
            return None  # a project `run` is reported itself (RCV102); another's never runs it
        return replace(row, name=self.resolver.qualified_name(cls) or row.name, method=False)

    def _spawning(self, name: str) -> bool:
        """Whether an outside class hands a construction's work on (`threading.Thread`)."""
        return bool(self.table.rows_for(f"{name}.{_INIT}"))

    def _init_owner(
        self, facts: ModuleFacts, known: ClassFacts, seen: set[str]
    ) -> str | ProjectInit | None:
        """Whose `__init__` the bases of `known` provide, depth-first: an outside class's
        name, a project class's own `__init__`, "" when no base has one, None when a base is
        unknown. An outside class
        before `Thread` in the bases is taken for a mixin without an `__init__` of its own
        (`class Worker(LoggingMixin, Thread)`), as mixins are written."""
        resolver = self.resolver
        outside = ""
        for base in resolver.bases(facts, known):
            if isinstance(base, External):
                if self._spawning(base.name):
                    return base.name
                if base.name != "builtins.object":
                    outside = outside or base.name
                continue
            base_facts = resolver.facts(base.module) if isinstance(base, Class) else None
            base_known = resolver.class_facts(base) if isinstance(base, Class) else None
            if base_facts is None or base_known is None:
                return None
            key = f"{base_facts.module}.{base_known.qualname}"
            if key in seen:
                return None
            if _INIT in base_facts.scopes[base_known.scope].bindings:
                own = _own_init(base_facts, base_known)
                return (base_facts, own) if own is not None else None  # assigned: unknown
            seen.add(key)
            found = self._init_owner(base_facts, base_known, seen)
            if found is None or not isinstance(found, str) or self._spawning(found):
                return found
            outside = outside or found  # an outside class further up: a mixin, too
        return outside

    def _forwarded_by_init(
        self, facts: ModuleFacts, init: FunctionFacts
    ) -> tuple[SpawnApi | None, str]:
        """A subclass's own `__init__` that hands one of its parameters to a spawning base's
        `__init__` as the work (`def __init__(self, label, target=None): super().__init__(
        target=target, ...)`): the row for constructing the subclass (the work at that
        parameter's position after `self`, or its name), and the spawning class."""
        for site in facts.calls:
            if site.scope != init.scope:
                continue
            value = self.resolver.resolve(facts, site.callee, site.scope, site.line)
            name = self.resolver.qualified_name(value) or ""
            bound = name == SUPER_INIT
            called = (self.super_init(facts, site) if bound else name) or ""
            if not called.endswith(f".{_INIT}"):
                continue
            for row in self.table.rows_for(called):
                shift = 0 if bound or not row.method else 1
                parameter = _parameter_handed_on(facts, init, site, row, shift)
                if parameter is None:
                    continue
                owner = called.removesuffix(f".{_INIT}")
                if parameter in init.positional[1:]:
                    position = init.positional.index(parameter) - 1
                    return replace(row, position=position, keyword=parameter, method=False), owner
                return replace(row, position=None, keyword=parameter, method=False), owner
        return None, ""


def _parameter_handed_on(
    facts: ModuleFacts, init: FunctionFacts, site: CallSite, row: SpawnApi, shift: int
) -> str | None:
    """The parameter of `init` passed as `row`'s work at `site` (`shift`: the instance
    passed first by an unbound call, `Thread.__init__(self, None, target)`)."""
    position = row.position + shift if row.position is not None else None
    argument = site.argument(position, row.keyword)
    if argument is None or not isinstance(argument.ref, NameRef):
        return None
    parameter = argument.ref.name
    bindings = facts.scopes[init.scope].bindings.get(parameter, ())
    if not bindings or binding_at(bindings, site.line).kind != "param":
        return None  # not the parameter itself: judged where `__init__` calls the base
    if parameter in init.positional[1:] or parameter in init.keyword_only:
        return parameter
    return None


def _own_init(facts: ModuleFacts, known: ClassFacts) -> FunctionFacts | None:
    """The `__init__` a class defines in its own body (the last one, if redefined)."""
    bindings = facts.scopes[known.scope].bindings.get(_INIT)
    if not bindings or bindings[-1].kind != "def":
        return None
    return facts.functions.get(bindings[-1].target)
