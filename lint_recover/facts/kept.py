"""Results kept in variables and consumed later in the same function.

`fs = [pool.submit(job, x) for x in xs]` followed by `for fut in as_completed(fs):
fut.result()` consumes every future: their exceptions reach this code. The facts builder
records, per scope, which variables a spawn's result is kept in and which variables the
scope's own code consumes; a spawn kept in a consumed variable counts as consumed. This is a
cheap analysis of names, not data flow: no aliasing through attributes, no flow between
functions, and a name consumed anywhere in the scope counts (loops make "later" fuzzy).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from lint_recover.facts.model import Scope

# asyncio helpers whose awaiting raises their arguments' exceptions (or, for `gather(...,
# return_exceptions=True)`, returns them): a name passed to them is consumed.
PROPAGATING_CALLS = frozenset({"gather", "wait_for", "shield"})
# Helpers that wait for the futures they are given and hand them back done, without reading
# them: what they are given is consumed only if the futures they hand back are
# (`done, _ = wait(fs)` then `.result()` of each; `for fut in as_completed(fs): fut.result()`).
_HANDING_BACK_CALLS = frozenset({"as_completed", "wait"})
# Methods that keep their argument in the receiver (`futures.append(pool.submit(job))`).
_COLLECTING_METHODS = frozenset({"append", "appendleft", "add", "insert", "extend"})
# Views of a dict of futures that iterate them (`for future in futures.values()`).
_DICT_VIEWS = frozenset({"keys", "values", "items"})
# Calls returning a future that completes with their argument's outcome (`wrap_future(f)`).
_WRAPPING_CALLS = frozenset({"wrap_future", "ensure_future", "shield"})
# How an instance attribute is named among the variables a class's methods consume.
_SELF = "self."
# Builtins whose iteration iterates their arguments (`for ext, fut in zip(exts, futures)`).
_ITERATING_WRAPPERS = frozenset({"zip", "enumerate", "reversed", "iter"})


class KeptResults:
    """What one module's scopes keep in variables and consume; fills `Scope.consumed`."""

    def __init__(self, scopes: Sequence[Scope]) -> None:
        self.scopes = scopes
        self.kept_in: dict[int, str] = {}  # id(expression) -> the variable its value is kept in
        # Per scope, (name, variable) for a name's value kept in another variable
        # (`futures.append(fut)`): when the variable is consumed, so is the name.
        self.transfers: dict[int, list[tuple[str, str]]] = {}
        # Per scope, the variables holding an executor's `map(...)`: iterating them reads
        # results (and raises), where iterating futures or tasks only hands each one over.
        self.map_results: dict[int, set[str]] = {}

    def assigned(self, targets: Sequence[ast.expr], value: ast.expr, scope: int) -> None:
        """`target = value` (also `by_future[key] = value`, `self.task = value`, annotated,
        `:=`)."""
        variable = next(filter(None, (self._variable_of(t, scope) for t in targets)), "")
        if variable:
            self.flow_into(value, variable, scope)
        self.handed_back(value, targets, scope)

    def iterated(self, iterable: ast.expr, target: ast.expr, scope: int) -> None:
        """`for target in iterable` (or a comprehension's `for`): iterating `map` results
        reads them; iterating futures or tasks hands each to `target`, so they are consumed
        only if the loop reads it (`for fut in fs: fut.result()`, not `fut.cancel()`)."""
        self.consume(iterable, scope, results_only=True)
        self.handed_back(iterable, [target], scope)
        bound = [name.id for name in ast.walk(target) if isinstance(name, ast.Name)]
        for iterated in self._names_read(iterable, scope):
            for name in bound:
                self.transfers.setdefault(scope, []).append((iterated, name))

    def handed_back(self, value: ast.expr, targets: Sequence[ast.expr], scope: int) -> None:
        """`done, pending = await wait(fs)`, `for fut in as_completed(fs)`: the futures of
        `fs` are now also held by the names bound here."""
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call) or last_name(value.func) not in _HANDING_BACK_CALLS:
            return
        for target in targets:
            names = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
            for name in names:
                if isinstance(name, ast.Name):
                    for argument in value.args[:1]:
                        self.flow_into(argument, name.id, scope)

    def called(self, node: ast.Call, name: str, scope: int) -> None:
        """A call whose callee's last name is `name`: does it consume or collect names?"""
        func = node.func
        if isinstance(func, ast.Attribute) and name in ("result", "exception"):
            self.consume(func.value, scope)
        if name in PROPAGATING_CALLS:
            for argument in node.args:
                self.consume(argument, scope)
        receiver = func.value if isinstance(func, ast.Attribute) else None
        if name in _COLLECTING_METHODS and isinstance(receiver, ast.Name):
            for argument in node.args:
                self.flow_into(argument, receiver.id, scope)

    def flow_into(self, node: ast.expr, variable: str, scope: int) -> None:
        """`node`'s value is kept in `variable`: directly, or as an element of a container or
        comprehension built right there (`[pool.submit(job, x) for x in xs]`)."""
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            self.flow_into(node.elt, variable, scope)
        elif isinstance(node, ast.DictComp):
            self.flow_into(node.key, variable, scope)
            self.flow_into(node.value, variable, scope)
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            for element in node.elts:
                self.flow_into(element, variable, scope)
        elif isinstance(node, ast.Dict):
            for part in (*node.keys, *node.values):
                if part is not None:
                    self.flow_into(part, variable, scope)
        elif isinstance(node, ast.Starred):
            self.flow_into(node.value, variable, scope)
        elif isinstance(node, ast.Name):
            self.transfers.setdefault(scope, []).append((node.id, variable))
        else:
            self.kept_in[id(node)] = variable
            if isinstance(node, ast.Call) and last_name(node.func) == "map":
                self.map_results.setdefault(scope, set()).add(variable)
            if isinstance(node, ast.Call) and last_name(node.func) in _WRAPPING_CALLS:
                for argument in node.args[:1]:
                    self.flow_into(argument, variable, scope)

    def consume(self, node: ast.expr, scope: int, *, results_only: bool = False) -> None:
        """The futures or tasks held by the variable(s) `node` reads are consumed in `scope`:
        `fs`, `*tasks`, `futures.values()`, `{first, second}`, `zip(items, futures)`. With
        `results_only` (`node` is iterated or listed), only variables holding `map` results:
        their iteration reads each result, while iterating futures reads none. An instance
        attribute (`self.task`) is consumed in the class, by any of its methods."""
        maps = self.map_results.get(scope, set())
        consumed = self.scopes[scope].consumed
        consumed.update(n for n in self._names_read(node, scope) if not results_only or n in maps)
        self._to_class(scope)

    def _names_read(self, node: ast.expr, scope: int) -> list[str]:
        """The variables whose elements `node` yields: `fs`, `*tasks`, `futures.values()`,
        `{first, second}`, `zip(items, futures)`, `self.task`."""
        if isinstance(node, ast.Starred):
            node = node.value
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _DICT_VIEWS
            and not node.args
        ):
            node = node.func.value
        if isinstance(node, ast.Name):
            return [node.id]
        if isinstance(node, ast.Attribute):
            attribute = self._attribute_of_self(node, scope)
            return [attribute] if attribute else []
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            return [n for element in node.elts for n in self._names_read(element, scope)]
        if isinstance(node, ast.Call) and last_name(node.func) in _ITERATING_WRAPPERS:
            return [n for argument in node.args for n in self._names_read(argument, scope)]
        return []

    def _variable_of(self, target: ast.expr, scope: int) -> str:
        """The variable an assignment to `target` keeps its value in: `fut` for `fut = ...`
        and for `by_future[key] = ...`, `self.task` for an instance attribute, else ""."""
        if isinstance(target, ast.Subscript):
            target = target.value
        if isinstance(target, ast.Attribute):
            return self._attribute_of_self(target, scope)
        return target.id if isinstance(target, ast.Name) else ""

    def _attribute_of_self(self, node: ast.Attribute, scope: int) -> str:
        """`self.task` (named so whatever a method calls its instance) for an attribute of
        the instance a method of a class receives, else ""."""
        receiver = node.value
        if not isinstance(receiver, ast.Name) or self.scopes[scope].kind != "function":
            return ""
        bindings = self.scopes[scope].bindings.get(receiver.id, ())
        if not bindings or bindings[-1].kind != "self":
            return ""
        return _SELF + node.attr

    def settle(self, scope: int) -> None:
        """At the end of a scope: a name whose value was kept in a consumed variable is
        consumed too (`fut = ...; futures.append(fut); ... gather(*futures)`)."""
        transfers = self.transfers.pop(scope, ())
        consumed = self.scopes[scope].consumed
        changed = bool(transfers)
        while changed:
            changed = False
            for name, variable in transfers:
                if variable in consumed and name not in consumed:
                    consumed.add(name)
                    changed = True
        self._to_class(scope)

    def _to_class(self, scope: int) -> None:
        """Instance attributes a method consumes are consumed in its class, for the spawns
        its other methods keep in them (`self.task = create_task(...)`; `await self.task`)."""
        attributes = [name for name in self.scopes[scope].consumed if name.startswith(_SELF)]
        if attributes:
            self.scopes[self.scopes[scope].parent].consumed.update(attributes)


def last_name(node: ast.expr) -> str:
    """`submit` for `pool.submit`, `Thread` for `Thread`, else ""."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""
