"""The options a flake8 or ruff user types without looking them up, and the help and errors
they expect: each one through the real command line."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from lint_recover.outputs.docs import RULES_PAGE_URL
from tests.cli.helpers import write
from tests.support.process import clean_env, lint_recover

SPAWNS = (
    "import threading\n\n\ndef work():\n    raise RuntimeError\n\n\n"
    "threading.Thread(target=work).start()\n"
)
FIRST = "spawns.py:8:25: RCV101 "


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, {"spawns.py": SPAWNS})
    return tmp_path


def test_exit_zero_reports_but_passes(project: Path) -> None:
    result = lint_recover("check", "--exit-zero", cwd=project)
    assert (result.returncode, result.stdout.startswith(FIRST)) == (0, True)
    broken = lint_recover("check", "--exit-zero", "--config", "missing.toml", cwd=project)
    assert broken.returncode == 2  # errors are still errors


def test_output_file_takes_the_report_and_statistics(project: Path) -> None:
    result = lint_recover("check", "--output-file", "report.txt", "--statistics", cwd=project)
    assert (result.returncode, result.stdout) == (1, "")
    lines = (project / "report.txt").read_text().splitlines()
    assert lines[0].startswith(FIRST) and lines[1].split()[:2] == ["1", "RCV101"]
    unwritable = lint_recover("check", "--output-file", "no/such/dir/r.txt", cwd=project)
    assert unwritable.returncode == 2
    assert unwritable.stderr.startswith("lint-recover: no/such/dir/r.txt: cannot write")


def test_quiet_keeps_findings_and_drops_the_notes(project: Path) -> None:
    lint_recover("check", "--write-baseline", "bl.json", cwd=project)
    recovered = SPAWNS.replace("target=work", "target=recover(work)")
    (project / "spawns.py").write_text(f"from recover_runtime import recover\n{recovered}")
    noted = lint_recover("check", "--baseline", "bl.json", cwd=project)
    assert "baseline entry is fixed" in noted.stderr
    quiet = lint_recover("check", "-q", "--baseline", "bl.json", cwd=project)
    assert (quiet.returncode, quiet.stderr) == (0, "")

    (project / "spawns.py").write_text(SPAWNS)
    fixed = lint_recover("fix", "--quiet", cwd=project)
    assert (fixed.returncode, fixed.stderr) == (0, "")
    assert "@recover\ndef work" in (project / "spawns.py").read_text()


def test_config_names_the_table_to_use(project: Path) -> None:
    write(project, {"ci/lint.toml": '[tool.lint-recover]\nignore = ["RCV1"]\n'})
    # The file's directory is the project root: give the paths to check.
    result = lint_recover("check", "--config", "ci/lint.toml", "spawns.py", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    write(project, {"ci/bad.toml": '[tool.lint-recover]\nselect = "RCV1"\n'})
    bad = lint_recover("check", "--config", "ci/bad.toml", cwd=project)
    assert bad.returncode == 2
    assert bad.stderr == (
        f"lint-recover: {project / 'ci' / 'bad.toml'}: [tool.lint-recover] select: "
        "expected a list of strings, got str\n"
    )


def test_show_source_puts_a_caret_under_the_column(project: Path) -> None:
    write(project, {"tabs.py": "import threading\nif True:\n\tthreading.Thread(target=print)\n"})
    result = lint_recover("check", "--show-source", "spawns.py", cwd=project)
    assert result.stdout.splitlines()[1:] == [
        "threading.Thread(target=work).start()",
        " " * 24 + "^",
    ]


@pytest.mark.parametrize("command", ["check", "fix", "explain"])
def test_an_unknown_option_shows_the_usage_of_its_subcommand(command: str) -> None:
    result = lint_recover(command, "--no-such-option")
    assert result.returncode == 2
    assert result.stderr.startswith(f"usage: lint-recover {command} ")
    assert f"lint-recover {command}: error: unrecognized arguments: --no-such-option" in (
        result.stderr
    )


def test_help_explains_the_formats_and_points_to_the_rules() -> None:
    text = lint_recover("check", "--help").stdout
    words = " ".join(text.split())
    for name in ("text (the default):", "json:", "sarif:", "github:"):
        assert name in words, name
    assert "lint-recover explain CODE" in words
    assert f"docs/rules.md: {RULES_PAGE_URL}\n" in text  # on one line, to click or copy
    assert f"docs/rules.md: {RULES_PAGE_URL}\n" in lint_recover("--help").stdout


def on_a_terminal(project: Path, **env: str) -> bytes:
    """`check`'s stdout when it is a terminal (a pseudo-terminal), with `env` set."""
    leader, follower = pty.openpty()
    environment = clean_env(env)
    environment.pop("NO_COLOR")
    environment.update(env)
    with subprocess.Popen(
        [sys.executable, "-m", "lint_recover.frontends.cli", "check"],
        cwd=project,
        env=environment,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    ) as process:
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed once the process has exited
                break
            if not chunk:
                break
            output += chunk
        process.wait(timeout=60)
    os.close(leader)
    return output


def test_colour_on_a_terminal_only_and_never_with_no_color(project: Path) -> None:
    coloured = on_a_terminal(project)
    assert b"\x1b[1mspawns.py\x1b[m" in coloured and b"\x1b[31mRCV101\x1b[m" in coloured
    assert b"\x1b[" not in on_a_terminal(project, NO_COLOR="1")
    piped = subprocess.run(
        [sys.executable, "-m", "lint_recover.frontends.cli", "check"],
        cwd=project,
        env={k: v for k, v in clean_env().items() if k != "NO_COLOR"},
        capture_output=True,
        check=False,
    )
    assert piped.stdout.startswith(FIRST.encode()) and b"\x1b[" not in piped.stdout
