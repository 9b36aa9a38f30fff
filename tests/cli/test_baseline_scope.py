"""A baseline used by a run over part of the project (pre-commit passes only the staged
files) or part of the codes (`--select`): the entries that run did not check are neither
fixed nor dropped, so following its advice never breaks the next full run."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import check_json, write
from tests.support.process import lint_recover

THREADS = (
    "import threading\n\n\ndef work():\n    raise RuntimeError\n\n\n"
    "threading.Thread(target=work).start()\n"
    "threading.Thread(target=lambda: work()).start()\n"
)
CALLBACK = (
    "import asyncio\n\n\ndef tick():\n    raise RuntimeError\n\n\n"
    "asyncio.get_event_loop().call_soon(tick)\n"
)
FILES = {"a.py": THREADS, "b.py": THREADS, "c.py": CALLBACK}


def entries(path: Path) -> dict[tuple[str, str, str], int]:
    document = json.loads(path.read_text())
    return {(e["path"], e["code"], e["target"]): e["count"] for e in document["entries"]}


def recorded(tmp_path: Path) -> Path:
    write(tmp_path, {**FILES, "pyproject.toml": '[tool.lint-recover]\nunresolved = "report"\n'})
    assert lint_recover("check", "--write-baseline", "bl.json", cwd=tmp_path).returncode == 0
    assert len(entries(tmp_path / "bl.json")) == 5
    return tmp_path / "bl.json"


def test_a_run_on_some_files_leaves_the_entries_of_the_others_alone(tmp_path: Path) -> None:
    baseline = recorded(tmp_path)
    before = entries(baseline)
    subset = check_json(tmp_path, "--baseline", "bl.json", "a.py")
    assert (subset.returncode, subset.stats["baseline_fixed"]) == (0, 0), subset.stderr
    assert "fixed" not in subset.stderr

    rewritten = lint_recover("check", "--write-baseline", "bl.json", "a.py", cwd=tmp_path)
    assert "wrote 2 findings" in rewritten.stderr and "kept 3 entries" in rewritten.stderr
    assert entries(baseline) == before
    assert check_json(tmp_path, "--baseline", "bl.json").returncode == 0

    # A finding fixed in a checked file is fixed; rewriting drops it and only it.
    (tmp_path / "a.py").write_text(THREADS.replace("target=lambda: work()", "target=print"))
    fixed = check_json(tmp_path, "--baseline", "bl.json", "a.py")
    assert fixed.stats["baseline_fixed"] == 1
    assert "1 baseline entry is fixed" in fixed.stderr
    lint_recover("check", "--write-baseline", "bl.json", "a.py", cwd=tmp_path)
    assert set(before) - set(entries(baseline)) == {("a.py", "RCV101", "<lambda>")}
    assert check_json(tmp_path, "--baseline", "bl.json").returncode == 0


def test_a_run_on_some_codes_leaves_the_entries_of_the_others_alone(tmp_path: Path) -> None:
    baseline = recorded(tmp_path)
    before = entries(baseline)
    selected = check_json(tmp_path, "--baseline", "bl.json", "--select", "RCV1")
    assert (selected.returncode, selected.stats["baseline_fixed"]) == (0, 0)
    lint_recover("check", "--write-baseline", "bl.json", "--select", "RCV1", cwd=tmp_path)
    assert entries(baseline) == before


def test_a_whole_project_run_counts_entries_of_files_gone_as_fixed(tmp_path: Path) -> None:
    recorded(tmp_path)
    (tmp_path / "c.py").unlink()
    result = check_json(tmp_path, "--baseline", "bl.json")
    assert (result.returncode, result.stats["baseline_fixed"]) == (0, 1)


def test_an_existing_file_that_is_no_baseline_is_not_overwritten(tmp_path: Path) -> None:
    write(tmp_path, {**FILES, "notes.json": '{"mine": true}\n'})
    result = lint_recover("check", "--write-baseline", "notes.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "not a lint-recover baseline" in result.stderr and result.stderr.count("\n") == 1
    assert (tmp_path / "notes.json").read_text() == '{"mine": true}\n'
