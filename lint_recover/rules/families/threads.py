"""RCV101 and RCV102: threads, timers and `_thread`, which never hand an exception back.

An exception in a thread's target ends the thread with a traceback on stderr (if anyone
reads it) and nothing else: no caller sees it. So a thread's target is always reported
unless it is recovered, whatever the call site does with the `Thread` object; and `run()` of
a `threading.Thread` subclass is the same code path, reported at its `def`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_recover import apis
from lint_recover.facts.model import (
    Argument,
    CallSite,
    ClassFacts,
    FunctionFacts,
    ModuleFacts,
    NameRef,
)
from lint_recover.facts.sites import TARGET_KEYWORDS
from lint_recover.findings import Finding
from lint_recover.resolution.resolve import binding_at
from lint_recover.resolution.values import Class, External, Function
from lint_recover.rules.common import RuleContext, argument_of
from lint_recover.rules.registry import SPAWN_APIS, Rule, register

THREAD_TARGET = Rule(
    code="RCV101",
    name="thread-target-not-recovered",
    summary="the target of a thread, a timer or `_thread.start_new_thread` is not recovered",
    message=(
        "thread target {target} is not recovered: an exception there is never reported; {remedy}"
    ),
    rationale=(
        "A thread hands nothing back to the code that started it: an exception in its target "
        "ends the thread with a line on stderr and is lost. `threading.Thread(target=...)`, "
        "`threading.Timer(interval, function)` and `_thread.start_new_thread(function, args)` "
        "are therefore always reported unless the target runs under `recover`, and so is the "
        "target a `Thread` or `Timer` subclass hands to `super().__init__(target=...)`, or that "
        "a project subclass without its own `run` is constructed with (`Worker(target=poll)`), "
        "when it has no `__init__` of its own or its `__init__` hands that parameter on to "
        "`Thread.__init__`."
    ),
    bad=(
        "import threading\n\n\n"
        "def poll():\n"
        '    raise RuntimeError("lost")\n\n\n'
        "threading.Thread(target=poll).start()\n"
    ),
    good=(
        "import threading\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover\n"
        "def poll():\n"
        '    raise RuntimeError("reported")\n\n\n'
        "threading.Thread(target=poll).start()\n"
    ),
    fix=(
        "Decorate the target's definition with `@recover` (innermost decorator), or wrap the "
        "argument at the call site: `Thread(target=recover(poll))`. `lint-recover fix` does "
        "the first when the target is defined in the project, else the second."
    ),
)

THREAD_RUN = Rule(
    code="RCV102",
    name="thread-run-not-recovered",
    summary="`run()` of a `threading.Thread` subclass is not recovered",
    message="thread method {target} ({where}) is not recovered: an exception there is never "
    "reported; {remedy}",
    rationale=(
        "`run()` of a `threading.Thread` subclass is the thread's whole body, so an exception "
        "in it is lost exactly like one in a `target=`. Subclasses are recognised through "
        "their bases, also when a base is defined in another module of the project."
    ),
    bad=(
        "import threading\n\n\n"
        "class Pump(threading.Thread):\n"
        "    def run(self):\n"
        '        raise RuntimeError("lost")\n'
    ),
    good=(
        "import threading\n\n"
        "from recover_runtime import recover\n\n\n"
        "class Pump(threading.Thread):\n"
        "    @recover\n"
        "    def run(self):\n"
        '        raise RuntimeError("reported")\n'
    ),
    fix="Decorate `run` with `@recover`, or make its body a single `with recover():` block.",
)

_TARGETS = {
    apis.THREAD: (1, "target"),
    apis.TIMER: (1, "function"),
    **{name: (0, "function") for name in apis.START_NEW_THREAD},
}
SPAWN_APIS.update(_TARGETS)
# `threading.Thread.__init__(self, group, target)`: the explicit call passes `self` first.
_INITS = {
    f"{cls}.__init__": (position + 1, keyword)
    for cls, (position, keyword) in (
        (apis.THREAD, _TARGETS[apis.THREAD]),
        (apis.TIMER, _TARGETS[apis.TIMER]),
    )
}
_SUPER_INIT = "builtins.super.__init__"


def _super_init_owner(context: RuleContext, facts: ModuleFacts, site: CallSite) -> str | None:
    """Whose `__init__` a `super().__init__(...)` call in a method (of `facts`' module) runs:
    the first class after the method's own in its bases (depth-first, as the MRO of single
    inheritance) that defines one; "threading.Thread" (or `Timer`) when it is the standard
    library's, None when it is a project class's (judged by its own calls)."""
    method = facts.scopes[site.scope] if 0 <= site.scope < len(facts.scopes) else None
    if method is None or method.kind != "function" or method.parent < 0:
        return None
    owner = facts.scopes[method.parent]
    known = facts.classes.get(owner.qualname) if owner.kind == "class" else None
    if known is None:
        return None
    found = _init_owner(context, facts, known, set())
    return found if isinstance(found, str) else None


# The `__init__` a project class defines, with the facts of its module.
_ProjectInit = tuple[ModuleFacts, FunctionFacts]


def _init_owner(
    context: RuleContext, facts: ModuleFacts, known: ClassFacts, seen: set[str]
) -> str | _ProjectInit | None:
    """Whose `__init__` the bases of `known` provide, depth-first: an outside class's name,
    a project class's own `__init__`, "" when no base has one, None when a base is unknown.
    An outside class before `Thread` or `Timer` in the bases is taken for a mixin without an
    `__init__` of its own (`class Worker(LoggingMixin, Thread)`), as mixins are written."""
    resolver = context.resolver
    outside = ""
    for base in resolver.bases(facts, known):
        if isinstance(base, External):
            if base.name in _TARGETS:
                return base.name
            if base.name != "builtins.object":
                outside = outside or base.name
            continue
        base_facts = resolver.facts(base.module) if isinstance(base, Class) else None
        base_known = resolver.class_facts(base) if isinstance(base, Class) else None
        key = f"{base_facts.module}.{base_known.qualname}" if base_facts and base_known else ""
        if base_facts is None or base_known is None or key in seen:
            return None
        if "__init__" in base_facts.scopes[base_known.scope].bindings:
            own = _own_init(base_facts, base_known)
            return (base_facts, own) if own is not None else None  # assigned: unknown
        seen.add(key)
        found = _init_owner(context, base_facts, base_known, seen)
        if found is None or not isinstance(found, str) or found in _TARGETS:
            return found
        outside = outside or found  # an outside class further up: a mixin, too
    return outside


def _own_init(facts: ModuleFacts, known: ClassFacts) -> FunctionFacts | None:
    """The `__init__` a class defines in its own body (the last one, if redefined)."""
    bindings = facts.scopes[known.scope].bindings.get("__init__")
    if not bindings or bindings[-1].kind != "def":
        return None
    return facts.functions.get(bindings[-1].target)


def _forwarded_to_init(context: RuleContext, site: CallSite, name: str, argument: Argument) -> bool:
    """`super().__init__(target=target)` in a subclass's `__init__` hands on its own
    parameter: the target is chosen where the subclass is constructed."""
    return (name == _SUPER_INIT or name in _INITS) and context.hands_on_parameter(site, argument)


def _subclass_targets(context: RuleContext, site: CallSite) -> tuple[int | None, str] | None:
    """Where a project subclass of `Thread` or `Timer` constructed at `site` takes the
    target the standard `run()` calls: the standard class's own place when no project class
    on the way defines `__init__`, the place of the parameter the first project `__init__`
    hands on as the target (`_forwarded_by_init`); None when the `run` that runs is not the
    standard class's (a project `run` is reported itself, RCV102: a target it calls raises
    into it; another class's `run` may never call the target)."""
    if not any(keyword in TARGET_KEYWORDS for keyword, _ in site.keywords):
        return None  # a constructor recorded for its `target=` (or `function=`) only
    facts = context.facts
    cls = context.resolver.resolve(facts, site.callee, site.scope, site.line)
    known = context.resolver.class_facts(cls) if isinstance(cls, Class) else None
    cls_facts = context.resolver.facts(cls.module) if isinstance(cls, Class) else None
    if not isinstance(cls, Class) or known is None or cls_facts is None:
        return None
    init: str | _ProjectInit | None
    if "__init__" in cls_facts.scopes[known.scope].bindings:
        own = _own_init(cls_facts, known)
        if own is None:
            return None  # `__init__ = something`: not followed
        init = (cls_facts, own)
    else:
        init = _init_owner(context, cls_facts, known, set())
    if isinstance(init, tuple):
        where, owner = _forwarded_by_init(context, *init)
    else:
        where, owner = _TARGETS.get(init or ""), init
    run = context.resolver.member(cls, "run", instance=False)
    if where is None or not isinstance(run, External) or run.name != f"{owner}.run":
        return None  # a project `run` is reported itself (RCV102); another's never runs it
    return where


