"""The rule and project fixtures through the real CLI process, with `--jobs 1` and with
worker processes: the same markers hold, and both paths print the same findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_recover.project.engine import MIN_BYTES_PER_WORKER
from tests.cli.helpers import check_json, copy_tree, reports_of
from tests.support.process import FIXTURES
from tests.support.want import compare

RULES = FIXTURES / "rules"
PROJECTS = sorted(path for path in (FIXTURES / "projects").iterdir() if path.is_dir())


def _project_root(case: Path, top: Path) -> Path:
    """The nearest folder with its own pyproject.toml (a configured case family), else `top`."""
    for folder in case.parents:
        if (folder / "pyproject.toml").is_file() or folder == top:
            return folder
    return top


def test_rule_fixtures_through_the_cli(tmp_path: Path) -> None:
    top = copy_tree(RULES, tmp_path / "rules")
    cases = sorted(top.rglob("*.py"))
    assert len(cases) >= 10
    projects: dict[Path, list[Path]] = {}
    for case in cases:
        projects.setdefault(_project_root(case, top), []).append(case)
    problems = []
    for root, files in projects.items():
        run = check_json(root, "--no-cache", "--jobs", "1", *map(str, files))
        for case in files:
            reported = reports_of(run, case.relative_to(root).as_posix())
            problems += compare(case, reported)
    assert problems == []


@pytest.mark.parametrize("source", PROJECTS, ids=lambda path: path.name)
def test_project_fixtures_through_the_cli(source: Path, tmp_path: Path) -> None:
    project = copy_tree(source, tmp_path / source.name)
    run = check_json(project, "--no-cache")
    problems = [
        problem
        for case in sorted(project.rglob("*.py"))
        for problem in compare(case, reports_of(run, case.relative_to(project).as_posix()))
    ]
    assert problems == []


def test_workers_and_in_process_print_the_same(tmp_path: Path) -> None:
    """Copies of every rule fixture in packages, each with a module of comments so that
    there is enough source for two workers to start (the pool's size follows the bytes)."""
    project = tmp_path / "many"
    padding = "#" * 99 + "\n"
    for copy in range(6):
        copy_tree(RULES, project / f"copy{copy}")
        lines = 2 * MIN_BYTES_PER_WORKER // 6 // len(padding)
        (project / f"copy{copy}" / "padding.py").write_text(padding * lines)
    single = check_json(project, "--no-cache", "--jobs", "1")
    parallel = check_json(project, "--no-cache", "--jobs", "2")
    assert (single.stats["workers"], parallel.stats["workers"]) == (0, 2)
    assert single.stats["analysed"] == parallel.stats["analysed"] >= 60
    assert parallel.findings == single.findings
    assert len({path.split("/")[0] for path, *_ in single.findings}) == 6
