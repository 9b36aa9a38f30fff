"""`[tool.lint-recover]` in pyproject.toml: one reader for the CLI and the flake8 plugin.

The table is found from the checked paths upward. Every key is validated here, so a typo or
a wrong type becomes one `ConfigError` line naming the file and the key, never a traceback
deep inside a rule.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from lint_recover.apis.model import SpawnApi
from lint_recover.apis.presets import NAMES as PRESET_NAMES
from lint_recover.apis.table import SpawnTable, spawn_table
from lint_recover.config.declared import declared_presets
from lint_recover.config.errors import DOTTED, TABLE, ConfigError, kind
from lint_recover.config.presets import Mode, parse_presets
from lint_recover.config.selection import PerFileIgnores, Selection, parse_codes
from lint_recover.config.spawners import parse_spawners

__all__ = [
    "Config",
    "ConfigError",
    "Selection",
    "SpawnApi",
    "find_pyproject",
    "load_config",
    "load_config_file",
]

DEFAULT_RECOVER_FUNCTIONS = ("recover_runtime.recover",)
DEFAULT_SOURCE_ROOTS = (".", "src")

Unresolved = Literal["report", "ignore"]


@dataclass(frozen=True, slots=True)
class Config:
    """The validated settings of one project; `root` is where its pyproject.toml lives."""

    root: Path
    source: str = "defaults"
    recover_functions: tuple[str, ...] = DEFAULT_RECOVER_FUNCTIONS
    entrypoints: tuple[str, ...] = ()
    entrypoint_decorators: tuple[str, ...] = ()
    spawners: tuple[SpawnApi, ...] = ()
    source_roots: tuple[str, ...] = DEFAULT_SOURCE_ROOTS
    unresolved: Unresolved = "ignore"
    exclude: tuple[str, ...] = field(default=())
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: PerFileIgnores = ()
    # Presets named in the table, and those whose library the project declares ("on"): (name,
    # mode); any other is "auto", on where a module imports the library.
    presets: tuple[tuple[str, Mode], ...] = ()

    def fingerprint(self) -> str:
        """A stable hash of everything that changes findings (for cache keys). The selection
        is not part of it: the cache keeps every finding and a run chooses among them."""
        data = asdict(self)
        for key in ("root", "source", *_SELECTION_KEYS):
            data.pop(key)
        blob = json.dumps(data, sort_keys=True, default=_plain).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def table(self) -> SpawnTable:
        """The spawn APIs of this project: the standard library's, the configured ones and
        those of the presets not turned off."""
        off = {name for name, mode in self.presets if mode == "off"}
        return spawn_table(self.spawners, tuple(n for n in PRESET_NAMES if n not in off))

    def forced_presets(self) -> frozenset[str]:
        """The presets on in every module, whether it imports the library or not."""
        return frozenset(name for name, mode in self.presets if mode == "on")

    def selection(
        self,
        *,
        select: tuple[str, ...] | None = None,
        ignore: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        extend_ignore: tuple[str, ...] = (),
    ) -> Selection:
        """The codes a run reports: the table's `select`/`ignore` unless the command line
        replaces them (`None`: not given), plus its extensions and `per-file-ignores`."""
        return Selection(
            root=self.root,
            select=self.select if select is None else select,
            ignore=(*(self.ignore if ignore is None else ignore), *extend_ignore),
            extend_select=extend_select,
            per_file_ignores=self.per_file_ignores,
        )

    def with_overrides(self, **values: Any) -> Config:
        """Apply command-line overrides (flake8's `--recover-*`), validated like the file.

        Options arrive as text, so list keys take comma-separated names there (the file
        itself wants TOML lists: a string where a list belongs is an error, not a guess).
        """
        given = {
            key.replace("_", "-"): _comma_list(value) if key in _LIST_KEYS else value
            for key, value in values.items()
            if value is not None
        }
        if not given:
            return self
        parsed = _parse_table(given, "command line")
        if "presets" in parsed:  # the presets named: the others stay as they were
            parsed["presets"] = tuple(
                sorted({**dict(self.presets), **dict(parsed["presets"])}.items())
            )
        return replace(self, **parsed)


def _plain(value: Any) -> Any:
    """JSON for what `asdict` leaves: sets in a stable order, anything else as text."""
    return sorted(value) if isinstance(value, set | frozenset) else str(value)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a `[tool.lint-recover]` table,
    else the nearest pyproject.toml at all (its directory is the project root)."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    nearest: Path | None = None
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            nearest = nearest or candidate
            try:
                if TABLE in _read_toml(candidate).get("tool", {}):
                    return candidate
            except ConfigError:
                return candidate  # let load_config report the broken file
    return nearest


def load_config(start: Path) -> Config:
    """Read the configuration that governs `start` (a file or directory)."""
    pyproject = find_pyproject(start)
    if pyproject is None:
        here = start.resolve()
        root = here if here.is_dir() else here.parent
        return Config(root=root, presets=tuple((n, "on") for n in sorted(declared_presets(root))))
    return load_config_file(pyproject)


def load_config_file(path: Path) -> Config:
    """Read `[tool.lint-recover]` of the TOML file `path` (its directory is the project
    root; no table: the defaults), as `--config FILE` names it. A preset the table does not
    name is on when the project declares its library as a dependency."""
    path = path.resolve()
    table = _read_toml(path).get("tool", {}).get(TABLE, {})
    source = str(path)
    if not isinstance(table, Mapping):
        raise ConfigError(source, "", f"[tool.{TABLE}] must be a table")
    parsed = _parse_table(table, source)
    named = dict(parsed.get("presets", ()))
    declared = [(name, "on") for name in declared_presets(path.parent) if name not in named]
    parsed["presets"] = tuple(sorted([*named.items(), *declared]))
    return Config(root=path.parent, source=source, **parsed)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), "", f"cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(str(path), "", f"is not valid TOML ({error})") from None


def _parse_table(table: Mapping[str, Any], source: str) -> dict[str, Any]:
    """Validate a raw `[tool.lint-recover]` mapping into Config keyword arguments."""
    parsed: dict[str, Any] = {}
    for key, value in table.items():
        parser = _PARSERS.get(key)
        if parser is None:
            known = ", ".join(sorted(_PARSERS))
            raise ConfigError(source, key, f"unknown key (known keys: {known})")
        parsed[key.replace("-", "_")] = parser(source, key, value)
    return parsed


def _comma_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _strings(source: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ConfigError(source, key, f"expected a list of strings, got {kind(value)}")
    for item in value:
        if not isinstance(item, str):
            raise ConfigError(source, key, f"expected a list of strings, got {item!r} in it")
    return tuple(value)


def _dotted_names(source: str, key: str, value: Any) -> tuple[str, ...]:
    names = _strings(source, key, value)
    for name in names:
        if not DOTTED.match(name):
            raise ConfigError(source, key, f"{name!r} is not a dotted name like 'pkg.module.func'")
    return names


def _non_empty_names(source: str, key: str, value: Any) -> tuple[str, ...]:
    names = _dotted_names(source, key, value)
    if not names:
        raise ConfigError(source, key, "needs at least one recover function")
    return names


def _unresolved(source: str, key: str, value: Any) -> str:
    if value not in ("report", "ignore"):
        raise ConfigError(source, key, f"expected 'report' or 'ignore', got {value!r}")
    return str(value)


def _codes(source: str, key: str, value: Any) -> tuple[str, ...]:
    try:
        return parse_codes(_strings(source, key, value))
    except ValueError as error:
        raise ConfigError(source, key, str(error)) from None


def _per_file_ignores(source: str, key: str, value: Any) -> PerFileIgnores:
    """`{ "tests/**" = ["RCV401"], "*_pb2.py" = ["RCV"] }`: globs (as `exclude` takes
    them) to the codes ignored in the files they match."""
    if not isinstance(value, Mapping):
        raise ConfigError(source, key, f"expected a table of glob = [codes], got {kind(value)}")
    return tuple(
        (str(pattern), _codes(source, f'{key}."{pattern}"', codes))
        for pattern, codes in value.items()
    )


_PARSERS = {
    "recover-functions": _non_empty_names,
    "entrypoints": _strings,
    "entrypoint-decorators": _dotted_names,
    "spawners": parse_spawners,
    "source-roots": _strings,
    "unresolved": _unresolved,
    "exclude": _strings,
    "select": _codes,
    "ignore": _codes,
    "per-file-ignores": _per_file_ignores,
    "presets": parse_presets,
}
_SELECTION_KEYS = ("select", "ignore", "per_file_ignores")
_LIST_KEYS = frozenset(
    {"recover_functions", "entrypoints", "entrypoint_decorators", "source_roots", "exclude"}
    | {"presets"}  # `name=mode` items, on flake8's side
)
