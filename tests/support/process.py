"""Run the real tools in subprocesses, the way a user or CI would.

One runner for every test that needs `lint-recover`, `flake8`, `pre-commit` or a script,
so environment handling (no user config, no colour, a known Python) lives in one place.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The current environment without variables that would change a tool's behaviour."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SENTRY_", "PYTEST_", "FLAKE8", "PRE_COMMIT", "COV_"))
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["NO_COLOR"] = "1"
    env.update(extra or {})
    return env


def run(
    args: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    input: str | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing text output; never raises on a non-zero exit."""
    return subprocess.run(
        [os.fspath(arg) for arg in args],
        cwd=cwd,
        env=clean_env(env),
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def lint_recover(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The `lint-recover` CLI of this checkout, run as a user would."""
    return run([sys.executable, "-m", "lint_recover.frontends.cli", *args], cwd=cwd, env=env)


def flake8(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real flake8 process with only our plugin's codes selected, no user config."""
    return run(
        [sys.executable, "-m", "flake8", "--isolated", "--select=RCV", *args], cwd=cwd, env=env
    )
