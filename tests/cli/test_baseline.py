"""The baseline: keyed by file, code and target, counted, robust to bad files."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from lint_recover.findings import Finding
from lint_recover.outputs.baseline import (
    BaselineError,
    build_baseline,
    load_baseline,
    write_baseline,
)


def _finding(line: int, target: str, code: str = "RCV101", path: str = "pkg/a.py") -> Finding:
    return Finding(f"/p/{path}", line, 4, code, f"{target} lacks recovery", target)


def test_round_trip_matches_after_lines_move_and_counts_fixed_entries(tmp_path: Path) -> None:
    root = Path("/p")
    before = [_finding(3, "poll"), _finding(9, "<lambda>"), _finding(12, "<lambda>")]
    write_baseline(tmp_path / "b.json", build_baseline(before, root))
    baseline = load_baseline(tmp_path / "b.json")

    shifted = [_finding(30, "poll"), _finding(40, "<lambda>"), _finding(41, "<lambda>")]
    assert baseline.apply(shifted, root).findings == ()

    new = _finding(50, "<lambda>")
    result = baseline.apply([*shifted, new], root)
    assert result.findings == (new,)  # the third lambda is over the recorded count
    assert (result.suppressed, result.fixed) == (3, 0)

    fixed = baseline.apply([_finding(40, "<lambda>")], root)
    assert (fixed.findings, fixed.suppressed, fixed.fixed) == ((), 1, 2)


def test_same_target_in_another_file_or_code_is_new(tmp_path: Path) -> None:
    root = Path("/p")
    baseline = build_baseline([_finding(3, "poll")], root)
    elsewhere = [_finding(3, "poll", path="pkg/b.py"), _finding(3, "poll", code="RCV201")]
    assert baseline.apply(elsewhere, root).findings == tuple(elsewhere)


def test_file_is_sorted_relative_and_stable(tmp_path: Path) -> None:
    findings = [_finding(9, "b", path="z.py"), _finding(3, "a"), _finding(4, "a")]
    write_baseline(tmp_path / "b.json", build_baseline(findings, Path("/p")))
    document = json.loads((tmp_path / "b.json").read_text())
    assert document == {
        "version": 1,
        "entries": [
            {"path": "pkg/a.py", "code": "RCV101", "target": "a", "count": 2},
            {"path": "z.py", "code": "RCV101", "target": "b", "count": 1},
        ],
    }


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "baseline is not valid JSON"),
        ('{"version": 7, "entries": []}', "not a lint-recover baseline"),
        ('{"version": 1, "entries": {}}', "'entries' must be a list"),
        ('{"version": 1, "entries": [{"path": "a.py"}]}', "entries[0] needs string"),
        (
            '{"version": 1, "entries": [{"path": "a", "code": "c", "target": "t", "count": 0}]}',
            "entries[0].count must be a positive integer",
        ),
    ],
)
def test_bad_baseline_is_one_line_naming_it(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(BaselineError) as raised:
        load_baseline(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert reason in str(raised.value)
    assert "\n" not in str(raised.value)


def test_missing_baseline_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot read baseline"):
        load_baseline(tmp_path / "missing.json")


def test_written_file_gets_the_users_usual_mode(tmp_path: Path) -> None:
    """A baseline is committed and shared: not the 0600 of a private temporary file."""
    previous = os.umask(0o022)
    try:
        write_baseline(tmp_path / "b.json", build_baseline([_finding(3, "poll")], Path("/p")))
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o644
