"""`lint-recover fix` exit codes and what it prints for what it cannot fix."""

from __future__ import annotations

from pathlib import Path

from tests.support.process import lint_recover

WORKER = "import threading\n\n\ndef work():\n    go()\n\n\nthreading.Thread(target=work).start()\n"


def test_a_configuration_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.lint-recover]\nrecover-function = 1\n")
    (tmp_path / "job.py").write_text(WORKER)
    result = lint_recover("fix", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "recover-function" in result.stderr
    assert (tmp_path / "job.py").read_text() == WORKER


# A file that could matter (it spells a spawn API) and does not parse.
BROKEN = "import threading\ndef broken(:\n    threading.Thread(target=broken).start()\n"


def test_unanalysable_files_remain_and_are_listed_while_the_rest_is_fixed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "job.py").write_text(WORKER)
    (tmp_path / "broken.py").write_text(BROKEN)
    result = lint_recover("fix", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("broken.py:2:") and "RCV001" in result.stdout
    assert "job.py:4:1: decorated work with @recover" in result.stderr
    assert (tmp_path / "broken.py").read_text() == BROKEN
    assert "@recover\ndef work" in (tmp_path / "job.py").read_text()


def test_summaries_count_in_the_singular_and_the_plural(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "job.py").write_text(WORKER)
    diff = lint_recover("fix", "--diff", cwd=tmp_path)
    assert "lint-recover: 1 file would change; 0 findings cannot be fixed" in diff.stderr
    (tmp_path / "broken.py").write_text(BROKEN)
    result = lint_recover("fix", cwd=tmp_path)
    assert "lint-recover: 2 edits in 1 file; 1 finding remains\n" in result.stderr
    (tmp_path / "job.py").write_text(f"from recover_runtime import recover\n{WORKER}")
    again = lint_recover("fix", cwd=tmp_path)
    assert "lint-recover: 1 edit in 1 file; 1 finding remains\n" in again.stderr


def test_diff_exits_0_when_there_is_nothing_to_do(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "calm.py").write_text("import threading\n")
    result = lint_recover("fix", "--diff", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_diff_lists_what_it_cannot_fix(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "broken.py").write_bytes(b"x = 1\0\n")
    result = lint_recover("fix", "--diff", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert "broken.py:1:1: RCV001" in result.stderr
