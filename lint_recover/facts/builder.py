"""Building `ModuleFacts` from an `ast` tree in one walk.

The walk keeps a stack of scopes (module, class, function) mirroring Python's own name
resolution, records every binding a reader would follow, and records call sites whose
callee *could* be a spawn API (decided later, with the project index). What happens to each
call's result is recorded here too (`consumption.py`), because that needs the tree and the
rules never see it.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING

from lint_recover.apis.model import AWAIT
from lint_recover.config import Config
from lint_recover.facts.bodies import escapes, recover_items, value_ref
from lint_recover.facts.consumption import STORED, Consumption, last_name
from lint_recover.facts.model import (
    Binding,
    BindingKind,
    CallSite,
    ClassFacts,
    FunctionFacts,
    InstanceAttribute,
    ModuleFacts,
    Ref,
)
from lint_recover.facts.refs import annotation_ref, to_ref
from lint_recover.facts.scopes import ScopeStack, function_kind
from lint_recover.facts.sites import call_site
from lint_recover.facts.visitor import FastNodeVisitor
from lint_recover.text.positions import char_col
from lint_recover.text.presets import active_presets
from lint_recover.text.switch import switched_off

if TYPE_CHECKING:
    from lint_recover.text.source import ParsedSource


# Calls whose awaited value is the result the rules judge (`results = await gather(...)`).
_GIVING_VALUES = frozenset({"gather"})


class FactsBuilder(FastNodeVisitor):
    """One walk over a module; `build()` returns its facts.

    A builder is used once: its scopes, bindings and call sites accumulate as it walks, and
    `consumption` records what an expression does with a call's result before the call
    itself is visited (parents are visited first), so the call site is recorded in one pass.
    """

    def __init__(
        self,
        source: ParsedSource,
        module: str,
        config: Config,
    ) -> None:
        self.lines = source.lines
        self.path = path = source.path
        self.module = module
        self.is_package = path.name == "__init__.py"
        # Names that may call a spawn API here: the API names, configured spawners, those of
        # the presets on in this module, and the aliases this module gives them (`from
        # threading import Thread as T`).
        table = config.table()
        configured = table.extra_words
        self.presets = active_presets(source.text, config)
        apis = table.in_module(self.presets)
        self.spawn_names = set(apis.words)
        self.target_keywords = table.target_keywords
        # An `.__init__` call hands a thread its target as its second positional argument
        # (`super().__init__(None, target)`; the third when unbound, `Thread.__init__(self,
        # None, target)`) or by keyword (recorded whatever the callee): with fewer, it is not
        # a spawn site, unless a configured spawner is an `__init__`.
        self.init_configured = "__init__" in configured
        self.scopes = ScopeStack()
        self.functions: dict[str, FunctionFacts] = {}
        self.classes: dict[str, ClassFacts] = {}
        self.calls: list[CallSite] = []
        self.consumption = Consumption(
            self.scopes.all, apis.consuming_methods, apis.chaining_methods
        )
        self.awaits: dict[int, ast.Await] = {}

    def build(self, tree: ast.Module) -> ModuleFacts:
        """Walk `tree` (the module these lines were parsed into) and return its facts."""
        self.visit(tree)
        self.consumption.read_in(tree, 0)
        self.consumption.settle(0)
        return ModuleFacts(
            path=str(self.path),
            module=self.module,
            is_package=self.is_package,
            scopes=tuple(self.scopes.all),
            functions=self.functions,
            classes=self.classes,
            calls=tuple(self.calls),
            switched_off=switched_off(self.lines),
            presets=self.presets,
        )

    # bindings --------------------------------------------------------------------------

    def bind_target(self, target: ast.expr, value: ast.expr | None, line: int) -> None:
        """Bind the names an assignment target binds: a plain name to `value`'s shape, the
        names inside an unpacking to nothing known, `self.x` as an instance attribute."""
        if isinstance(target, ast.Name):
            ref = value_ref(value) if value is not None else None
            kind: BindingKind = "value" if ref is not None else "unknown"
            self.scopes.bind(target.id, Binding(line, kind, value=ref))
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self.bind_target(element, None, line)
        elif isinstance(target, ast.Starred):
            self.bind_target(target.value, None, line)
        elif isinstance(target, ast.Attribute) and value is not None:
            self.bind_self_attribute(target, value, line)

    def bind_self_attribute(self, target: ast.Attribute, value: ast.expr, line: int) -> None:
        """`self.x = value` in a method: an instance attribute of the method's class."""
        if not isinstance(target.value, ast.Name):
            return
        for binding in reversed(self.scopes.bindings(target.value.id)):
            if binding.kind == "self":
                owner = self.classes.get(binding.target)
                if owner is not None:
                    assigned = InstanceAttribute(value_ref(value), self.scopes.current, line)
                    previous = owner.attributes.get(target.attr, ())
                    owner.attributes[target.attr] = (*previous, assigned)
                return

    # definitions ---------------------------------------------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.visit_function(node, is_async=False)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.visit_function(node, is_async=True)

    def visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, is_async: bool) -> None:
        """Decorators, defaults and annotations run in the enclosing scope (always walked:
        they may consume a result kept there), then the def is recorded."""
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.visit(node.args)
        if node.returns is not None:
            self.visit(node.returns)
        self.record_function(node, is_async)

    def record_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, is_async: bool) -> None:
        """Record a `def` and walk its body in its own scope. A name defined twice in a scope
        keeps both definitions, the later one keyed `qualname#line`, since a reader may see
        either."""
        parent = self.scopes.current
        class_qualname = self.scopes.enclosing_class()
        decorators = tuple(map(to_ref, node.decorator_list))
        kind = function_kind(decorators, bool(class_qualname), node.name)
        qualname = self.scopes.qualname(node.name)
        key = qualname if qualname not in self.functions else f"{qualname}#{node.lineno}"
        self.scopes.bind(node.name, Binding(node.lineno, "def", target=key))
        scope = self.scopes.push("function", qualname)
        positional, keyword_only = _parameters(node.args) if node.name == "__init__" else ((), ())
        returns, annotated = _returns(node)
        self.functions[key] = FunctionFacts(
            qualname=qualname,
            name=node.name,
            line=node.lineno,
            col=char_col(self.lines, node.lineno, node.col_offset),
            is_async=is_async,
            kind=kind,
            scope=scope,
            parent_scope=parent,
            decorators=decorators,
            recover_items=recover_items(node.body),
            escapes=escapes(node.body),
            positional=positional,
            keyword_only=keyword_only,
            returns=returns,
            returns_annotation=annotated,
        )
        self.scopes.bind_parameters(node.args, kind, class_qualname)
        for statement in node.body:
            self.visit(statement)
        self.consumption.read_in(node, scope)
        self.consumption.settle(scope)
        self.scopes.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expression in (*node.decorator_list, *node.bases, *node.keywords):
            self.visit(expression)
        self.record_class(node)

    def record_class(self, node: ast.ClassDef) -> None:
        """Record a class and walk its body in its own scope."""
        qualname = self.scopes.qualname(node.name)
        self.scopes.bind(node.name, Binding(node.lineno, "class", target=qualname))
        parent = self.scopes.current
        scope = self.scopes.push("class", qualname)
        self.classes[qualname] = ClassFacts(
            qualname=qualname,
            name=node.name,
            line=node.lineno,
            scope=scope,
            parent_scope=parent,
            bases=tuple(to_ref(base) for base in node.bases),
            attributes={},
        )
        for statement in node.body:
            self.visit(statement)
        self.scopes.pop()

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.visit(node.args)
        self.scopes.push("function", self.scopes.qualname("<lambda>"))
        for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
            self.scopes.bind(arg.arg, Binding(node.lineno, "param"))
        self.visit(node.body)
        self.scopes.pop()

    # imports -------------------------------------------------------------------------

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.scopes.bind(alias.asname, Binding(node.lineno, "module", target=alias.name))
            else:
                top = alias.name.split(".", 1)[0]
                self.scopes.bind(top, Binding(node.lineno, "module", target=top))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self.absolute_module(node.module or "", node.level)
        for alias in node.names:
            if alias.name != "*":
                binding = Binding(node.lineno, "from", target=base, attr=alias.name)
                self.scopes.bind(alias.asname or alias.name, binding)
                if alias.asname and alias.name in self.spawn_names:
                    self.spawn_names.add(alias.asname)

    def absolute_module(self, module: str, level: int) -> str:
        """`from ..x import y` seen from this module, as an absolute module name."""
        if level == 0:
            return module
        parts = self.module.split(".") if self.module else []
        keep = len(parts) - level + (1 if self.is_package else 0)
        prefix = parts[: max(keep, 0)]
        return ".".join([*prefix, module] if module else prefix)

    # assignments ---------------------------------------------------------------------

    def visit_Assign(self, node: ast.Assign) -> None:
        self.consumption.assigned(node.targets, node.value, self.scopes.current)
        self.visit(node.value)
        if last_name(node.value) in self.spawn_names:  # `spawn = pool.submit`
            self.spawn_names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        for target in node.targets:
            self.visit_target(target)
            self.bind_target(target, node.value, _end_line(node))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        value = node.value
        if value is not None:
            self.consumption.assigned([node.target], value, self.scopes.current)
        self.generic_visit(node)
        self.bind_annotated(node)

    def bind_annotated(self, node: ast.AnnAssign) -> None:
        """`x: T` binds `x` like a parameter annotated `T`; `x: T = v` like `x = v`."""
        if node.value is None and isinstance(node.target, ast.Name):
            annotation = annotation_ref(node.annotation)
            self.scopes.bind(node.target.id, Binding(node.lineno, "param", value=annotation))
        else:
            self.bind_target(node.target, node.value, _end_line(node))

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.generic_visit(node)
        self.bind_target(node.target, None, _end_line(node))

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.consumption.assigned([node.target], node.value, self.scopes.current)
        self.visit(node.value)
        self.bind_target(node.target, node.value, _end_line(node))

    def visit_target(self, target: ast.expr) -> None:
        """Visit the expressions inside an assignment target (`a[f()] = ...`)."""
        if not isinstance(target, ast.Name):
            self.visit(target)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.consumption.iterated(node.iter, node.target, self.scopes.current)
        self.visit(node.iter)
        self.visit_target(node.target)
        self.bind_target(node.target, None, node.lineno)
        for statement in (*node.body, *node.orelse):
            self.visit(statement)

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self.visit_target(item.optional_vars)
                self.bind_with_item(item)
        for statement in node.body:
            self.visit(statement)

    def bind_with_item(self, item: ast.withitem) -> None:
        """`with open(p) as f` binds `f` to the shape of `open(p)`."""
        if item.optional_vars is not None:
            self.bind_target(item.optional_vars, item.context_expr, _end_line(item.context_expr))

    visit_AsyncWith = visit_With

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.scopes.bind(node.name, Binding(node.lineno, "unknown"))
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self.consumption.iterated(node.iter, node.target, self.scopes.current)
        self.generic_visit(node)

    # calls and what happens to their results -------------------------------------------

    def visit_Expr(self, node: ast.Expr) -> None:
        self.consumption.discarded(node.value)
        self.generic_visit(node)

    def visit_Await(self, node: ast.Await) -> None:
        self.consumption.awaited(node.value, self.scopes.current)
        self.awaits[id(node.value)] = node
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        self.consumption.returned(node.value, self.scopes.current)
        self.generic_visit(node)

    def visit_Yield(self, node: ast.Yield) -> None:
        self.consumption.returned(node.value, self.scopes.current)
        self.generic_visit(node)

    def visit_YieldFrom(self, node: ast.YieldFrom) -> None:
        self.consumption.returned(node.value, self.scopes.current, AWAIT)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        """Record what this call does with its receiver and arguments before they are
        visited, and record the call itself if it may spawn work."""
        scope = self.scopes.current
        name = last_name(node.func)
        # What an awaited `gather` gives is its list of results (and, with
        # `return_exceptions=True`, exceptions): its fate is the `await`'s.
        result = self.awaits.get(id(node), node) if name in _GIVING_VALUES else node
        self.consumption.called(node, name, scope)
        usage = self.consumption.usage_of(result)  # after `called`: a chain may keep it
        spawn_name = name in self.spawn_names and (
            name != "__init__"
            or len(node.args) >= 2
            or (self.init_configured and bool(node.args or node.keywords))
        )
        if spawn_name or any(keyword.arg in self.target_keywords for keyword in node.keywords):
            site = call_site(node, usage, scope, self.lines)
            if usage == STORED and id(result) in self.consumption.kept_in:
                site = replace(site, stored_in=self.consumption.kept_in[id(result)])
                if result is not node:
                    self.consumption.watch(site.stored_in, scope)
            self.calls.append(site)
        self.generic_visit(node)


def _parameters(args: ast.arguments) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The positional and keyword-only parameter names of an `__init__`, which a
    construction's arguments bind to (the rules need them for no other function, and a cold
    check records every function of the project)."""
    positional = tuple([arg.arg for arg in args.posonlyargs + args.args])
    return positional, tuple([arg.arg for arg in args.kwonlyargs])


def _returns(node: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[Ref | None, bool]:
    """What a call of a (non-async) function gives, as far as a reader sees it at once: its
    return annotation (and True), else the expression of a body whose last statement is its
    only top-level `return` (the getter shape, `return self._loop`)."""
    if node.returns is not None:
        return annotation_ref(node.returns), True
    last = node.body[-1]
    if isinstance(node, ast.AsyncFunctionDef) or not isinstance(last, ast.Return):
        return None, False
    if last.value is None or any(isinstance(s, ast.Return) for s in node.body[:-1]):
        return None, False
    return value_ref(last.value), False


def _end_line(node: ast.stmt | ast.expr) -> int:
    """Where a binding takes effect: uses after the statement see it, uses inside it (the
    `fut` of `fut = ensure_future(fut)`) see the previous binding."""
    return node.end_lineno or node.lineno
