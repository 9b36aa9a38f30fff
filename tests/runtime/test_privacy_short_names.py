"""Short and common names, for a real account `app` (real name "Dev Ops") on host `ci`.

Replacing such names wherever their letters appear would corrupt the event (`ci-main` as
`<host>-main`, `app.py` as `<user>.py`); they are replaced only where they stand for the
account or the machine: in the account's home, under a homes folder, either side of `@`, as a
URL's host. The fully qualified name `ci.corp.example` is distinctive and goes everywhere.
Both sides are checked on what the server receives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.runtime.account import Account, run_as, skip_unless_namespaces, write
from tests.support.sentry_endpoint import SentryEndpoint

MODULE = """
    def app():
        raise ValueError("the app failed in ci-main: app.py, my_app, ci_tools, dev-ops, Dev Ops")
"""

NEIGHBOUR = """
    def pick():
        raise LookupError("no apple in /home/apple/basket")
"""

MAIN = """
    import getpass, os, socket
    from pathlib import Path
    import recover_runtime as rr
    import app, orchard

    rr.init(os.environ["RUNTIME_DSN"], opted_in=True, context_name="app", context_version="1.0")


    def paths():
        raise OSError(
            f"cannot read {Path.home()}/notes, /home/app/todo, /Users/app/y,"
            " C:\\\\Users\\\\app\\\\z, %2Fhome%2Fapp%2Fw"
        )

    def addresses():
        raise ConnectionError(
            f"ssh {getpass.getuser()}@{socket.gethostname()} failed; http://ci:8080/health;"
            f" {socket.getfqdn()}; http://ci.corp.example/x; dev@ci"
        )


    for failure in (app.app, orchard.pick, paths, addresses):
        with rr.recover(reraise=False):
            failure()
    print("done")
"""


def test_short_names_are_replaced_only_where_they_name_the_account(
    endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    skip_unless_namespaces()
    srv = tmp_path / "srv"
    account = Account(
        user="app", gecos="Dev Ops,,,", host="ci", domain="corp.example", mounts={"/srv": srv}
    )
    homes = tmp_path / "home"
    (homes / "app").mkdir(parents=True)
    write(srv / "app" / "app.py", MODULE)
    write(srv / "app" / "main.py", MAIN)
    write(homes / "apple" / "orchard.py", NEIGHBOUR)
    env = {
        "RUNTIME_DSN": endpoint.dsn,
        "SENTRY_ENVIRONMENT": "ci-main",
        "PYTHONPATH": "/home/apple",
    }

    # A service started with an empty environment: the names come from the account database.
    result = run_as(account, homes, "/srv/app/main.py", env=env, login_session=False)

    assert result.stdout.strip() == "done", result.stderr
    events = {exception_type(event): event for event in endpoint.wait_for_events(4)}
    assert sorted(events) == ["ConnectionError", "LookupError", "OSError", "ValueError"]
    kept = events["ValueError"]
    assert exception_value(kept) == (
        "the app failed in ci-main: app.py, my_app, ci_tools, dev-ops, Dev Ops"
    )
    frame = innermost_frame(kept)
    assert (frame["abs_path"], frame["module"], frame["function"]) == (
        "/srv/app/app.py",
        "app",
        "app",
    )
    assert "the app failed in ci-main: app.py" in frame["context_line"]
    neighbour = events["LookupError"]
    assert innermost_frame(neighbour)["abs_path"] == "/home/apple/orchard.py"
    assert exception_value(neighbour) == "no apple in /home/apple/basket"
    assert exception_value(events["OSError"]) == (
        "cannot read ~/notes, ~/todo, /Users/<user>/y, C:\\Users\\<user>\\z, ~%2Fw"
    )
    assert exception_value(events["ConnectionError"]) == (
        "ssh <user>@<host> failed; http://<host>:8080/health; <host>; http://<host>/x;"
        " <name>@<host>"
    )
    for event in [*events.values(), *endpoint.normalized]:
        assert event["environment"] == "ci-main"
        assert event["release"] == "1.0"
        tags = dict(event["tags"])  # a dict as sent, pairs after Relay's normaliser
        assert tags == {"context.name": "app", "context.version": "1.0"}
    received = b"\n".join(endpoint.bodies).lower()
    for identifying in (b"/home/app/", b"app@ci", b"ci.corp.example", b"//ci:", b"users/app"):
        assert identifying not in received, identifying


def exception_type(event: dict[str, Any]) -> str:
    return str(event["exception"]["values"][-1]["type"])


def exception_value(event: dict[str, Any]) -> str:
    return str(event["exception"]["values"][-1]["value"])


def innermost_frame(event: dict[str, Any]) -> dict[str, Any]:
    frame: dict[str, Any] = event["exception"]["values"][-1]["stacktrace"]["frames"][-1]
    return frame
