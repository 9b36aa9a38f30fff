"""`[tool.lint-recover]` in pyproject.toml: one reader for the CLI and the flake8 plugin.

The table is found from the checked paths upward. Every key is validated here, so a typo or
a wrong type becomes one `ConfigError` line naming the file and the key, never a traceback
deep inside a rule.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

TABLE = "lint-recover"
DEFAULT_RECOVER_FUNCTIONS = ("recover_runtime.recover",)
DEFAULT_SOURCE_ROOTS = (".", "src")
SPAWN_CODES = ("RCV101", "RCV201", "RCV301", "RCV302", "RCV501")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")

Unresolved = Literal["report", "ignore"]


class ConfigError(Exception):
    """A configuration problem, already phrased as the one line the user will read."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source, self.key, self.reason = source, key, reason
        where = f"[tool.{TABLE}] {key}: " if key else ""
        super().__init__(f"{source}: {where}{reason}")


@dataclass(frozen=True, slots=True)
class Spawner:
    """A team's own spawn API: calls of `name` start work whose target is an argument.

    The target is the positional argument at `position` or the keyword `keyword`
    (whichever the call uses); it is reported with `code` when not recovered.
    """

    name: str
    code: str = "RCV101"
    position: int | None = None
    keyword: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """The validated settings of one project; `root` is where its pyproject.toml lives."""

    root: Path
    source: str = "defaults"
    recover_functions: tuple[str, ...] = DEFAULT_RECOVER_FUNCTIONS
    entrypoints: tuple[str, ...] = ()
    entrypoint_decorators: tuple[str, ...] = ()
    spawners: tuple[Spawner, ...] = ()
    source_roots: tuple[str, ...] = DEFAULT_SOURCE_ROOTS
    unresolved: Unresolved = "report"
    exclude: tuple[str, ...] = field(default=())

    def fingerprint(self) -> str:
        """A stable hash of everything that changes findings (for cache keys)."""
        data = asdict(self)
        data.pop("root")
        data.pop("source")
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

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
        return replace(self, **_parse_table(given, "command line"))


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
        return Config(root=here if here.is_dir() else here.parent)
    table = _read_toml(pyproject).get("tool", {}).get(TABLE, {})
    source = str(pyproject)
    if not isinstance(table, Mapping):
        raise ConfigError(source, "", f"[tool.{TABLE}] must be a table")
    return Config(root=pyproject.parent, source=source, **_parse_table(table, source))


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
        raise ConfigError(source, key, f"expected a list of strings, got {_kind(value)}")
    for item in value:
        if not isinstance(item, str):
            raise ConfigError(source, key, f"expected a list of strings, got {item!r} in it")
    return tuple(value)


def _dotted_names(source: str, key: str, value: Any) -> tuple[str, ...]:
    names = _strings(source, key, value)
    for name in names:
        if not _DOTTED.match(name):
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


def _spawners(source: str, key: str, value: Any) -> tuple[Spawner, ...]:
    if not isinstance(value, list):
        raise ConfigError(source, key, f"expected a list of tables, got {_kind(value)}")
    return tuple(_spawner(source, f"{key}[{index}]", item) for index, item in enumerate(value))


def _spawner(source: str, key: str, item: Any) -> Spawner:
    if not isinstance(item, Mapping):
        raise ConfigError(source, key, f"expected a table, got {_kind(item)}")
    unknown = set(item) - {"name", "code", "arg", "keyword"}
    if unknown:
        raise ConfigError(
            source, key, f"unknown field {sorted(unknown)[0]!r} (fields: name, arg, keyword, code)"
        )
    name = item.get("name")
    if not isinstance(name, str) or not _DOTTED.match(name):
        raise ConfigError(source, key, "'name' must be a dotted name like 'gevent.spawn'")
    code = item.get("code", "RCV101")
    if code not in SPAWN_CODES:
        raise ConfigError(
            source, key, f"'code' must be one of {', '.join(SPAWN_CODES)}, got {code!r}"
        )
    position = item.get("arg")
    if position is not None and (type(position) is not int or position < 0):
        raise ConfigError(source, key, f"'arg' must be a non-negative integer, got {position!r}")
    keyword = item.get("keyword")
    if keyword is not None and (not isinstance(keyword, str) or not keyword.isidentifier()):
        raise ConfigError(source, key, f"'keyword' must be an identifier, got {keyword!r}")
    if position is None and keyword is None:
        raise ConfigError(source, key, "needs 'arg' (a position) or 'keyword' to find the target")
    return Spawner(name=name, code=code, position=position, keyword=keyword)


def _kind(value: Any) -> str:
    return type(value).__name__


_PARSERS = {
    "recover-functions": _non_empty_names,
    "entrypoints": _strings,
    "entrypoint-decorators": _dotted_names,
    "spawners": _spawners,
    "source-roots": _strings,
    "unresolved": _unresolved,
    "exclude": _strings,
}
_LIST_KEYS = frozenset(
    {"recover_functions", "entrypoints", "entrypoint_decorators", "source_roots", "exclude"}
)
