"""`fix --same-file` (the pre-commit hook's way): every edit stays in the files holding the
findings; a target defined elsewhere is wrapped where it is handed over."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import write
from tests.support.process import lint_recover

JOBS = """\
import asyncio
import threading


def poll():
    raise RuntimeError


async def refresh(cache):
    await cache.reload()


class Pump(threading.Thread):
    def run(self):
        raise RuntimeError
"""
# Arguments that start where another expression does (a call, a partial, a coroutine call),
# a non-ASCII string before one (columns are characters), and a definition in this file.
START = """\
import asyncio
import functools
import threading

from jobs import poll, refresh


def local():
    raise RuntimeError


def start(cache):
    label = "café"; threading.Thread(target=poll, name=label).start()
    threading.Thread(target=functools.partial(poll)).start()
    asyncio.ensure_future(refresh(cache))
    threading.Thread(target=local).start()
"""


def test_only_the_given_files_change_and_nothing_is_left(tmp_path: Path) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.lint-recover]\n", "jobs.py": JOBS, "start.py": START})
    result = lint_recover("fix", "--same-file", "start.py", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "jobs.py").read_text() == JOBS
    fixed = (tmp_path / "start.py").read_text()
    assert 'label = "café"; threading.Thread(target=recover(poll), name=label)' in fixed
    assert "threading.Thread(target=recover(functools.partial(poll))).start()" in fixed
    assert "asyncio.ensure_future(recover(refresh(cache)))" in fixed
    assert "@recover\ndef local():" in fixed  # the file's own definition is still decorated
    assert lint_recover("check", "start.py", cwd=tmp_path).returncode == 0

    # Given a folder holding both, without the option, the definitions are decorated where
    # they are, in jobs.py; given start.py alone, the paths keep jobs.py as it is.
    write(tmp_path, {"start.py": START})
    lint_recover("fix", "start.py", cwd=tmp_path)
    assert (tmp_path / "jobs.py").read_text() == JOBS
    write(tmp_path, {"start.py": START})
    lint_recover("fix", ".", cwd=tmp_path)
    assert "@recover\ndef poll():" in (tmp_path / "jobs.py").read_text()
