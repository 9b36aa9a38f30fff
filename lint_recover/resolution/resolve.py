"""Resolution: what a symbolic `Ref` refers to, followed as a person reading the code would.

Names are looked up through the enclosing scopes (class bodies only from inside themselves,
as Python does), following assignments, aliases, imports (also relative and re-exported
through `__init__`), `self.x`/`cls.x` through classes and their bases in any project
module, `functools.partial`, instances of project classes and the few standard-library
calls whose result matters (an event loop, a future, a process context). Anything that
leaves the project becomes `External(name)`; anything that cannot be followed, `Unknown`.
A depth bound and an in-progress set make cycles (aliases, import cycles) end in `Unknown`.
"""

from __future__ import annotations

import builtins

from lint_recover import apis
from lint_recover.config import Config
from lint_recover.facts.model import (
    AttrRef,
    Binding,
    CallRef,
    ClassFacts,
    FunctionFacts,
    LambdaRef,
    ModuleFacts,
    NameRef,
    Ref,
)
from lint_recover.resolution.index import ProjectIndex
from lint_recover.resolution.values import (
    UNKNOWN,
    Called,
    CannotRaise,
    Class,
    External,
    ExternalInstance,
    Function,
    Instance,
    Lambda,
    Module,
    Partial,
    Recovered,
    Unknown,
    Value,
)

_MAX_DEPTH = 64
_EVERY_LINE = 1 << 30
_BUILTINS = frozenset(dir(builtins))
# Decorators that make a method an attribute whose value is what the getter returns.
_PROPERTIES = frozenset({"builtins.property", "functools.cached_property", "abc.abstractproperty"})
_PROPERTY_ACCESSORS = frozenset({"setter", "getter", "deleter"})  # `@value.setter`
_CAST = "typing.cast"