def _forwarded_by_init(
    context: RuleContext, facts: ModuleFacts, init: FunctionFacts
) -> tuple[tuple[int | None, str] | None, str | None]:
    """A subclass's own `__init__` that hands one of its parameters to `Thread.__init__` (or
    `Timer`'s) as the target (`def __init__(self, label, target=None): super().__init__(
    target=target, ...)`): where a construction passes that parameter (its position after
    `self`, its name), and the standard class. The target is judged where the subclass is
    constructed."""
    for site in facts.calls:
        if site.scope != init.scope:
            continue
        value = context.resolver.resolve(facts, site.callee, site.scope, site.line)
        name = context.resolver.qualified_name(value)
        owner = _super_init_owner(context, facts, site) if name == _SUPER_INIT else None
        where = _TARGETS.get(owner or "") or _INITS.get(name or "")
        owner = owner or (name or "").removesuffix(".__init__")
        argument = argument_of(site, *where) if where else None
        if argument is None or not isinstance(argument.ref, NameRef):
            continue
        parameter = argument.ref.name
        bindings = facts.scopes[init.scope].bindings.get(parameter, ())
        if not bindings or binding_at(bindings, site.line).kind != "param":
            continue  # not the parameter itself: judged where `__init__` calls the base
        if parameter in init.positional[1:]:
            return (init.positional.index(parameter) - 1, parameter), owner
        if parameter in init.keyword_only:
            return (None, parameter), owner
    return None, None


