"""`check --why FILE:LINE`: the decision behind a line, as the rules took it."""

from __future__ import annotations

from pathlib import Path

from tests.support.process import lint_recover

SOURCE = """\
import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from recover_runtime import recover


def job():
    raise OSError("disk")


@recover
def safe_job():
    raise OSError("disk")


async def main(pool: ThreadPoolExecutor):
    pool.submit(job)
    await asyncio.get_running_loop().run_in_executor(pool, job)
    threading.Thread(target=safe_job).start()
    print("hello")
"""


def why(tmp_path: Path, line: int) -> str:
    (tmp_path / "pyproject.toml").write_text("[tool.lint-recover]\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(SOURCE, encoding="utf-8")
    result = lint_recover("check", "--why", f"app.py:{line}", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_reported_line_says_which_api_what_the_work_is_and_that_nothing_saves_it(
    tmp_path: Path,
) -> None:
    out = why(tmp_path, 18)
    assert out.startswith("app.py:18:17: RCV201 executor job 'job' (app.py:8)")
    assert "concurrent.futures.ThreadPoolExecutor.submit (RCV201), reported as RCV201" in out
    assert "work: `job` -> `job` (app.py:8)" in out
    assert "result: not consumed" in out
    assert "recovery: not recovered" in out


def test_a_quiet_line_says_why_it_is_quiet(tmp_path: Path) -> None:
    assert "result: consumed where it is made (awaited)" in why(tmp_path, 19)
    assert "recovery: decorated with a recover function" in why(tmp_path, 20)


def test_a_line_without_spawns_says_so(tmp_path: Path) -> None:
    out = why(tmp_path, 21)
    assert "call of `print`" not in out  # not a candidate: no spawn name
    assert out == "app.py:21: no call on this line can start work, and nothing is reported\n"


def test_a_bad_argument_is_a_usage_error(tmp_path: Path) -> None:
    result = lint_recover("check", "--why", "app.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "expected FILE:LINE" in result.stderr
    result = lint_recover("check", "--why", "missing.py:3", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "lint-recover: missing.py: no such file\n")
