"""The README's `lint-recover fix` section shows what the code does: its diff is the real
`fix --diff` output of the fixture it names, its codemod commands are the tested ones."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.fix.cases import FIXES
from tests.fix.test_codemod import COMMAND
from tests.support.process import REPO, lint_recover

README = (REPO / "README.md").read_text(encoding="utf-8")


def fix_section() -> str:
    start = README.index("\n## `lint-recover fix`\n")
    return README[start : README.index("\n## ", start + 1)]


def test_the_diff_shown_is_what_fix_diff_prints(tmp_path: Path) -> None:
    shown = re.search(r"```diff\n(.*?)```", fix_section(), re.DOTALL)
    assert shown is not None
    shutil.copyfile(FIXES / "create_task.py", tmp_path / "create_task.py")
    (tmp_path / "pyproject.toml").write_text("")
    result = lint_recover("fix", "--diff", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == shown.group(1)


def test_the_codemod_commands_shown_are_the_tested_ones() -> None:
    section = fix_section()
    assert f"python -m libcst.tool codemod --no-format -x {COMMAND} src/" in section
    module, _, command = COMMAND.rpartition(".add_recover.")
    assert f"python -m libcst.tool codemod --no-format add_recover.{command} src/" in section
    assert f"`{module}` listed under `modules:`" in section
