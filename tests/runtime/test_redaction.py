"""The redaction rules on text, one case per line: what is replaced and what must stay.

The identifying values are given as an `Identity` (what `Identity.of_this_process()` would
read); reading them from a real account is tested end to end in test_privacy.py.
"""

from __future__ import annotations

import enum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from recover_runtime.identity import Identity
from recover_runtime.redaction import Redactor, Verbatim

ZED = Redactor(
    Identity(
        users=frozenset({"zedcrash"}),
        homes=frozenset({"/home/zedcrash", "/var/home/zedcrash"}),
        real_name_words=frozenset({"Zebulon", "Crashwörth"}),
        hosts=frozenset({"zedbox", "zedbox.corp.example"}),
        secrets=frozenset({"zt/4711+Q9x=Kp", "secret"}),
    )
)
# Short and common names only: user `app`, host `ci`, real name "Dev Ops".
APP = Redactor(
    Identity(
        users=frozenset({"app"}),
        homes=frozenset({"/home/app"}),
        real_name_words=frozenset({"Dev", "Ops"}),
        hosts=frozenset({"ci"}),
    )
)
AL = Redactor(Identity(users=frozenset({"al"}), homes=frozenset({"/home/al"})))
# A real name of everyday words.
MARK = Redactor(Identity(users=frozenset({"mwill"}), real_name_words=frozenset({"Mark", "Will"})))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the user name inside words, identifiers, paths, names of modules, functions, types
        ("/tmp/zedcrash_cache/x", "/tmp/<user>_cache/x"),
        ("zedcrash_tools.zedcrash_helper", "<user>_tools.<user>_helper"),
        ("ZedcrashError: zedcrash2 zedcrash_backup", "<user>Error: <user>2 <user>_backup"),
        ("    def zedcrash_helper(cache):  # ZEDCRASH", "    def <user>_helper(cache):  # <user>"),
        # the home, also URL-encoded, also written with backslashes
        ("/home/zedcrash/project/app.py", "~/project/app.py"),
        ("%2Fhome%2Fzedcrash%2Fdata", "~%2Fdata"),
        ("%2fHOME%2fzedcrash", "~"),
        ("\\home\\zedcrash\\x", "~\\x"),
        ("/var/home/zedcrash/x", "~/x"),
        # host names, short and fully qualified, inside words
        ("zedbox_db on zedbox.corp.example (ZEDBOX.CORP.EXAMPLE)", "<host>_db on <host> (<host>)"),
        # the real name's words, also URL-encoded
        (
            "Zebulon Crashwörth, CRASHWÖRTH, Zebulon%20Crashw%C3%B6rth",
            "<name> <name>, <name>, <name>%20<name>",
        ),
        # credentials from the environment, any case, URL-encoded
        (
            "token zt/4711+Q9x=Kp ZT/4711+Q9X=KP zt%2F4711%2BQ9x%3DKp",
            "token <secret> <secret> <secret>",
        ),
        # a character that lower-cases to two (İ) does not shift what follows
        ("İİ zedcrash İ", "İİ <user> İ"),
        # placeholders stay whole though `secret` is itself a secret here
        ("<secret> <user> <host> secret", "<secret> <user> <host> <secret>"),
    ],
)
def test_distinctive_values_are_replaced_everywhere(text: str, expected: str) -> None:
    assert ZED.text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/home/alice/app.py", "/home/alice/app.py"),  # not `~ice/app.py`
        ("/home/al.bak/x", "/home/al.bak/x"),
        ("/home/al", "~"),
        ("/home/al/notes", "~/notes"),
        ("'/home/al': gone", "'~': gone"),
        ("file:///home/al/x", "file://~/x"),
        ("%2Fhome%2Fal%2Fx", "~%2Fx"),
        ("/srv/home/al/x", "/srv/home/<user>/x"),  # not the home; `al` under a homes folder
    ],
)
def test_the_home_is_replaced_on_path_boundaries_only(text: str, expected: str) -> None:
    assert AL.text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ci-main",
        "app.py",
        "my_app.application",
        "the app failed in ci",
        "apps/app/x",
        "/srv/app/app.py",
        "dev-ops Dev Ops DevOps",
        "http://ci.example.org:8080/",
        "app.ci@",
    ],
)
def test_short_and_common_names_stay_inside_words_and_elsewhere(text: str) -> None:
    assert APP.text(text) == text


