"""What the adapters' tests read on the wire: which exceptions arrived, and that no secret did.

Each test runs its application twice in fresh interpreters, with the adapter and without, and
compares what the client saw; the secrets it sends (header, cookie, body, query, metadata,
task arguments) are unique per run, so finding one in any received byte is a leak.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint


def new_secret(kind: str) -> str:
    """A value no event could contain by chance."""
    return f"{kind}-{uuid.uuid4().hex}"


def run_both(
    endpoint: SentryEndpoint, app: str, *args: str, timeout: float = 60
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """Run `app` without the adapter (argument `plain`) and with it (`install`), at once.

    Both runs may send (a DSN, a sending environment): whatever arrived from the plain run
    would show in the counts. Each must succeed. They run side by side since most of their
    time is spent waiting (a worker's shutdown, a server's poll).
    """

    def run(mode: str) -> subprocess.CompletedProcess[str]:
        return run_app(app, env=sending_env(endpoint.dsn), args=(mode, *args), timeout=timeout)

    with ThreadPoolExecutor(max_workers=2) as pool:
        plain, installed = pool.map(run, ("plain", "install"))
    for mode, result in (("plain", plain), ("install", installed)):
        assert result.returncode == 0, f"{mode} run failed:\n{result.stderr}"
    return plain, installed


def client_view(result: subprocess.CompletedProcess[str]) -> object:
    """What the application's client saw: the JSON its last stdout line holds."""
    return json.loads(result.stdout.strip().splitlines()[-1])


def log_records(
    result: subprocess.CompletedProcess[str], *, ignore: tuple[str, ...] = ()
) -> Counter[str]:
    """The app's log records by logger, level and first two words, numbers and ids masked.

    The apps log with the format "%(name)s %(levelname)s %(message)s". Equal with and without
    the adapter: the library logs as before, and the adapter adds no line of its own. Loggers
    starting with a prefix in `ignore` are left out (those whose count depends on timing).
    """
    records = re.findall(
        r"^([\w.]+) (DEBUG|INFO|WARNING|ERROR|CRITICAL) (\S+ \S+)", result.stderr, re.M
    )
    return Counter(
        f"{logger} {level} {re.sub(r'[0-9a-f-]{16,}|[0-9]+', '#', words)}"
        for logger, level, words in records
        if not logger.startswith(ignore)
    )


def arrived(endpoint: SentryEndpoint, mechanism: str) -> Counter[str]:
    """How many events arrived per exception message; every event must come from `mechanism`.

    The apps have exited when this is called, and the runtime flushes before exiting, so
    what is here is all that will arrive.
    """
    values = [event["exception"]["values"][-1] for event in endpoint.events]
    assert {value["mechanism"]["type"] for value in values} <= {mechanism}
    assert all(value["mechanism"]["handled"] is False for value in values)
    return Counter(value["value"] for value in values)


def assert_not_sent(endpoint: SentryEndpoint, *secrets: str) -> None:
    """None of `secrets` is in any byte the endpoint received (and something was received)."""
    assert endpoint.bodies
    for body in endpoint.bodies:
        for secret in secrets:
            assert secret.encode() not in body, secret
