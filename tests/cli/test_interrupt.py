"""Ctrl-C during a parallel run: the terminal sends SIGINT to the whole process group, workers
included; the user must see one line and exit 2, not a traceback per worker."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

from lint_recover.project.workers import worker_pool
from tests.support.process import clean_env

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc: no portable API in the standard library)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            after_name = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if int(after_name[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _stdlib_copy(tmp_path: Path) -> Path:
    """A corpus big enough that the workers are still busy when the signal arrives."""
    ignore = shutil.ignore_patterns("site-packages", "test", "__pycache__", "*.pyc")
    shutil.copytree(STDLIB, tmp_path / "stdlib", ignore=ignore, symlinks=True)
    return tmp_path / "stdlib"


def _interrupt_once_workers_run(command: list[str], cwd: Path) -> tuple[int, str]:
    """Start `command` as a terminal's foreground job, Ctrl-C it once its workers run."""
    process = subprocess.Popen(
        [sys.executable, "-m", "lint_recover.frontends.cli", *command],
        cwd=cwd,
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 and process.poll() is None:
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.02)
        time.sleep(0.2)  # let them take their first chunks
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    return process.returncode, stderr


def test_ctrl_c_in_a_parallel_check_is_one_line_and_exit_2(tmp_path: Path) -> None:
    corpus = _stdlib_copy(tmp_path)
    result = _interrupt_once_workers_run(["check", "--no-cache", "--jobs", "2", "."], corpus)
    assert result == (2, "lint-recover: interrupted\n")


def test_workers_of_check_and_fix_leave_ctrl_c_to_the_parent() -> None:
    """A worker that is idle when SIGINT arrives would print a traceback of its own; the one
    pool both `check` and `fix` use makes every worker ignore it, then runs the initializer."""
    with worker_pool(2, _remember, ("started",)) as pool:
        states = set(pool.map(_worker_state, range(4)))
    assert states == {(signal.SIG_IGN, "started")}


_remembered: list[str] = []


def _remember(value: str) -> None:
    _remembered.append(value)


def _worker_state(_: int) -> tuple[object, str]:
    return signal.getsignal(signal.SIGINT), _remembered[0]
