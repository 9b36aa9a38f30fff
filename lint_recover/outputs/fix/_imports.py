"""Where the added import goes, and with how many blank lines.

The new import goes where isort and ruff's `I` rules put it, so a project whose imports are
sorted stays sorted: in the module's top import block (after the docstring and `__future__`,
before the first definition and the first edit: the name must be bound before it is used;
never inside a `try` or an `if`, where a `TYPE_CHECKING` block would not bind it at run time),
in its section (`__future__`, standard library, third party, first party, relative: isort's
order, with the project's own top-level modules as first party) and, within the section,
after the plain `import x` lines and among the `from x import y` lines in the order of their
module names, case aside. A section of its own is set apart by blank lines. A block that is
not sorted gets the import at its end, as a person adding it would.

The edit is minimal otherwise: one new line, blank lines moved only to keep sections apart
(after a bare docstring it is set apart by one blank line only when the code after the
docstring was). Comments above the first statement stay with it.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from lint_recover.outputs.fix._locate import StalePlan


@dataclass(frozen=True, slots=True)
class _TopStatement:
    """A statement of the module body as libcst holds it, and the last `ast` line it spans."""

    node: cst.SimpleStatementLine | cst.BaseCompoundStatement
    last_line: int


def add_import(
    module: cst.Module,
    tree: ast.Module,
    statement: str,
    first_edit_line: int,
    first_party: frozenset[str] = frozenset(),
) -> tuple[cst.Module, int]:
    """`module` (whose original `ast` is `tree`) with `statement` inserted before
    `first_edit_line`, and the 1-based original line before which it was inserted.
    `first_party` names the project's own top-level modules (isort's first-party section)."""
    top = _top_statements(module, tree)
    new_line = cst.parse_statement(statement, config=module.config_for_parsing)
    body = list(module.body)
    sorted_place = _sorted_place(top, first_edit_line, new_line, first_party)
    if sorted_place is not None:
        index, new_line, following = sorted_place
        body[index] = following
        body.insert(index, new_line)
        line = top[index - 1].last_line + 1 if index else 1
        return module.with_changes(body=body), line
    index = _insertion_index(top, first_edit_line)
    header = list(module.header)
    if index == 0:
        header, attached = _split_header(header)
        if body:  # comments directly above the first statement stay with it
            body[0] = body[0].with_changes(leading_lines=[*attached, *body[0].leading_lines])
        line = len(header) + 1
    else:
        line = top[index - 1].last_line + 1
        before = _key(top[index - 1].node, first_party)
        new_key = _key(new_line, first_party)
        if index == 1 and _is_docstring(top[0].node) and _blank_before(body[1:]):
            new_line = new_line.with_changes(leading_lines=[cst.EmptyLine()])
        elif before is not None and new_key is not None and before[0] != new_key[0]:
            new_line = new_line.with_changes(leading_lines=[cst.EmptyLine()])  # a new section
    body.insert(index, new_line)
    if index + 1 < len(body) and not _is_import_line(body[index + 1]):
        body[index + 1] = _set_apart(body[index + 1])
    return module.with_changes(header=header, body=body), line


def _set_apart(statement: _Statement) -> _Statement:
    """`statement`, after the import block, with the blank lines isort puts there: two
    before a definition (comments above it included), one before anything else."""
    is_definition = isinstance(statement, cst.FunctionDef | cst.ClassDef)
    wanted = 2 if is_definition else 1
    blanks, rest = _blank_prefix(statement)
    if len(blanks) >= wanted:
        return statement
    return statement.with_changes(leading_lines=[cst.EmptyLine()] * wanted + rest)


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


_Key = tuple[int, int, str]  # (section, 0 for `import x` / 1 for `from x import`, module)
_Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement
_FUTURE, _STANDARD, _THIRD_PARTY, _FIRST_PARTY, _LOCAL = range(5)


def _sorted_place(
    top: Sequence[_TopStatement],
    first_edit_line: int,
    new_line: _Statement,
    first_party: frozenset[str],
) -> tuple[int, _Statement, _Statement] | None:
    """Where isort would put `new_line` in a sorted import block: (the index of the import
    line it goes before, itself with its blank lines, that line with its own); None when it
    goes at the end of the block, or the block is not sorted (then `_insertion_index`)."""
    end = _insertion_index(top, first_edit_line)
    indexes = [i for i in range(end) if _is_import_line(top[i].node)]
    keys = [_key(top[i].node, first_party) for i in indexes]
    new_key = _key(new_line, first_party)
    sortable = [key for key in keys if key is not None]
    if new_key is None or len(sortable) != len(keys) or sortable != sorted(sortable):
        return None
    later = [n for n, key in enumerate(sortable) if new_key < key]
    if not later:
        return None
    number = later[0]
    following = top[indexes[number]].node
    blanks, rest = _blank_prefix(following)
    if number and sortable[number - 1][0] == new_key[0]:  # joins the section before it
        leading, kept = [], [*blanks, *rest]
    elif sortable[number][0] == new_key[0]:  # opens the section it joins
        leading, kept = blanks, rest
    else:  # a section of its own between two others
        leading, kept = blanks, ([cst.EmptyLine(), *rest] if blanks else rest)
    return (
        indexes[number],
        new_line.with_changes(leading_lines=leading),
        following.with_changes(leading_lines=kept),
    )


def _key(statement: cst.BaseStatement, first_party: frozenset[str]) -> _Key | None:
    """isort's sort key of a one-import line, None for anything else."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.Import):
        name = cst.Module([]).code_for_node(small.names[0].name)
        return _section(name, 0, first_party), 0, name.lower()
    if isinstance(small, cst.ImportFrom):
        name = cst.Module([]).code_for_node(small.module) if small.module else ""
        level = len(small.relative)
        section = _LOCAL if level else _section(name, 1, first_party)
        return section, 1, name.lower()
    return None


def _section(name: str, kind: int, first_party: frozenset[str]) -> int:
    top = name.split(".", 1)[0]
    if top == "__future__":
        return _FUTURE
    if top in sys.stdlib_module_names:
        return _STANDARD
    return _FIRST_PARTY if top in first_party else _THIRD_PARTY


def _blank_prefix(
    statement: cst.BaseStatement,
) -> tuple[list[cst.EmptyLine], list[cst.EmptyLine]]:
    """A statement's leading lines as the blank ones before its first comment, and the rest
    (a comment above an import stays with it)."""
    leading = list(getattr(statement, "leading_lines", ()))
    cut = next((i for i, line in enumerate(leading) if line.comment is not None), len(leading))
    return leading[:cut], leading[cut:]


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
