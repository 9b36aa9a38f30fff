"""Checking files in tests the way the CLI does: the engine, in this process, no cache."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lint_recover.config import Config
from lint_recover.findings import Finding
from lint_recover.project import engine


def check_files(paths: Sequence[Path], config: Config) -> list[Finding]:
    """The findings of `paths` (`# noqa` applied, sorted), as `lint-recover check` finds them."""
    return list(engine.run(list(paths), config, jobs=1, use_cache=False).findings)
