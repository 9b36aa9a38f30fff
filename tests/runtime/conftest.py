"""Fixtures of the runtime's tests: a loopback Sentry endpoint per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.sentry_endpoint import SentryEndpoint


@pytest.fixture
def endpoint() -> Iterator[SentryEndpoint]:
    with SentryEndpoint() as server:
        yield server
