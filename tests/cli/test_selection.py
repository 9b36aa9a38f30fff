"""`--select`, `--ignore` and their extensions decide as flake8 decides: compared with a real
flake8 process (this plugin's codes, the same options) on a file reporting six codes, and
the table's `select`, `ignore` and `per-file-ignores` read alike by the CLI and the plugin."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lint_recover.config.selection import chooses
from tests.cli.helpers import check_json, write
from tests.support.process import lint_recover, run

SIX_CODES = """\
import _thread
import asyncio
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor


def work():
    raise RuntimeError


async def job():
    raise RuntimeError


class Pump(threading.Thread):
    def run(self):
        raise RuntimeError


def start(loop, pool: ThreadPoolExecutor):
    _thread.start_new_thread(work, ())
    pool.submit(work)
    asyncio.ensure_future(job())
    loop.call_soon(work)
    multiprocessing.Process(target=work).start()
"""
REPORTED = {"RCV101", "RCV102", "RCV201", "RCV301", "RCV302", "RCV501"}

# Each: the options, as flake8 and lint-recover both take them.
OPTION_SETS = [
    ("--select=RCV302", "--ignore=RCV3"),  # the more specific select wins
    ("--select=RCV3", "--ignore=RCV302"),  # the more specific ignore wins
    ("--select=RCV3", "--ignore=RCV3"),  # a tie: ignored
    ("--ignore=RCV3",),  # implicit "everything" loses to an explicit ignore
    ("--extend-select=RCV302", "--ignore=RCV3"),  # an extension is explicit
    ("--select=RCV1,RCV302", "--ignore=RCV"),
    ("--select=RCV", "--extend-ignore=RCV1,RCV501"),
    ("--select=RCV101", "--extend-select=RCV5", "--ignore=RCV1"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("selection")
    write(
        root,
        {"spawns.py": SIX_CODES, "pyproject.toml": '[tool.lint-recover]\nunresolved = "report"\n'},
    )
    return root


def flake8_codes(project: Path, *options: str) -> set[str]:
    """The RCV codes a real flake8 reports with `options` (its own checks are filtered out
    of the answer, not switched off, so its decision runs over every code as usual)."""
    result = run([sys.executable, "-m", "flake8", *options, "spawns.py"], cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    return {line.split()[1] for line in result.stdout.splitlines() if " RCV" in line}


def test_the_file_reports_six_codes(project: Path) -> None:
    assert {f[3] for f in check_json(project).findings} == REPORTED
    assert flake8_codes(project, "--select=RCV") == REPORTED


@pytest.mark.parametrize("options", OPTION_SETS, ids=" ".join)
def test_check_chooses_what_flake8_chooses(project: Path, options: tuple[str, ...]) -> None:
    ours = {f[3] for f in check_json(project, "--no-cache", *options).findings}
    assert ours == flake8_codes(project, *options)


def test_the_issue_s_case_reports_the_selected_code(project: Path) -> None:
    codes = {f[3] for f in check_json(project, "--select", "RCV302", "--ignore", "RCV3").findings}
    assert codes == {"RCV302"}


@pytest.mark.parametrize(
    ("code", "select", "ignore", "extend", "chosen"),
    [
        ("RCV302", (), (), (), True),
        ("RCV302", ("RCV1",), (), (), False),
        ("RCV302", ("RCV302",), ("RCV3",), (), True),
        ("RCV302", ("RCV3",), ("RCV302",), (), False),
        ("RCV302", ("RCV3",), ("RCV3",), (), False),
        ("RCV302", (), ("RCV3",), (), False),
        ("RCV302", (), ("RCV3",), ("RCV302",), True),
        ("RCV302", ("RCV1",), (), ("RCV30",), True),
    ],
)
def test_the_decision_itself(
    code: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend: tuple[str, ...],
    chosen: bool,
) -> None:
    assert chooses(code, select, ignore, extend) is chosen


TABLE = """\
[tool.lint-recover]
unresolved = "report"
select = ["RCV1", "RCV3"]
ignore = ["RCV301"]
per-file-ignores = { "legacy/*" = ["RCV1"], "jobs.py" = ["RCV302"] }
"""


def test_the_table_selects_for_the_cli_and_the_plugin_alike(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": TABLE,
            "spawns.py": SIX_CODES,
            "legacy/old.py": SIX_CODES,
            "pkg/jobs.py": SIX_CODES,
        },
    )
    expected = {
        ("spawns.py", "RCV101"),
        ("spawns.py", "RCV102"),
        ("spawns.py", "RCV302"),
        ("legacy/old.py", "RCV302"),
        ("pkg/jobs.py", "RCV101"),
        ("pkg/jobs.py", "RCV102"),
    }
    assert {(f[0], f[3]) for f in check_json(tmp_path).findings} == expected
    # The CLI's options replace the table's keys, as flake8's replace its config file's.
    replaced = check_json(tmp_path, "--select", "RCV5", "--ignore", "RCV1")
    assert {(f[0], f[3]) for f in replaced.findings} == {
        (path, "RCV501") for path in ("spawns.py", "legacy/old.py", "pkg/jobs.py")
    }
    plugin = run([sys.executable, "-m", "flake8", "--select=RCV", "."], cwd=tmp_path)
    found = {
        (line.split(":")[0].removeprefix("./"), line.split()[1])
        for line in plugin.stdout.splitlines()
    }
    assert found == expected, plugin.stdout + plugin.stderr


@pytest.mark.parametrize(
    ("table", "key", "reason"),
    [
        ('select = ["RCV9"]', "select", "'RCV9' matches no code"),
        ('ignore = "RCV1"', "ignore", "expected a list of strings"),
        ('select = ["RCV-1"]', "select", "not a code or code prefix"),
        ('per-file-ignores = ["tests/*"]', "per-file-ignores", "expected a table"),
        ('per-file-ignores = { "t/*" = ["XYZ"] }', 'per-file-ignores."t/*"', "matches no code"),
    ],
)
def test_a_bad_selection_in_the_table_is_one_line(
    tmp_path: Path, table: str, key: str, reason: str
) -> None:
    write(tmp_path, {"pyproject.toml": f"[tool.lint-recover]\n{table}\n", "a.py": SIX_CODES})
    result = lint_recover("check", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert f"[tool.lint-recover] {key}: " in line and reason in line, line
