"""Where the added import goes, and with how many blank lines.

A person adding the import puts it at the end of the module's import block: after the
docstring, the `__future__` imports and the other imports at the top, even when something
else sits among them (`__all__`, a constant, `if TYPE_CHECKING:`, `try: import x`). So the
new import follows the last top-level line of imports that comes before both the first
definition or class and the first edit (the name must be bound before it is used); it never
goes inside a `try` or an `if` (a `TYPE_CHECKING` block would not bind it at run time).

The edit is minimal: the import is one new line, and the blank lines around it are those
the module already had there (it joins an import block with none; after a bare docstring it
is set apart by one blank line only when the code after the docstring was). Comments above
the first statement stay with it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from lint_recover.outputs.fix._locate import StalePlan


@dataclass(frozen=True, slots=True)
class _TopStatement:
    """A statement of the module body as libcst holds it, and the last `ast` line it spans."""

    node: cst.BaseStatement
    last_line: int


def add_import(
    module: cst.Module, tree: ast.Module, statement: str, first_edit_line: int
) -> tuple[cst.Module, int]:
    """`module` (whose original `ast` is `tree`) with `statement` inserted before
    `first_edit_line`, and the 1-based original line before which it was inserted."""
    top = _top_statements(module, tree)
    index = _insertion_index(top, first_edit_line)
    new_line = cst.parse_statement(statement, config=module.config_for_parsing)
    body = list(module.body)
    header = list(module.header)
    if index == 0:
        header, attached = _split_header(header)
        if body:  # comments directly above the first statement stay with it
            body[0] = body[0].with_changes(leading_lines=[*attached, *body[0].leading_lines])
        line = len(header) + 1
    else:
        line = top[index - 1].last_line + 1
        if index == 1 and _is_docstring(top[0].node) and _blank_before(body[1:]):
            new_line = new_line.with_changes(leading_lines=[cst.EmptyLine()])
    body.insert(index, new_line)
    return module.with_changes(header=header, body=body), line


def _top_statements(module: cst.Module, tree: ast.Module) -> list[_TopStatement]:
    """libcst's top-level statements paired with `ast`'s (a line `a; b` is two of them)."""
    top: list[_TopStatement] = []
    position = 0
    for node in module.body:
        count = len(node.body) if isinstance(node, cst.SimpleStatementLine) else 1
        statements = tree.body[position : position + count]
        if len(statements) != count:
            raise StalePlan("libcst and ast disagree on the statements of the module")
        position += count
        last = max(statement.end_lineno or statement.lineno for statement in statements)
        top.append(_TopStatement(node, last))
    if position != len(tree.body):
        raise StalePlan("libcst and ast disagree on the statements of the module")
    return top


def _insertion_index(top: Sequence[_TopStatement], first_edit_line: int) -> int:
    start = 1 if top and _is_docstring(top[0].node) else 0
    index = start
    for position in range(start, len(top)):
        statement = top[position]
        if statement.last_line >= first_edit_line or isinstance(
            statement.node, cst.FunctionDef | cst.ClassDef
        ):
            break
        if _is_import_line(statement.node):
            index = position + 1
    return index


def _split_header(header: list[cst.EmptyLine]) -> tuple[list[cst.EmptyLine], list[cst.EmptyLine]]:
    """The module header as the lines that stay above the new import (a shebang, a coding
    cookie, a licence, up to the last blank line) and the comment lines after the last
    blank line, which belong to the first statement."""
    blanks = [index for index, line in enumerate(header) if line.comment is None]
    if not blanks:
        return header, []
    cut = blanks[-1] + 1
    # A coding declaration only counts on line 1 or 2: it never moves below the import.
    cookies = [index + 1 for index, line in enumerate(header[:2]) if _is_coding(line)]
    cut = max([cut, *cookies])
    return header[:cut], header[cut:]


_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


def _is_coding(line: cst.EmptyLine) -> bool:
    return line.comment is not None and _CODING.match(line.comment.value) is not None


def _blank_before(following: Sequence[cst.BaseStatement]) -> bool:
    """Whether the first of `following` (if any) is set apart by a blank line."""
    leading: Sequence[cst.EmptyLine] = (
        getattr(following[0], "leading_lines", ()) if following else ()
    )
    return bool(leading) and leading[0].comment is None


def _is_docstring(statement: cst.BaseStatement) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    only = statement.body[0]
    return isinstance(only, cst.Expr) and isinstance(
        only.value, cst.SimpleString | cst.ConcatenatedString
    )


def _is_import_line(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )
