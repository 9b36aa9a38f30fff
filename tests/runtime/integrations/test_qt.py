"""Qt: a failing slot, QTimer.singleShot callback and QThread.run, in PySide6, PyQt6 and PyQt5."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runtime.integrations.library_apps import (
    nothing_private,
    reported,
    run_without_and_with,
    same_output,
)
from tests.support.sentry_endpoint import SentryEndpoint

BINDINGS = ["PySide6", "PyQt6", "PyQt5"]
QT_ENV = {"QT_QPA_PLATFORM": "offscreen"}

# The application quits when its thread has finished, after the zero-delay timers that were
# queued before it; nothing waits a fixed time. The main thread's uncaught exception at the
# end is the interpreter's to report (install_hooks), not Qt's.
APP = """
    import functools, sys
    from BINDING.QtCore import QThread, QTimer
    from BINDING.QtWidgets import QApplication, QPushButton
    import recover_runtime as rr
    from recover_runtime.integrations import qt as recover_qt

    rr.init(opted_in=True)
    # HOOK
    # INSTALL
    token = sys.argv[1]
    app = QApplication(sys.argv)

    def single_shot():
        raise ValueError("single shot")

    def clicked(token, *checked):
        raise ValueError("slot")

    def lookup():
        raise KeyError("expected by the application")

    class Worker(QThread):
        def run(self):
            raise ValueError("thread run")

    button = QPushButton("go")
    button.clicked.connect(functools.partial(clicked, token))
    worker = Worker()
    worker.finished.connect(app.quit)
    QTimer.singleShot(0, single_shot)
    QTimer.singleShot(0, button.click)
    QTimer.singleShot(0, lookup)
    QTimer.singleShot(0, worker.start)
    app.exec()
    worker.wait()
    raise RuntimeError("the main thread ends")
"""

# The shape of most real PyQt applications: their own hook, so that PyQt does not abort.
OWN_HOOK = "sys.excepthook = lambda kind, value, tb: print('application hook:', value)"

# Installed twice: still reported once; the second call adds KeyError to what is expected.
INSTALL = "recover_qt.install(); recover_qt.install(expected=(KeyError,))"

ALL_REPORTS = [
    ("qt", "single shot", "single_shot"),
    ("qt", "slot", "clicked"),
    ("qt", "thread run", "run"),
]


@pytest.mark.parametrize("binding", BINDINGS)
def test_with_the_interpreters_hook(binding: str, endpoint: SentryEndpoint, tmp_path: Path) -> None:
    """PySide6 goes on after each failure; PyQt aborts at the first, with and without us."""
    app = APP.replace("BINDING", binding)

    runs = run_without_and_with(app, INSTALL, endpoint, env=QT_ENV, cwd=tmp_path)

    same_output(runs)
    if binding == "PySide6":
        assert runs.adapted.returncode == 1
        assert "RuntimeError: the main thread ends" in runs.adapted.stderr
        assert reported(endpoint, 3) == ALL_REPORTS
    else:
        assert runs.adapted.returncode == -6  # SIGABRT from qFatal
        assert "ValueError: single shot" in runs.adapted.stderr
        assert reported(endpoint, 1) == ALL_REPORTS[:1]
    nothing_private(endpoint, runs)


@pytest.mark.parametrize("binding", BINDINGS)
def test_with_the_applications_own_hook(
    binding: str, endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    app = APP.replace("BINDING", binding).replace("# HOOK", OWN_HOOK)

    runs = run_without_and_with(app, INSTALL, endpoint, env=QT_ENV, cwd=tmp_path)

    assert runs.adapted.returncode == 1, runs.adapted.stderr
    assert reported(endpoint, 3) == ALL_REPORTS
    same_output(runs)
    assert runs.adapted.stdout.count("application hook:") == 5
    nothing_private(endpoint, runs)