def test_a_real_name_of_everyday_words_stays_in_words() -> None:
    text = "see markdown: it will retry, Mark Will"
    assert MARK.text(text) == text
    assert MARK.text("mark@mail.test, mwill_tools") == "<email>, <user>_tools"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/home/app/x and /Users/app/y", "~/x and /Users/<user>/y"),
        ("C:\\Users\\app\\z", "C:\\Users\\<user>\\z"),
        ("%2Fusers%2FApp%2Fw", "%2Fusers%2F<user>%2Fw"),
        ("ssh app@ci", "ssh <user>@<host>"),
        ("dev%40ci", "<name>%40<host>"),
        ("http://ci:8080/health, https://ci/x", "http://<host>:8080/health, https://<host>/x"),
    ],
)
def test_short_and_common_names_are_replaced_where_they_name_an_account(
    text: str, expected: str
) -> None:
    assert APP.text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password=hunter2", "password=<secret>"),
        ("--db-password=hunter2 next", "--db-password=<secret> next"),
        ("PASSWD:hunter2", "PASSWD:<secret>"),
        ("{'user': 'zed', 'password': 'hunter 2'}", "{'user': 'zed', 'password': '<secret>'}"),
        ('{"api_key": "k-123"}', '{"api_key": "<secret>"}'),
        ('secret = "s3cr3t"', 'secret = "<secret>"'),
        ("?access_token=abc&page=2", "?access_token=<secret>&page=2"),
        ("Cookie: sessionid=abc; csrftoken=def", "Cookie: sessionid=<secret>; csrftoken=<secret>"),
        ("Authorization: Bearer eyJhbGciOi.x", "Authorization: Bearer <secret>"),
        ("https://zed:pw@git.vcs.test/r.git", "https://<secret>@git.vcs.test/r.git"),
        ("ssh://git@host/r", "ssh://<secret>@host/r"),
        ("mail Zed.Crash+1@Example.ORG now", "mail <email> now"),
        ("mailto%3Azed%40example.org", "mailto%3A<email>"),
        # shapes that are not credentials
        ("def login(self, password: str) -> None:", "def login(self, password: str) -> None:"),
        ("token = make_token()", "token = make_token()"),
        ("tokenizer=fast author=me", "tokenizer=fast author=me"),
        ("    @rr.recover", "    @rr.recover"),
        ("https://example.org/a@b", "https://example.org/a@b"),
    ],
)
def test_credentials_and_addresses_are_replaced_by_their_shape(text: str, expected: str) -> None:
    assert APP.text(text) == expected


class Colour(enum.StrEnum):
    MINE = "zedcrash's"


def test_values_read_from_undecodable_bytes_are_redacted_too() -> None:
    """The environment keeps bytes that are not UTF-8 as surrogates (`\\udcff`)."""
    redactor = Redactor(
        Identity(secrets=frozenset({"tok\udcffen-1"}), homes=frozenset({"/home/z\udcff"}))
    )
    assert redactor.text("tok\udcffen-1 tok%FFen-1 /home/z\udcff/a") == "<secret> <secret> ~/a"


def test_tree_redacts_every_string_value_and_keeps_keys_and_verbatim_parts() -> None:
    event = {
        "zedcrash": ["/home/zedcrash/a", ("zedbox", 3)],
        "nul": "zedcrash\x00zedbox",  # the joining character inside a string
        "enum": Colour.MINE,
        "own": Verbatim({"environment": "zedbox"}),
        "number": 7,
    }
    assert ZED.tree(event) == {
        "zedcrash": ["~/a", ["<host>", 3]],
        "nul": "<user>\x00<host>",
        "enum": "<user>'s",
        "own": {"environment": "zedbox"},
        "number": 7,
    }


FRAGMENTS = [
    "zedcrash",
    "ZedCrash",
    "zed",
    "crash",
    "/home/zedcrash",
    "/home/",
    "%2F",
    "zedbox",
    ".corp.example",
    "Zebulon",
    "zt/4711+Q9x=Kp",
    "secret",
    "<",
    ">",
    "@",
    "password=",
    "'",
    " ",
    "/",
    "_",
    "x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("".join))
def test_no_distinctive_value_survives_any_text(text: str) -> None:
    redacted = ZED.text(text).lower()
    for value in ("zedcrash", "zedbox", "zebulon", "zt/4711+q9x=kp", "/home/zedcrash"):
        assert value not in redacted
    assert ZED.text(ZED.text(text)) == ZED.text(text)
