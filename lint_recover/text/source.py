"""Reading a Python file the way the interpreter would, without ever raising for bad input.

Everything the linter knows starts here: bytes are decoded honouring the encoding cookie
and a BOM (PEP 263), parsed once with `ast`, and the decoded lines are kept so that
positions can be converted to characters. A file that cannot be analysed becomes a
`SourceProblem` (reported as RCV001) instead of an exception, so one hostile file never
stops a run over a whole tree.
"""

from __future__ import annotations

import ast
import io
import tokenize
import warnings
from dataclasses import dataclass
from pathlib import Path

from lint_recover.text.positions import LINE_END
from lint_recover.text.switch import switched_off

# The line ends the tokenizer honours (str.splitlines would also split on \f, \x1c, ...).


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """A decoded, parsed module: its text, its lines as `ast` numbers them (without their
    endings here; flake8 hands the plugin lines with them) and its tree."""

    path: Path
    text: str
    lines: tuple[str, ...]
    tree: ast.Module


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """Why `path` could not be analysed, at the best position known (1-based line)."""

    path: Path
    line: int
    col: int
    reason: str


def read_source(path: Path) -> ParsedSource | SourceProblem:
    """Read, decode and parse `path`; any failure is returned as a `SourceProblem`."""
    if path.is_dir():
        return SourceProblem(path, 1, 0, "is a directory, not a Python file")
    try:
        data = path.read_bytes()
    except OSError as error:
        return SourceProblem(path, 1, 0, f"cannot be read: {error.strerror or error}")
    return parse_bytes(path, data)


def parse_bytes(path: Path, data: bytes) -> ParsedSource | SourceProblem:
    """Decode and parse the contents of `path` (already read).

    A file switched off with `# flake8: noqa` is not a problem even if it cannot be decoded
    or parsed, since flake8 does not check it at all: it reads as an empty module (whose
    facts say it is switched off)."""
    text = decode(path, data)
    parsed = text if isinstance(text, SourceProblem) else parse_text(path, text)
    if isinstance(parsed, SourceProblem):
        readable = text if isinstance(text, str) else data.decode("latin-1")
        lines = split_lines(readable)
        if switched_off(lines):
            return ParsedSource(path, readable, lines, ast.Module(body=[], type_ignores=[]))
    return parsed


def decode(path: Path, data: bytes) -> str | SourceProblem:
    """Decode bytes as Python does: a BOM or an encoding cookie, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "unknown encoding" in str(error) or "encoding problem" in str(error):
            return SourceProblem(path, 1, 0, f"invalid encoding declaration: {error}")
        encoding = "utf-8"  # undecodable first lines: say where, below
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        line = data[: getattr(error, "start", 0)].count(b"\n") + 1
        return SourceProblem(path, line, 0, f"invalid {encoding} encoding: {error}")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        return SourceProblem(path, line, 0, "source contains NUL bytes")
    return text


def parse_text(path: Path, text: str) -> ParsedSource | SourceProblem:
    """Parse decoded text; syntax errors and parser exhaustion become problems."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not our business
            tree = ast.parse(text, filename=str(path))
    except SyntaxError as error:
        message = error.msg or "invalid syntax"
        if "too many nested" in message:
            message = f"nesting too deep for the parser ({message})"
        else:
            message = f"syntax error: {message}"
        return SourceProblem(path, error.lineno or 1, max((error.offset or 1) - 1, 0), message)
    except (RecursionError, MemoryError):
        return SourceProblem(path, 1, 0, "nesting too deep for the parser")
    except ValueError as error:  # e.g. NUL bytes reached the parser another way
        return SourceProblem(path, 1, 0, f"cannot be parsed: {error}")
    return ParsedSource(path, text, split_lines(text), tree)


def split_lines(text: str) -> tuple[str, ...]:
    """Lines numbered as `ast` numbers them (a final line end adds no empty line)."""
    lines = LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)
