"""Qt, in its three bindings (PyQt5, PyQt6, PySide6): one preset each, of the same shape.

An exception escaping Python code that Qt calls (a slot connected to a signal, a
`QTimer.singleShot` callback, a callable given to a thread pool, `QThread.run`,
`QRunnable.run`) cannot propagate into C++: the binding prints it (PyQt aborts unless
`sys.excepthook` was replaced) and the event loop goes on. Nothing comes back: like a loop
callback. Slots are mostly connected through a widget's signal attribute
(`button.clicked.connect(...)`), which resolution names only as far as "something of Qt", so
`connect` is known by its name there. Qt's own slots and signals given as work
(`self.close`, another signal) are C++ and need nothing.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import Preset, SpawnApi, WorkMethod, named, on


def binding(package: str, signal: str, *distributions: str) -> Preset:
    """The preset of one Qt binding: `package` (`PyQt5`), its bound signal's class and the
    distributions it comes in besides its own name."""
    name = package.lower()
    core = f"{package}.QtCore"
    callback = SpawnApi("", "RCV701", 0, None, called_with="value", origin=name)
    pool = (f"{core}.QThreadPool",)
    return Preset(
        name=name,
        library=f"Qt ({package})",
        mentions=(package,),
        prefixes=(f"{package}.",),
        distributions=(package, *distributions),
        rows=(
            # `singleShot(msec, slot)`, and `singleShot(msec, timer_type | context, slot)`.
            *named(replace(callback, position=1), f"{core}.QTimer.singleShot"),
            *named(replace(callback, position=2), f"{core}.QTimer.singleShot"),
            *on(callback, pool, "start"),
            *on(callback, pool, "tryStart"),
            *named(callback, f"{core}.QRunnable.create"),
            *on(callback, [f"{core}.{signal}"], "connect"),
        ),
        work_methods=tuple(
            WorkMethod(f"{core}.{cls}", "run", "RCV703", origin=name)
            for cls in ("QThread", "QRunnable")
        ),
        returns={f"{core}.QThreadPool.globalInstance": f"{core}.QThreadPool"},
        methods={"connect": f"{core}.{signal}.connect"},
        own_work_is_quiet=True,
    )


PRESETS = (
    binding("PyQt5", "pyqtBoundSignal"),
    binding("PyQt6", "pyqtBoundSignal"),
    binding("PySide6", "SignalInstance", "PySide6-Essentials"),
)
