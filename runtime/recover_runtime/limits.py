"""Size limits on what an event may carry.

An exception message can be anything the program put into it: a 50 MB message once made the
report of a single exception a 36 MB request and seconds of redaction. Every string of an event
is cut to `MAX_STRING` characters as soon as the event is built, before privacy rules and
serialisation read it; a cut string ends with `CUT_MARK`.
"""

from __future__ import annotations

from typing import Any

MAX_STRING = 8192
CUT_MARK = "…"


def cap_strings(value: Any) -> Any:
    """`value` with every string in it (nested lists, tuples, dicts, keys too) capped."""
    if isinstance(value, str):
        return value if len(value) <= MAX_STRING else value[: MAX_STRING - 1] + CUT_MARK
    if isinstance(value, dict):
        return {cap_strings(key): cap_strings(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [cap_strings(item) for item in value]
    return value
