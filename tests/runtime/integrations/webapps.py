"""Running a test application (tests/runtime/integrations/apps) and reading what it caused.

The application runs in its own interpreter with a sending environment and the loopback
endpoint's DSN; it prints what its client saw for every case, with and without the adapter.
Every exception a test application raises says `case:<name>` in its message, so each event
names the case that caused it.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.runtime.harness import NO_PROXY, sending_env
from tests.support.process import run
from tests.support.sentry_endpoint import SentryEndpoint

APPS = Path(__file__).parent / "apps"
_CASE = re.compile(r"case:([a-z0-9-]+)")


@dataclass(frozen=True)
class Case:
    """What a case should look like: the status its client sees, and whether it is reported."""

    status: int
    reported: bool


@dataclass
class AppRun:
    """What one run of a test application showed: its clients' view and the endpoint's."""

    seen: dict[str, dict[str, list[Any]]]
    events: list[dict[str, Any]]
    bodies: list[bytes]
    secret: str
    stderr: str

    def reported_cases(self) -> Counter[str]:
        """How often each case arrived; an event naming no case counts under its type."""
        counts: Counter[str] = Counter()
        for event in self.events:
            value = event["exception"]["values"][-1]
            found = _CASE.search(str(value.get("value")))
            counts[found.group(1) if found else f"unknown {value['type']}"] += 1
        return counts

    def mechanisms(self) -> set[tuple[str, bool]]:
        return {
            (value["mechanism"]["type"], value["mechanism"]["handled"])
            for event in self.events
            for value in event["exception"]["values"][-1:]
        }


def run_web_app(
    script: str, endpoint: SentryEndpoint, cases: dict[str, Case], python: str = sys.executable
) -> AppRun:
    """Run `apps/<script>`; wait for the events its reported `cases` should cause."""
    reports = sum(case.reported for case in cases.values())
    secret = uuid.uuid4().hex
    env = {**NO_PROXY, **sending_env(endpoint.dsn), "RECOVER_TEST_SECRET": secret}
    result = run([python, APPS / script], env=env, cwd=APPS, timeout=120)
    assert result.returncode == 0, result.stderr
    # Each report was flushed before the application went on, so all of them are here now.
    events = endpoint.wait_for_events(reports) if reports else endpoint.events[:]
    return AppRun(
        seen=json.loads(result.stdout.splitlines()[-1]),
        events=events,
        bodies=list(endpoint.bodies),
        secret=secret,
        stderr=result.stderr,
    )


def assert_reported_once(run: AppRun, cases: dict[str, Case], mechanism: str) -> None:
    """Each crash arrived exactly once, unhandled, and nothing else arrived."""
    assert set(run.seen) == set(cases)
    expected = Counter({name: 1 for name, case in cases.items() if case.reported})
    assert run.reported_cases() == expected
    assert run.mechanisms() == {(mechanism, False)}
    for event in run.events:  # the stack reaches into the application, without the adapter
        frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
        paths = [Path(frame["abs_path"]) for frame in frames]
        assert any(path.parent.name == APPS.name for path in paths)
        assert not any("recover_runtime" in path.parts for path in paths)


def assert_responses_unchanged(run: AppRun, cases: dict[str, Case]) -> None:
    """The client saw the same status and body with the adapter as without it."""
    for name, case in cases.items():
        seen = run.seen[name]
        assert seen["with"] == seen["without"], name
        assert seen["with"][0] == case.status, name


def assert_no_request_data(run: AppRun) -> None:
    """The value the client put in a header, a cookie, the query and the body never left."""
    assert run.bodies, "nothing was received: the search below would prove nothing"
    assert all(run.secret.encode() not in body for body in run.bodies)
