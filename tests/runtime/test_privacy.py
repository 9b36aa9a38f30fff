"""Privacy, checked on every byte that reaches the server, for an application run as a real
other account (`account.py`: its own uid, passwd entry, real name, home under /home, host
name and fully qualified name, in private namespaces).

The application puts every identifying value it can reach into its failures, in every shape
the issue tracker saw leaking: inside identifiers, module, function, file and exception type
names, source lines, URL-encoded, upper-cased; credentials from the environment in messages
and in a `CalledProcessError` command line, `password=` values in exception arguments, e-mail
addresses, URL user-info. It also runs its own sentry-sdk set-up with everything on (user,
tags, breadcrumbs, local variables). None of it may reach the server; what the runtime set
itself from its configuration must arrive unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

import pytest

from tests.runtime.account import Account, run_as, skip_unless_namespaces, write
from tests.support.sentry_endpoint import SentryEndpoint

ZED = Account(
    user="zedcrash",
    gecos="Zebulon Crashwörth,Room 42,+1 555 0100",
    host="zedbox",
    domain="corp.example",
)
SECRET_ENV = {
    "ZED_API_TOKEN": "zt/4711+Q9x=Kp-upload",  # URL-encoding changes it
    "ZED_BEARER": "eyJzZWQiOiJjcmFzaCJ9.sig",
    "zed_session_cookie": "c00kie-of-zedcrash-session",  # a lower-case name counts too
    "APP_PASSWORD": "hunter2-local",
}
ARGV_SECRET = "argv-secret-4711"
PASSWORDS = ("hunter2-arg", "hunter2-kv", "hunter2-url", "hunter2-local")
NAMES = (ZED.user, ZED.host, ZED.fqdn, "Zebulon", "Crashwörth", ZED.home)
EVENTS = 9
SITE_PACKAGES = ".venv/lib/python3.11/site-packages"  # a virtual environment in the home

LIBRARY = '''
    """The account's own helpers: their names carry the account's name."""


    class ZedcrashError(Exception):
        """Raised by zedcrash_helper, for the type name."""


    def zedcrash_helper(cache):
        # zedcrash_backup sits next to the zedcrash_cache folder (a source line to redact)
        raise ZedcrashError(f"zedcrash2 lost {cache}; see zedcrash_backup or ZEDCRASH")
'''

APP = """
    import getpass, logging, os, pwd, socket, subprocess, sys, tempfile
    from pathlib import Path
    from urllib.parse import quote
    import sentry_sdk
    import recover_runtime as rr
    import zedcrash_tools

    # The application's own sentry-sdk use, with everything on; it must not leak into ours.
    sentry_sdk.init(dsn=None, send_default_pii=True, include_local_variables=True)
    sentry_sdk.set_user({"username": getpass.getuser(), "email": "zebulon@example.org"})
    sentry_sdk.set_tag("argv", " ".join(sys.argv))
    logging.basicConfig()
    logging.getLogger("app").warning("opening %s", sys.argv[1:])

    dsn = os.environ["RUNTIME_DSN"]
    rr.init(dsn, opted_in=True, context_name="privacy-check", context_version="2.0")

    home, host, fqdn = Path.home(), socket.gethostname(), socket.getfqdn()
    real_name = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0]
    token, cookie = os.environ["ZED_API_TOKEN"], os.environ["zed_session_cookie"]
    cache = Path(tempfile.gettempdir()) / "zedcrash_cache"


    class LoginError(Exception):
        pass


    def helper_of_the_account():
        zedcrash_tools.zedcrash_helper(cache)

    def temporary_folder():
        open(cache / "index.db")

    def url_encoded_home():
        raise ValueError(f"bad path {quote(str(home / 'data'), safe='')}")

    def host_names():
        raise ConnectionError(f"no {host}_db on {fqdn} ({fqdn.upper()})")

    def real_name_mail_and_url():
        raise PermissionError(
            f"{real_name} ({real_name.upper()}, {quote(real_name)}) may not push to"
            " https://zedcrash:hunter2-url@git.vcs.test/n.git; write to"
            " zebulon.crashworth@example.org or zed%40example.org"
        )

    def credentials_from_the_environment():
        raise RuntimeError(f"refused {token} {quote(token, safe='')} {token.upper()} {cookie}")

    def failed_command():
        bearer = "Authorization: Bearer " + os.environ["ZED_BEARER"]
        command = [sys.executable, "-c", "raise SystemExit(3)", f"--token={token}", "-H", bearer]
        subprocess.run(command, check=True)

    def password_in_arguments():
        account = {"user": getpass.getuser(), "password": "hunter2-arg"}
        raise LoginError("login failed", account, "password=hunter2-kv")

    @rr.recover
    def read_notes(password):
        return (Path.home() / "notes.txt").read_text()


    for failure in (
        helper_of_the_account,
        temporary_folder,
        url_encoded_home,
        host_names,
        real_name_mail_and_url,
        credentials_from_the_environment,
        failed_command,
        password_in_arguments,
    ):
        with rr.recover(reraise=False):
            failure()
    try:
        read_notes(os.environ["APP_PASSWORD"])  # a local variable of the failing frame
    except FileNotFoundError:
        print("done")
