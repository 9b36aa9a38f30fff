"""One active connection to Sentry: a private sentry-sdk client with every default turned off.

The client is never bound as sentry-sdk's global client, so an application that uses
sentry-sdk itself keeps its own configuration, and its scopes, integrations and event
processors never reach our events (events are captured without a scope). Every option that
sentry-sdk would otherwise take from the process (`SENTRY_DSN`, `SENTRY_ENVIRONMENT`,
`SENTRY_RELEASE`, `SENTRY_DEBUG`, `SENTRY_SPOTLIGHT`, the host name, git) is given explicitly.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import Any

import sentry_sdk
from sentry_sdk.utils import event_from_exception

from recover_runtime.privacy import Event, OwnFields, chain, sanitize
from recover_runtime.redaction import Redactor
from recover_runtime.settings import Settings

UserBeforeSend = Callable[[Event, Any], Event | None]

# Events waiting to be sent, per process. sentry-sdk's default (100) loses most of a burst of
# failing threads; beyond this bound the SDK drops events (and logs it at debug level).
QUEUE_SIZE = 2000
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


class Reporter:
    """Captures exceptions as unhandled error events and flushes with a bounded wait."""

    def __init__(self, settings: Settings, user_before_send: UserBeforeSend | None = None) -> None:
        self.settings = settings
        self.pid = os.getpid()
        self._user_before_send = user_before_send
        self._flush_lock = threading.Lock()
        redactor = Redactor.for_this_process()
        own = OwnFields.from_settings(settings)

        def ours(event: Event, new_trace: bool) -> Event:
            return sanitize(event, redactor, _PACKAGE_DIR, new_trace=new_trace, own=own)

        self._client = sentry_sdk.Client(**_client_options(settings, chain(ours, user_before_send)))
        self._tags = dict(own.tags)

    def for_this_process(self) -> Reporter:
        """A new reporter with the same settings, for a forked child.

        The parent's connection pool and sender thread must not be shared across a fork.
        """
        return Reporter(self.settings, self._user_before_send)

    def capture(self, exc: BaseException, mechanism: str) -> None:
        """Queue one event for `exc`, marked unhandled, with no scope data at all."""
        event, hint = event_from_exception(
            exc,
            client_options=self._client.options,
            mechanism={"type": mechanism, "handled": False},
        )
        if self._tags:
            event["tags"] = dict(self._tags)
        self._client.capture_event(event, hint=hint)

    def flush(self, timeout: float | None = None) -> None:
        """Wait until queued events are sent, at most `timeout` seconds for this caller.

        sentry-sdk serialises flushes on one lock without a deadline, so a thousand threads
        each flushing would wait for each other; a caller that cannot get our lock in time
        gives up, since the flush holding it is already sending its event.
        """
        limit = self.settings.flush_timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        if not self._flush_lock.acquire(timeout=limit):
            return
        try:
            self._client.flush(timeout=max(0.0, deadline - time.monotonic()))
        finally:
            self._flush_lock.release()

    def close(self) -> None:
        """Flush (bounded) and stop the sender thread; the reporter sends nothing afterwards."""
        self.flush()
        self._client.close(timeout=0.0)


def _client_options(settings: Settings, before_send: UserBeforeSend) -> dict[str, Any]:
    return {
        "dsn": settings.dsn,
        "environment": settings.environment,
        # An empty release stops sentry-sdk guessing one (SENTRY_RELEASE, git, CI variables);
        # the sanitizer removes the empty value.
        "release": settings.release or "",
        # Likewise an empty server name stops it reading the host name; removed from the event.
        "server_name": "",
        "default_integrations": False,
        "auto_enabling_integrations": False,
        "integrations": [],
        "max_breadcrumbs": 0,
        "include_local_variables": False,
        "auto_session_tracking": False,
        "traces_sample_rate": None,
        "profiles_sample_rate": None,
        "enable_logs": False,
        "send_client_reports": False,
        "enable_backpressure_handling": False,
        "attach_stacktrace": False,
        "add_full_stack": False,
        "debug": False,
        "spotlight": False,
        "keep_alive": False,
        "shutdown_timeout": settings.flush_timeout,
        "transport_queue_size": QUEUE_SIZE,
        "before_send": before_send,
        "before_breadcrumb": _no_breadcrumb,
    }


def _no_breadcrumb(crumb: Any, hint: Any) -> None:
    """Breadcrumbs could carry user data (log lines, URLs): none is ever kept."""
    return None
