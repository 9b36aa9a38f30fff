"""Every rule fixture, exactly: through the checker (as the CLI runs it) and through a real
flake8 process, which must agree with each other on line, column and code."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from lint_recover.config import load_config
from tests.support.checking import check_files
from tests.support.process import FIXTURES, flake8
from tests.support.want import compare

RULE_FIXTURES = FIXTURES / "rules"
CASES = sorted(RULE_FIXTURES.rglob("*.py"))
_FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RCV\d{3}) ")


def checker_reports(path: Path) -> list[tuple[int, int, str]]:
    config = load_config(path)
    findings = check_files([path], config)
    return [(finding.line, finding.col + 1, finding.code) for finding in findings]


@pytest.mark.parametrize("case", CASES, ids=lambda path: str(path.relative_to(RULE_FIXTURES)))
def test_checker_reports_exactly_the_markers(case: Path) -> None:
    assert compare(case, checker_reports(case)) == []


@pytest.fixture(scope="module")
def flake8_reports() -> dict[Path, list[tuple[int, int, str]]]:
    result = flake8(*CASES, cwd=RULE_FIXTURES)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    reports: dict[Path, list[tuple[int, int, str]]] = defaultdict(list)
    for line in result.stdout.splitlines():
        match = _FLAKE8_LINE.match(line)
        assert match, f"unexpected flake8 output: {line}"
        path = (RULE_FIXTURES / match["path"]).resolve()
        reports[path].append((int(match["line"]), int(match["col"]), match["code"]))
    return reports


@pytest.mark.parametrize("case", CASES, ids=lambda path: str(path.relative_to(RULE_FIXTURES)))
def test_flake8_reports_exactly_the_markers(
    case: Path, flake8_reports: dict[Path, list[tuple[int, int, str]]]
) -> None:
    reported = flake8_reports.get(case.resolve(), [])
    assert compare(case, reported) == []
    assert sorted(reported) == sorted(checker_reports(case))


def test_every_fixture_file_is_run_and_has_expectations_or_says_why() -> None:
    assert len(CASES) >= 10
    for case in CASES:
        text = case.read_text(encoding="utf-8")
        assert "# want:" in text or "no finding" in text, f"{case} checks nothing"
