"""recover_runtime.integrations.django, driven by Django's test clients with real settings
(apps/django_settings.py lists the middleware; apps/django_app.py drives the cases)."""

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
    "http404": Case(404, reported=False),
    "permission-denied": Case(403, reported=False),
    "suspicious": Case(400, reported=False),
    "bad-request": Case(400, reported=False),
    "user-expected": Case(500, reported=False),
    "stream": Case(200, reported=True),
    "async-stream": Case(200, reported=True),
    "middleware": Case(500, reported=True),  # another middleware failing, not a view
    "no-such-route": Case(404, reported=False),
}


@pytest.fixture(scope="module")
def django_run() -> Iterator[AppRun]:
    with SentryEndpoint() as endpoint:
        yield run_web_app("django_app.py", endpoint, CASES)


def test_each_crash_arrives_once_and_expected_exceptions_never(django_run: AppRun) -> None:
    assert_reported_once(django_run, CASES, mechanism="django")


def test_the_response_is_unchanged(django_run: AppRun) -> None:
    assert_responses_unchanged(django_run, CASES)
    assert django_run.seen["stream"]["with"] == [200, "first chunk;", "RuntimeError"]
    assert django_run.seen["async-stream"]["with"] == [200, "first chunk;", "RuntimeError"]


def test_no_request_data_is_sent(django_run: AppRun) -> None:
    assert_no_request_data(django_run)
