"""Spawn sites: which calls the walk records, and what it keeps of each.

The walk cannot tell yet whether `pool.submit(job)` starts work (that needs the project
index), so it records every call whose callee's last name *could* be a spawn API of the
table (`apis.table`; or that passes a thread's `target=`: the callee may be a project
`Thread` subclass), with what
the rules will need without the tree: the callee and each argument as `Ref`s, each
argument's span and source text (for messages and fixes), and what happens to the result.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

from lint_recover.facts.bodies import value_ref
from lint_recover.facts.model import Argument, CallSite, Span, Usage
from lint_recover.facts.refs import to_ref
from lint_recover.text.positions import char_col

# Longer argument texts are cut: they only name the argument in a message.
_ARGUMENT_TEXT_LIMIT = 80


def call_site(node: ast.Call, usage: Usage, scope: int, lines: Sequence[str]) -> CallSite:
    """The facts of a call that may spawn work. A `*args` argument is kept as `None` (it
    holds the position, but no rule can tell what it fills); a `**kwargs` one is left out."""
    args = tuple(
        None if isinstance(arg, ast.Starred) else _argument(arg, lines) for arg in node.args
    )
    keywords = tuple(
        (keyword.arg, _argument(keyword.value, lines))
        for keyword in node.keywords
        if keyword.arg is not None
    )
    line = node.lineno
    col = char_col(lines, line, node.col_offset)
    return CallSite(to_ref(node.func), args, keywords, usage, scope, line, col)


def _argument(node: ast.expr, lines: Sequence[str]) -> Argument:
    span = Span(
        node.lineno,
        char_col(lines, node.lineno, node.col_offset),
        node.end_lineno or node.lineno,
        char_col(lines, node.end_lineno or node.lineno, node.end_col_offset or 0),
    )
    return Argument(value_ref(node), span, _text(span, lines))


def _text(span: Span, lines: Sequence[str]) -> str:
    """The argument's text on its first line, stripped and cut to the limit."""
    if not 0 < span.line <= len(lines):
        return ""
    first = lines[span.line - 1]
    text = first[span.col : span.end_col] if span.end_line == span.line else first[span.col :]
    text = text.strip()
    return text if len(text) <= _ARGUMENT_TEXT_LIMIT else text[: _ARGUMENT_TEXT_LIMIT - 3] + "..."
