"""recover_runtime.integrations.aiohttp, served by aiohttp's TestServer on 127.0.0.1
(apps/aiohttp_app.py)."""

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
    "not-found": Case(404, reported=False),
    "found": Case(302, reported=False),
    "forbidden": Case(403, reported=False),
    "server-error": Case(500, reported=True),  # a raised HTTPInternalServerError
    "user-expected": Case(500, reported=False),
    "own-middleware": Case(409, reported=False),
    "stream": Case(200, reported=True),  # the server drops the connection mid-body
    "middleware": Case(500, reported=True),  # another middleware failing
    "no-such-route": Case(404, reported=False),
}


@pytest.fixture(scope="module")
def aiohttp_run() -> Iterator[AppRun]:
    with SentryEndpoint() as endpoint:
        yield run_web_app("aiohttp_app.py", endpoint, CASES)


def test_each_crash_arrives_once_and_expected_exceptions_never(aiohttp_run: AppRun) -> None:
    assert_reported_once(aiohttp_run, CASES, mechanism="aiohttp")


def test_the_response_is_unchanged(aiohttp_run: AppRun) -> None:
    assert_responses_unchanged(aiohttp_run, CASES)
    assert aiohttp_run.seen["stream"]["with"] == [200, "OK", "", "ClientPayloadError"]


def test_no_request_data_is_sent(aiohttp_run: AppRun) -> None:
    assert_no_request_data(aiohttp_run)
