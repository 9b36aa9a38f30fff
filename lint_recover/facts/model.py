"""Module facts: everything the rules need to know about one module, as plain data.

Facts are built once per file from its `ast` tree (see `builder.py`) and never hold a
node: only frozen dataclasses, tuples, dicts and strings, so they pickle cheaply (the CLI
caches them on disk keyed by content hash, and sends them between worker processes) and
the project index can serve the facts of other modules without parsing them again.

Expressions the resolver must follow (a spawn's target, a decorator, a base class, the value
bound to a name) are kept as symbolic `Ref`s: the shape a reader sees (`pool.submit`,
`self.poll`, `partial(work, 1)`), resolved later against scopes and other modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class NameRef:
    """A bare name, looked up in the scope where the expression appears."""

    name: str


@dataclass(frozen=True, slots=True)
class AttrRef:
    """`base.attr`."""

    base: Ref
    attr: str


@dataclass(frozen=True, slots=True)
class CallRef:
    """`func(first, ...)`: only the first positional argument is kept, which is all that
    `recover(f)`, `functools.partial(f, ...)` and constructors need."""

    func: Ref
    first: Ref | None = None


@dataclass(frozen=True, slots=True)
class OpaqueRef:
    """An expression the resolver cannot follow: `kind` is "none" (`None`, which runs
    nothing: `Thread.__init__(self, None, None, name)`) or "expression"."""

    kind: str


@dataclass(frozen=True, slots=True)
class LambdaRef:
    """A lambda, read like a function whose body is visible: `escapes` are the calls whose
    raising alone would escape it (empty: nothing can), or None when it may raise
    (`facts.bodies`)."""

    escapes: tuple[Ref, ...] | None


Ref = NameRef | AttrRef | CallRef | OpaqueRef | LambdaRef

BindingKind = Literal["module", "from", "def", "class", "value", "param", "self", "cls", "unknown"]


@dataclass(frozen=True, slots=True)
class Binding:
    """What a name is bound to in a scope, for uses on lines after `line` (the last line of
    the binding statement; a `def`'s or `class`'s own line).

    - "module": `import a.b as m` (`target` = "a.b"); `import a.b` binds "a" to module "a".
    - "from": `from x import y` (`target` = "x", `attr` = "y"), relative imports resolved.
    - "def" / "class": a definition of this module (`target` = its qualname).
    - "value": an assignment or `with ... as` (`value` = the expression).
    - "param": a parameter (`value` = its annotation, if any).
    - "self" / "cls": the first parameter of a method (`target` = the class qualname).
    - "unknown": bound some other way (loop variable, unpacking, `except ... as`).
    """

    line: int
    kind: BindingKind
    target: str = ""
    attr: str = ""
    value: Ref | None = None


ScopeKind = Literal["module", "class", "function"]


@dataclass(frozen=True, slots=True)
class Scope:
    """A namespace. `parent` is the index of the enclosing scope (-1 for the module).

    `consumed` maps the names of this scope whose results its own code consumes to the forms
    it consumes them in (`facts.consumption`): `.result()` on the name, `await` of it,
    iterating it, handing it to `gather`, returning it... A spawn whose result is stored in
    such a name (`CallSite.stored_in`) is consumed if its API accepts one of those forms. A
    class scope holds the instance attributes (`self.task`) any of its methods consumes.
    """

    kind: ScopeKind
    qualname: str
    parent: int
    bindings: dict[str, tuple[Binding, ...]] = field(default_factory=dict)
    consumed: dict[str, set[str]] = field(default_factory=dict)


FunctionKind = Literal["function", "method", "staticmethod", "classmethod"]


@dataclass(frozen=True, slots=True)
class FunctionFacts:
    """A `def` or `async def`.

    `line`/`col` are the `def` keyword's (flake8's convention: not the first decorator).
    `recover_items` are the callees of the calls in the items of the body's single
    `with`/`async with` statement (empty when the body is not shaped that way): the function
    is recovered when one of them, or one of `decorators`, resolves to a recover function.
    `escapes`: the calls whose raising alone would escape the body (empty: nothing can), or
    None when something in it may raise (`bodies.escapes`): judged with resolution by the
    rules, which need no recovery for a body nothing escapes. `positional` and
    `keyword_only` name the parameters of an `__init__`, which a construction's arguments
    bind to (empty for any other function). `returns` is what a call of it gives: its return
    annotation (`returns_annotation`), else the expression of its one `return`, if any.
    """

    qualname: str
    name: str
    line: int
    col: int
    is_async: bool
    kind: FunctionKind
    scope: int
    parent_scope: int
    decorators: tuple[Ref, ...]
    recover_items: tuple[Ref, ...]
    escapes: tuple[Ref, ...] | None
    positional: tuple[str, ...] = ()
    keyword_only: tuple[str, ...] = ()
    returns: Ref | None = None
    returns_annotation: bool = False


@dataclass(frozen=True, slots=True)
class InstanceAttribute:
    """`self.<name> = value` in a method; `value` is resolved in that method's `scope`."""

    value: Ref
    scope: int
    line: int


