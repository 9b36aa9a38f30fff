"""Every output format, from the same findings: shapes that flake8 users, scripts, GitHub
code scanning and GitHub Actions each accept."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from lint_recover.findings import Finding
from lint_recover.outputs.report import FORMATS, ReportContext
from lint_recover.outputs.report.context import statistics
from lint_recover.outputs.report.github import escape_data, escape_property
from tests.cli.helpers import sarif_validator

ROOT = Path("/project")
FINDINGS = (
    Finding("/project/pkg/jobs.py", 3, 0, "RCV101", "thread target 'poll' lacks recovery", "poll"),
    Finding("/project/pkg/jobs.py", 9, 14, "RCV201", "executor job 'run' lacks recovery", "run"),
    Finding("/project/odd, name:1.py", 1, 4, "RCV001", "syntax error: invalid syntax"),
)


def _context(cwd: Path = ROOT) -> ReportContext:
    return ReportContext(root=ROOT, cwd=cwd, stats={"files": 3})


def test_text_is_flake8_shape_with_1_based_columns_paths_relative_to_the_cwd() -> None:
    lines = FORMATS["text"](FINDINGS, _context(ROOT / "pkg")).splitlines()
    assert lines[0] == "jobs.py:3:1: RCV101 thread target 'poll' lacks recovery"
    assert lines[1] == "jobs.py:9:15: RCV201 executor job 'run' lacks recovery"
    # Above the current directory but in the project: relative too, as flake8 and ruff say it.
    assert lines[2] == "../odd, name:1.py:1:5: RCV001 syntax error: invalid syntax"
    outside = Finding("/elsewhere/script.py", 2, 0, "RCV001", "source contains NUL bytes")
    assert FORMATS["text"]([outside], _context()).startswith("/elsewhere/script.py:2:1: ")


def test_json_lists_findings_and_run_counters() -> None:
    document = json.loads(FORMATS["json"](FINDINGS, _context()))
    assert document["stats"] == {"files": 3}
    assert document["findings"][1] == {
        "path": "pkg/jobs.py",
        "line": 9,
        "column": 15,
        "code": "RCV201",
        "message": "executor job 'run' lacks recovery",
        "target": "run",
        "fixable": False,
    }


def test_github_annotations_escape_properties_and_data() -> None:
    lines = FORMATS["github"](FINDINGS, _context()).splitlines()
    assert lines[0] == (
        "::error file=pkg/jobs.py,line=3,col=1,title=RCV101::"
        "RCV101 thread target 'poll' lacks recovery"
    )
    assert lines[2].startswith("::error file=odd%2C name%3A1.py,line=1,col=5,title=RCV001::")
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_sarif_has_the_structure_code_scanning_requires() -> None:
    document = json.loads(FORMATS["sarif"](FINDINGS, _context()))
    assert document["version"] == "2.1.0"
    assert document["$schema"].endswith("sarif-2.1.0.json")
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "lint-recover"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///project/"
    for result, finding in zip(run["results"], FINDINGS, strict=True):
        assert result["ruleId"] == finding.code
        assert rule_ids[result["ruleIndex"]] == finding.code
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"] == finding.message
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert physical["region"] == {"startLine": finding.line, "startColumn": finding.col + 1}
    locations = [result["locations"][0]["physicalLocation"] for result in run["results"]]
    uris = [location["artifactLocation"]["uri"] for location in locations]
    assert uris == ["pkg/jobs.py", "pkg/jobs.py", "odd%2C%20name%3A1.py"]


def test_sarif_is_valid_against_the_sarif_2_1_0_schema() -> None:
    outside = Finding("/elsewhere/script.py", 2, 0, "RCV001", "source contains NUL bytes")
    document = json.loads(FORMATS["sarif"]((*FINDINGS, outside), _context()))
    validator = sarif_validator()
    validator.validate(document)
    # The schema does reject what code scanning would: a 0-based column.
    broken: dict[str, Any] = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_statistics_count_per_code() -> None:
    counted = statistics([*FINDINGS, FINDINGS[0]])
    assert [(code, count) for code, count, _ in counted] == [
        ("RCV001", 1),
        ("RCV101", 2),
        ("RCV201", 1),
    ]
