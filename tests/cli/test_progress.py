"""The progress line: silent off a terminal and during the first moment, erased at the end."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from lint_recover.config import Config
from lint_recover.frontends.cli.progress import ProgressLine
from lint_recover.project import engine
from lint_recover.project.engine import MIN_BYTES_PER_WORKER


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_not_a_terminal_gets_no_progress() -> None:
    with ProgressLine.for_stream(io.StringIO()) as progress:
        assert progress is None


def test_a_quick_run_prints_nothing() -> None:
    terminal = _Terminal()
    with ProgressLine.for_stream(terminal) as progress:
        assert progress is not None
        progress(1, 10)
        progress(10, 10)
    assert terminal.getvalue() == ""


def test_a_slow_run_shows_counts_then_erases_the_line() -> None:
    terminal = _Terminal()
    line = ProgressLine(terminal, delay=0)
    line(3, 10)
    shown = terminal.getvalue()
    assert shown.startswith("\rlint-recover: 3/10 (")
    line(4, 10)  # within the update interval: not redrawn
    assert terminal.getvalue() == shown
    line.erase()
    assert terminal.getvalue().endswith("\r" + " " * (len(shown) - 1) + "\r")


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_engine_reports_progress_in_process_and_from_workers(tmp_path: Path, jobs: int) -> None:
    """Up to every file, in order, whether the files are analysed here or in workers."""
    total = 20
    padding = "#" * 99 + "\n"  # enough source in all for two workers, when jobs allows
    for number in range(total):
        lines = 2 * MIN_BYTES_PER_WORKER // total // len(padding) + 1
        (tmp_path / f"m{number}.py").write_text(f"VALUE = {number}\n" + padding * lines)
    seen: list[tuple[int, int]] = []
    report = engine.run(
        [], Config(root=tmp_path), jobs=jobs, use_cache=False, progress=_record(seen)
    )
    assert report.stats.workers == (0 if jobs == 1 else 2)
    assert seen, "no progress reported"
    assert {of for _, of in seen} == {total}
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][0] == total


def _record(seen: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda done, total: seen.append((done, total))
