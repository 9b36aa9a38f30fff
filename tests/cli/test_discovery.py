"""Which files a run checks: ignored directories, `exclude` globs, hostile file systems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lint_recover.config import Config
from lint_recover.project.discovery import discover


def _tree(root: Path, *files: str) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def _relative(root: Path, files: tuple[Path, ...]) -> list[str]:
    return [path.relative_to(root).as_posix() for path in files]


def test_project_walk_skips_usual_directories_and_non_python(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        "a.py",
        "pkg/b.py",
        "pkg/notes.txt",
        ".venv/lib/c.py",
        "build/d.py",
        "pkg/__pycache__/e.py",
        "x.egg-info/f.py",
        "node_modules/g.py",
        ".lint-recover-cache/h.py",
    )
    found = discover([], Config(root=tmp_path))
    assert _relative(tmp_path, found.files) == ["a.py", "pkg/b.py"]
    assert found.problems == ()


def test_exclude_globs_anchored_and_by_name(tmp_path: Path) -> None:
    _tree(tmp_path, "keep.py", "fixtures/a.py", "fixtures/deep/b.py", "src/gen_pb2.py", "src/k.py")
    config = Config(root=tmp_path, exclude=("fixtures/**", "*_pb2.py"))
    assert _relative(tmp_path, discover([], config).files) == ["keep.py", "src/k.py"]


def test_exclude_applies_to_explicitly_passed_files(tmp_path: Path) -> None:
    """pre-commit passes changed files by name: the project's excludes must still hold."""
    _tree(tmp_path, "fixtures/a.py", "src/k.py", "build/z.py")
    config = Config(root=tmp_path, exclude=("fixtures/**",))
    given = [tmp_path / "fixtures/a.py", tmp_path / "src/k.py", tmp_path / "build/z.py"]
    assert _relative(tmp_path, discover(given, config).files) == ["src/k.py"]


def test_explicit_file_is_checked_whatever_its_suffix_and_only_once(tmp_path: Path) -> None:
    _tree(tmp_path, "tool", "a.py")
    given = [tmp_path / "tool", tmp_path / "a.py", tmp_path, tmp_path / "a.py"]
    found = discover(given, Config(root=tmp_path))
    assert _relative(tmp_path, found.files) == ["tool", "a.py"]


def test_directory_named_like_a_module_is_walked(tmp_path: Path) -> None:
    _tree(tmp_path, "x.py/inner.py")
    found = discover([tmp_path / "x.py"], Config(root=tmp_path))
    assert _relative(tmp_path, found.files) == ["x.py/inner.py"]
    assert discover([], Config(root=tmp_path)).files == found.files


def test_symlink_loops_and_dangling_links_are_one_clear_problem_each(tmp_path: Path) -> None:
    _tree(tmp_path, "real.py")
    (tmp_path / "loop_a.py").symlink_to(tmp_path / "loop_b.py")
    (tmp_path / "loop_b.py").symlink_to(tmp_path / "loop_a.py")
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a directory loop: never followed
    found = discover([], Config(root=tmp_path))
    assert _relative(tmp_path, found.files) == ["real.py"]
    reasons = {problem.path.name: problem.reason for problem in found.problems}
    assert reasons == {
        "gone.py": "broken symlink, skipped",
        "loop_a.py": "symlink loop, skipped",
        "loop_b.py": "symlink loop, skipped",
    }


def test_missing_explicit_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    found = discover([tmp_path / "nope.py"], Config(root=tmp_path))
    assert found.files == ()
    assert [p.reason for p in found.problems] == ["no such file or directory"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory")
def test_unreadable_directory_is_reported(tmp_path: Path) -> None:
    _tree(tmp_path, "locked/a.py", "b.py")
    (tmp_path / "locked").chmod(0)
    try:
        found = discover([], Config(root=tmp_path))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert _relative(tmp_path, found.files) == ["b.py"]
    assert [p.reason for p in found.problems] == ["permission denied, skipped"]


def test_a_virtual_environment_is_not_walked_whatever_its_name(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("")
    venv = tmp_path / "env-3.13"
    (venv / "lib").mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (venv / "lib" / "installed.py").write_text("")
    found = discover([], Config(root=tmp_path)).files
    assert [path.name for path in found] == ["app.py"]
    # named explicitly, it is walked: the user asked for it
    assert [p.name for p in discover([venv], Config(root=tmp_path)).files] == ["installed.py"]
