"""Quiet function bodies: walked for their bindings only, or not at all.

Most of a module's nodes are expressions inside function bodies, and most function bodies
hold no call that could be a spawn site: a call site is spelled with a spawn API's name (or
an alias the walk has already seen bound to one) or a `target=`/`function=` keyword, on a
line of the body. A body whose lines spell none of them (`LoudLines`) adds no call site, and
nothing the kept-results analysis would use, since that only serves the sites of the same
scope. What such a body can still add is what resolution looks up in its scope, and that
only when resolution ever starts there (`bindings_are_read`): an instance attribute a
method assigns (`self.pump = pump` is resolved where it was assigned), a nested definition
(its decorators and bases are resolved in the enclosing scope), or the body's own `with
recover():`. Such a
body is walked statement by statement for its bindings (`walk_quietly`), without descending
into expressions; any other quiet body is not walked at all. On the standard library that
skips most of the facts walk, with the same findings (`tests/linter/test_quiet.py`).

Like the module screen, this is a necessary condition, not a guess: a body is walked in full
whenever a word that could start a call site occurs in it (as `facts.words` finds words:
a comment between a name and the `.` before it or the `=` after it is not seen through), and
`:=` (a binding made inside an expression) also makes it walked in full. A def's or class's
own line (decorators, defaults, bases) runs in the enclosing scope and is always walked.
"""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lint_recover.apis.model import AWAIT
from lint_recover.apis.table import STANDARD
from lint_recover.facts.consumption import last_name
from lint_recover.facts.model import Binding
from lint_recover.text.positions import line_numbers
from lint_recover.text.words import Accept, anywhere, call_site_acceptor, occurrences

if TYPE_CHECKING:
    from lint_recover.facts.builder import FactsBuilder


class LoudLines:
    """The lines of a module where a call site could be (1-based, sorted).

    Each word is looked for as its role needs: a standard spawn API's name or a target
    keyword as `call_site_acceptor` says, any other spawn name (a configured spawner, an
    alias the walk finds: `function = pool.submit`) anywhere, again if it was first looked for
    in a narrower role. `known` holds the offsets the module screen found for the first
    search of each word (`screen.screen`, which looks for them the same way)."""

    def __init__(
        self,
        text: str,
        spawn_names: Collection[str],
        configured: Collection[str] = (),
        known: Mapping[str, Sequence[int]] | None = None,
    ) -> None:
        self.text = text
        self.known = known or {}
        self.configured = frozenset(configured)
        self.searched: dict[str, Accept] = {}
        self.loud: list[int] = []
        self.spawn_names_count = 0
        roles = {
            word: call_site_acceptor(word) for word in STANDARD.target_keywords - self.configured
        }
        self.add_words({**roles, ":=": anywhere})
        self.follow(spawn_names)

    def follow(self, spawn_names: Collection[str]) -> None:
        """Count the lines spelling `spawn_names`, which only grow (by the aliases of spawn
        names the walk finds), as well."""
        if len(spawn_names) != self.spawn_names_count:
            self.spawn_names_count = len(spawn_names)
            standard = STANDARD.standard_words - self.configured
            self.add_words(
                {w: call_site_acceptor(w) if w in standard else anywhere for w in spawn_names}
            )

    def add_words(self, words: Mapping[str, Accept]) -> None:
        """Also count the lines spelling `words`, each where its acceptor agrees."""
        found = set(self.loud)
        for word, accept in words.items():
            searched = self.searched.get(word)
            if searched is accept or searched is anywhere:
                continue
            offsets = self.known.get(word) if searched is None else None
            if offsets is None:
                offsets = list(occurrences(self.text, word, accept, whole=word != ":="))
            self.searched[word] = accept
            found.update(line_numbers(self.text, offsets))
        self.loud = sorted(found)

    def any_between(self, first: int, last: int) -> bool:
        """Whether a line from `first` to `last` (inclusive) could hold a call site."""
        index = bisect_left(self.loud, first)
        return index < len(self.loud) and self.loud[index] <= last


def walk_quietly(builder: FactsBuilder, statements: Sequence[ast.stmt]) -> None:
    """Record what `statements` (in a quiet body) bind, as the full walk would, in order."""
    for statement in statements:
        record = _RECORDERS.get(type(statement))
        if record is not None:
            record(builder, statement)


def _function(builder: FactsBuilder, node: Any) -> None:
    builder.record_function(node, isinstance(node, ast.AsyncFunctionDef), quiet=True)


def _class(builder: FactsBuilder, node: Any) -> None:
    builder.record_class(node, quiet=True)


def _assign(builder: FactsBuilder, node: Any) -> None:
    for target in node.targets:
        builder.bind_target(target, node.value, node.end_lineno)


def _annotated(builder: FactsBuilder, node: Any) -> None:
    builder.bind_annotated(node)


def _augmented(builder: FactsBuilder, node: Any) -> None:
    builder.bind_target(node.target, None, node.end_lineno)


def _for(builder: FactsBuilder, node: Any) -> None:
    builder.bind_target(node.target, None, node.lineno)
    walk_quietly(builder, node.body)
    walk_quietly(builder, node.orelse)


def _with(builder: FactsBuilder, node: Any) -> None:
    for item in node.items:
        builder.bind_with_item(item)
    walk_quietly(builder, node.body)


