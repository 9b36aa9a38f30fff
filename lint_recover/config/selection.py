"""Which codes a run reports: `select`, `ignore`, `per-file-ignores`, decided as flake8 does.

One decision (`chooses`) serves `lint-recover check`, `fix`, the baseline and the flake8
plugin, so a project's table means the same thing everywhere, and the command line's
`--select RCV302 --ignore RCV3` reports RCV302 exactly as flake8 does with the same options.
The rule is flake8's (ruff's is the same for these cases): a code chosen by an explicit
select and an explicit ignore goes to the more specific (longer) prefix, a tie to ignore;
an explicit choice beats the implicit "everything is selected" of an empty `select`.
Per-file ignores are added to the ignore list for the files they match, as in flake8.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lint_recover.config.excludes import PathGlobs

CODE_PREFIX = re.compile(r"^[A-Z]+[0-9]*$")

PerFileIgnores = tuple[tuple[str, tuple[str, ...]], ...]


def parse_codes(values: Iterable[str], known: Iterable[str] | None = None) -> tuple[str, ...]:
    """Code prefixes as the user wrote them (case-insensitive), checked against the `known`
    codes when given (the rule registry's: the configuration layer cannot import it, so the
    front ends check a table's codes with `unknown_codes`): a prefix that matches no code is an
    error, because a typo in `select` would otherwise switch every check off and the run would
    pass. Raises `ValueError` with the reason, phrased by callers as a usage or configuration
    error."""
    codes = tuple(value.strip().upper() for value in values if value.strip())
    for code in codes:
        if not CODE_PREFIX.match(code):
            raise ValueError(f"{code!r} is not a code or code prefix")
    if known is not None:
        unknown = unknown_codes(codes, tuple(known))
        if unknown:
            raise ValueError(unknown)
    return codes


def unknown_codes(codes: Iterable[str], known: tuple[str, ...]) -> str:
    """Why `codes` are not all prefixes of `known` codes ("" when they are)."""
    for code in codes:
        if not any(rule.startswith(code) for rule in known):
            return f"{code!r} matches no code (codes: {', '.join(known)})"
    return ""


def chooses(
    code: str, select: tuple[str, ...], ignore: tuple[str, ...], extend_select: tuple[str, ...] = ()
) -> bool:
    """Whether `code` is reported: flake8's decision (its `DecisionEngine`), for prefixes.

    `select` empty means every code, implicitly; `extend_select` adds explicit choices
    without narrowing that.
    """
    chosen = _longest(code, (*select, *extend_select))
    if chosen is None and select:
        return False
    dropped = _longest(code, ignore)
    if dropped is None:
        return True
    if chosen is None:  # selected only implicitly, ignored explicitly
        return False
    return len(chosen) > len(dropped)


def _longest(code: str, prefixes: tuple[str, ...]) -> str | None:
    matching = [prefix for prefix in prefixes if code.startswith(prefix)]
    return max(matching, key=len) if matching else None


@dataclass(frozen=True)
class Selection:
    """The choice of one run: the table's keys, as the command line may have replaced
    (`--select`, `--ignore`) or extended (`--extend-select`, `--extend-ignore`) them."""

    root: Path
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: PerFileIgnores = ()

    def chooses(self, code: str, path: str | Path) -> bool:
        """Whether a finding of `code` in `path` (absolute) is reported."""
        ignore = self.ignore
        for globs, codes in self._per_file:
            if globs.matches(Path(path)):
                ignore = (*ignore, *codes)
        return chooses(code, self.select, ignore, self.extend_select)

    @cached_property
    def _per_file(self) -> tuple[tuple[PathGlobs, tuple[str, ...]], ...]:
        return tuple(
            (PathGlobs(self.root, (pattern,)), codes) for pattern, codes in self.per_file_ignores
        )
