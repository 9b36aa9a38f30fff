"""Validation of the context values, shared by the build hook and `init`.

The same rules apply whether a value comes from `SENTRY_CONTEXT_NAME` /
`SENTRY_CONTEXT_VERSION` / `SENTRY_PRODUCTION` when the wheel is built, or from
`init(context_name=..., context_version=...)` at run time. The build hook loads this file by
path (it cannot import the package it is building), so it imports nothing outside the
standard library.
"""

from __future__ import annotations

# Sentry truncates tag values and release names at 200 characters; a longer value is a mistake.
MAX_LENGTH = 200
_TRUE = ("true", "1")
_FALSE = ("false", "0", "")


def clean_context_name(source: str, raw: str | None) -> str | None:
    """A trimmed context name, or None when empty; ValueError naming `source` when invalid."""
    value = _trimmed(raw)
    if value is None:
        return None
    _check_length(source, value)
    if not value.isprintable():
        raise ValueError(f"{source}: contains control characters: {value!r}")
    return value


def clean_context_version(source: str, raw: str | None) -> str | None:
    """A trimmed context version, usable as a Sentry release name, or None when empty.

    Sentry rejects release names with whitespace, slashes, or equal to `.` / `..`.
    """
    value = _trimmed(raw)
    if value is None:
        return None
    _check_length(source, value)
    if value in (".", "..") or any(c.isspace() or c in "/\\" for c in value):
        raise ValueError(f"{source}: not a valid version (no spaces or slashes): {value!r}")
    if not value.isprintable():
        raise ValueError(f"{source}: contains control characters: {value!r}")
    return value


def parse_production_flag(source: str, raw: str | None) -> bool:
    """`true`/`1` (any case, trimmed) is production, `false`/`0`/unset is not; else ValueError."""
    value = (raw or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{source}: expected true, 1, false or 0, got {raw!r}")


def _trimmed(raw: str | None) -> str | None:
    value = (raw or "").strip()
    return value or None


def _check_length(source: str, value: str) -> None:
    if len(value) > MAX_LENGTH:
        raise ValueError(f"{source}: longer than {MAX_LENGTH} characters")
