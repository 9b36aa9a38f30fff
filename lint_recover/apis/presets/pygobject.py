"""PyGObject (GLib): idle and timeout sources.

GLib calls the function of an idle or timeout source from its main loop; PyGObject prints
what it raises and the loop goes on. Nothing comes back: like a loop callback. `GObject`'s
functions of the same names are the deprecated aliases of GLib's. GLib's and Gtk's own
callables given as work (`Gtk.main_quit`) need nothing.

PyGObject builds from source only (it needs the cairo and GObject-introspection development
libraries), so these rows are tested by rule cases, not against the installed library.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import Preset, SpawnApi, named

NAME = "pygobject"
_MODULES = ("gi.repository.GLib", "gi.repository.GObject")

_IDLE = SpawnApi("", "RCV701", 0, "function", called_with="trailing", origin=NAME)
_TIMEOUT = replace(_IDLE, position=1)

PRESET = Preset(
    name=NAME,
    library="PyGObject (GLib)",
    mentions=("gi.repository", "import gi"),
    prefixes=("gi.",),
    distributions=("PyGObject",),
    rows=(
        *named(_IDLE, *(f"{module}.idle_add" for module in _MODULES)),
        *named(
            _TIMEOUT,
            *(
                f"{module}.{name}"
                for module in _MODULES
                for name in ("timeout_add", "timeout_add_seconds")
            ),
        ),
    ),
    own_work_is_quiet=True,
)
