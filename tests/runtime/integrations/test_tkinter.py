"""tkinter: failing `after` callbacks, widget commands and bindings, with a real Tk under Xvfb."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.runtime.integrations.library_apps import (
    nothing_private,
    reported,
    run_without_and_with,
    same_output,
)
from tests.support.sentry_endpoint import SentryEndpoint


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """A virtual X display of our own: Xvfb picks a free number and writes it to a pipe."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (bash .ci/run installs the Debian package xvfb)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", "320x240x24"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        number = _read_line(read_end, timeout=30)
        if not number:
            pytest.skip(f"Xvfb could not start (exit status {server.poll()})")
        yield f":{number}"
    finally:
        os.close(read_end)
        server.terminate()
        server.wait(timeout=30)


def _read_line(fd: int, timeout: float) -> str:
    """What Xvfb writes to `fd` up to its newline; empty if it exits or says nothing in time."""
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return ""
        chunk = os.read(fd, 64)
        if not chunk:
            return ""
        data += chunk
    return data.decode().strip()


# Callbacks scheduled with the same delay run in the order they were scheduled, and idle ones
# too, so the root is destroyed after every failing callback ran; nothing waits a fixed time.
APP = """
    import sys, tkinter
    import recover_runtime as rr
    from recover_runtime.integrations import tkinter as recover_tkinter

    rr.init(opted_in=True)
    root = tkinter.Tk()
    # HANDLER
    # INSTALL
    token = sys.argv[1]

    def after_callback(token):
        raise ValueError("after callback")

    def idle_callback():
        raise ValueError("after_idle callback")

    def command():
        raise ValueError("button command")

    def on_write(*args):
        raise ValueError("variable trace")

    def lookup():
        raise KeyError("expected by the application")

    button = tkinter.Button(root, command=command)
    variable = tkinter.StringVar(root)
    variable.trace_add("write", on_write)
    root.after(0, after_callback, token)
    root.after(0, button.invoke)
    root.after(0, variable.set, "written")
    root.after(0, lookup)
    root.after_idle(idle_callback)
    root.after(0, root.after_idle, root.destroy)
    root.mainloop()
"""

# Installed twice: still reported once; the second call adds KeyError to what is expected.
INSTALL = "recover_tkinter.install(root); recover_tkinter.install(root, expected=(KeyError,))"

EXPECTED_REPORTS = [
    ("tkinter", "after callback", "after_callback"),
    ("tkinter", "after_idle callback", "idle_callback"),
    ("tkinter", "button command", "command"),
    ("tkinter", "variable trace", "on_write"),
]


def test_failing_tk_callbacks_are_reported_once(display: str, endpoint: SentryEndpoint) -> None:
    runs = run_without_and_with(APP, INSTALL, endpoint, env={"DISPLAY": display})

    assert runs.adapted.returncode == 0, runs.adapted.stderr
    assert reported(endpoint, 4) == EXPECTED_REPORTS
    same_output(runs)
    assert runs.adapted.stderr.count("Exception in Tkinter callback") == 5
    nothing_private(endpoint, runs)


def test_the_applications_own_handler_still_runs(display: str, endpoint: SentryEndpoint) -> None:
    handler = "root.report_callback_exception = lambda kind, value, tb: print('handled:', value)"
    app = APP.replace("# HANDLER", handler)

    runs = run_without_and_with(app, INSTALL, endpoint, env={"DISPLAY": display})

    assert runs.adapted.returncode == 0, runs.adapted.stderr
    assert reported(endpoint, 4) == EXPECTED_REPORTS
    same_output(runs)
    assert runs.adapted.stdout.count("handled:") == 5
    nothing_private(endpoint, runs)
