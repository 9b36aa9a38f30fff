"""Which paths a project leaves out: the usual tool directories and its `exclude` globs.

Discovery walks with it, and the fixer's planning asks it whether a target's file may be
edited (an excluded file, such as generated code, is recovered where it is handed over
instead); both read the one definition here.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the configuration's own selection module uses the globs below
    from lint_recover.config import Config

IGNORED_DIRECTORIES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "__pycache__",
        "build",
        "dist",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "node_modules",
        ".lint-recover-cache",
    }
)
IGNORED_SUFFIXES = (".egg-info",)


class PathGlobs:
    """Globs over a project's files, with one rule for every key that takes them (`exclude`,
    `per-file-ignores`): a glob containing `/` is matched against the path relative to the
    project root (`fixtures/**`); one without `/` against each path component (`generated`,
    `*_pb2.py`). A path outside the project matches nothing."""

    def __init__(self, root: Path, patterns: tuple[str, ...]) -> None:
        self._root = root
        self._anchored = tuple(p.strip("/") for p in patterns if "/" in p.strip("/"))
        self._names = tuple(p.strip("/") for p in patterns if "/" not in p.strip("/"))

    def matches_name(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self._names)

    def matches_relative(self, relative: str) -> bool:
        """Whether the root-relative POSIX path `relative` is matched by an anchored glob."""
        return any(
            fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative + "/", pattern)
            for pattern in self._anchored
        )

    @property
    def anchored(self) -> bool:
        return bool(self._anchored)

    def matches(self, path: Path) -> bool:
        """Whether `path` (absolute) or any of its directories inside the root is matched."""
        try:
            parts = path.relative_to(self._root).parts
        except ValueError:
            return False
        return any(
            self.matches_name(part) or self.matches_relative("/".join(parts[: depth + 1]))
            for depth, part in enumerate(parts)
        )


class Excluder:
    """Decides whether a path is skipped: ignored directory names and `exclude` globs."""

    def __init__(self, config: Config) -> None:
        self._root = config.root
        self._globs = PathGlobs(config.root, config.exclude)

    def skips_name(self, name: str) -> bool:
        """Whether a file or directory called `name` is skipped wherever it is."""
        if name in IGNORED_DIRECTORIES or name.endswith(IGNORED_SUFFIXES):
            return True
        return self._globs.matches_name(name)

    def skips_entry(self, path: Path) -> bool:
        """Whether `path`, met while walking (its directories already passed), is skipped."""
        if self.skips_name(path.name):
            return True
        if not self._globs.anchored or not path.is_relative_to(self._root):
            return False
        return self._globs.matches_relative(path.relative_to(self._root).as_posix())

    def skips(self, path: Path) -> bool:
        """Whether `path` (absolute) or any of its directories inside the root is skipped."""
        try:
            parts = path.relative_to(self._root).parts
        except ValueError:
            return False  # outside the project: only the project's rules know it, none apply
        ignored = any(
            part in IGNORED_DIRECTORIES or part.endswith(IGNORED_SUFFIXES) for part in parts
        )
        return ignored or self._globs.matches(path)
