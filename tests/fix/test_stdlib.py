"""`fix` on a copy of the whole CPython standard library (this interpreter's `Lib/`, tests
included), through the real CLI: afterwards `check` finds nothing fixable, every edited
file compiles and differs from the original only by recovery, no file is refused by the
safety proof, and a second `fix` would change nothing."""

from __future__ import annotations

import ast
import json
import re
import shutil
import sys
import sysconfig
from collections import Counter
from pathlib import Path

import pytest

from lint_recover.findings import WrapArgument
from lint_recover.outputs.fix import fix_source
from tests.fix.ast_rule import assert_compiles, assert_only_recovery_added
from tests.support.process import run

STDLIB = Path(sysconfig.get_paths()["stdlib"])
# One line per edit on stderr: `path:line:col: decorated X with @recover`, ...
EDIT = re.compile(r"^(?P<path>[^:]+):\d+:\d+: (?P<kind>decorated|wrapped|added) ", re.MULTILINE)


def cli(root: Path, *args: str) -> tuple[int, str, str]:
    # -P: the copy is a standard library; it must not shadow the interpreter's own.
    result = run([sys.executable, "-P", "-m", "lint_recover.frontends.cli", *args], cwd=root)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.slow
def test_fix_of_the_standard_library_leaves_nothing_fixable(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    ignore = shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc")
    shutil.copytree(STDLIB, root, ignore=ignore, symlinks=True)
    (root / "pyproject.toml").write_text("")
    before = {path: path.read_bytes() for path in root.rglob("*.py")}

    code, remaining, report = cli(root, "fix", "--jobs", "2")

    assert "not fixed" not in report, report  # nothing refused by the safety proof
    assert code == 1  # files the parser rejects (RCV001) remain, and are listed
    assert remaining and all(" RCV001 " in line for line in remaining.splitlines())
    edited = {path for path, data in before.items() if path.read_bytes() != data}
    reported = {root / match["path"] for match in EDIT.finditer(report)}
    assert edited == reported
    kinds = Counter(match["kind"] for match in EDIT.finditer(report))
    # Both kinds of edit, in many files (the exact figures are in bench_fix.txt); the bounds
    # leave the linter room to report less where Python already propagates.
    assert kinds["added"] == len(edited) > 50  # the standard library never imports recover
    assert kinds["decorated"] > 50 and kinds["wrapped"] > 10, kinds
    for path in sorted(edited):
        after = path.read_bytes()
        assert_compiles(after, str(path))
        assert_only_recovery_added(before[path], after)

    code, output, _ = cli(root, "check", "--no-cache", "--format", "json")
    findings = json.loads(output)["findings"]
    assert code == 1 and {finding["code"] for finding in findings} == {"RCV001"}

    code, diff, _ = cli(root, "fix", "--diff")
    assert (code, diff) == (1, "")  # nothing left to change; RCV001 files still listed


@pytest.mark.slow
def test_the_largest_generated_module_is_fixed_and_nothing_crashes() -> None:
    """`pydoc_data/topics.py` (757 KB, one dict of long concatenated strings) needs far more
    than the default recursion limit in libcst: a wrap planned in it is applied."""
    path = STDLIB / "pydoc_data" / "topics.py"
    data = path.read_bytes()
    lines = data.decode().splitlines()
    value = ast.parse(data).body[-1].value.values[0]  # type: ignore[attr-defined]

    def column(line: int, offset: int) -> int:  # ast's UTF-8 offset as characters
        return len(lines[line - 1].encode()[:offset].decode())

    plan = WrapArgument(
        str(path),
        value.lineno,
        column(value.lineno, value.col_offset),
        value.end_lineno,
        column(value.end_lineno, value.end_col_offset),
    )
    fix = fix_source(path, data, [plan], ("recover_runtime.recover",))
    assert fix.problem is None and fix.changed
    assert_only_recovery_added(data, fix.after)
