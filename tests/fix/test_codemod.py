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


FOLDERS = {
    "lib/__init__.py": "",
    "lib/b.py": "def work():\n    raise OSError\n",
    "src/__init__.py": "",
    "src/a.py": "import threading\n\nfrom lib import b\n\n"
    "threading.Thread(target=b.work).start()\n",
    "src/c.py": "def job():\n    raise ValueError\n",
    "scripts/run.py": "import threading\n\nfrom src import c\n\n"
    "threading.Thread(target=c.job).start()\n",
}


def test_on_one_folder_the_codemod_edits_what_fix_edits(tmp_path: Path) -> None:
    """Both fix the findings in the folder given, editing only files in it: `src/a.py`'s
    target, defined in `lib/`, is wrapped at the call site; `scripts/`' finding is left."""
    copies = []
    for name in ("fix", "codemod"):
        root = tmp_path / name
        for path, text in FOLDERS.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        (root / "pyproject.toml").write_text("[tool.lint-recover]\n")
        copies.append(root)
    result = run([sys.executable, "-m", "lint_recover.frontends.cli", "fix", "src"], cwd=copies[0])
    assert result.returncode == 0, result.stderr
    codemod_run = run(
        [
            sys.executable,
            "-m",
            "libcst.tool",
            "codemod",
            "--no-format",
            "--hide-progress",
            "-x",
            COMMAND,
            "src",
        ],
        cwd=copies[1],
    )
    assert codemod_run.returncode == 0, codemod_run.stderr
    fixed = {path: (copies[0] / path).read_text() for path in FOLDERS}
    assert fixed == {path: (copies[1] / path).read_text() for path in FOLDERS}
    assert "recover(b.work)" in fixed["src/a.py"]
    assert fixed["lib/b.py"] == FOLDERS["lib/b.py"] and fixed["src/c.py"] == FOLDERS["src/c.py"]
