"""What may leave the process: an allow-list of event fields and redaction of identifying text.

Applied to every event just before it is queued, and once more after the user's own
`before_send`, so no hook, integration or global event processor of the application's own
sentry-sdk set-up can add a field we do not send (`server_name`, `modules`, `extra` with
`sys.argv`, `user`, `request`, `breadcrumbs`, `threads`, frame variables...).

Redaction replaces, in every string of the event: the home directory (by `~`), the host name
and the user name (as whole words, by `<host>` / `<user>`). Paths keep their meaning
(`~/project/app.py`) without saying whose machine they come from.
"""

from __future__ import annotations

import getpass
import os
import re
import socket
import uuid
from collections.abc import Callable, Iterable
from typing import Any

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


class Redactor:
    """Replaces the home directory, host name and user name in text."""

    def __init__(
        self, homes: Iterable[str | None], words: Iterable[tuple[str | None, str]]
    ) -> None:
        """`homes`: home directories (replaced by `~`); `words`: (value, marker) pairs."""
        paths = {os.path.normpath(p) for h in homes if h for p in (h, os.path.realpath(h))}
        self._homes = sorted(paths - {os.sep}, key=len, reverse=True)
        self._words = [
            (re.compile(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])", re.I), marker)
            for word, marker in words
            if word
        ]

    @classmethod
    def for_this_process(cls) -> Redactor:
        """Learn the identifying values once, from the environment and from the account
        database (they may differ); a lookup that fails is simply not redacted."""
        account_name, account_home = _account()
        return cls(
            homes=[_home(), account_home],
            words=[(_host(), "<host>"), (_user(), "<user>"), (account_name, "<user>")],
        )

    def text(self, value: str) -> str:
        for home in self._homes:
            value = value.replace(home, "~")
        for pattern, marker in self._words:
            value = pattern.sub(marker, value)
        return value

    def tree(self, value: Any) -> Any:
        """Redact every string in nested lists and dicts (keys included)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.tree(k): self.tree(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.tree(v) for v in value]
        return value


def sanitize(event: Event, redactor: Redactor, own_dir: str, *, new_trace: bool) -> Event:
    """The event reduced to the allowed fields and redacted.

    Frames of files under `own_dir` (this package: the primitive's wrappers) are dropped.
    `new_trace` gives the event a trace id of its own (the SDK's propagation context is shared
    by every event of a thread); the pass after the user's hook keeps the one we gave.
    """
    kept: Event = {"contexts": _contexts(event.get("contexts"), new_trace)}
    for key, value in event.items():
        if key not in ALLOWED_KEYS or key == "contexts":
            continue
        if key in _UNTOUCHED_KEYS:
            kept[key] = value
        elif key == "exception":
            kept[key] = redactor.tree(_exception(value, own_dir))
        elif key == "release" and not value:
            continue
        else:
            kept[key] = redactor.tree(value)
    return kept


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
    for value in (exception or {}).get("values") or []:
        stacktrace = value.get("stacktrace") or {}
        frames = stacktrace.get("frames")
        if isinstance(frames, list):
            stacktrace["frames"] = [
                {k: v for k, v in frame.items() if k in ALLOWED_FRAME_KEYS}
                for frame in frames
                if not str(frame.get("abs_path", "")).startswith(own_dir)
            ]
    return exception


def _home() -> str | None:
    try:
        return os.path.expanduser("~")
    except Exception:
        return None


def _user() -> str | None:
    try:
        return getpass.getuser()
    except Exception:
        return None


def _account() -> tuple[str | None, str | None]:
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid())
    except Exception:  # no pwd module (Windows) or no entry for this uid (containers)
        return None, None
    return entry.pw_name, entry.pw_dir


def _host() -> str | None:
    try:
        return socket.gethostname()
    except Exception:
        return None
