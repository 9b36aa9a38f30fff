"""The pytest plugin, in a real pytest session in a subprocess, against the loopback endpoint."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.runtime.harness import NO_PROXY, sending_env
from tests.support.process import run
from tests.support.sentry_endpoint import SentryEndpoint

SUITE = """
import pytest

@pytest.fixture
def broken():
    raise RuntimeError("fixture failed")

def test_passes():
    pass

def test_fails():
    raise ValueError("test failed")

def test_uses_broken(broken):
    pass

@pytest.mark.xfail(strict=True)
def test_expected_failure():
    raise KeyError("expected")

def test_skipped():
    pytest.skip("not here")
"""
OUTCOMES = "1 failed, 1 passed, 1 skipped, 1 xfailed, 1 error"


def _pytest(
    suite: Path, environment: str, endpoint: SentryEndpoint, *options: str
) -> tuple[str, int]:
    """Run the suite; return its outcome summary (without timing) and exit code."""
    result = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, str(suite)],
        cwd=suite.parent,
        env={**NO_PROXY, **sending_env(endpoint.dsn, environment)},
        timeout=120,
    )
    summary = result.stdout.strip().splitlines()[-1]
    return re.sub(r"=|\s+in [\d.]+s.*$", "", summary).strip(), result.returncode


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    path = tmp_path / "test_suite.py"
    path.write_text(SUITE, encoding="utf-8")
    return path


def test_failing_tests_and_fixtures_are_reported_in_nightly_runs(
    suite: Path, endpoint: SentryEndpoint
) -> None:
    outcomes = _pytest(suite, "ci-nightly", endpoint, "--recover-report")

    assert outcomes == (OUTCOMES, 1)
    events = endpoint.wait_for_events(2)
    reported = sorted(event["exception"]["values"][-1]["value"] for event in events)
    assert reported == ["fixture failed", "test failed"]
    assert {event["tags"]["context.name"] for event in events} == {"tests"}
    assert {event["environment"] for event in events} == {"ci-nightly"}
    assert {event["exception"]["values"][-1]["mechanism"]["type"] for event in events} == {"pytest"}


def test_the_ini_option_enables_it(suite: Path, endpoint: SentryEndpoint) -> None:
    (suite.parent / "pytest.ini").write_text("[pytest]\nrecover_report = true\n")

    assert _pytest(suite, "ci-main", endpoint) == (OUTCOMES, 1)
    assert len(endpoint.wait_for_events(2)) == 2


@pytest.mark.parametrize(
    ("environment", "options"), [("ci-nightly", ()), ("ci-pr", ("--recover-report",))]
)
def test_silent_when_disabled_or_in_pull_requests(
    suite: Path, endpoint: SentryEndpoint, environment: str, options: tuple[str, ...]
) -> None:
    assert _pytest(suite, environment, endpoint, *options) == (OUTCOMES, 1)
    assert endpoint.raw_bodies == []
