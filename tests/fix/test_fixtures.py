"""The fix fixture pairs through the real `lint-recover fix`: byte-exact results, the AST
rule, a second run that changes nothing, and `--diff` output that `git apply` accepts."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from lint_recover.config import load_config
from lint_recover.outputs.fix import MIN_FILES_PER_WORKER, fix_findings, plans_by_file
from lint_recover.project import engine
from tests.fix.cases import (
    CASES,
    FIXES,
    PROJECT,
    assert_fixed,
    copy_cases,
    copy_project,
    expected_after_fix,
    project_modules,
)
from tests.support.process import lint_recover, run


@pytest.fixture(scope="module")
def fixed_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_cases(tmp_path_factory.mktemp("cases"))
    result = lint_recover("fix", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # nothing remains to report
    return root


@pytest.mark.parametrize("case", CASES)
def test_fix_gives_the_fixed_file(fixed_cases: Path, case: str) -> None:
    assert_fixed(FIXES / f"{case}.py", fixed_cases / f"{case}.py")


def test_a_second_fix_changes_nothing(fixed_cases: Path) -> None:
    before = {path.name: path.read_bytes() for path in fixed_cases.glob("*.py")}
    result = lint_recover("fix", cwd=fixed_cases)
    assert result.returncode == 0, result.stderr
    assert "0 edits in 0 files; 0 findings remain" in result.stderr
    assert {path.name: path.read_bytes() for path in fixed_cases.glob("*.py")} == before


def test_the_fix_lands_in_the_module_that_defines_the_target(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    found = lint_recover("check", cwd=root)
    assert "orders/service.py:8:29: RCV101" in found.stdout  # reported at the spawn...
    result = lint_recover("fix", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "orders/jobs.py:8:1: decorated rebuild_index with @recover" in result.stderr
    for module in project_modules():  # ...fixed at the definition; service.py unchanged
        assert_fixed(PROJECT / module, root / module)


def test_diff_writes_nothing_and_applies_with_git(tmp_path: Path) -> None:
    root = copy_cases(tmp_path / "cases")
    before = {path.name: path.read_bytes() for path in root.glob("*.py")}
    # Through a file: the diff is bytes (latin-1, CRLF), which text capture would change.
    command = f"{shlex.quote(sys.executable)} -m lint_recover.frontends.cli fix --diff > fix.patch"
    result = run(["sh", "-c", command], cwd=root)
    assert result.returncode == 1, result.stderr
    assert {path.name: path.read_bytes() for path in root.glob("*.py")} == before
    assert run(["git", "init", "-q"], cwd=root).returncode == 0
    applied = run(["git", "apply", "--whitespace=nowarn", "fix.patch"], cwd=root)
    assert applied.returncode == 0, applied.stderr
    for case in CASES:
        assert (root / f"{case}.py").read_bytes() == expected_after_fix(FIXES / f"{case}.py")


def test_fixing_in_worker_processes_gives_what_fixing_in_process_gives(tmp_path: Path) -> None:
    root = copy_cases(tmp_path / "cases")
    config = load_config(root)
    findings = engine.run([root], config, jobs=1, use_cache=False).findings
    assert len(plans_by_file(findings)) >= 2 * MIN_FILES_PER_WORKER  # enough for 2 workers
    in_workers = fix_findings(findings, config, jobs=2)
    assert in_workers == fix_findings(findings, config, jobs=1)
    assert [fix.path for fix in in_workers] == sorted(fix.path for fix in in_workers)


def test_fixed_files_keep_sorted_imports_sorted(fixed_cases: Path) -> None:
    """ruff's isort rules (`I`), with the cases' project as first party: every case that was
    sorted before the fix is sorted after it."""

    def unsorted(directory: Path, names: list[str]) -> set[str]:
        result = run(
            [
                sys.executable,
                "-m",
                "ruff",
                "check",
                "--select",
                "I",
                "--isolated",
                "--no-cache",
                "--output-format",
                "concise",
                *names,
            ],
            cwd=directory,
        )
        return {line.split(":", 1)[0] for line in result.stdout.splitlines() if ".py:" in line}

    names = [f"{case}.py" for case in CASES]
    before = unsorted(FIXES, names)
    assert before == {"docstring_then_code.py", "imports_after_all.py", "no_blank_lines.py"}
    assert unsorted(fixed_cases, names) <= before
