"""The fix fixture cases (`fixtures/fixes/<case>.py` + `<case>.fixed.py`), copied to a
temporary project so the real `fix` can edit them."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.fix.ast_rule import assert_compiles, assert_only_recovery_added
from tests.support.process import FIXTURES

FIXES = FIXTURES / "fixes"
PROJECT = FIXES / "project"
CASES = sorted(
    path.name.removesuffix(".py")
    for path in FIXES.glob("*.py")
    if not path.name.endswith(".fixed.py")
)
# Modules named *_api.py are API entrypoints (RCV401) in the copied project.
PYPROJECT = '[tool.lint-recover]\nentrypoints = ["*_api.py"]\n'


def copy_cases(root: Path) -> Path:
    """The single-module cases, as they are before the fix, in the project `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        shutil.copyfile(FIXES / f"{case}.py", root / f"{case}.py")
    for declarations in FIXES.glob("*.pxd"):  # Cython declarations beside their module
        shutil.copyfile(declarations, root / declarations.name)
    (root / "pyproject.toml").write_text(PYPROJECT)
    return root


def copy_project(root: Path) -> Path:
    """The multi-module project, as it is before the fix, at `root`."""
    shutil.copytree(PROJECT, root, ignore=shutil.ignore_patterns("*.fixed.py"))
    (root / "pyproject.toml").write_text(PYPROJECT)
    return root


def expected_after_fix(fixture: Path) -> bytes:
    """What the fixture file must be after the fix: its `.fixed.py`, else itself."""
    fixed = fixture.with_name(fixture.name.removesuffix(".py") + ".fixed.py")
    return (fixed if fixed.exists() else fixture).read_bytes()


def assert_fixed(original: Path, edited: Path) -> None:
    """`edited` (the fixed copy of the fixture `original`) holds the expected bytes,
    compiles, and differs from the original only by recovery."""
    after = edited.read_bytes()
    assert after == expected_after_fix(original), f"{edited.name} differs from its .fixed.py"
    assert_compiles(after, str(edited))
    assert_only_recovery_added(original.read_bytes(), after)


def project_modules() -> list[Path]:
    """The multi-module project's modules, relative to it (without the .fixed.py files)."""
    return sorted(
        path.relative_to(PROJECT)
        for path in PROJECT.rglob("*.py")
        if not path.name.endswith(".fixed.py")
    )
