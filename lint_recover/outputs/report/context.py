"""What every output format needs besides the findings: where paths are relative to."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lint_recover.findings import Finding
from lint_recover.rules.registry import rules


@dataclass(frozen=True, slots=True)
class ReportContext:
    """The project root (for machine paths), the current directory (for human paths), and the
    run's counters (files analysed, cache hits...) that the JSON format exposes."""

    root: Path
    cwd: Path
    stats: Mapping[str, int | float | str] = field(default_factory=dict)

    def display_path(self, path: str) -> str:
        """`path` as flake8 would print it: relative to the current directory when inside it."""
        absolute = Path(path)
        if absolute.is_absolute() and absolute.is_relative_to(self.cwd):
            return os.path.relpath(absolute, self.cwd)
        return path

    def project_path(self, path: str) -> str:
        """`path` relative to the project root in POSIX form (stable across machines)."""
        absolute = Path(path)
        if absolute.is_absolute() and absolute.is_relative_to(self.root):
            return absolute.relative_to(self.root).as_posix()
        return absolute.as_posix()


def statistics(findings: Sequence[Finding]) -> list[tuple[str, int, str]]:
    """(code, count, summary) per code, sorted by code, like flake8's `--statistics`."""
    counts = Counter(finding.code for finding in findings)
    first_message: dict[str, str] = {}
    for finding in findings:
        first_message.setdefault(finding.code, finding.message)
    return [
        (code, counts[code], rules()[code].summary if code in rules() else first_message[code])
        for code in sorted(counts)
    ]
