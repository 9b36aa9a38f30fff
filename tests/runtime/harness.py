"""Run a small application in its own Python process, the way the runtime is really used.

Reporting state is process-wide (as in an application), so every end-to-end test runs its app
in a fresh interpreter against a `SentryEndpoint` started by the test.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.support.process import run

# Loopback traffic must never go through a proxy configured for the package registries.
NO_PROXY = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}


def run_app(
    code: str,
    *,
    env: Mapping[str, str] | None = None,
    args: Sequence[str] = (),
    cwd: Path | None = None,
    python: str = sys.executable,
    script: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run `code` (dedented) with `python`; from `script` when given (the file is written)."""
    source = textwrap.dedent(code)
    if script is not None:
        script.write_text(source, encoding="utf-8")
        command = [python, str(script), *args]
    else:
        command = [python, "-c", source, *args]
    return run(command, env={**NO_PROXY, **(env or {})}, cwd=cwd, timeout=timeout)


def sending_env(dsn: str, environment: str = "ci-main") -> dict[str, str]:
    """The variables of a process that may send: a DSN and a sending environment."""
    return {"SENTRY_DSN": dsn, "SENTRY_ENVIRONMENT": environment}
