"""The codemod command, run for real by libcst's own runner, gives what `fix` gives."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.fix.cases import (
    CASES,
    FIXES,
    PROJECT,
    assert_fixed,
    copy_cases,
    copy_project,
    project_modules,
)
from tests.support.process import run

COMMAND = "lint_recover.outputs.fix.add_recover.AddRecoverCommand"


def codemod(root: Path, *args: str) -> None:
    result = run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "--no-format",
            "--hide-progress",
            *args,
            ".",
        ],
        cwd=root,
    )
    assert result.returncode == 0, result.stderr
    assert "Failed to codemod 0 files" in result.stderr


def test_the_external_command_fixes_like_fix(tmp_path: Path) -> None:
    root = copy_cases(tmp_path / "cases")
    codemod(root, "-x", COMMAND)
    for case in CASES:
        assert_fixed(FIXES / f"{case}.py", root / f"{case}.py")


def test_the_configured_module_form_fixes_across_modules(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / ".libcst.codemod.yaml").write_text(
        "modules:\n- lint_recover.outputs.fix\nformatter: []\n"
    )
    codemod(root, "add_recover.AddRecoverCommand", "-j", "1")
    for module in project_modules():
        assert_fixed(PROJECT / module, root / module)
