"""The flake8 plugin's configuration: pyproject, `--recover-*` options, setup.cfg/.flake8,
and a broken configuration failing with one clear line (real flake8 processes)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.support.process import run

SOURCE = """\
import threading

import myapp.crash


def work():
    raise RuntimeError("lost")


@myapp.crash.recover
def guarded():
    raise RuntimeError("reported")


def start(callback):
    threading.Thread(target=work).start()
    threading.Thread(target=guarded).start()
    threading.Thread(target=callback).start()
"""


def flake8_in(directory: Path, *args: str) -> tuple[int, list[str], str]:
    """flake8 as a user runs it in `directory` (config files there are read)."""
    result = run([sys.executable, "-m", "flake8", "--select=RCV", *args, "."], cwd=directory)
    assert "Traceback" not in result.stderr, result.stderr
    found = [
        line.split(": ", 1)[0] + " " + line.split(" ")[1] for line in result.stdout.splitlines()
    ]
    return result.returncode, found, result.stderr


def project(tmp_path: Path, pyproject: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    (tmp_path / "app.py").write_text(SOURCE, encoding="utf-8")
    return tmp_path


def test_defaults_report_unknown_recover_functions_and_not_unresolved_targets(
    tmp_path: Path,
) -> None:
    code, found, _ = flake8_in(project(tmp_path))
    assert code == 1
    assert found == ["./app.py:16:29 RCV101", "./app.py:17:29 RCV101"]


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    config = (
        '[tool.lint-recover]\nrecover-functions = ["myapp.crash.recover"]\nunresolved = "report"\n'
    )
    _, found, _ = flake8_in(project(tmp_path, config))
    assert found == ["./app.py:16:29 RCV101", "./app.py:18:29 RCV101"]


def test_command_line_options_override_pyproject(tmp_path: Path) -> None:
    config = '[tool.lint-recover]\nunresolved = "report"\n'
    _, found, _ = flake8_in(
        project(tmp_path, config),
        "--recover-functions=myapp.crash.recover,recover_runtime.recover",
        "--recover-unresolved=ignore",
    )
    assert found == ["./app.py:16:29 RCV101"]


def test_setup_cfg_and_dot_flake8_options_are_read(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nrecover-functions = myapp.crash.recover\nrecover-unresolved = ignore\n",
        encoding="utf-8",
    )
    assert flake8_in(tmp_path)[1] == ["./app.py:16:29 RCV101"]
    (tmp_path / "setup.cfg").unlink()
    (tmp_path / ".flake8").write_text("[flake8]\nrecover-entrypoints = app.py\n", encoding="utf-8")
    found = flake8_in(tmp_path)[1]
    assert {"./app.py:6:1 RCV401", "./app.py:15:1 RCV401"} <= set(found)


def test_a_broken_pyproject_stops_flake8_with_one_line_and_status_2(tmp_path: Path) -> None:
    code, found, stderr = flake8_in(
        project(tmp_path, '[tool.lint-recover]\nunresolved = "sometimes"\n')
    )
    assert code == 2 and found == []
    [line] = stderr.strip().splitlines()
    assert "pyproject.toml" in line and "unresolved" in line and "'sometimes'" in line


def test_a_bad_option_value_is_refused_by_flake8(tmp_path: Path) -> None:
    code, found, stderr = flake8_in(project(tmp_path), "--recover-functions=pkg.1bad")
    assert code == 2 and found == []
    assert "recover-functions" in stderr and "not a dotted name" in stderr


def test_exclude_governs_flake8_as_it_governs_the_cli(tmp_path: Path) -> None:
    project(tmp_path, '[tool.lint-recover]\nexclude = ["generated/**", "*_pb2.py"]\n')
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "jobs.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "service_pb2.py").write_text(SOURCE, encoding="utf-8")
    code, found, _ = flake8_in(tmp_path)
    assert code == 1
    assert found == ["./app.py:16:29 RCV101", "./app.py:17:29 RCV101"]
    result = run([sys.executable, "-m", "lint_recover.frontends.cli", "check"], cwd=tmp_path)
    assert result.stdout.splitlines() == [line.replace("./", "") for line in _full_lines(tmp_path)]


def _full_lines(directory: Path) -> list[str]:
    result = run([sys.executable, "-m", "flake8", "--select=RCV", "."], cwd=directory)
    return result.stdout.splitlines()