@register(THREAD_TARGET, THREAD_RUN)
def check_threads(context: RuleContext) -> Iterator[Finding]:
    """RCV101 at each thread or timer construction (also through `super().__init__` of a
    subclass, or a project subclass given `target=`), RCV102 at the `run` a `Thread`
    subclass defines: both reported whatever happens to the `Thread` object."""
    for site, name in context.spawn_calls:
        where: tuple[int | None, str] | None = _TARGETS.get(name) or _INITS.get(name)
        if name == _SUPER_INIT:
            where = _TARGETS.get(_super_init_owner(context, context.facts, site) or "")
        elif where is None and name not in context.spawn_apis:
            where = _subclass_targets(context, site)
        argument = argument_of(site, *where) if where else None
        if argument is not None and not _forwarded_to_init(context, site, name, argument):
            yield from context.spawn_finding(site, argument, THREAD_TARGET.code)
    facts = context.facts
    for known in facts.classes.values():
        run = facts.scopes[known.scope].bindings.get("run")
        if not run or run[-1].kind != "def":
            continue
        cls = Class(facts.module, known.qualname)
        lineage = context.resolver.class_lineage(cls)
        if apis.THREAD in lineage and context.resolver.qualified_name(cls) != apis.THREAD:
            found = context.def_finding(THREAD_RUN.code, Function(facts.module, run[-1].target))
            if found is not None:
                yield found
