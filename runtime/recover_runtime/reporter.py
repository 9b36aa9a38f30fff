"""One connection to Sentry: a private sentry-sdk client with every default turned off.

The client is never bound as sentry-sdk's global client, so an application that uses
sentry-sdk itself keeps its own configuration, and its scopes, integrations and event
processors never reach our events (events are captured without a scope). Every option that
sentry-sdk would otherwise take from the process (`SENTRY_DSN`, `SENTRY_ENVIRONMENT`,
`SENTRY_RELEASE`, `SENTRY_DEBUG`, `SENTRY_SPOTLIGHT`, the host name, git) is given explicitly.

sentry-sdk is imported when the first client is built: when `init` turns reporting on, or when
a child process first sends with settings it inherited. A process that never reports pays
nothing for it. The client's transport is sentry-sdk's own HTTP transport (connection pool,
proxies, certificates, compression, rate limits) with one change: it sends on the thread that
calls it, the runtime's sender (see `delivery.py`), instead of queueing for a worker thread of
its own, so there is one queue with one limit and no SDK thread or lock that a fork could copy
in a bad state.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from recover_runtime.limits import cap_strings

if TYPE_CHECKING:
    from recover_runtime.delivery import Capture
    from recover_runtime.privacy import Event, OwnFields
    from recover_runtime.redaction import Redactor
    from recover_runtime.settings import Settings

# `before_send(event, hint)`; an event is privacy.Event (not imported here: import cost).
UserBeforeSend = Callable[[dict[str, Any], Any], dict[str, Any] | None]

# Seconds each network operation of a request may take (connect, each read): sentry-sdk's
# default is 30. A request that goes on longer than that is abandoned (`delivery.STALL_AFTER`).
REQUEST_TIMEOUT = 5.0
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


class Reporter:
    """The settings of one `init` and, per process, the client that sends with them."""

    def __init__(
        self,
        settings: Settings,
        user_before_send: UserBeforeSend | None = None,
        redactor: Redactor | None = None,
    ) -> None:
        self.settings = settings
        self.pid = os.getpid()
        self._user_before_send = user_before_send
        self._redactor = redactor
        self._client: Any = None
        self._own: OwnFields | None = None  # the runtime's own fields, with the client

    def connect(self) -> None:
        """Build the client now, on the thread that turns reporting on (`init`'s, or a child
        process's first report): a malformed DSN is reported at once, and what sending imports
        is imported here, before any sender thread of this process exists.

        A module being imported by one thread when another forks stays half-imported in the
        child: a sender importing the `idna` codec (`http.client` needs it for the first
        request) while the application forked left children that could never send.
        """
        self._client_for(None)
        "sentry".encode("idna")

    def for_this_process(self) -> Reporter:
        """A reporter with the same settings for a forked child, which must not share the
        parent's connections. The identifying values to redact are the parent's: a child of
        a multi-threaded parent should not query the account database (its locks may have
        been copied held)."""
        return Reporter(self.settings, self._user_before_send, self._redactor)

    def send(self, capture: Capture, timeout: float | None) -> None:
        """Build the event of `capture` and send it; raises when the request fails.

        `timeout` bounds each network operation further (a flush sending on its caller's
        thread has only that much time left).
        """
        from sentry_sdk.utils import event_from_exception

        client = self._client_for(timeout)
        exc = capture.exception
        event, hint = event_from_exception(
            (type(exc), exc, capture.traceback),
            client_options=client.options,
            mechanism={"type": capture.mechanism, "handled": False},
        )
        event = cap_strings(event)
        if self._own is not None and self._own.tags:
            event["tags"] = dict(self._own.tags)
        client.capture_event(event, hint=hint)

    def _client_for(self, timeout: float | None) -> Any:
        if timeout is not None:
            return self._new_client(min(timeout, REQUEST_TIMEOUT))
        if self._client is None:
            self._client = self._new_client(REQUEST_TIMEOUT)
        return self._client

    def _new_client(self, timeout: float) -> Any:
        import sentry_sdk

        from recover_runtime.privacy import OwnFields, chain, sanitize
        from recover_runtime.redaction import Redactor
        from recover_runtime.transport_logs import filter_transport_loggers

        if self._redactor is None:
            self._redactor = Redactor.for_this_process()
        redactor = self._redactor
        own = self._own = OwnFields.from_settings(self.settings)

        def ours(event: Event, new_trace: bool) -> Event:
            return _without_empty_stacktraces(
                sanitize(event, redactor, _PACKAGE_DIR, new_trace=new_trace, own=own)
            )

        before_send = chain(ours, self._user_before_send)
        client = sentry_sdk.Client(**_client_options(self.settings, before_send, timeout))
        filter_transport_loggers()
        return client


def _without_empty_stacktraces(event: Event) -> Event:
    """A chained exception raised inside the runtime's own frames has none left once they are
    removed; Sentry rejects an empty frame list, so its stacktrace goes."""
    for value in (event.get("exception") or {}).get("values") or []:
        if isinstance(value, dict) and not (value.get("stacktrace") or {}).get("frames"):
            value.pop("stacktrace", None)
    return event


def _sending_transport(timeout: float) -> type[Any]:
    """sentry-sdk's HTTP transport, sending on the calling thread, `timeout` per operation."""
    from sentry_sdk.envelope import Envelope
    from sentry_sdk.transport import HttpTransport

    class SendingTransport(HttpTransport):
        TIMEOUT = timeout  # type: ignore[assignment]  # urllib3 takes fractions of a second

        def capture_envelope(self, envelope: Envelope) -> None:
            self._send_envelope(envelope)

    return SendingTransport


def _client_options(
    settings: Settings, before_send: UserBeforeSend, timeout: float
) -> dict[str, Any]:
    return {
        "dsn": settings.dsn,
        "transport": _sending_transport(timeout),
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
        "before_send": before_send,
        "before_breadcrumb": _no_breadcrumb,
    }


def _no_breadcrumb(crumb: Any, hint: Any) -> None:
    """Breadcrumbs could carry user data (log lines, URLs): none is ever kept."""
    return None
