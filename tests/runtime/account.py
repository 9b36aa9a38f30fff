"""Run an application as another account, on another host, without touching the machine.

The privacy tests need a process whose user name, real name, home directory and host name
are the test's own (and look nothing like the machine's), read the way the runtime reads them:
the kernel's host name, the account database, `/etc/hosts`, the environment. Monkeypatching
`socket.gethostname` or `pwd` would test the patch, not the runtime. So the application runs
in private namespaces (`unshare`): a user namespace mapping the caller to the account's uid, a
UTS namespace whose host name is set with `hostname`, and a mount namespace where a passwd
file with the account's entry, a hosts file with its fully qualified name, and directories
of the test (its home under `/home`, others such as `/srv`) are bind-mounted. Nothing outside
the namespaces changes, and the loopback endpoint stays reachable (the network is shared).

Needs `unshare` with user namespaces (root, as in CI here, or unprivileged user namespaces);
`skip_unless_namespaces()` skips with the reason otherwise.
"""

from __future__ import annotations

import functools
import shlex
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.runtime.harness import NO_PROXY
from tests.support.process import clean_env

# Variables of the test's own session that would describe the machine, not the account.
_MACHINE_VARIABLES = ("HOSTNAME", "SUDO_USER", "SUDO_UID", "USERNAME", "LNAME", "MAIL")


@dataclass(frozen=True)
class Account:
    """Who the application runs as, and where."""

    user: str
    gecos: str  # the real name, then room and phones, comma-separated
    host: str
    domain: str
    uid: int = 4711
    # Directories of the test mounted in the namespace: inside path → outside directory.
    mounts: Mapping[str, Path] = field(default_factory=dict)

    @property
    def home(self) -> str:
        return f"/home/{self.user}"

    @property
    def fqdn(self) -> str:
        return f"{self.host}.{self.domain}"


def run_as(
    account: Account,
    homes: Path,
    script: str,
    *,
    env: Mapping[str, str] | None = None,
    args: tuple[str, ...] = (),
    login_session: bool = True,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run the Python file `script` (a path inside the namespace) as `account`.

    `homes` is the test's directory mounted on `/home` (the account's home is
    `homes / account.user`). With `login_session`, the environment says who and where the
    account is (`HOME`, `USER`, `LOGNAME`), as a login shell sets it; without, it says nothing
    (a service started with an empty environment), so only the account database tells.
    Returns the finished process; never raises on its exit status.
    """
    etc = homes.parent / "etc"
    etc.mkdir(exist_ok=True)
    (etc / "passwd").write_text(_passwd(account), encoding="utf-8")
    (etc / "hosts").write_text(
        f"127.0.0.1\tlocalhost\n127.0.1.1\t{account.fqdn} {account.host}\n::1\tlocalhost\n",
        encoding="utf-8",
    )
    mounts = {"/etc/passwd": etc / "passwd", "/etc/hosts": etc / "hosts", "/home": homes}
    mounts.update(account.mounts)
    setup = [f"hostname {shlex.quote(account.host)}"] + [
        f"mount --bind {shlex.quote(str(outside))} {shlex.quote(inside)}"
        for inside, outside in mounts.items()
    ]
    command = " && ".join([*setup, f"cd {shlex.quote(account.home)}", 'exec "$@"'])
    return subprocess.run(
        [*_unshare(account.uid), "sh", "-c", command, "sh", sys.executable, script, *args],
        env=_account_env(account, env or {}, login_session),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def write(path: Path, source: str) -> Path:
    """Write dedented `source` to `path` (parents created); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def skip_unless_namespaces() -> None:
    """Skip the calling test, with the reason, where the namespaces cannot be created."""
    reason = _namespaces_unavailable()
    if reason:
        pytest.skip(f"needs user, UTS and mount namespaces (unshare): {reason}")


@functools.cache
def _namespaces_unavailable() -> str:
    """Empty when a probe can set a host name and bind-mount a file; else why not."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "not Linux, or no unshare command"
    probe = "hostname probe && mount --bind /etc/hosts /etc/hosts"
    try:
        result = subprocess.run(
            [*_unshare(4711), "sh", "-c", probe],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return str(error)
    return "" if result.returncode == 0 else result.stderr.strip() or f"exit {result.returncode}"


def _unshare(uid: int) -> list[str]:
    # The caller becomes `uid` in the new user namespace; --keep-caps keeps the capabilities
    # that namespace grants, which `hostname` and `mount` need.
    return [
        "unshare",
        "--user",
        f"--map-user={uid}",
        f"--map-group={uid}",
        "--keep-caps",
        "--uts",
        "--mount",
    ]


def _passwd(account: Account) -> str:
    """The machine's account database with the account's entry in place of its uid's."""
    lines = [
        line
        for line in Path("/etc/passwd").read_text(encoding="utf-8").splitlines()
        if line.split(":")[0] != account.user and line.split(":")[2:3] != [str(account.uid)]
    ]
    entry = f"{account.user}:x:{account.uid}:{account.uid}:{account.gecos}:{account.home}:/bin/sh"
    return "\n".join([*lines, entry]) + "\n"


def _account_env(account: Account, extra: Mapping[str, str], login_session: bool) -> dict[str, str]:
    """The test's clean environment without what describes the machine or the test's user,
    with the account's session variables when it has a login session."""
    env = clean_env(NO_PROXY)
    for name in (*_MACHINE_VARIABLES, "HOME", "USER", "LOGNAME", "PWD"):
        env.pop(name, None)
    if login_session:
        env.update(HOME=account.home, USER=account.user, LOGNAME=account.user, PWD=account.home)
    env.update(extra)
    return env
