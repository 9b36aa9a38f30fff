"""Which presets' libraries a project declares as its dependencies.

A project that depends on a library often reaches it through its own helpers (a pool class of
its own that extends the library's, a `spawn` re-exported by a utilities module): modules that
use those never import the library themselves, so the presets' per-module test (their
import lines, `text.presets`) would leave them out. A project that declares the library is
therefore checked with its preset on in every module. Read once per configuration, from the
project root: `pyproject.toml` (`[project]` dependencies and optional dependencies),
`requirements*.txt` (also under `requirements/`) and `setup.cfg` (`install_requires`,
`extras_require`). A file that cannot be read or parsed declares nothing: these files are the
project's, not this tool's, and a check never fails because of them.
"""

from __future__ import annotations

import configparser
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lint_recover.apis.presets import PRESETS

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def declared_presets(root: Path) -> frozenset[str]:
    """The presets whose library the project at `root` declares as a dependency."""
    names = {_normal(name) for name in _requirements(root)}
    return frozenset(
        preset.name for preset in PRESETS if names & {_normal(d) for d in preset.distributions}
    )


def _requirements(root: Path) -> Iterable[str]:
    """The requirement names of the project's declarations (unparsed lines dropped)."""
    for text in (*_pyproject(root), *_requirement_files(root), *_setup_cfg(root)):
        match = _NAME.match(text)
        if match is not None and not text.lstrip().startswith(("#", "-")):
            yield match[1]


def _pyproject(root: Path) -> list[str]:
    project = _toml(root / "pyproject.toml").get("project", {})
    if not isinstance(project, dict):
        return []
    found = _strings(project.get("dependencies"))
    optional = project.get("optional-dependencies")
    for group in optional.values() if isinstance(optional, dict) else ():
        found += _strings(group)
    return found


def _requirement_files(root: Path) -> list[str]:
    lines: list[str] = []
    for path in sorted([*root.glob("requirements*.txt"), *root.glob("requirements/*.txt")]):
        lines += _read(path).splitlines()
    return lines


def _setup_cfg(root: Path) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(_read(root / "setup.cfg"))
    except configparser.Error:
        return []
    lines = parser.get("options", "install_requires", fallback="").splitlines()
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            lines += value.splitlines()
    return lines


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError:
        return {}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _normal(name: str) -> str:
    """A distribution name as the package registry compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()
