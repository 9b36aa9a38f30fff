"""What may leave the process: an allow-list of event fields, then redaction of every string.

Applied to every event just before it is queued, and once more after the user's own
`before_send`, so no hook, integration or global event processor of the application's own
sentry-sdk set-up can add a field we do not send (`server_name`, `modules`, `extra` with
`sys.argv`, `user`, `request`, `breadcrumbs`, `threads`, frame variables...).

Redaction (`redaction.py`) replaces the home directory, user, host and real names, credentials
and e-mail addresses in every string, except in what the runtime set itself from validated
configuration (`OwnFields`: environment, release, context tags) and what the SDK or the
runtime wrote without reading the machine (event id, timestamp, SDK name and version, level,
the exception mechanism). Over-redaction there would corrupt the event: with a host called
`ci`, the environment `ci-main` must stay `ci-main`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from recover_runtime.redaction import Redactor, Verbatim
from recover_runtime.settings import Settings

Event = dict[str, Any]

ALLOWED_KEYS = frozenset(
    {
        "event_id",
        "timestamp",
        "level",
        "platform",
        "logger",
        "exception",
        "message",
        "logentry",
        "contexts",
        "tags",
        "environment",
        "release",
        "dist",
        "sdk",
        "fingerprint",
    }
)
ALLOWED_FRAME_KEYS = frozenset(
    {
        "filename",
        "abs_path",
        "module",
        "function",
        "lineno",
        "colno",
        "pre_context",
        "context_line",
        "post_context",
        "in_app",
    }
)
_HEX_32 = re.compile(r"[0-9a-f]{32}")
_HEX_16 = re.compile(r"[0-9a-f]{16}")
# Written by the SDK or by us, never derived from the machine: left as they are.
_UNTOUCHED_KEYS = frozenset({"event_id", "timestamp", "sdk", "platform", "level"})


@dataclass(frozen=True)
class OwnFields:
    """The values the runtime put in every event from its validated settings.

    A field is left as it is only while it still holds that value: one that a user's
    `before_send` changed is redacted like any other string.
    """

    environment: str | None = None
    release: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> OwnFields:
        tags = {
            tag: value
            for tag, value in (
                ("context.name", settings.context_name),
                ("context.version", settings.context_version),
            )
            if value
        }
        return cls(environment=settings.environment, release=settings.release, tags=tags)

    def holds(self, key: str, value: Any) -> bool:
        """Whether top-level `key` still holds the runtime's own value."""
        own = {"environment": self.environment, "release": self.release}.get(key)
        return own is not None and value == own

    def tag_pairs(self, tags: dict[Any, Any]) -> list[Any]:
        """The tags as [name, value] pairs (a tag's name is free text, redacted like a value;
        other dict keys of an event are its structure), the runtime's own kept verbatim."""
        return [
            Verbatim([key, value]) if self.tags.get(key) == value else [key, value]
            for key, value in tags.items()
        ]


def sanitize(
    event: Event,
    redactor: Redactor,
    own_dir: str,
    *,
    new_trace: bool,
    own: OwnFields,
) -> Event:
    """The event reduced to the allowed fields and redacted.

    Frames of files under `own_dir` (this package: the primitive's wrappers) are dropped.
    `new_trace` gives the event a trace id of its own (the SDK's propagation context is shared
    by every event of a thread); the pass after the user's hook keeps the one we gave.
    `own`: the runtime's own values, never redacted.
    """
    kept: Event = {}
    for key, value in event.items():
        if key not in ALLOWED_KEYS or key == "contexts" or (key == "release" and not value):
            continue
        if key in _UNTOUCHED_KEYS or own.holds(key, value):
            kept[key] = Verbatim(value)
        elif key == "exception":
            kept[key] = _exception(value, own_dir)
        elif key == "tags" and isinstance(value, dict):
            kept[key] = own.tag_pairs(value)
        else:
            kept[key] = value
    redacted: Event = redactor.tree(kept)
    if isinstance(event.get("tags"), dict) and "tags" in redacted:
        redacted["tags"] = dict(redacted["tags"])
    redacted["contexts"] = _contexts(event.get("contexts"), new_trace)
    return redacted


def chain(
    ours: Callable[[Event, bool], Event], theirs: Callable[[Event, Any], Event | None] | None
) -> Callable[[Event, Any], Event | None]:
    """A `before_send`: ours, then the user's (which may drop the event), then ours again.

    `ours(event, new_trace)` is `sanitize` bound to this process's redactor.
    """

    def before_send(event: Event, hint: Any) -> Event | None:
        event = ours(event, True)
        if theirs is None:
            return event
        changed = theirs(event, hint)
        return None if changed is None else ours(changed, False)

    return before_send


def _contexts(contexts: Any, new_trace: bool) -> dict[str, Any]:
    """Only the trace context is kept (no os, device, runtime or app contexts)."""
    trace = contexts.get("trace") if isinstance(contexts, dict) else None
    if new_trace or not isinstance(trace, dict) or not _is_trace(trace):
        trace = {"trace_id": uuid.uuid4().hex, "span_id": uuid.uuid4().hex[:16]}
    return {"trace": {"trace_id": trace["trace_id"], "span_id": trace["span_id"]}}


def _is_trace(trace: dict[str, Any]) -> bool:
    return bool(
        _HEX_32.fullmatch(str(trace.get("trace_id", "")))
        and _HEX_16.fullmatch(str(trace.get("span_id", "")))
    )


def _exception(exception: Any, own_dir: str) -> Any:
    """The exception values with their frames reduced to the allowed keys, our own frames
    dropped, and the mechanism's type (what caught it: the runtime's own word) verbatim."""
    if not isinstance(exception, dict) or not isinstance(exception.get("values"), list):
        return exception
    return {
        **exception,
        "values": [_exception_value(value, own_dir) for value in exception["values"]],
    }


def _exception_value(value: Any, own_dir: str) -> Any:
    if not isinstance(value, dict):
        return value
    value = dict(value)
    mechanism = value.get("mechanism")
    if isinstance(mechanism, dict) and "type" in mechanism:
        value["mechanism"] = {**mechanism, "type": Verbatim(mechanism["type"])}
    stacktrace = value.get("stacktrace")
    if isinstance(stacktrace, dict) and isinstance(stacktrace.get("frames"), list):
        value["stacktrace"] = {
            **stacktrace,
            "frames": [
                {k: v for k, v in frame.items() if k in ALLOWED_FRAME_KEYS}
                for frame in stacktrace["frames"]
                if isinstance(frame, dict)
                and not str(frame.get("abs_path", "")).startswith(own_dir)
            ],
        }
    return value
