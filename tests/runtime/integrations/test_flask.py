"""recover_runtime.integrations.flask, driven by Flask's test client (apps/flask_app.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.runtime.integrations.webapps import (
    AppRun,
    Case,
    assert_no_request_data,
    assert_reported_once,
    assert_responses_unchanged,
    run_web_app,
)
from tests.support.sentry_endpoint import SentryEndpoint

CASES = {
    "crash": Case(500, reported=True),
    "async-crash": Case(500, reported=True),
    "abort-404": Case(404, reported=False),
    "abort-redirect": Case(302, reported=False),
    "slash": Case(308, reported=False),  # the router's redirect to "/slash/"
    "abort-503": Case(503, reported=True),
    "user-expected": Case(500, reported=False),
    "own-handler": Case(409, reported=False),
    "stream": Case(200, reported=True),
    "catch-all": Case(500, reported=True),
    "catch-all-specific": Case(409, reported=False),
    "after-request": Case(500, reported=True),
    "no-such-route": Case(404, reported=False),
}


@pytest.fixture(scope="module")
def flask_run() -> Iterator[AppRun]:
    with SentryEndpoint() as endpoint:
        yield run_web_app("flask_app.py", endpoint, CASES)


def test_each_crash_arrives_once_and_expected_exceptions_never(flask_run: AppRun) -> None:
    assert_reported_once(flask_run, CASES, mechanism="flask")


def test_the_response_is_unchanged(flask_run: AppRun) -> None:
    assert_responses_unchanged(flask_run, CASES)
    assert flask_run.seen["stream"]["with"] == [200, "first chunk;", "RuntimeError"]
    assert flask_run.seen["catch-all"]["with"][1] == "our error page"


def test_no_request_data_is_sent(flask_run: AppRun) -> None:
    assert_no_request_data(flask_run)
