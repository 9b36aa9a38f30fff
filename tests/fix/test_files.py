"""Writing fixes: atomic, mode and symlinks kept, never over a file edited meanwhile; and
diffs that real `git apply` accepts."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from lint_recover.findings import DecorateDef
from lint_recover.outputs.fix import ChangedOnDisk, ModuleFix, fix_source, unified_diff, write_fix
from tests.support.process import run

SOURCE = b"import threading\r\n\r\n\r\ndef work():\r\n    go()"  # CRLF, no final newline


def fix_of(path: Path) -> ModuleFix:
    data = path.read_bytes()
    result = fix_source(
        path, data, [DecorateDef(str(path), "work", 4)], ["recover_runtime.recover"]
    )
    assert result.changed and result.problem is None
    return result


def test_write_keeps_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "job.py"
    path.write_bytes(SOURCE)
    path.chmod(0o750)
    fix = fix_of(path)
    write_fix(fix)
    assert path.read_bytes() == fix.after
    assert stat.S_IMODE(path.stat().st_mode) == 0o750
    assert sorted(os.listdir(tmp_path)) == ["job.py"]


def test_write_through_a_symlink_edits_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.py"
    real.write_bytes(SOURCE)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    write_fix(fix_of(link))
    assert link.is_symlink()
    assert b"@recover\r\ndef work" in real.read_bytes()


def test_a_file_edited_since_it_was_read_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "job.py"
    path.write_bytes(SOURCE)
    fix = fix_of(path)
    path.write_bytes(SOURCE + b"\r\n# saved by an editor\r\n")
    with pytest.raises(ChangedOnDisk):
        write_fix(fix)
    assert path.read_bytes().endswith(b"# saved by an editor\r\n")


def test_the_diff_applies_with_git(tmp_path: Path) -> None:
    path = tmp_path / "job.py"
    path.write_bytes(SOURCE)
    fix = fix_of(path)
    patch = tmp_path / "fix.patch"
    patch.write_bytes(unified_diff(fix, "job.py"))
    assert run(["git", "init", "-q"], cwd=tmp_path).returncode == 0
    applied = run(["git", "apply", "--whitespace=nowarn", "fix.patch"], cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert path.read_bytes() == fix.after
