"""recover_runtime.integrations.starlette, driven by the TestClient, with a Starlette app
(apps/starlette_app.py) and a FastAPI app (apps/fastapi_app.py)."""

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

STARLETTE_CASES = {
    "crash": Case(500, reported=True),
    "sync-crash": Case(500, reported=True),
    "http-404": Case(404, reported=False),
    # Starlette answers every HTTPException before any middleware sees it: a response the
    # code chose, whatever its status (the module's docstring says so).
    "http-503": Case(503, reported=False),
    "user-expected": Case(500, reported=False),
    "own-handler": Case(409, reported=False),
    "stream": Case(200, reported=True),  # the client got the first chunk, then the end
    "middleware": Case(500, reported=True),  # another middleware failing
    "no-such-route": Case(404, reported=False),
}
FASTAPI_CASES = {
    "crash": Case(500, reported=True),
    "sync-crash": Case(500, reported=True),
    "http-404": Case(404, reported=False),
    "validation": Case(422, reported=False),  # RequestValidationError
    "user-expected": Case(500, reported=False),
    "own-handler": Case(409, reported=False),
    "dependency": Case(500, reported=True),
    "stream": Case(200, reported=True),
    "no-such-route": Case(404, reported=False),
}


@pytest.fixture(scope="module")
def starlette_run() -> Iterator[AppRun]:
    with SentryEndpoint() as endpoint:
        yield run_web_app("starlette_app.py", endpoint, STARLETTE_CASES)


@pytest.fixture(scope="module")
def fastapi_run() -> Iterator[AppRun]:
    with SentryEndpoint() as endpoint:
        yield run_web_app("fastapi_app.py", endpoint, FASTAPI_CASES)


def test_starlette_crashes_arrive_once_and_expected_exceptions_never(
    starlette_run: AppRun,
) -> None:
    assert_reported_once(starlette_run, STARLETTE_CASES, mechanism="starlette")


def test_fastapi_crashes_arrive_once_and_expected_exceptions_never(fastapi_run: AppRun) -> None:
    assert_reported_once(fastapi_run, FASTAPI_CASES, mechanism="fastapi")


def test_the_response_is_unchanged(starlette_run: AppRun, fastapi_run: AppRun) -> None:
    assert_responses_unchanged(starlette_run, STARLETTE_CASES)
    assert_responses_unchanged(fastapi_run, FASTAPI_CASES)
    assert starlette_run.seen["stream"]["with"] == [200, "first chunk;", None]
    assert fastapi_run.seen["own-handler"]["with"] == [409, "conflict", None]


def test_no_request_data_is_sent(starlette_run: AppRun, fastapi_run: AppRun) -> None:
    assert_no_request_data(starlette_run)
    assert_no_request_data(fastapi_run)
