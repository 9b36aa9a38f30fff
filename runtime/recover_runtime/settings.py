"""The resolved configuration of an active reporter, and how child processes inherit it.

A child started by `multiprocessing` with the spawn (or forkserver) method is a fresh
interpreter: the parent's `init` never ran in it. The parent therefore carries its *resolved*
settings in the environment of the process (`RECOVER_RUNTIME_INHERITED`, JSON), which every
child inherits; a child that has not called `init` itself adopts them the first time it has
something to report. Nothing is ever written to a file. `shutdown()` and an `init` that ends
inactive remove the variable, so children started afterwards send nothing. A forkserver's
children inherit the environment of the fork server, fixed when it started (at its first
child): changes made later do not reach them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import asdict, dataclass

INHERITED_VARIABLE = "RECOVER_RUNTIME_INHERITED"


@dataclass(frozen=True)
class Settings:
    """Everything a reporter needs, already resolved and validated."""

    dsn: str
    environment: str
    context_name: str | None
    context_version: str | None
    release: str | None
    flush_timeout: float


def export_for_children(settings: Settings | None, environ: MutableMapping[str, str]) -> None:
    """Publish (or withdraw, for None) the settings that child processes inherit."""
    if settings is None:
        environ.pop(INHERITED_VARIABLE, None)
    else:
        environ[INHERITED_VARIABLE] = json.dumps(asdict(settings), separators=(",", ":"))


def inherited_settings(environ: Mapping[str, str] = os.environ) -> Settings | None:
    """The parent's settings, or None when absent or not readable (then nothing is sent)."""
    raw = environ.get(INHERITED_VARIABLE)
    if not raw:
        return None
    try:
        data = json.loads(raw)
        return Settings(
            dsn=str(data["dsn"]),
            environment=str(data["environment"]),
            context_name=_optional_str(data.get("context_name")),
            context_version=_optional_str(data.get("context_version")),
            release=_optional_str(data.get("release")),
            flush_timeout=float(data["flush_timeout"]),
        )
    except (ValueError, TypeError, KeyError):
        return None


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
