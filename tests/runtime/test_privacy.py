"""Privacy, checked on the bytes that reach the server.

The app runs with a home directory whose path contains a user name, its code under that home,
secrets on its command line, and its own sentry-sdk set-up (default integrations, user, tags,
breadcrumbs): none of that may reach the server through the runtime.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

from tests.runtime.harness import run_app
from tests.support.sentry_endpoint import SentryEndpoint

USER = "zedcrash"
ARGV_SECRET = "argv-secret-4711"

APP = """
    import logging, os, sys
    from pathlib import Path
    import sentry_sdk
    import recover_runtime as rr

    # The application's own sentry-sdk use, with everything on; it must not leak into ours.
    sentry_sdk.init(dsn=None, send_default_pii=True, include_local_variables=True)
    sentry_sdk.set_user({"username": "zedcrash", "email": "zed@example.org"})
    sentry_sdk.set_tag("argv", " ".join(sys.argv))
    logging.basicConfig()
    logging.getLogger("app").warning("opening %s", sys.argv[1:])

    rr.init(os.environ["RUNTIME_DSN"], opted_in=True, context_name="privacy-check")

    @rr.recover
    def read_notes(password):
        return (Path.home() / "notes.txt").read_text()

    try:
        read_notes(os.environ["APP_PASSWORD"])  # a local variable of the failing frame
    except FileNotFoundError:
        print("reported")
"""


def _contains_word(data: bytes, word: str) -> bool:
    return (
        re.search(rb"(?<![A-Za-z0-9])" + re.escape(word.encode()) + rb"(?![A-Za-z0-9])", data, re.I)
        is not None
    )


def test_nothing_identifying_reaches_the_server(endpoint: SentryEndpoint, tmp_path: Path) -> None:
    home = tmp_path / "home" / USER
    project = home / "project"
    project.mkdir(parents=True)
    env = {
        "RUNTIME_DSN": endpoint.dsn,  # not SENTRY_DSN: the app's own sentry-sdk would use it
        "SENTRY_ENVIRONMENT": "ci-main",
        "HOME": str(home),
        "USER": USER,
        "LOGNAME": USER,
        "APP_PASSWORD": "hunter2-local-variable",
    }

    result = run_app(
        APP, env=env, cwd=project, script=project / "app.py", args=[f"--token={ARGV_SECRET}"]
    )

    assert result.stdout.strip() == "reported", result.stderr
    [event] = endpoint.wait_for_events(1)
    [body] = endpoint.bodies
    assert str(home).encode() not in body
    assert str(tmp_path).encode() not in body
    assert not _contains_word(body, USER)
    assert ARGV_SECRET.encode() not in body
    assert b"hunter2" not in body
    assert b"zed@example.org" not in body
    assert not _contains_word(body, socket.gethostname())

    # One event item: no session, transaction, profile, log, metric or client report.
    assert [header["type"] for envelope in endpoint.envelopes for header, _ in envelope.items] == [
        "event"
    ]
    [normalized] = endpoint.normalized
    assert "errors" not in normalized
    for absent in ("server_name", "modules", "extra", "user", "breadcrumbs", "request", "threads"):
        assert absent not in event, absent
    assert set(event["contexts"]) == {"trace"}
    assert event["tags"] == {"context.name": "privacy-check"}
    [exception] = event["exception"]["values"]
    assert exception["value"] == "[Errno 2] No such file or directory: '~/notes.txt'"
    app_frame = exception["stacktrace"]["frames"][0]
    assert app_frame["abs_path"] == "~/project/app.py"
    assert "vars" not in app_frame
