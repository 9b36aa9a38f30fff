"""The progress line: silent off a terminal and during the first moment, erased at the end."""

from __future__ import annotations

import io

from lint_recover.cli.progress import ProgressLine


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
