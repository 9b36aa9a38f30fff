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


def test_ctrl_c_in_a_parallel_run_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # A corpus big enough that the workers are still busy when the signal arrives.
    ignore = shutil.ignore_patterns("site-packages", "test", "__pycache__", "*.pyc")
    shutil.copytree(STDLIB, tmp_path / "stdlib", ignore=ignore, symlinks=True)
    command = [sys.executable, "-m", "lint_recover.cli", "check", "--no-cache", "--jobs", "2"]
    process = subprocess.Popen(
        [*command, "stdlib"],
        cwd=tmp_path,
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
    assert (process.returncode, stderr) == (2, "lint-recover: interrupted\n")