@dataclass(frozen=True, slots=True)
class ClassFacts:
    """A class: its bases (resolved in `parent_scope`), its body `scope` (methods and class
    attributes are bindings there) and the attributes its methods bind on `self`, every
    assignment in source order (`self.loop = None` first, the real loop later)."""

    qualname: str
    name: str
    line: int
    scope: int
    parent_scope: int
    bases: tuple[Ref, ...]
    attributes: dict[str, tuple[InstanceAttribute, ...]]


@dataclass(frozen=True, slots=True)
class Span:
    """A source range in characters: 1-based lines, 0-based columns, end exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a call site: what it refers to, where it is and its text."""

    ref: Ref
    span: Span
    text: str


# What happens to a call's result: "discarded" (a statement), "stored" (kept or passed on), or
# a form of consumption (`apis.model`: "await", "iterate", "return", ".result", ...).
Usage = str


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call that may start work (its callee's last name is a known spawn API).

    Whether it really is a spawn depends on what `callee` resolves to (a `.submit` on an
    executor is, `form.submit(cb)` is not), which the checker decides with the project
    index. `usage` says what happens to the call's result: dropped as a statement,
    stored/passed on, or consumed in the same expression in some form (awaited, `.result()`,
    iterated, returned).
    `stored_in` names the variable of `scope` a stored result flows into (`fut = ...`,
    `futures = [... for ...]`, `futures.append(...)`, `by_future[...] = ...`), or the
    instance attribute (`self.task = ...`, named `self.task` whatever the method calls its
    instance), if any.
    `args` holds None for a `*starred` argument.
    """

    callee: Ref
    args: tuple[Argument | None, ...]
    keywords: tuple[tuple[str, Argument], ...]
    usage: Usage
    scope: int
    line: int
    col: int
    stored_in: str = ""

    def argument(self, position: int | None, keyword: str | None) -> Argument | None:
        """The argument at `position` or passed as `keyword=` (None if absent, or if a
        `*starred` argument comes first: no one can tell what it fills)."""
        if keyword is not None:
            for name, argument in self.keywords:
                if name == keyword:
                    return argument
        if position is not None and position < len(self.args):
            if any(arg is None for arg in self.args[: position + 1]):
                return None
            return self.args[position]
        return None


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """Everything known about one module. `scopes[0]` is the module scope.

    `problem` is set (and the rest empty) when the tree was too deep to walk: the checker
    reports it as RCV001. `switched_off` is set when a line of the module is flake8's
    file-level `# flake8: noqa`: nothing in it is reported, while other modules still resolve
    through its facts. Facts are pickled, not JSON-encoded, wherever they are stored.
    `presets` names the presets of third-party libraries on in the module (`text.presets`):
    their conventions hold only there.
    """

    path: str
    module: str
    is_package: bool
    scopes: tuple[Scope, ...]
    functions: dict[str, FunctionFacts]
    classes: dict[str, ClassFacts]
    calls: tuple[CallSite, ...]
    problem: str | None = None
    switched_off: bool = False
    presets: frozenset[str] = frozenset()
