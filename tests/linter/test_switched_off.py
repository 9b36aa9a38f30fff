"""flake8's file-level `# flake8: noqa` switches a file off in the checker exactly as in a real
flake8 process, also when the file could not be analysed (flake8 does not even parse it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_recover.config import Config
from tests.support.checking import check_files
from tests.support.process import flake8, lint_recover

SPAWN = b"import os\nimport threading\nthreading.Thread(target=os.remove).start()\n"
UNANALYSABLE = {
    "syntax error": b"import threading\nthreading.Thread(target=broken(:\n",
    "bad encoding": b"# -*- coding: utf-8 -*-\nname = '\xff\xfe'\n",
    "NUL bytes": b"name = 1\x00\n",
}
SWITCHES = {
    "plain": b"# flake8: noqa\n",
    "codes after it": b"# flake8: noqa: RCV101\n",
    "upper case, = and indented": b"if True:\n    # FLAKE8= NOQA\n    pass\n",
}
NOT_SWITCHES = {
    "after code": b"switch = 1  # flake8: noqa\n",
    "no space after #": b"#flake8: noqa\n",
}


def reports(tmp_path: Path, text: bytes) -> tuple[list[str], list[str]]:
    """(flake8's codes, the checker's codes) for a module with this text."""
    path = tmp_path / "module.py"
    path.write_bytes(text)
    result = flake8("--select", "RCV,E9", str(path), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    by_flake8 = [line.split()[1] for line in result.stdout.splitlines()]
    config = Config(root=tmp_path)
    by_checker = [finding.code for finding in check_files([path], config)]
    return by_flake8, by_checker


@pytest.mark.parametrize("switch", SWITCHES.values(), ids=SWITCHES.keys())
def test_a_switched_off_file_reports_nothing(tmp_path: Path, switch: bytes) -> None:
    assert reports(tmp_path, SPAWN + switch) == ([], [])


@pytest.mark.parametrize("line", NOT_SWITCHES.values(), ids=NOT_SWITCHES.keys())
def test_look_alikes_of_the_switch_leave_the_file_on(tmp_path: Path, line: bytes) -> None:
    assert reports(tmp_path, line + SPAWN) == (["RCV101"], ["RCV101"])


@pytest.mark.parametrize("text", UNANALYSABLE.values(), ids=UNANALYSABLE.keys())
def test_a_switched_off_file_that_cannot_be_analysed_reports_nothing(
    tmp_path: Path, text: bytes
) -> None:
    by_flake8, by_checker = reports(tmp_path, b"# flake8: noqa\n" + text)
    assert (by_flake8, by_checker) == ([], [])
    path = tmp_path / "module.py"
    path.write_bytes(text)
    config = Config(root=tmp_path)
    assert [f.code for f in check_files([path], config)] == ["RCV001"]


def test_the_cli_skips_a_switched_off_file_that_cannot_be_parsed(tmp_path: Path) -> None:
    path = tmp_path / "module.py"
    path.write_bytes(b"# flake8: noqa\n" + UNANALYSABLE["syntax error"] + SPAWN)
    result = lint_recover("check", "--no-cache", path, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    path.write_bytes(UNANALYSABLE["syntax error"])
    result = lint_recover("check", "--no-cache", path, cwd=tmp_path)
    assert result.returncode == 1
    assert "RCV001" in result.stdout