"""


@dataclass(frozen=True)
class Received:
    """What the endpoint received from one run of APP as ZED."""

    bodies: list[bytes]
    events: list[dict[str, Any]]
    normalized: list[dict[str, Any]]
    item_types: set[str]


@pytest.fixture(scope="module")
def received(tmp_path_factory: pytest.TempPathFactory) -> Received:
    skip_unless_namespaces()
    homes = tmp_path_factory.mktemp("zed") / "home"
    write(homes / ZED.user / SITE_PACKAGES / "zedcrash_tools" / "__init__.py", LIBRARY)
    write(homes / ZED.user / "project" / "app.py", APP)
    env = {
        "RUNTIME_DSN": "",  # set below, once the endpoint listens
        "SENTRY_ENVIRONMENT": "ci-main",
        "PYTHONPATH": f"{ZED.home}/{SITE_PACKAGES}",
        **SECRET_ENV,
    }
    with SentryEndpoint() as endpoint:
        # not SENTRY_DSN: the app's own sentry-sdk would use it
        env["RUNTIME_DSN"] = endpoint.dsn
        script = f"{ZED.home}/project/app.py"
        result = run_as(ZED, homes, script, env=env, args=(f"--token={ARGV_SECRET}",))
        assert result.stdout.strip() == "done", result.stderr
        events = endpoint.wait_for_events(EVENTS)
        assert not endpoint.errors
        return Received(
            bodies=list(endpoint.bodies),
            events=events,
            normalized=list(endpoint.normalized),
            item_types={h["type"] for envelope in endpoint.envelopes for h, _ in envelope.items},
        )


@pytest.mark.parametrize(
    "secret",
    [*NAMES, *SECRET_ENV.values(), ARGV_SECRET, *PASSWORDS, "example.org"],
)
def test_no_identifying_value_reaches_the_server(received: Received, secret: str) -> None:
    assert leak(secret, received.bodies, received.events + received.normalized) == ""


def test_values_keep_their_meaning(received: Received) -> None:
    values = {exception_value(event) for event in received.events}
    assert values >= {
        "<user>2 lost /tmp/<user>_cache; see <user>_backup or <user>",
        "[Errno 2] No such file or directory: '/tmp/<user>_cache/index.db'",
        "bad path ~%2Fdata",
        "no <host>_db on <host> (<host>)",
        "<name> <name> (<name> <name>, <name>%20<name>) may not push to"
        " https://<secret>@git.vcs.test/n.git; write to <email> or <email>",
        "refused <secret> <secret> <secret> <secret>",
        "('login failed', {'user': '<user>', 'password': '<secret>'}, 'password=<secret>')",
        "[Errno 2] No such file or directory: '~/notes.txt'",
    }, values
    [helper] = [event for event in received.events if exception_type(event) == "<user>Error"]
    library_frame = frames(helper)[-1]
    assert library_frame["abs_path"] == f"~/{SITE_PACKAGES}/<user>_tools/__init__.py"
    assert (library_frame["module"], library_frame["function"]) == ("<user>_tools", "<user>_helper")
    assert (
        "# <user>_backup sits next to the <user>_cache folder" in library_frame["pre_context"][-1]
    )


def test_the_runtimes_own_fields_arrive_unchanged(received: Received) -> None:
    for event in received.events + received.normalized:
        assert event["environment"] == "ci-main"
        assert event["release"] == "2.0"
        tags = event["tags"]
        tags = dict(tags) if isinstance(tags, list) else tags  # Relay stores tags as pairs
        assert tags == {"context.name": "privacy-check", "context.version": "2.0"}
        assert event["sdk"]["name"] == "sentry.python"
        assert {value["mechanism"]["type"] for value in event["exception"]["values"]} == {"recover"}
    assert all("errors" not in event for event in received.normalized)


def test_the_allow_list_holds(received: Received) -> None:
    """What was promised before: one event item per event, no server_name, modules, extra,
    user, breadcrumbs, request, threads, frame variables, contexts other than the trace, and
    a trace id of each event's own."""
    assert received.item_types == {"event"}
    events = received.events
    assert len({event["contexts"]["trace"]["trace_id"] for event in events}) == len(events)
    for event in events:
        for absent in ("server_name", "modules", "extra", "user", "breadcrumbs", "request"):
            assert absent not in event, absent
        assert "threads" not in event
        assert set(event["contexts"]) == {"trace"}
        assert all("vars" not in frame for frame in frames(event))


def leak(secret: str, bodies: Iterable[bytes], events: Iterable[dict[str, Any]]) -> str:
    """Where `secret` occurs, in any case, as a substring, in any received byte (JSON's `\\u`
    escapes undone) or any event, as is or URL-decoded: the text around it, or ""."""
    texts = [_unescape_json(body.decode("utf-8", "replace")) for body in bodies]
    texts += [json.dumps(event, ensure_ascii=False) for event in events]
    texts += [unquote(text) for text in texts]
    for wanted in {secret.lower(), quote(secret, safe="").lower()}:
        for text in texts:
            at = text.lower().find(wanted)
            if at != -1:
                return text[max(0, at - 60) : at + len(wanted) + 60]
    return ""


def exception_value(event: dict[str, Any]) -> str:
    return str(event["exception"]["values"][-1].get("value"))


def exception_type(event: dict[str, Any]) -> str:
    return str(event["exception"]["values"][-1].get("type"))


def frames(event: dict[str, Any]) -> list[dict[str, Any]]:
    return list(event["exception"]["values"][-1]["stacktrace"]["frames"])


def _unescape_json(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
