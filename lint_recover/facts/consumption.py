"""What happens to results: the facts half of "is this spawn's result consumed?".

Two things are recorded, both as *forms* of consumption (`apis.model`: awaited, iterated,
returned, a method such as `.result()` called on it), which the rules compare with the forms
a spawn API's row accepts (a future is consumed by `.result()`, an executor's `map` by
iteration, an async result by `.get()`):
- `usage`: what the expression around a call does with its result, decided from the node's
  parents before the call is visited: dropped as a statement ("discarded"), passed on or kept
  ("stored"), or consumed there in some form (`await create_task(...)`, `pool.submit(f).
  result()`, `list(pool.map(...))`);
- per scope, the variables a result is kept in (`fs = [pool.submit(job, x) for x in xs]`)
  and the forms in which the scope's own code consumes variables (`for fut in
  as_completed(fs): fut.result()`), in `Scope.consumed`. A spawn kept in a variable consumed
  in an accepted form is consumed.
This is a cheap analysis of names, not data flow: no aliasing through attributes (apart from
the instance's own, `self.task`, consumed by any method of the class), no flow between
functions, and a name consumed anywhere in the scope counts (loops make "later" fuzzy).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Sequence

from lint_recover.apis.model import AWAIT, ITERATE, READ, RETURN
from lint_recover.facts.model import Scope

DISCARDED = "discarded"
STORED = "stored"
# Calls that iterate their argument at once (`list(pool.map(f, xs))`), and the loop method
# that returns its future's result or raises (`loop.run_until_complete(fut)`).
_ITERATING_CALLS = frozenset(
    {"list", "tuple", "set", "frozenset", "sorted", "sum", "any", "all", "min", "max", "dict"}
)
_AWAITING_CALLS = frozenset({"run_until_complete"})
# asyncio helpers whose awaiting raises their arguments' exceptions (or, for `gather(...,
# return_exceptions=True)`, returns them; `wrap_future` makes a concurrent future awaitable):
# a name passed to them is consumed.
PROPAGATING_CALLS = frozenset({"gather", "wait_for", "shield", "wrap_future"})
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


class Consumption:
    """What one module's expressions do with results, and what its scopes keep and consume;
    fills `Scope.consumed`. `consuming_methods` are the methods whose call consumes a result
    (from the spawn table: `result`, `exception`, ...)."""

    def __init__(
        self,
        scopes: Sequence[Scope],
        consuming_methods: Collection[str],
        chaining_methods: Collection[str] = (),
    ) -> None:
        self.scopes = scopes
        self.consuming_methods = consuming_methods
        self.chaining_methods = chaining_methods  # `d.addCallback(cb)` returns `d`
        self.usage: dict[int, str] = {}  # id(expression) -> what its parent does with it
        self.kept_in: dict[int, str] = {}  # id(expression) -> the variable it is kept in
        # Per scope, (name, variable) for a name's value kept in another variable
        # (`futures.append(fut)`): when the variable is consumed, so is the name.
        self.transfers: dict[int, list[tuple[str, str]]] = {}
        # Per scope, the variables whose mere reading consumes them (a list of results).
        self.watched: dict[int, set[str]] = {}

    # what the expression around a result does with it ----------------------------------

    def usage_of(self, node: ast.expr) -> str:
        return self.usage.get(id(node), STORED)

    def discarded(self, node: ast.expr) -> None:
        self.usage[id(node)] = DISCARDED

    def awaited(self, node: ast.expr, scope: int) -> None:
        self.usage[id(node)] = AWAIT
        self.consume(node, scope, AWAIT)

    def returned(self, node: ast.expr | None, scope: int, form: str = RETURN) -> None:
        """`return x` / `yield x` (form `return`: the caller holds it from then on), or
        `yield from x` (`await`, in a generator-based coroutine)."""
        if node is not None:
            self.usage[id(node)] = form
            self.consume(node, scope, form)

    def iterated(self, iterable: ast.expr, target: ast.expr, scope: int) -> None:
        """`for target in iterable` (or a comprehension's `for`): iterating reads an
        executor's `map` results; iterating futures or tasks hands each to `target`, so they
        are consumed as the loop uses it (`for fut in fs: fut.result()`, not `fut.cancel()`)."""
        self.usage[id(iterable)] = ITERATE
        self.consume(iterable, scope, ITERATE)
        self.handed_back(iterable, [target], scope)
        bound = [name.id for name in ast.walk(target) if isinstance(name, ast.Name)]
        for iterated in self._names_read(iterable, scope):
            for name in bound:
                self.transfers.setdefault(scope, []).append((iterated, name))

    def called(self, node: ast.Call, name: str, scope: int) -> None:
        """A call whose callee's last name is `name`: how it uses its receiver and
        arguments, before they are visited (`fut.result()`, `list(pool.map(...))`,
        `await gather(create_task(...))`, `futures.append(pool.submit(job))`)."""
        func = node.func
        receiver = func.value if isinstance(func, ast.Attribute) else None
        if receiver is not None and name in self.consuming_methods:
            self.usage[id(receiver)] = "." + name
            self.consume(receiver, scope, "." + name)
        if receiver is not None and name in self.chaining_methods:
            self.chained(node, receiver, scope)
        form = ITERATE if name in _ITERATING_CALLS else AWAIT if name in _AWAITING_CALLS else ""
        usage = self.usage_of(node)
        if not form and name in PROPAGATING_CALLS and usage not in (DISCARDED, STORED):
            form = usage  # `await gather(task)` awaits the task
        for argument in node.args:
            if form:
                self.usage[id(argument)] = form
                self.consume(argument, scope, form)
            if name in PROPAGATING_CALLS:
                self.consume(argument, scope, AWAIT)
            if name in _COLLECTING_METHODS and isinstance(receiver, ast.Name):
                self.flow_into(argument, receiver.id, scope)

    def chained(self, node: ast.Call, receiver: ast.expr, scope: int) -> None:
        """`receiver.addCallback(cb)` returns what carries the receiver's exception (the same
        Deferred): the receiver is used as the call's result is (awaited, errbacked, kept in
        a variable), and a call whose result is dropped is kept where its chain starts (`d.
        addCallback(cb)` as a statement: consumed when `d` is)."""
        if self.usage_of(node) == DISCARDED:
            root = self._chain_root(receiver, scope)
            if root:
                self.usage[id(node)] = STORED
                self.kept_in[id(node)] = root
        usage = self.usage_of(node)
        self.usage[id(receiver)] = usage
        if usage not in (DISCARDED, STORED):
            self.consume(receiver, scope, usage)
        elif id(node) in self.kept_in:
            variable = self.kept_in[id(node)]
            if isinstance(receiver, ast.Call):
                self.kept_in[id(receiver)] = variable
            for name in self._names_read(receiver, scope):
                self.transfers.setdefault(scope, []).append((name, variable))

    def _chain_root(self, node: ast.expr, scope: int) -> str:
        """The variable a chain of chaining calls starts from (`d` of `d.addCallback(a).
        addCallback(b)`, `self.d`), else ""."""
        while (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in self.chaining_methods
        ):
            node = node.func.value
        if isinstance(node, ast.Attribute):
            return self._attribute_of_self(node, scope)
        return node.id if isinstance(node, ast.Name) else ""

    # results kept in variables -----------------------------------------------------------

    def assigned(self, targets: Sequence[ast.expr], value: ast.expr, scope: int) -> None:
        """`target = value` (also `by_future[key] = value`, `self.task = value`, annotated,
        `:=`)."""
        variable = next(filter(None, (self._variable_of(t, scope) for t in targets)), "")
        if variable:
            self.flow_into(value, variable, scope)
        self.handed_back(value, targets, scope)

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
            if isinstance(node, ast.Call) and last_name(node.func) in _WRAPPING_CALLS:
                for argument in node.args[:1]:
                    self.flow_into(argument, variable, scope)

    def consume(self, node: ast.expr, scope: int, form: str) -> None:
        """The results held by the variable(s) `node` reads are consumed in `scope` in this
        `form`: `fs`, `*tasks`, `futures.values()`, `{first, second}`, `zip(items,
        futures)`. An instance attribute (`self.task`) is consumed in the class, by any of
        its methods."""
        consumed = self.scopes[scope].consumed
        for name in self._names_read(node, scope):
            consumed.setdefault(name, set()).add(form)
        self._to_class(scope)

    def watch(self, variable: str, scope: int) -> None:
        """`variable` holds a list of results: any reading of it consumes it (`read_in`)."""
        self.watched.setdefault(scope, set()).add(variable)

    def read_in(self, node: ast.AST, scope: int) -> None:
        """At the end of the scope of `node`: the watched variables it reads are consumed in
        the `read` form (rare, so the walk of the scope's nodes is paid only then)."""
        watched = self.watched.pop(scope, set())
        if not watched:
            return
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in watched and type(inner.ctx) is ast.Load:
                self.scopes[scope].consumed.setdefault(inner.id, set()).add(READ)

    def settle(self, scope: int) -> None:
        """At the end of a scope: a name whose value was kept in a consumed variable is
        consumed in the same forms (`fut = ...; futures.append(fut); ... gather(*futures)`)."""
        transfers = self.transfers.pop(scope, ())
        consumed = self.scopes[scope].consumed
        changed = bool(transfers)
        while changed:
            changed = False
            for name, variable in transfers:
                forms = consumed.get(variable)
                if forms and not forms <= consumed.get(name, set()):
                    consumed.setdefault(name, set()).update(forms)
                    changed = True
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

    def _to_class(self, scope: int) -> None:
        """Instance attributes a method consumes are consumed in its class, for the spawns
        its other methods keep in them (`self.task = create_task(...)`; `await self.task`)."""
        attributes = [n for n in self.scopes[scope].consumed if n.startswith(_SELF)]
        if attributes:
            own = self.scopes[scope].consumed
            owner = self.scopes[self.scopes[scope].parent].consumed
            for name in attributes:
                owner.setdefault(name, set()).update(own[name])


def last_name(node: ast.expr) -> str:
    """`submit` for `pool.submit`, `Thread` for `Thread`, else ""."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""
