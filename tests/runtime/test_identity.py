"""What the runtime reads as identifying: which variables are credentials, the real name's
words, the host's names from the hosts file. (Reading a real account and host end to end:
test_privacy.py.)"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from recover_runtime.identity import Identity, credential_values, real_name_words


@pytest.mark.parametrize(
    "name",
    [
        "GITHUB_TOKEN",
        "token_for_upload",
        "DB_PASSWORD",
        "MYSQL_PASSWD",
        "AWS_SECRET_ACCESS_KEY",
        "SSH_KEYFILE",
        "SENTRY_DSN",
        "BASIC_AUTH",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "zed_session_cookie",
        "SESSIONID",
    ],
)
def test_a_credential_named_variable_is_a_secret_at_6_characters(name: str) -> None:
    assert credential_values({name: "123456"}) == ["123456"]
    assert credential_values({name: "12345"}) == []


def test_other_variables_are_not_secrets() -> None:
    assert credential_values({"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "EDITOR": "vim-x"}) == []


@pytest.mark.parametrize(
    ("gecos", "words"),
    [
        ("Zebulon Crashwörth,Room 42,+1 555 0100", ["Zebulon", "Crashwörth"]),
        ("Jean-Luc O'Neil", ["Jean", "Luc", "O", "Neil"]),
        ("", []),
        (None, []),
    ],
)
def test_real_name_words_come_from_the_first_gecos_field(
    gecos: str | None, words: list[str]
) -> None:
    assert real_name_words(gecos) == words


def test_the_hosts_file_gives_the_fully_qualified_name(tmp_path: Path) -> None:
    host = socket.gethostname()
    hosts = tmp_path / "hosts"
    hosts.write_text(
        "127.0.0.1 localhost\n"
        f"127.0.1.1 {host}.corp.example {host}  # this machine\n"
        "10.0.0.9 other.corp.example other\n",
        encoding="utf-8",
    )
    environ = {"HOME": "/home/zed", "SUDO_USER": "zed", "ZED_TOKEN": "t0k3n-zed"}

    identity = Identity.of_this_process(environ=environ, hosts_file=str(hosts))

    assert {host, f"{host}.corp.example"} <= identity.hosts
    assert not identity.hosts & {"localhost", "other", "other.corp.example"}
    assert "zed" in identity.users  # the person behind sudo
    assert "/home/zed" in identity.homes
    assert identity.secrets == {"t0k3n-zed"}


def test_an_unreadable_hosts_file_is_no_error(tmp_path: Path) -> None:
    identity = Identity.of_this_process(environ={}, hosts_file=str(tmp_path / "missing"))
    assert socket.gethostname() in identity.hosts
