"""The `check` contract a user and CI rely on: exit codes, configuration errors on one line,
every format, selection, statistics, and the baseline round trip."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import check_json, sarif_validator, write
from tests.support.process import lint_recover, run

SPAWNS = (
    "import threading\n\n\ndef work():\n    raise RuntimeError\n\n\n"
    "threading.Thread(target=work).start()\n"
    "threading.Thread(target=lambda: work()).start()\n"
)
CLEAN = "def nothing():\n    return 1\n"


def test_exit_codes_clean_and_findings(tmp_path: Path) -> None:
    write(tmp_path, {"clean.py": CLEAN})
    assert lint_recover("check", cwd=tmp_path).returncode == 0
    write(tmp_path, {"spawns.py": SPAWNS})
    result = lint_recover("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("spawns.py:8:25: RCV101 ")


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ("unknown-key = 1", "unknown-key"),
        ("exclude = 3", "exclude"),
        ("source-roots = [1]", "source-roots"),
        ('unresolved = "sometimes"', "unresolved"),
    ],
)
def test_configuration_errors_are_one_line_naming_file_and_key(
    tmp_path: Path, table: str, key: str
) -> None:
    write(tmp_path, {"pyproject.toml": f"[tool.lint-recover]\n{table}\n", "a.py": SPAWNS})
    result = lint_recover("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert str(tmp_path / "pyproject.toml") in line
    assert key in line


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    usage_errors = (
        ["--jobs", "0"],
        ["--format", "xml"],
        ["--select", "RCV-1"],
        ["--select", "FOO"],  # a typo must not switch every check off
        ["--ignore", "RCV9"],
    )
    for args in usage_errors:
        result = lint_recover("check", *args, cwd=tmp_path)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


# A file that could matter (it spells a spawn API) and does not parse.
BROKEN = "import threading\nthreading.Thread(target=(:\n"


def test_select_and_ignore_by_code_prefix(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"spawns.py": SPAWNS, "broken.py": BROKEN},
    )
    everything = {f[3] for f in check_json(tmp_path).findings}
    assert everything == {"RCV001", "RCV101"}
    assert {f[3] for f in check_json(tmp_path, "--select", "RCV1").findings} == {"RCV101"}
    only_problems = check_json(tmp_path, "--ignore", "RCV101")
    assert {f[3] for f in only_problems.findings} == {"RCV001"}
    assert check_json(tmp_path, "--select", "RCV3").returncode == 0


def test_statistics_count_per_code_after_the_findings(tmp_path: Path) -> None:
    write(
        tmp_path,
        {"spawns.py": SPAWNS, "broken.py": BROKEN},
    )
    lines = lint_recover("check", "--statistics", cwd=tmp_path).stdout.splitlines()
    assert [line.split()[:2] for line in lines[-2:]] == [["1", "RCV001"], ["2", "RCV101"]]
    machine = lint_recover("check", "--statistics", "--format", "sarif", cwd=tmp_path)
    json.loads(machine.stdout)  # stdout stays one document; the counts went to stderr
    assert machine.stderr.split()[:2] == ["1", "RCV001"]


def test_sarif_and_github_formats_from_the_cli(tmp_path: Path) -> None:
    write(tmp_path, {"pkg/spawns.py": SPAWNS, "pyproject.toml": "[project]\nname = 'x'\n"})
    sarif = json.loads(lint_recover("check", "--format", "sarif", cwd=tmp_path / "pkg").stdout)
    results = sarif["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"pkg/spawns.py"}  # relative to the project root, not to the cwd
    sarif_validator().validate(sarif)
    github = lint_recover("check", "--format", "github", cwd=tmp_path).stdout.splitlines()
    assert github[0].startswith("::error file=pkg/spawns.py,line=8,col=25,title=RCV101::RCV101 ")


def test_baseline_round_trip(tmp_path: Path) -> None:
    write(tmp_path, {"spawns.py": SPAWNS})
    written = lint_recover("check", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.returncode == 0
    assert "wrote 2 findings" in written.stderr
    assert lint_recover("check", "--baseline", "baseline.json", cwd=tmp_path).returncode == 0

    # Unrelated edits shift every line: the entries still match.
    source = tmp_path / "spawns.py"
    source.write_text('"""Docs."""\n\nimport os\n\n' + SPAWNS)
    shifted = check_json(tmp_path, "--baseline", "baseline.json")
    assert (shifted.returncode, shifted.findings, shifted.stats["baselined"]) == (0, [], 2)

    # A new finding is reported; the recorded ones are not.
    source.write_text(source.read_text() + "threading.Timer(1, work).start()\n")
    new = check_json(tmp_path, "--baseline", "baseline.json")
    assert new.returncode == 1
    assert [f[3] for f in new.findings] == ["RCV101"]
    assert new.findings[0][1] == 14  # the same target twice: the later one is new

    # Fixed entries drop out of the count, and the user is told to tighten the baseline.
    source.write_text(SPAWNS.replace("target=lambda: work()", "target=print") + "\n")
    fixed = check_json(tmp_path, "--baseline", "baseline.json")
    assert fixed.stats["baseline_fixed"] == 1
    assert "1 baseline entry is fixed" in fixed.stderr


def test_unusable_baseline_exits_2_on_one_line(tmp_path: Path) -> None:
    write(tmp_path, {"spawns.py": SPAWNS, "baseline.json": "[]"})
    result = lint_recover("check", "--baseline", "baseline.json", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "baseline.json: not a lint-recover baseline" in result.stderr


def test_check_starts_without_the_fixer_s_libcst() -> None:
    """Start-up is most of a warm run: the command line must not import libcst until `fix`
    runs."""
    probe = (
        "import sys, lint_recover.frontends.cli; "
        "print(sorted(m for m in sys.modules if 'libcst' in m))"
    )
    result = run([sys.executable, "-c", probe])
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr


def test_a_run_that_collects_nothing_says_so_and_passes(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.lint-recover]\nexclude = ["generated/**"]\n',
            "generated/spawns.py": SPAWNS,
        },
    )
    for command in ("check", "fix"):
        for args in ((), ("generated/spawns.py",)):
            result = lint_recover(command, *args, cwd=tmp_path)
            assert result.returncode == 0, result.stderr
            assert "lint-recover: no Python files to check in " in result.stderr
    assert (tmp_path / "generated/spawns.py").read_text() == SPAWNS  # fix wrote nothing
