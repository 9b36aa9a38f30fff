"""What every output format needs besides the findings: where paths are relative to, the
source lines some formats show, and whether the reader's terminal takes colour."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lint_recover.findings import Finding
from lint_recover.rules.registry import rules
from lint_recover.text.source import decode, split_lines

# A definition named in a message, `(app/jobs.py:4)`: the rules write it relative to the
# project root (findings are cached, whatever the directory a later run starts in).
_WHERE = re.compile(r"\((?P<path>[^()\n]+?):(?P<line>[0-9]+)\)")


@dataclass(frozen=True)
class ReportContext:
    """The project root (for SARIF's paths), the current directory (for every other path),
    the run's counters (files analysed, cache hits...) that the JSON format exposes, and how
    the text format is shown (`colour`, `show_source`)."""

    root: Path
    cwd: Path
    stats: Mapping[str, int | float | str] = field(default_factory=dict)
    colour: bool = False
    show_source: bool = False
    _lines: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def display_path(self, path: str) -> str:
        """`path` as people and their tools read it, the same in every format but SARIF:
        relative to the current directory, as flake8 and ruff print it (`../` for a file of
        the project above it); absolute for a file outside both the project and the
        current directory, where a relative path would only be a long climb."""
        absolute = Path(path)
        if not absolute.is_absolute():
            absolute = self.cwd / absolute
        if absolute.is_relative_to(self.cwd) or absolute.is_relative_to(self.root):
            return os.path.relpath(absolute, self.cwd)
        return str(absolute)

    def project_path(self, path: str) -> str:
        """`path` relative to the project root in POSIX form (stable across machines)."""
        absolute = Path(path)
        if absolute.is_absolute() and absolute.is_relative_to(self.root):
            return absolute.relative_to(self.root).as_posix()
        return absolute.as_posix()

    def message(self, finding: Finding) -> str:
        """The message with the definition it names (`(jobs.py:4)`) written like every other
        path of the report, so one run never mixes two ways of writing paths."""

        def shown(match: re.Match[str]) -> str:
            target = self.root / match["path"]
            if not target.is_file():
                return match[0]
            return f"({self.display_path(str(target))}:{match['line']})"

        return _WHERE.sub(shown, finding.message)

    def source_line(self, path: str, line: int) -> str:
        """The text of `line` (1-based) of `path`, decoded as Python decodes it; "" when the
        file or the line is not there (a file may change or vanish after its check)."""
        if path not in self._lines:
            try:
                data = Path(path).read_bytes()
            except OSError:
                data = b""
            text = decode(Path(path), data)
            self._lines[path] = split_lines(
                text if isinstance(text, str) else data.decode("latin-1")
            )
        lines = self._lines[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""


def statistics(findings: Sequence[Finding]) -> list[tuple[str, int, str]]:
    """(code, count, summary) per code, sorted by code, like flake8's `--statistics`.

    `rules()`, not the bare table: a warm run takes every finding from the cache and loads no
    rule family, which would leave the table empty and the summaries missing."""
    known = rules()
    counts = Counter(finding.code for finding in findings)
    first_message: dict[str, str] = {}
    for finding in findings:
        first_message.setdefault(finding.code, finding.message)
    return [
        (code, counts[code], known[code].summary if code in known else first_message[code])
        for code in sorted(counts)
    ]
