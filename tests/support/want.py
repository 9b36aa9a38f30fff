"""`# want:` markers of fixture files (as Go's analysistest `// want`), read in one place.

A line expected to be reported ends with `# want: RCV101@42`: the code and the column flake8
prints (1-based characters), so moving where a code is reported fails every case (several
findings: `# want: RCV101@9 RCV201@30`). Every other line must stay clean. The CLI tests reuse
this to check the CLI path against the same fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_MARKER = re.compile(r"#\s*want:\s*(?P<codes>(?:RCV\d{3}(?:@\d+)?[\s,]*)+)$")
_CODE = re.compile(r"(?P<code>RCV\d{3})(?:@(?P<col>\d+))?")


@dataclass(frozen=True, slots=True)
class Want:
    """An expected finding: 1-based line, code, and the 1-based column if pinned."""

    line: int
    code: str
    col: int | None = None


def wants(path: Path) -> list[Want]:
    """Every `# want:` expectation of one file, in line order."""
    found = []
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        match = _MARKER.search(line.rstrip())
        if match is None:
            continue
        for code in _CODE.finditer(match.group("codes")):
            col = int(code.group("col")) if code.group("col") else None
            found.append(Want(number, code.group("code"), col))
    return found


def compare(path: Path, reported: list[tuple[int, int, str]]) -> list[str]:
    """Differences between the markers of `path` and `(line, 1-based col, code)` reports:
    missing findings, extra findings, and findings at another column than pinned."""
    problems = []
    expected = wants(path)
    remaining = list(reported)
    for want in expected:
        if want.col is None:
            problems.append(f"{path.name}:{want.line}: {want.code} without its column (@col)")
            continue
        match = next(
            (r for r in remaining if (r[0], r[1], r[2]) == (want.line, want.col, want.code)),
            None,
        ) or next((r for r in remaining if (r[0], r[2]) == (want.line, want.code)), None)
        if match is None:
            problems.append(f"{path.name}:{want.line}: missing {want.code}")
            continue
        remaining.remove(match)
        if want.col is not None and match[1] != want.col:
            problems.append(
                f"{path.name}:{want.line}: {want.code} at col {match[1]}, want {want.col}"
            )
    problems += [f"{path.name}:{line}:{col}: unexpected {code}" for line, col, code in remaining]
    return problems