def _branches(builder: FactsBuilder, node: Any) -> None:
    walk_quietly(builder, node.body)
    walk_quietly(builder, node.orelse)


def _try(builder: FactsBuilder, node: Any) -> None:
    walk_quietly(builder, node.body)
    for handler in node.handlers:
        if handler.name:
            builder.scopes.bind(handler.name, Binding(handler.lineno, "unknown"))
        walk_quietly(builder, handler.body)
    walk_quietly(builder, node.orelse)
    walk_quietly(builder, node.finalbody)


def _match(builder: FactsBuilder, node: Any) -> None:
    for case in node.cases:
        walk_quietly(builder, case.body)


def _import(builder: FactsBuilder, node: Any) -> None:
    builder.visit_Import(node)


def _import_from(builder: FactsBuilder, node: Any) -> None:
    builder.visit_ImportFrom(node)


# What each kind of statement binds (other statements bind nothing the facts record).
_RECORDERS: dict[type[ast.stmt], Callable[[FactsBuilder, Any], None]] = {
    ast.FunctionDef: _function,
    ast.AsyncFunctionDef: _function,
    ast.ClassDef: _class,
    ast.Assign: _assign,
    ast.AnnAssign: _annotated,
    ast.AugAssign: _augmented,
    ast.For: _for,
    ast.AsyncFor: _for,
    ast.With: _with,
    ast.AsyncWith: _with,
    ast.If: _branches,
    ast.While: _branches,
    ast.Try: _try,
    ast.TryStar: _try,
    ast.Match: _match,
    ast.Import: _import,
    ast.ImportFrom: _import_from,
}


def bindings_are_read(body: Sequence[ast.stmt], is_method: bool) -> bool:
    """Whether resolution may ever look up a name in the scope of a quiet function with
    this body, so that its bindings must be recorded. It starts in such a scope only for a
    definition made in it (a nested `def`'s decorators, a nested class's bases), an instance
    attribute a method assigns (`self.pump = pump` or `with ... as self.x`, resolved where
    it was assigned), or the `with recover():` of the function's own body (checked by the
    caller)."""
    for statement in body:
        read = _READ.get(type(statement))
        if read is not None and read(statement, is_method):
            return True
    return False


def _blocks_read(is_method: bool, *blocks: Sequence[ast.stmt]) -> bool:
    return any(bindings_are_read(block, is_method) for block in blocks if block)


def _try_read(node: Any, is_method: bool) -> bool:
    handlers = (handler.body for handler in node.handlers)
    return _blocks_read(is_method, node.body, *handlers, node.orelse, node.finalbody)


def _with_read(node: Any, is_method: bool) -> bool:
    attributes = is_method and any(type(i.optional_vars) is ast.Attribute for i in node.items)
    return attributes or _blocks_read(is_method, node.body)  # `with ... as self.stream:`


# Per kind of statement: could resolution start in the scope it is in, because of it?
_READ: dict[type[ast.stmt], Callable[[Any, bool], bool]] = {
    ast.FunctionDef: lambda node, is_method: True,
    ast.AsyncFunctionDef: lambda node, is_method: True,
    ast.ClassDef: lambda node, is_method: True,
    ast.Assign: lambda node, is_method: (
        is_method and any(type(target) is ast.Attribute for target in node.targets)
    ),
    ast.AnnAssign: lambda node, is_method: (
        is_method and node.value is not None and type(node.target) is ast.Attribute
    ),
    ast.With: _with_read,
    ast.AsyncWith: _with_read,
    ast.If: lambda node, is_method: _blocks_read(is_method, node.body, node.orelse),
    ast.While: lambda node, is_method: _blocks_read(is_method, node.body, node.orelse),
    ast.For: lambda node, is_method: _blocks_read(is_method, node.body, node.orelse),
    ast.AsyncFor: lambda node, is_method: _blocks_read(is_method, node.body, node.orelse),
    ast.Try: _try_read,
    ast.TryStar: _try_read,
    ast.Match: lambda node, is_method: _blocks_read(is_method, *(c.body for c in node.cases)),
}


def consume_in_quiet_methods(builder: FactsBuilder) -> None:
    """After the walk: what the quiet methods of a class consume, for the spawns its other
    methods keep in instance attributes (`self.task = create_task(...)` in `start`, `await
    self.task` in a quiet `close`). Done only for classes that keep one, since it walks the
    expressions the quiet path skipped; nested definitions are left out, as the full walk
    does not see `self` in them."""
    scopes = builder.scopes.all
    keeping = {scopes[site.scope].parent for site in builder.calls if site.stored_in[:5] == "self."}
    for node, scope, bound in builder.quiet_methods:
        owner = scopes[scope].parent
        if owner not in keeping:
            continue
        builder.scopes.reopen(scope)
        if not bound:
            builder.scopes.bind_parameters(node.args, "method", scopes[owner].qualname)
        for inner in _outside_nested_definitions(node.body):
            if isinstance(inner, ast.Await):
                builder.consumption.consume(inner.value, scope, AWAIT)
            elif isinstance(inner, ast.Call):
                builder.consumption.called(inner, last_name(inner.func), scope)
        builder.consumption.settle(scope)
        builder.scopes.pop()


_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _outside_nested_definitions(body: Sequence[ast.stmt]) -> Iterator[ast.AST]:
    pending: list[ast.AST] = [statement for statement in body if not isinstance(statement, _NESTED)]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, _NESTED))
