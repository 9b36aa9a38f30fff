"""Which files a run checks: the paths given (or the project), minus what must be skipped.

Walking a tree is where hostile file systems bite first (unreadable directories, symlink
loops, a directory named `x.py`), so nothing here raises: every path that cannot be used
becomes a `PathProblem` the run reports on one line and moves past.

Decisions (documented in README):
- Directory symlinks met while walking are not followed (as flake8 and git do), so a loop
  can never be entered; a path given on the command line is followed once.
- `exclude` globs from the configuration and the usual ignored directories apply to
  explicitly passed files as well, because pre-commit passes every changed file by name
  and a project's excludes must hold there too.
- Walking picks `*.py`; a file passed by name is checked whatever its suffix (a script).
- A directory holding `pyvenv.cfg` is a virtual environment, whatever its name: not walked.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lint_recover.config import Config
from lint_recover.config.excludes import Excluder


@dataclass(frozen=True, slots=True)
class PathProblem:
    """A path the run could not use, with the reason in the user's words."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class Discovered:
    """The files to check (absolute, each once, in a stable order) and the unusable paths."""

    files: tuple[Path, ...]
    problems: tuple[PathProblem, ...]


def discover(paths: Sequence[Path], config: Config) -> Discovered:
    """The files to check under `paths` (the project root when empty)."""
    excluder = Excluder(config)
    files: dict[Path, None] = {}
    problems: list[PathProblem] = []
    for given in paths or [config.root]:
        absolute = Path(os.path.abspath(given))
        for found in _expand(absolute, excluder, problems, explicit=bool(paths)):
            files.setdefault(found)
    return Discovered(tuple(files), tuple(problems))


def _expand(
    path: Path, excluder: Excluder, problems: list[PathProblem], *, explicit: bool
) -> Iterator[Path]:
    if excluder.skips(path):
        return
    try:
        mode = path.stat().st_mode
    except OSError as error:
        problems.append(PathProblem(path, _describe(error, path)))
        return
    if stat.S_ISDIR(mode):
        yield from _walk(path, excluder, problems)
    elif stat.S_ISREG(mode):
        if explicit or path.suffix == ".py":
            yield path
    else:
        problems.append(PathProblem(path, "is not a regular file or directory"))


# The file every virtual environment has at its top (PEP 405).
_VENV_MARKER = "pyvenv.cfg"


def _walk(top: Path, excluder: Excluder, problems: list[PathProblem]) -> Iterator[Path]:
    """Python files under `top`, sorted, without following directory symlinks."""
    pending = [top]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            problems.append(PathProblem(directory, _describe(error, directory)))
            continue
        if directory != top and any(entry.name == _VENV_MARKER for entry in entries):
            continue  # a virtual environment, whatever its name: installed code, not the project
        subdirectories: list[Path] = []
        for entry in entries:
            path = directory / entry.name
            if excluder.skips_entry(path):
                continue
            yield from _classify(entry, path, subdirectories, problems)
        pending.extend(reversed(subdirectories))


def _classify(
    entry: os.DirEntry[str], path: Path, subdirectories: list[Path], problems: list[PathProblem]
) -> Iterable[Path]:
    try:
        if entry.is_dir(follow_symlinks=False):
            subdirectories.append(path)
            return ()
        if not entry.name.endswith(".py") or entry.is_dir():
            return ()  # not Python, or a symlink to a directory (never followed)
        if entry.is_file():
            return (path,)
        path.stat()  # a dangling link or a loop: let the OS say which
        return ()
    except OSError as error:
        problems.append(PathProblem(path, _describe(error, path)))
        return ()


def _describe(error: OSError, path: Path) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop, skipped"
    if error.errno == errno.ENOENT:
        return "broken symlink, skipped" if path.is_symlink() else "no such file or directory"
    if error.errno == errno.EACCES:
        return "permission denied, skipped"
    return f"cannot be read ({error.strerror or error}), skipped"


def first_party_modules(config: Config) -> frozenset[str]:
    """The top-level modules and packages the project's source roots hold, as isort and ruff
    see its first-party section (a `name.py` file or a `name/` directory in a root)."""
    names: set[str] = set()
    for root in config.source_roots:
        try:
            entries = list(os.scandir(config.root / root))
        except OSError:
            continue
        for entry in entries:
            name = entry.name.removesuffix(".py") if entry.name.endswith(".py") else entry.name
            if name.isidentifier() and (entry.name.endswith(".py") or entry.is_dir()):
                names.add(name)
    return frozenset(names)
