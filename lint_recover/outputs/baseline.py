"""A baseline lets a legacy codebase adopt the linter today and tighten over time.

`--write-baseline FILE` records the current findings; `--baseline FILE` then reports only
findings that are not recorded. An entry is keyed by the file (relative to the project
root), the code and the finding's target (what lacks recovery, e.g. `Worker.poll`), never
by line numbers, so unrelated edits that shift lines keep it matching. Each key holds a
count: two unrecovered lambdas in one file are two entries, and a third one is new. When
a recorded finding is fixed, its entry matches nothing and drops out of the count, so
re-writing the baseline only ever shrinks it as code is repaired.

A run over some files (pre-commit passes only the staged ones) or some codes (`--select`)
knows nothing about the entries of the others: they are out of its `Scope`, neither
matched, nor counted as fixed, nor dropped when the baseline is written again.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lint_recover.config import Selection
from lint_recover.findings import Finding
from lint_recover.project.cache import write_atomically

FORMAT_VERSION = 1

BaselineKey = tuple[str, str, str]


class BaselineError(Exception):
    """The baseline file cannot be used, phrased as the one line the user reads."""


def baseline_key(finding: Finding, root: Path) -> BaselineKey:
    """(root-relative POSIX path, code, target) — the message stands in for a missing target."""
    path = Path(finding.path)
    if path.is_absolute() and path.is_relative_to(root):
        relative = path.relative_to(root).as_posix()
    else:
        relative = path.as_posix()
    return (relative, finding.code, finding.target or finding.message)


@dataclass(frozen=True, slots=True)
class Scope:
    """What a run checked: `files` (absolute paths; None: the whole project, so an entry of a
    file that no longer exists is fixed) and the codes its `selection` reports there."""

    root: Path
    files: Collection[str] | None = None
    selection: Selection | None = None

    def covers(self, key: BaselineKey) -> bool:
        path, code, _ = key
        absolute = self.root / path
        if self.files is not None and str(absolute) not in self.files:
            return False
        return self.selection is None or self.selection.chooses(code, absolute)


@dataclass(frozen=True, slots=True)
class BaselineResult:
    """What is left to report, how many findings the baseline absorbed, how many of its
    entries no longer match anything (fixed since it was written)."""

    findings: tuple[Finding, ...]
    suppressed: int
    fixed: int


@dataclass(frozen=True, slots=True)
class Baseline:
    counts: Counter[BaselineKey]

    def apply(
        self, findings: Sequence[Finding], root: Path, scope: Scope | None = None
    ) -> BaselineResult:
        """Drop findings covered by an entry; the earliest findings of a key use it up first.
        Entries outside `scope` (default: everything) are never counted as fixed."""
        remaining = Counter(self.counts)
        covered: set[int] = set()
        for index in sorted(range(len(findings)), key=lambda i: findings[i].sort_key()):
            key = baseline_key(findings[index], root)
            if remaining[key] > 0:
                remaining[key] -= 1
                covered.add(index)
        kept = [finding for index, finding in enumerate(findings) if index not in covered]
        return BaselineResult(
            findings=tuple(kept),
            suppressed=len(findings) - len(kept),
            fixed=sum(count for key, count in remaining.items() if _covered(scope, key)),
        )

    def outside(self, scope: Scope) -> Baseline:
        """The entries a run with `scope` cannot judge, kept as they are when it rewrites
        the baseline."""
        return Baseline(Counter({k: n for k, n in self.counts.items() if not scope.covers(k)}))


def _covered(scope: Scope | None, key: BaselineKey) -> bool:
    return scope is None or scope.covers(key)


def build_baseline(findings: Iterable[Finding], root: Path) -> Baseline:
    return Baseline(Counter(baseline_key(finding, root) for finding in findings))


def load_baseline(path: Path) -> Baseline:
    """Read a baseline written by `write_baseline`; any problem is one `BaselineError` line."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline ({error.strerror or error})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: baseline is not valid JSON ({error})") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{path}: not a lint-recover baseline (version {FORMAT_VERSION})")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: 'entries' must be a list")
    counts: Counter[BaselineKey] = Counter()
    for index, entry in enumerate(entries):
        counts[_entry_key(path, index, entry)] += _entry_count(path, index, entry)
    return Baseline(counts)


def _entry_key(path: Path, index: int, entry: object) -> BaselineKey:
    fields = ("path", "code", "target")
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in fields):
        raise BaselineError(f"{path}: entries[{index}] needs string 'path', 'code' and 'target'")
    return (entry["path"], entry["code"], entry["target"])


def _entry_count(path: Path, index: int, entry: dict[str, object]) -> int:
    count = entry.get("count", 1)
    if type(count) is not int or count < 1:
        raise BaselineError(f"{path}: entries[{index}].count must be a positive integer")
    return count


def rewrite_baseline(path: Path, findings: Iterable[Finding], root: Path, scope: Scope) -> int:
    """Record `findings` in `path`, keeping the entries of the baseline already there that
    `scope` does not cover (a run on the staged files must not forget the rest of the
    project's legacy findings); returns how many were kept. Raises `BaselineError` when the
    file exists and is no baseline (it is not overwritten), `OSError` when it cannot be
    written."""
    kept = load_baseline(path).outside(scope) if path.exists() else Baseline(Counter())
    write_baseline(path, Baseline(build_baseline(findings, root).counts + kept.counts))
    return sum(kept.counts.values())


def write_baseline(path: Path, baseline: Baseline) -> None:
    """Write atomically (temp file + rename): an interrupted write never leaves half a file."""
    entries = [
        {"path": key[0], "code": key[1], "target": key[2], "count": count}
        for key, count in sorted(baseline.counts.items())
    ]
    text = json.dumps({"version": FORMAT_VERSION, "entries": entries}, indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"))
