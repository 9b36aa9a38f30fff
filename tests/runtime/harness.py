"""Run a small application in its own Python process, the way the runtime is really used.

Reporting state is process-wide (as in an application), so every end-to-end test runs its app
in a fresh interpreter against a `SentryEndpoint` started by the test.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.support.process import clean_env, run

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


class RunningApp:
    """An app started in its own interpreter that the test talks to while it runs.

    Its stdout is read line by line in the background, so `wait_for_line` can wait for what
    the app says (with a timeout) while the test holds the endpoint. Used as a context manager,
    it is killed if still running when the test ends.
    """

    def __init__(self, code: str, *, env: Mapping[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code)],
            env=clean_env({**NO_PROXY, **(env or {})}),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self._stderr: list[str] = []
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        self._stderr.append(self.process.stderr.read())

    def wait_for_line(self, expected: str, timeout: float = 20) -> None:
        """Wait until the app prints `expected` as a line; fail when it does not in time."""
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                break
            if line == expected:
                return
            seen.append(line)
        raise AssertionError(f"the app did not print {expected!r} in {timeout}s; it printed {seen}")

    def tell(self, line: str) -> None:
        """Send one line to the app's stdin."""
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        """Wait for the app to end; its exit code and stderr."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        returncode = self.process.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout)
        return returncode, "".join(self._stderr)

    def __enter__(self) -> RunningApp:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
