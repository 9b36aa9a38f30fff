"""Which paths a project leaves out: the usual tool directories and its `exclude` globs.

Discovery walks with it, and the fixer's planning asks it whether a target's file may be
edited (an excluded file, such as generated code, is recovered where it is handed over
instead); both read the one definition here.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

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


class Excluder:
    """Decides whether a path is skipped: ignored directory names and `exclude` globs.

    A glob containing `/` is matched against the path relative to the project root
    (`fixtures/**`); one without `/` against each path component (`generated`, `*_pb2.py`).
    """

    def __init__(self, config: Config) -> None:
        self._root = config.root
        self._anchored = tuple(p.strip("/") for p in config.exclude if "/" in p.strip("/"))
        self._names = tuple(p.strip("/") for p in config.exclude if "/" not in p.strip("/"))

    def skips_name(self, name: str) -> bool:
        """Whether a file or directory called `name` is skipped wherever it is."""
        if name in IGNORED_DIRECTORIES or name.endswith(IGNORED_SUFFIXES):
            return True
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self._names)

    def skips_relative(self, relative: str) -> bool:
        """Whether the root-relative POSIX path `relative` is matched by an anchored glob."""
        return any(
            fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative + "/", pattern)
            for pattern in self._anchored
        )

    def skips_entry(self, path: Path) -> bool:
        """Whether `path`, met while walking (its directories already passed), is skipped."""
        if self.skips_name(path.name):
            return True
        if not self._anchored or not path.is_relative_to(self._root):
            return False
        return self.skips_relative(path.relative_to(self._root).as_posix())

    def skips(self, path: Path) -> bool:
        """Whether `path` (absolute) or any of its directories inside the root is skipped."""
        try:
            parts = path.relative_to(self._root).parts
        except ValueError:
            return False  # outside the project: only the project's rules know it, none apply
        return any(
            self.skips_name(part) or self.skips_relative("/".join(parts[: depth + 1]))
            for depth, part in enumerate(parts)
        )
