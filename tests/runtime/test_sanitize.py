"""The event allow-list, and which fields redaction must never rewrite."""

from __future__ import annotations

from typing import Any

from recover_runtime.identity import Identity
from recover_runtime.privacy import OwnFields, sanitize
from recover_runtime.redaction import Redactor
from recover_runtime.settings import Settings

OWN_DIR = "/pkg/recover_runtime/"
REDACTOR = Redactor(
    Identity(
        users=frozenset({"alice"}), homes=frozenset({"/home/alice"}), hosts=frozenset({"laptop-7"})
    )
)
NO_OWN_FIELDS = OwnFields()


def test_only_allowed_fields_are_kept_and_our_own_frames_dropped() -> None:
    event = {
        "event_id": "e" * 32,
        "server_name": "laptop-7",
        "modules": {"requests": "2.0"},
        "extra": {"sys.argv": ["app"]},
        "user": {"id": "1"},
        "breadcrumbs": {"values": []},
        "release": "",
        "contexts": {"trace": {"trace_id": "1" * 32, "span_id": "2" * 16}, "os": {"name": "x"}},
        "exception": {
            "values": [
                {
                    "value": "cannot open /home/alice/notes",
                    "stacktrace": {
                        "frames": [
                            {"abs_path": "/pkg/recover_runtime/primitive.py", "function": "w"},
                            {"abs_path": "/home/alice/app.py", "function": "f", "vars": {"a": 1}},
                        ]
                    },
                }
            ]
        },
    }

    clean = sanitize(event, REDACTOR, OWN_DIR, new_trace=True, own=NO_OWN_FIELDS)

    assert set(clean) == {"event_id", "contexts", "exception"}
    assert set(clean["contexts"]) == {"trace"}
    assert clean["contexts"]["trace"]["trace_id"] != "1" * 32
    [value] = clean["exception"]["values"]
    assert value["value"] == "cannot open ~/notes"
    assert value["stacktrace"]["frames"] == [{"abs_path": "~/app.py", "function": "f"}]
    again = sanitize(clean, REDACTOR, OWN_DIR, new_trace=False, own=NO_OWN_FIELDS)
    assert again["contexts"]["trace"] == clean["contexts"]["trace"]


def test_the_runtimes_own_values_are_never_rewritten() -> None:
    """A host named `ci-main`, a user named `recover`: the environment, release, context tags,
    SDK and mechanism the runtime set keep those words; the same words elsewhere go."""
    redactor = Redactor(
        Identity(users=frozenset({"recover"}), hosts=frozenset({"ci-main", "zedbox"}))
    )
    settings = Settings(
        dsn="http://k@127.0.0.1:9/1",
        environment="ci-main",
        context_name="zedbox-agent",
        context_version="1.0-recover",
        release="zedbox-agent@1.0",
        flush_timeout=1.0,
    )
    own = OwnFields.from_settings(settings)
    event = _event(
        environment="ci-main",
        release="zedbox-agent@1.0",
        tags={**own.tags, "zedbox": "zedbox"},  # a tag of the user's hook: redacted
        message="recover on ci-main failed",
    )

    clean = sanitize(event, redactor, OWN_DIR, new_trace=True, own=own)

    assert (clean["environment"], clean["release"]) == ("ci-main", "zedbox-agent@1.0")
    assert clean["tags"] == {
        "context.name": "zedbox-agent",
        "context.version": "1.0-recover",
        "<host>": "<host>",
    }
    assert clean["sdk"] == {"name": "sentry.python", "version": "2.0-recover"}
    [value] = clean["exception"]["values"]
    assert value["mechanism"] == {"type": "recover", "handled": False}
    assert value["value"] == "<user> on <host> failed"


def test_own_fields_changed_by_a_hook_are_redacted_like_any_text() -> None:
    own = OwnFields(environment="ci-main", tags={"context.name": "notes"})
    event = _event(environment="laptop-7", release="", tags={"context.name": "alice"}, message="x")

    clean = sanitize(event, REDACTOR, OWN_DIR, new_trace=True, own=own)

    assert clean["environment"] == "<host>"
    assert clean["tags"] == {"context.name": "<user>"}


def test_the_events_structure_is_not_redacted() -> None:
    """Someone called Robert Stack must not break `stacktrace`."""
    redactor = Redactor(Identity(real_name_words=frozenset({"Robert", "Stack"})))
    event = _event(environment="ci-main", release="", tags={}, message="Stack overflow")

    clean = sanitize(event, redactor, OWN_DIR, new_trace=True, own=NO_OWN_FIELDS)

    [value] = clean["exception"]["values"]
    assert set(value) == {"type", "value", "mechanism", "stacktrace"}
    assert value["value"] == "<name> overflow"
    [frame] = value["stacktrace"]["frames"]
    assert frame["post_context"] == ["    <name>.pop()"]


def _event(*, environment: str, release: str, tags: dict[str, str], message: str) -> dict[str, Any]:
    return {
        "event_id": "e" * 32,
        "environment": environment,
        "release": release,
        "tags": tags,
        "sdk": {"name": "sentry.python", "version": "2.0-recover"},
        "exception": {
            "values": [
                {
                    "type": "RuntimeError",
                    "value": message,
                    "mechanism": {"type": "recover", "handled": False},
                    "stacktrace": {
                        "frames": [
                            {
                                "abs_path": "/srv/app.py",
                                "function": "main",
                                "post_context": ["    stack.pop()"],
                            }
                        ]
                    },
                }
            ]
        },
    }
