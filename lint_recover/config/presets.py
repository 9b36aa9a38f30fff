"""The `presets` key: which built-in presets of third-party libraries are on.

A preset is on by default in a module that imports its library, and in every module of a project
that declares the library as a dependency ("auto", `config.declared`); the key turns one off
everywhere, or on everywhere ("on": for a module that uses the library's objects without
naming it, such as a pool handed in from elsewhere): `presets = { gevent = "off", tornado =
"on" }`. On the flake8 command line, or in flake8's own configuration: `--recover-presets
gevent=off,tornado=on`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from lint_recover.apis.presets import NAMES
from lint_recover.config.errors import ConfigError, kind

Mode = Literal["auto", "on", "off"]
_MODES = ("auto", "on", "off")


def parse_presets(source: str, key: str, value: Any) -> tuple[tuple[str, Mode], ...]:
    """The presets named, as sorted (name, mode) pairs ("auto" kept: it keeps a preset per
    module in a project that declares its library, `config.declared`)."""
    if isinstance(value, list):  # flake8's comma-separated `name=mode` items
        value = _pairs(source, key, value)
    if not isinstance(value, Mapping):
        raise ConfigError(
            source, key, f'expected a table like {{ gevent = "off" }}, got {kind(value)}'
        )
    chosen: list[tuple[str, Mode]] = []
    for name, mode in value.items():
        if name not in NAMES:
            known = ", ".join(sorted(NAMES))
            raise ConfigError(source, f"{key}.{name}", f"unknown preset (known presets: {known})")
        if mode not in _MODES:
            raise ConfigError(
                source, f"{key}.{name}", f"expected 'auto', 'on' or 'off', got {mode!r}"
            )
        chosen.append((name, mode))
    return tuple(sorted(chosen))


def _pairs(source: str, key: str, items: list[Any]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for item in items:
        name, equals, mode = str(item).partition("=")
        if not equals:
            raise ConfigError(source, key, f"expected name=mode items, got {item!r}")
        pairs[name.strip()] = mode.strip()
    return pairs
