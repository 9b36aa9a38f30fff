"""Run a library's application twice, without and with its adapter, against the loopback endpoint.

The adapters for twisted, gevent, tkinter and Qt must report each failure once and leave what
the library prints as it was. Each test writes one application whose line `# INSTALL` becomes
the adapter's installation in one run and stays a comment in the other; both runs send with a
DSN, so the run without the adapter also proves that nothing else reports these failures.

Every run carries one private value, unique to it, where an application keeps private data: in
`sys.argv`, in a credential-named environment variable, and as an argument of the failing
work (so in a local variable of the reported frame, and in what gevent prints). It must not
appear in any byte the endpoint received.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import textwrap
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint

INSTALL_LINE = "# INSTALL"

# What differs between two runs of the same program: addresses, gevent's timestamps.
_VOLATILE = re.compile(r"0x[0-9a-f]+|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?")


@dataclass
class Runs:
    """The two runs of one application, and the private value they carried."""

    plain: subprocess.CompletedProcess[str]
    adapted: subprocess.CompletedProcess[str]
    secret: str


def run_without_and_with(
    app: str,
    install: str,
    endpoint: SentryEndpoint,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Runs:
    """Run `app` as is, then with `install` in place of its `# INSTALL` line.

    `install` is one line, so the lines of a printed traceback stay the same in both runs.
    """
    app = textwrap.dedent(app)
    assert INSTALL_LINE in app
    assert "\n" not in install
    secret = f"private-{uuid.uuid4().hex}"
    full_env = {**sending_env(endpoint.dsn), "APP_API_TOKEN": secret, **(env or {})}
    plain = run_app(app, env=full_env, args=[secret], cwd=cwd)
    assert endpoint.events == [], "without the adapter nothing may report these failures"
    adapted = run_app(app.replace(INSTALL_LINE, install), env=full_env, args=[secret], cwd=cwd)
    return Runs(plain=plain, adapted=adapted, secret=secret)


def same_output(runs: Runs) -> None:
    """The library printed the same lines with and without the adapter (order aside: threads)."""
    assert runs.adapted.returncode == runs.plain.returncode, runs.adapted.stderr
    for adapted, plain in (
        (runs.adapted.stderr, runs.plain.stderr),
        (runs.adapted.stdout, runs.plain.stdout),
    ):
        difference = "\n".join(difflib.unified_diff(_lines(plain), _lines(adapted), lineterm=""))
        assert not difference, f"the library printed differently with the adapter:\n{difference}"


def _lines(text: str) -> list[str]:
    return sorted(_VOLATILE.sub("<volatile>", text).splitlines())


def reported(endpoint: SentryEndpoint, count: int) -> list[tuple[str, str, str]]:
    """Wait for `count` events; each as (mechanism, exception value, innermost function).

    Every run has ended when this is called, and the runtime flushes before a process ends,
    so the events received by now are all there will be: exactly `count` of them.
    """
    events = endpoint.wait_for_events(count)
    assert len(endpoint.events) == count, [_summary(event) for event in endpoint.events]
    return sorted(_summary(event) for event in events)


def _summary(event: dict[str, Any]) -> tuple[str, str, str]:
    value = event["exception"]["values"][-1]
    assert value["mechanism"]["handled"] is False
    frames = value["stacktrace"]["frames"]
    return value["mechanism"]["type"], value["value"], frames[-1]["function"]


def nothing_private(endpoint: SentryEndpoint, runs: Runs) -> None:
    """The run's private value is in no byte received (and the endpoint did receive some)."""
    assert endpoint.bodies
    assert not [body for body in endpoint.bodies if runs.secret.encode() in body]
