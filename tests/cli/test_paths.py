"""One rule for paths, whatever the format: run from a subdirectory of the project, every
path of a report (in a message too) is relative to the current directory, as flake8 and ruff
print them; only SARIF writes them relative to its own root, `%SRCROOT%`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import write
from tests.support.process import lint_recover

FILES = {
    "pyproject.toml": "[tool.lint-recover]\n",
    "app/jobs.py": "def poll():\n    raise RuntimeError\n",
    "app/web/start.py": (
        "import threading\n\nfrom app.jobs import poll\n\nthreading.Thread(target=poll).start()\n"
    ),
    "tools/run.py": (
        "import threading\n\nfrom app.jobs import poll\n\nthreading.Thread(target=poll).start()\n"
    ),
}
# From app/web: a file below, one beside the cwd's parent, one in another branch.
EXPECTED = [
    ("start.py", 5, "../jobs.py:1"),
    ("../../tools/run.py", 5, "../jobs.py:1"),
]


@pytest.fixture(scope="module")
def subdirectory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paths")
    write(root, FILES)
    return root / "app" / "web"


def report(cwd: Path, form: str) -> str:
    result = lint_recover("check", "--format", form, cwd=cwd)
    assert result.returncode == 1, result.stderr
    return result.stdout


def test_text(subdirectory: Path) -> None:
    lines = report(subdirectory, "text").splitlines()
    assert [(line.split(":")[0], int(line.split(":")[1])) for line in lines] == [
        (path, line) for path, line, _ in EXPECTED
    ]
    assert all(f"({where})" in line for line, (_, _, where) in zip(lines, EXPECTED, strict=True))


def test_json(subdirectory: Path) -> None:
    findings = json.loads(report(subdirectory, "json"))["findings"]
    assert [(f["path"], f["line"]) for f in findings] == [(p, n) for p, n, _ in EXPECTED]
    assert all(f"({w})" in f["message"] for f, (_, _, w) in zip(findings, EXPECTED, strict=True))


def test_github(subdirectory: Path) -> None:
    lines = report(subdirectory, "github").splitlines()
    for line, (path, number, where) in zip(lines, EXPECTED, strict=True):
        assert line.startswith(f"::error file={path},line={number},")
        assert f"({where})" in line.split("::", 2)[2]


def test_sarif_is_relative_to_its_root(subdirectory: Path) -> None:
    run = json.loads(report(subdirectory, "sarif"))["runs"][0]
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == subdirectory.parent.parent.as_uri() + "/"
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations == [
        {"uri": "app/web/start.py", "uriBaseId": "%SRCROOT%"},
        {"uri": "tools/run.py", "uriBaseId": "%SRCROOT%"},
    ]
    assert all("(app/jobs.py:1)" in r["message"]["text"] for r in run["results"])


def test_fix_reports_its_edits_with_the_same_paths(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    result = lint_recover("fix", cwd=tmp_path / "app" / "web")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("../jobs.py:1:1: decorated poll with @recover\n")
