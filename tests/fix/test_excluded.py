"""A target defined in a file the configuration excludes (generated code) is never edited:
its finding plans a wrap at the call site, and naming the excluded file changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.process import lint_recover

JOBS = "def work():\n    raise ValueError\n"
APP = (
    "import threading\n\nfrom generated.jobs import work\n\nthreading.Thread(target=work).start()\n"
)
FIXED_APP = (  # the import in its own section: `generated` is the project's own package
    "import threading\n\nfrom recover_runtime import recover\n\nfrom generated.jobs import work\n\n"
    "threading.Thread(target=recover(work)).start()\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.lint-recover]\nexclude = ["generated"]\n')
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "__init__.py").write_text("")
    (tmp_path / "generated" / "jobs.py").write_text(JOBS)
    (tmp_path / "app.py").write_text(APP)
    return tmp_path


def test_the_finding_asks_for_a_wrap_at_the_call_site(project: Path) -> None:
    result = lint_recover("check", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "'work' (generated/jobs.py:1)" in result.stdout
    assert "pass recover(...) instead" in result.stdout
    assert "decorate it" not in result.stdout


@pytest.mark.parametrize("paths", [(), ("app.py",)], ids=["project", "the-calling-file"])
def test_fix_wraps_the_argument_and_leaves_the_excluded_file(
    project: Path, paths: tuple[str, ...]
) -> None:
    result = lint_recover("fix", *paths, cwd=project)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "app.py:5:25: wrapped the argument as recover(...)" in result.stderr
    assert (project / "app.py").read_text() == FIXED_APP
    assert (project / "generated" / "jobs.py").read_text() == JOBS


def test_naming_the_excluded_file_writes_nothing(project: Path) -> None:
    result = lint_recover("fix", "generated/jobs.py", cwd=project)
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "0 edits in 0 files" in result.stderr
    assert (project / "generated" / "jobs.py").read_text() == JOBS
    assert (project / "app.py").read_text() == APP