class Resolver:
    """Resolves refs of any project module, from the point of view of `home`."""

    def __init__(self, index: ProjectIndex, config: Config, home: ModuleFacts) -> None:
        self.index = index
        self.home = home
        self.recover_names = frozenset(apis.canonical(n) for n in config.recover_functions)
        self.returns = config.table().returns  # the standard library's and the presets'
        self._depth = 0
        self._active: set[tuple[str, str]] = set()
        self._properties: dict[Function, bool] = {}

    # facts of modules ----------------------------------------------------------------

    def facts(self, module: str) -> ModuleFacts | None:
        """Facts of a project module (the home module's own, without asking the index)."""
        if module == self.home.module:
            return self.home
        return self.index.facts(module)

    def function(self, value: Function) -> FunctionFacts | None:
        """The facts of a resolved `def` (None when its module is gone from the index)."""
        facts = self.facts(value.module)
        return facts.functions.get(value.key) if facts is not None else None

    def class_facts(self, value: Class) -> ClassFacts | None:
        """The facts of a resolved class (None when its module is gone from the index)."""
        facts = self.facts(value.module)
        return facts.classes.get(value.qualname) if facts is not None else None

    # resolution ----------------------------------------------------------------------

    def resolve(self, facts: ModuleFacts, ref: Ref, scope: int, line: int) -> Value:
        """What `ref`, written in `scope` of `facts` at `line`, refers to."""
        if self._depth > _MAX_DEPTH:
            return UNKNOWN
        self._depth += 1
        try:
            return self._resolve(facts, ref, scope, line)
        finally:
            self._depth -= 1

    def _resolve(self, facts: ModuleFacts, ref: Ref, scope: int, line: int) -> Value:
        if isinstance(ref, NameRef):
            return self.lookup(facts, ref.name, scope, line)
        if isinstance(ref, AttrRef):
            return self.attribute(self.resolve(facts, ref.base, scope, line), ref.attr)
        if isinstance(ref, CallRef):
            return self.call(facts, ref, scope, line)
        if isinstance(ref, LambdaRef):  # `lambda: None` cannot raise, like a `pass` body
            escapes = ref.escapes
            return CannotRaise() if escapes == () else Lambda(facts.module, scope, line, escapes)
        return CannotRaise() if ref.kind == "none" else UNKNOWN

    def lookup(self, facts: ModuleFacts, name: str, scope: int, line: int) -> Value:
        """A name through the scope chain; class bodies are seen only from themselves."""
        current, first = scope, True
        while 0 <= current < len(facts.scopes):
            namespace = facts.scopes[current]
            if first or namespace.kind != "class":
                bindings = namespace.bindings.get(name)
                if bindings:
                    binding = binding_at(bindings, line if first else _EVERY_LINE)
                    return self.bound_value(facts, binding, current)
            current, first = namespace.parent, False
        return External(f"builtins.{name}") if name in _BUILTINS else UNKNOWN

    def bound_value(self, facts: ModuleFacts, binding: Binding, scope: int) -> Value:
        """What a name bound by `binding` in `scope` holds; a parameter (or a bare annotated
        name) holds an instance of its annotation's class, not the class."""
        kind = binding.kind
        if kind == "module":
            return self.module(binding.target)
        if kind == "from":
            return self.export(binding.target, binding.attr)
        if kind == "def":
            return Function(facts.module, binding.target)
        if kind == "class":
            return Class(facts.module, binding.target)
        if kind == "self":
            return Instance(Class(facts.module, binding.target))
        if kind == "cls":
            return Class(facts.module, binding.target)
        if binding.value is None:
            return UNKNOWN
        value = self.resolve(facts, binding.value, scope, binding.line)
        return self.instance_of(value) if kind == "param" else value

    def module(self, name: str) -> Value:
        """An imported module: the project's own, or an outside one by canonical name."""
        return Module(name) if self.index.is_module(name) else External(apis.canonical(name))

    def export(self, module: str, name: str) -> Value:
        """`module.name` as `from module import name` or an attribute access sees it."""
        full = apis.canonical(f"{module}.{name}")
        if full in self.recover_names or full in apis.KNOWN:
            return External(full)
        facts = self.facts(module)
        if facts is None:
            return External(full) if not self.index.is_module(module) else self.module(full)
        key = (module, name)
        if key in self._active or not facts.scopes:
            return UNKNOWN
        self._active.add(key)
        try:
            if name in facts.scopes[0].bindings:
                return self.lookup(facts, name, 0, _EVERY_LINE)
        finally:
            self._active.discard(key)
        submodule = f"{module}.{name}"
        return Module(submodule) if self.index.is_module(submodule) else UNKNOWN

    def attribute(self, value: Value, attr: str) -> Value:
        """`value.attr`: followed into project modules and classes, named for outside ones."""
        if isinstance(value, Module):
            return self.export(value.name, attr)
        if isinstance(value, External):
            return External(apis.canonical(f"{value.name}.{attr}"))
        if isinstance(value, ExternalInstance):
            return External(f"{value.cls}.{attr}")
        if isinstance(value, Instance):
            return self.member(value.cls, attr, instance=True)
        if isinstance(value, Class):
            return self.member(value, attr, instance=False)
        return UNKNOWN

    def member(self, cls: Class, attr: str, *, instance: bool) -> Value:
        """`attr` of a project class or its instance, through its bases (depth-first)."""
        facts = self.facts(cls.module)
        known = facts.classes.get(cls.qualname) if facts is not None else None
        if facts is None or known is None:
            return UNKNOWN
        key = (cls.module, f"{cls.qualname}.{attr}")
        if key in self._active:
            return UNKNOWN
        self._active.add(key)
        try:
            assignments = known.attributes.get(attr, ()) if instance else ()
            if assignments:  # the latest assignment a reader can follow: not `= None`
                # (unless that is all there is), nor a project function's return value, which
                # is not followed (`self._loop = None` on close, `= make_loop()`); when none
                # can be followed, the latest that is not `None` (a `cb` parameter stored on
                # start and cleared on close is unknown, never "runs nothing")
                latest: Value | None = None
                for assigned in reversed(assignments):
                    value = self.resolve(facts, assigned.value, assigned.scope, assigned.line)
                    if isinstance(value, CannotRaise):
                        continue
                    if not isinstance(value, Unknown | Called):
                        return value
                    latest = latest or value
                return latest if latest is not None else CannotRaise()
            bindings = facts.scopes[known.scope].bindings.get(attr)
            if bindings:
                value = self.bound_value(facts, bindings[-1], known.scope)
                if instance and isinstance(value, Function) and self.is_property(value):
                    getter = Function(facts.module, bindings[0].target)  # before its setter
                    returned = self.returned(getter)  # what the getter returns
                    return UNKNOWN if isinstance(returned, Called) else returned
                return value
            for base in self.bases(facts, known):
                if isinstance(base, Class):
                    found = self.member(base, attr, instance=instance)
                    if not isinstance(found, Unknown):
                        return found
                elif isinstance(base, External) and base.name != "builtins.object":
                    return External(f"{base.name}.{attr}")
            return UNKNOWN
        finally:
            self._active.discard(key)

    def bases(self, facts: ModuleFacts, known: ClassFacts) -> list[Value]:
        """A class's bases, resolved where the `class` statement stands."""
        return [self.resolve(facts, base, known.parent_scope, known.line) for base in known.bases]

    def call(self, facts: ModuleFacts, ref: CallRef, scope: int, line: int) -> Value:
        """What a call returns, as far as it matters to the rules: a wrap (`recover(f)`),
        a `partial`, an instance of the class called, a known API's result, or `Called`."""
        func = self.resolve(facts, ref.func, scope, line)
        name = self.qualified_name(func)
        if name is not None:
            if name in self.recover_names:
                return Recovered() if ref.first is not None else UNKNOWN
            if name == apis.PARTIAL:
                if ref.first is None:
                    return UNKNOWN
                return Partial(self.resolve(facts, ref.first, scope, line))
            if name in self.returns:
                return ExternalInstance(self.returns[name])
            if name == _CAST:  # `cast(T, value)` is a `T`; a string `T` tells nothing
                first = ref.first
                return (
                    self.instance_of(self.resolve(facts, first, scope, line)) if first else UNKNOWN
                )
            if name == "builtins.type" and ref.first is not None:
                return self.class_of(self.resolve(facts, ref.first, scope, line))
        if isinstance(func, Function):
            return self.returned(func)
        return self.instance_of(func) if isinstance(func, Class | External) else UNKNOWN

    def returned(self, function: Function) -> Value:
        """What calling a project function gives: an instance of its return annotation's
        class, else the value of its one `return` (`def get_loop(): return self._loop`),
        else `Called` (for an `async def`, its coroutine: what the rules judge)."""
        facts = self.facts(function.module)
        known = self.function(function)
        if facts is None or known is None or known.is_async or known.returns is None:
            return Called(function)
        key = (function.module, f"{function.key}()")
        if key in self._active:
            return Called(function)
        self._active.add(key)
        try:
            if known.returns_annotation:
                value = self.resolve(facts, known.returns, known.parent_scope, known.line)
                value = self.instance_of(value)
            else:
                value = self.resolve(facts, known.returns, known.scope, known.line)
        finally:
            self._active.discard(key)
        return Called(function) if isinstance(value, Unknown) else value

    def instance_of(self, value: Value) -> Value:
        """What calling (or annotating with) a class gives: an instance of it."""
        if isinstance(value, Class):
            return Instance(value)
        if isinstance(value, External):
            return ExternalInstance(value.name)
        return UNKNOWN

    def class_of(self, value: Value) -> Value:
        """What `type(value)` gives: the class of an instance (`type(self)._run_server`)."""
        if isinstance(value, Instance):
            return value.cls
        if isinstance(value, ExternalInstance):
            return External(value.cls)
        return UNKNOWN

    # questions the rules ask -----------------------------------------------------------

    def qualified_name(self, value: Value) -> str | None:
        """The canonical dotted name of a definition or outside object, if it has one."""
        if isinstance(value, External):
            return value.name
        if isinstance(value, Function):
            known = self.function(value)
            return apis.canonical(f"{value.module}.{known.qualname}") if known else None
        if isinstance(value, Class):
            return apis.canonical(f"{value.module}.{value.qualname}")
        return None

    def is_property(self, function: Function) -> bool:
        """Whether a method is a `property`/`cached_property` (or one's setter): reading it
        on an instance gives what the getter returns, not the method."""
        if function not in self._properties:
            facts = self.facts(function.module)
            known = self.function(function)
            self._properties[function] = (
                facts is not None
                and known is not None
                and any(
                    (isinstance(d, AttrRef) and d.attr in _PROPERTY_ACCESSORS)
                    or self.qualified_name(self.resolve(facts, d, known.parent_scope, known.line))
                    in _PROPERTIES
                    for d in known.decorators
                )
            )
        return self._properties[function]

    def is_recover(self, value: Value) -> bool:
        """Whether `value` is one of the configured `recover-functions`."""
        return self.qualified_name(value) in self.recover_names

    def class_lineage(self, cls: Class) -> set[str]:
        """Canonical names of `cls` and all its bases, across modules."""
        seen: set[str] = set()
        pending: list[Value] = [cls]
        while pending:
            current = pending.pop()
            name = self.qualified_name(current)
            if name is None or name in seen:
                continue
            seen.add(name)
            if isinstance(current, Class):
                facts = self.facts(current.module)
                known = self.class_facts(current)
                if facts is not None and known is not None:
                    pending.extend(self.bases(facts, known))
        return seen


def binding_at(bindings: tuple[Binding, ...], line: int) -> Binding:
    """The binding in effect at `line`: the last one made before it, else the last."""
    for binding in reversed(bindings):
        if binding.line < line:
            return binding
    return bindings[-1]
