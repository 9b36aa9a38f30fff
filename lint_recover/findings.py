"""What a rule produces: a finding, and the plan that would fix it.

A finding carries its fix plan so that one detection serves two outputs: the report
(flake8, CLI formats) and the fixer, which only applies plans and never re-derives them.
All positions here are 1-based lines and 0-based *character* columns (not the UTF-8 byte
offsets `ast` gives), because that is what editors, flake8's own checks and libcst use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WrapArgument:
    """Wrap the expression spanning [start, end) in `path` as `recover(<expr>)`."""

    path: str
    start_line: int
    start_col: int
    end_line: int
    end_col: int


@dataclass(frozen=True, slots=True)
class DecorateDef:
    """Add the recover decorator, innermost, to the definition `qualname` in `path`.

    `line` is the line of the `def` keyword (not of its first decorator), which together
    with `qualname` identifies the definition even when names repeat (e.g. redefinitions).
    `instead` is the call-site wrap that recovers the same work without changing what other
    callers of the definition see: the fixer applies it when the definition has other uses
    (None for a definition that is itself the work, a `run()` or an entrypoint).
    """

    path: str
    qualname: str
    line: int
    instead: WrapArgument | None = None


FixPlan = DecorateDef | WrapArgument


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that lacks recovery (or a file that could not be analysed: RCV001).

    `target` names what needs recovery in a line-independent way (e.g. `Worker.poll`,
    `<lambda>`), so a baseline can recognise the same finding after unrelated edits.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    target: str = ""
    fix: FixPlan | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)
