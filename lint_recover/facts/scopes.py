"""The scopes of one module as the facts walk enters and leaves them.

Python resolves a name through the scope that binds it: the module, a class body, a
function (or lambda). The walk mirrors that: every `def`, `class` and `lambda` opens a scope
nested in the one being walked, and every binding is recorded in the scope it happens in,
after the bindings before it, so that resolution can later pick the one in effect at a line.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from lint_recover.facts.model import AttrRef, Binding, FunctionKind, NameRef, Ref, Scope, ScopeKind
from lint_recover.facts.refs import annotation_ref


class ScopeStack:
    """Every scope of a module (`all`, indexed as `Scope.parent` and the facts refer to
    them) and the chain of those open at the current point of the walk."""

    def __init__(self) -> None:
        self.all: list[Scope] = [Scope("module", "", -1, {})]
        self._open: list[int] = [0]

    @property
    def current(self) -> int:
        """The index in `all` of the innermost scope being walked."""
        return self._open[-1]

    def push(self, kind: ScopeKind, qualname: str) -> int:
        """Enter a new scope nested in the current one, until `pop`; returns its index."""
        self.all.append(Scope(kind, qualname, self.current, {}))
        index = len(self.all) - 1
        self._open.append(index)
        return index

    def reopen(self, index: int) -> None:
        """Enter the scope `all[index]` again, until `pop` (to add what a later pass finds)."""
        self._open.append(index)

    def pop(self) -> None:
        """Leave the current scope: the walk is back in the one enclosing it."""
        self._open.pop()

    def bind(self, name: str, binding: Binding) -> None:
        """Add a binding of `name` in the current scope; earlier ones are kept, since a
        reader picks the binding in effect at the line it reads from."""
        bindings = self.all[self.current].bindings
        bindings[name] = (*bindings.get(name, ()), binding)

    def bind_parameters(self, args: ast.arguments, kind: FunctionKind, owner: str) -> None:
        """Bind a function's parameters: the first of a method (or classmethod) to its class
        `owner`, the others to the class their annotation names, if any."""
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
        positional = [*args.posonlyargs, *args.args]
        for arg in every:
            annotation = annotation_ref(arg.annotation) if arg.annotation is not None else None
            binding = Binding(arg.lineno, "param", value=annotation)
            if positional and arg is positional[0] and kind in ("method", "classmethod"):
                binding = Binding(arg.lineno, "self" if kind == "method" else "cls", owner)
            self.bind(arg.arg, binding)

    def bindings(self, name: str) -> tuple[Binding, ...]:
        """The bindings of `name` in the current scope so far, oldest first."""
        return self.all[self.current].bindings.get(name, ())

    def qualname(self, name: str) -> str:
        """The `__qualname__` Python gives a definition of `name` in the current scope."""
        parent = self.all[self.current]
        if parent.kind == "module":
            return name
        if parent.kind == "class":
            return f"{parent.qualname}.{name}"
        return f"{parent.qualname}.<locals>.{name}"

    def enclosing_class(self) -> str:
        """The qualname of the class whose body is the current scope (a `def` there is a
        method), else ""."""
        current = self.all[self.current]
        return current.qualname if current.kind == "class" else ""


def function_kind(decorators: Sequence[Ref], in_class: bool, name: str) -> FunctionKind:
    """How the first parameter binds: methods get `self`, classmethods (and `__new__`) `cls`."""
    if not in_class:
        return "function"
    if not decorators:
        return "classmethod" if name in _IMPLICIT_CLASSMETHODS else "method"
    names = {d.name for d in decorators if isinstance(d, NameRef)}
    names |= {d.attr for d in decorators if isinstance(d, AttrRef)}
    if "staticmethod" in names:
        return "staticmethod"
    if "classmethod" in names or name in _IMPLICIT_CLASSMETHODS:
        return "classmethod"
    return "method"


# Methods whose first parameter is the class although they are not decorated.
_IMPLICIT_CLASSMETHODS = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})
