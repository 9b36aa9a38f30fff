"""tkinter: `after` and `after_idle` callbacks.

Tk catches what a callback raises and hands it to the root's `report_callback_exception`,
which prints it; the main loop goes on. Nothing comes back: like a loop callback. `after` is
a method of every widget (`tkinter.Misc`), called on a widget or on `self` in a widget
subclass, so it is known by its name on anything of tkinter. Widget `command=` callbacks
and event bindings are not reported: they are the user interface's event handlers, which
`recover_runtime.integrations.tkinter.install(root)` reports in one place (as an API
framework's handlers are reported by its integration), while `after` schedules work the way
a timer does. tkinter's own callables given as work (`root.destroy`) need nothing.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import Preset, SpawnApi, on

NAME = "tkinter"
MISC = "tkinter.Misc"

_AFTER = SpawnApi("", "RCV701", 1, "func", called_with="trailing", origin=NAME)

PRESET = Preset(
    name=NAME,
    library="tkinter",
    mentions=("tkinter",),
    prefixes=("tkinter.",),
    rows=(*on(_AFTER, [MISC], "after"), *on(replace(_AFTER, position=0), [MISC], "after_idle")),
    methods={method: f"{MISC}.{method}" for method in ("after", "after_idle")},
    own_work_is_quiet=True,
)
