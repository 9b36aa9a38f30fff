"""A configuration problem, phrased as the one line the user reads (file, key, reason)."""

from __future__ import annotations

import re
from typing import Any

TABLE = "lint-recover"
DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")


class ConfigError(Exception):
    """A configuration problem, already phrased as the one line the user will read."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source, self.key, self.reason = source, key, reason
        where = f"[tool.{TABLE}] {key}: " if key else ""
        super().__init__(f"{source}: {where}{reason}")


def kind(value: Any) -> str:
    """How a message names the type of a wrong value."""
    return type(value).__name__
