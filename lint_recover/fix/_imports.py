"""Where the added import goes: after the docstring, the `__future__` imports and the
module's leading import block.

The leading block holds nothing but imports, so the new import always comes before the
first use of the name it binds, and it sits where a person adding it by hand would put it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import libcst as cst

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


def add_import(module: cst.Module, statement: str) -> tuple[cst.Module, int]:
    """`module` with `statement` inserted, and the 1-based line of the original module
    before which it was inserted (for the report)."""
    body = list(module.body)
    index = _insertion_index(body)
    new_line = cst.parse_statement(statement, config=module.config_for_parsing)
    if index == 1 and _is_docstring(body[0]):  # keep the docstring set apart by a blank line
        new_line = new_line.with_changes(leading_lines=[cst.EmptyLine()])
    lines_before = len(module.header) + sum(
        len(_LINE_BREAK.findall(module.code_for_node(statement))) for statement in body[:index]
    )
    if index < len(body) and not _is_import_line(body[index]) and not body[index].leading_lines:
        body[index] = _set_apart(body[index])
    body.insert(index, new_line)
    return module.with_changes(body=body), lines_before + 1


def _set_apart(statement: _Statement) -> _Statement:
    """Blank lines between the new import and code that directly followed the header: two
    before a definition, one before anything else (PEP 8's spacing)."""
    blank = 2 if isinstance(statement, cst.FunctionDef | cst.ClassDef) else 1
    return statement.with_changes(leading_lines=[cst.EmptyLine()] * blank)


def _insertion_index(body: Sequence[cst.BaseStatement]) -> int:
    index = 0
    if body and _is_docstring(body[0]):
        index = 1
    while index < len(body) and _is_import_line(body[index]):
        index += 1
    return index


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
