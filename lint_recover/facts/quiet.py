"""Quiet function bodies: walked for their bindings only, or not at all.

Most of a module's nodes are expressions inside function bodies, and most function bodies
hold no call that could be a spawn site: a call site is spelled with a spawn API's name (or
an alias the walk has already seen bound to one) or a `target=`/`function=` keyword, on a
line of the body. A body whose lines spell none of them (`LoudLines`) adds no call site, and
nothing the kept-results analysis would use, since that only serves the sites of the same
scope. What such a body can still add is what resolution looks up in its scope, and that
only when resolution ever starts there (`consulted`): an instance attribute a method assigns
(`self.pump = pump` is resolved where it was assigned), a nested definition (its decorators
and bases are resolved in the enclosing scope), or the body's own `with recover():`. Such a
body is walked statement by statement for its bindings (`walk_quietly`), without descending
into expressions; any other quiet body is not walked at all. On the standard library that
skips most of the facts walk, with the same findings (`tests/linter/test_quiet.py`).

Like the module screen, this is a necessary condition, never a guess: a body is walked in
full whenever a word that could start a call site occurs in it, and `:=` (a binding made
inside an expression) also makes it walked in full.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import accumulate, count
from operator import add
from typing import TYPE_CHECKING, Any

from lint_recover.facts.model import Binding
from lint_recover.facts.sites import TARGET_KEYWORDS
from lint_recover.facts.words import call_site_acceptor, occurrences

if TYPE_CHECKING:
    from lint_recover.facts.builder import FactsBuilder


class LoudLines:
    """The lines of a module where a call site could be (1-based, sorted).

    `known` holds the offsets the module screen already found, by word (`screen.screen`);
    the other words are looked for here."""

    def __init__(
        self,
        text: str,
        spawn_names: Collection[str],
        known: Mapping[str, Sequence[int]] | None = None,
    ) -> None:
        self.text = text
        self.known = known or {}
        self.line_starts = line_starts(text)
        self.words: set[str] = set()
        self.loud: list[int] = []
        self.spawn_names_seen = 0
        self.follow(spawn_names)
        self.add_words({*TARGET_KEYWORDS, ":="})

    def follow(self, spawn_names: Collection[str]) -> None:
        """Count the lines spelling `spawn_names`, which only grow (by the aliases of spawn
        names the walk finds), as well."""
        if len(spawn_names) != self.spawn_names_seen:
            self.spawn_names_seen = len(spawn_names)
            self.add_words(spawn_names)

    def add_words(self, words: Iterable[str]) -> None:
        """Also count the lines spelling `words`."""
        new = set(words) - self.words
        if not new:
            return
        self.words |= new
        found = set(self.loud)
        for word in new:
            offsets = self.known.get(word)
            if offsets is None:
                accept = call_site_acceptor(word)
                offsets = list(occurrences(self.text, word, accept, whole=word != ":="))
            found.update(bisect_right(self.line_starts, offset) for offset in offsets)
        self.loud = sorted(found)

    def any_between(self, first: int, last: int) -> bool:
        """Whether a line from `first` to `last` (inclusive) could hold a call site."""
        index = bisect_left(self.loud, first)
        return index < len(self.loud) and self.loud[index] <= last


def line_starts(text: str) -> list[int]:
    """The offset in `text` where each line starts, lines numbered as `ast` numbers them
    (ended by `\\r\\n`, `\\r` or `\\n`), then one past the end: `bisect_right` of an offset
    is its 1-based line. Computed without a Python-level step per line."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # old Mac line ends
        return [0, *(end.end() for end in _LINE_END.finditer(text)), len(text) + 1]
    lengths = map(len, text.split("\n"))  # a `\r\n` line keeps its `\r`, counted in its length
    return list(map(add, accumulate(lengths, initial=0), count()))


_LINE_END = re.compile(r"\r\n|\r|\n")


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


def consulted(body: Sequence[ast.stmt], is_method: bool) -> bool:
    """Whether resolution may ever look up a name in the scope of a quiet function with
    this body, so that its bindings must be recorded. It starts in such a scope only for a
    definition made in it (a nested `def`'s decorators, a nested class's bases), an instance
    attribute a method assigns (`self.pump = pump`, resolved where it was assigned), or the
    `with recover():` of the function's own body (checked by the caller)."""
    for statement in body:
        kind = type(statement)
        if kind in _DEFINITIONS:
            return True
        if isinstance(statement, ast.Assign):
            if is_method and any(isinstance(t, ast.Attribute) for t in statement.targets):
                return True
        elif isinstance(statement, ast.AnnAssign):
            if is_method and statement.value and isinstance(statement.target, ast.Attribute):
                return True
        elif kind in _COMPOUND and any(
            consulted(block, is_method) for block in _COMPOUND[kind](statement)
        ):
            return True
    return False


_DEFINITIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
# The statement lists nested in each kind of compound statement.
_COMPOUND: dict[type[ast.stmt], Callable[[Any], list[list[ast.stmt]]]] = {
    ast.If: lambda node: [node.body, node.orelse],
    ast.While: lambda node: [node.body, node.orelse],
    ast.For: lambda node: [node.body, node.orelse],
    ast.AsyncFor: lambda node: [node.body, node.orelse],
    ast.With: lambda node: [node.body],
    ast.AsyncWith: lambda node: [node.body],
    ast.Try: lambda node: [
        node.body,
        *(h.body for h in node.handlers),
        node.orelse,
        node.finalbody,
    ],
    ast.TryStar: lambda node: [
        node.body,
        *(h.body for h in node.handlers),
        node.orelse,
        node.finalbody,
    ],
    ast.Match: lambda node: [case.body for case in node.cases],
}
