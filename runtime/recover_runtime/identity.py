"""What identifies the machine and the account a report comes from.

Read once per reporter (at `init`, or when a child process builds its own), never per event:
the account database, the host name and the environment do not change under a running
program often enough to pay for reading them on every failure. Every lookup may fail (no `pwd`
module on Windows, no passwd entry for the uid in a container, an unreadable `/etc/hosts`):
what cannot be read is simply not redacted, and reading never raises.

The values are kept as found; how each is matched (and the short/common-name rule) is the
redactor's business (`redaction.py`).
"""

from __future__ import annotations

import os
import re
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Variables a shell, `sudo`, Windows or a container set to the account's name; `SUDO_USER` is
# the person behind a root process.
_USER_VARIABLES = ("LOGNAME", "USER", "LNAME", "USERNAME", "SUDO_USER")
_HOME_VARIABLES = ("HOME", "USERPROFILE")
_HOST_VARIABLES = ("HOSTNAME", "COMPUTERNAME")
# A variable whose name contains one of these, in any position and any case, holds a credential.
CREDENTIAL_NAME = re.compile(
    "TOKEN|SECRET|PASSWORD|PASSWD|KEY|DSN|AUTH|CREDENTIAL|COOKIE|SESSION", re.IGNORECASE
)
# Shorter credential values would match too much unrelated text to be worth replacing.
MIN_SECRET_LENGTH = 6
HOSTS_FILE = "/etc/hosts"
# Names every machine has in its hosts file: not identifying.
_LOOPBACK_NAMES = re.compile(r"localhost|ip6-|broadcasthost", re.IGNORECASE)


@dataclass(frozen=True)
class Identity:
    """The identifying values of one process, as found (deduplicated, empty ones dropped)."""

    users: frozenset[str] = frozenset()
    homes: frozenset[str] = frozenset()
    real_name_words: frozenset[str] = frozenset()
    hosts: frozenset[str] = frozenset()
    secrets: frozenset[str] = frozenset()

    @classmethod
    def of_this_process(
        cls, environ: Mapping[str, str] = os.environ, hosts_file: str = HOSTS_FILE
    ) -> Identity:
        """Read the account database, the host name and the environment."""
        account_name, account_home, gecos = _account()
        homes = [*(environ.get(name) for name in _HOME_VARIABLES), account_home, _expanded_home()]
        host_names = [*(environ.get(name) for name in _HOST_VARIABLES), *_host_names()]
        return cls(
            users=_present([*(environ.get(name) for name in _USER_VARIABLES), account_name]),
            homes=_present(path for home in homes if home for path in _home_forms(home)),
            real_name_words=_present(real_name_words(gecos)),
            hosts=_present(
                name
                for name in [*host_names, *_hosts_file_aliases(hosts_file, host_names)]
                if name and not _LOOPBACK_NAMES.match(name)
            ),
            secrets=_present(credential_values(environ)),
        )


def credential_values(environ: Mapping[str, str]) -> list[str]:
    """Values (of `MIN_SECRET_LENGTH` or more) of the variables named like credentials."""
    return [
        value
        for name, value in environ.items()
        if len(value) >= MIN_SECRET_LENGTH and CREDENTIAL_NAME.search(name)
    ]


def real_name_words(gecos: str | None) -> list[str]:
    """The words of the real name: the GECOS field's first comma-separated part, in letters
    runs (`Jean-Luc O'Neil` gives Jean, Luc, O, Neil); the other parts are room and phones."""
    if not gecos:
        return []
    return re.findall(r"[^\W\d_]+", gecos.split(",", 1)[0])


def _present(values: Iterable[str | None]) -> frozenset[str]:
    return frozenset(value.strip() for value in values if value and value.strip())


def _home_forms(home: str) -> list[str]:
    """The home as given and as resolved (`/home` may be a link to `/usr/home`); never `/`."""
    forms = []
    for path in (home, os.path.realpath(home)):
        normal = os.path.normpath(path).rstrip("/\\")
        if normal and normal not in (".", os.sep):
            forms.append(normal)
    return forms


def _expanded_home() -> str | None:
    try:
        return os.path.expanduser("~")
    except Exception:
        return None


def _account() -> tuple[str | None, str | None, str | None]:
    """Name, home and GECOS (real name) of this process's uid in the account database."""
    try:
        import pwd

        entry = pwd.getpwuid(os.getuid())
    except Exception:  # no pwd module (Windows) or no entry for this uid (containers)
        return None, None, None
    return entry.pw_name, entry.pw_dir, entry.pw_gecos


def _host_names() -> list[str]:
    """The host name as the kernel and the C library give it, and its first label (a host
    name set to its fully qualified form, `zedbox.corp.example`, is also known as `zedbox`)."""
    names = []
    for read in (socket.gethostname, lambda: os.uname().nodename):
        try:
            names.append(read())
        except Exception:
            continue
    return names + [name.split(".", 1)[0] for name in names if "." in name]


def _hosts_file_aliases(path: str, host_names: Iterable[str | None]) -> list[str]:
    """Every name given to this host in the hosts file (its fully qualified name above all).

    Read directly instead of through `socket.getfqdn()`, which may wait for DNS when the name
    is not in the file: identifying values are read at `init`, on the application's time.
    """
    own = {name.lower() for name in host_names if name}
    try:
        with open(path, encoding="utf-8", errors="replace") as hosts:
            lines = hosts.read().splitlines()
    except Exception:
        return []
    aliases: list[str] = []
    for line in lines:
        names = line.split("#", 1)[0].split()[1:]
        if own.intersection(name.lower() for name in names):
            aliases.extend(names)
    return aliases
