"""Bad input never stops a run: one RCV001 line per unusable file, the others still checked,
never a traceback. Fixtures in `fixtures/hostile/`; what cannot be committed (a symlink loop,
a file nested past the parser's limits) is made here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint_recover.outputs.report import FORMATS
from tests.cli.helpers import copy_tree
from tests.support.process import FIXTURES, clean_env, lint_recover
from tests.support.want import compare

EXPECTED_PROBLEMS = {
    "syntax_error.py": "syntax error: invalid syntax",
    "invalid_utf8.py": "invalid utf-8 encoding",
    "nul_bytes.py": "source contains NUL bytes",
    "bad_cookie.py": "invalid encoding declaration",
    "parens.py": "nesting too deep for the parser",
    "operators.py": "nesting too deep for the parser",
    "loop_a.py": "symlink loop, skipped",
    "loop_b.py": "symlink loop, skipped",
    "dangling.py": "broken symlink, skipped",
}


def _hostile_project(tmp_path: Path) -> Path:
    project = copy_tree(FIXTURES / "hostile", tmp_path / "hostile")
    # Files that could matter (they spell a spawn API) and that the parser cannot take.
    spawn = "import threading\nthreading.Thread(target=work).start()\n"
    (project / "parens.py").write_text(spawn + "x = " + "(" * 300 + "1" + ")" * 300 + "\n")
    (project / "operators.py").write_text(spawn + "x = " + "a + " * 5000 + "a\n")
    (project / "loop_a.py").symlink_to(project / "loop_b.py")
    (project / "loop_b.py").symlink_to(project / "loop_a.py")
    (project / "dangling.py").symlink_to(project / "missing.py")
    (project / "up").symlink_to(project)  # a directory loop, never followed
    return project


def test_each_bad_file_is_one_line_and_good_files_are_still_checked(tmp_path: Path) -> None:
    project = _hostile_project(tmp_path)
    result = lint_recover("check", "--no-cache", cwd=project)
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    problems = {line.split(":")[0]: line for line in lines if " RCV001 " in line}
    assert sorted(problems) == sorted(EXPECTED_PROBLEMS)
    for name, reason in EXPECTED_PROBLEMS.items():
        assert reason in problems[name], problems[name]
    reported = [line.split(":", 3) for line in lines if " RCV001 " not in line]
    by_file: dict[str, list[tuple[int, int, str]]] = {}
    for path, line, col, rest in reported:
        by_file.setdefault(path, []).append((int(line), int(col), rest.split()[0]))
    for name in ("bom.py", "x.py/inner.py"):
        assert compare(project / name, by_file.pop(name)) == [], name
    # Latin-1 (honouring its cookie): the finding sits after non-ASCII text on its line.
    assert by_file.pop("latin1_cookie.py") == [(10, 41, "RCV101")]
    assert by_file == {}


def test_a_bad_path_given_explicitly_does_not_stop_the_others(tmp_path: Path) -> None:
    project = _hostile_project(tmp_path)
    result = lint_recover(
        "check", "--no-cache", "missing.py", "x.py", "loop_a.py", "bom.py", cwd=project
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    codes = [line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines()]
    paths = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert sorted(zip(paths, codes, strict=True)) == [
        ("bom.py", "RCV101"),
        ("loop_a.py", "RCV001"),
        ("missing.py", "RCV001"),
        ("x.py/inner.py", "RCV101"),
    ]


@pytest.mark.parametrize("format_", sorted(FORMATS))
def test_a_file_name_that_is_not_utf8_is_written_back_as_its_bytes(
    tmp_path: Path, format_: str
) -> None:
    spawn = (
        "import threading\n\n\ndef w():\n    raise ValueError\n\n\n"
        "threading.Thread(target=w).start()\n"
    )
    (tmp_path / os.fsdecode(b"\xff_spawn.py")).write_text(spawn)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "lint_recover.frontends.cli",
            "check",
            "--no-cache",
            "--format",
            format_,
        ],
        cwd=tmp_path,
        env=clean_env({"PYTHONIOENCODING": "utf-8:strict"}),  # as under a UTF-8 locale
        capture_output=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (1, b"")
    expected = {
        "text": b"\xff_spawn.py:8:25: RCV101 ",
        "github": b"::error file=\xff_spawn.py,line=8,col=25,",
        "json": b'"path": "\\udcff_spawn.py"',  # JSON's own escape of the lone surrogate
        "sarif": b'"uri": "%FF_spawn.py"',
    }
    assert expected[format_] in result.stdout


def test_fix_writes_a_name_that_is_not_utf8_back_as_its_bytes(tmp_path: Path) -> None:
    spawn = "import threading\n\n\ndef w():\n    raise ValueError\n\n\nthreading.Thread(target=w)\n"
    (tmp_path / os.fsdecode(b"\xff_spawn.py")).write_text(spawn)
    result = subprocess.run(
        [sys.executable, "-m", "lint_recover.frontends.cli", "fix", "--diff", "--no-cache"],
        cwd=tmp_path,
        env=clean_env({"PYTHONIOENCODING": "utf-8:strict"}),
        capture_output=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert b"+++ b/\xff_spawn.py" in result.stdout
    assert b"Traceback" not in result.stderr


def test_a_name_too_long_to_look_at_is_one_line(tmp_path: Path) -> None:
    project = _hostile_project(tmp_path)
    too_long = "a" * 300  # longer than any file system's name limit
    result = lint_recover("check", "--no-cache", too_long, "bom.py", cwd=project)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[0].startswith(f"{too_long}:1:1: RCV001 ")
    assert "File name too long" in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[1].startswith("bom.py:9:25: RCV101 ")
