"""The built-in presets: the spawn APIs of third-party libraries, one data module each.

Each library module defines its `Preset` (Qt one per binding): rows of the same model as the
standard library's (`apis.model`), plus what resolution needs to recognise them. This package
only lists them; the spawn table takes the rows of the presets a configuration leaves on
(`apis.table`), and a module's text decides which of those are on for it
(`text.presets`). Nothing here imports a library.
"""

from __future__ import annotations

from lint_recover.apis.model import Preset
from lint_recover.apis.presets import (
    dask,
    eventlet,
    gevent,
    pygobject,
    qt,
    tkinter,
    tornado,
    twisted,
)

PRESETS: tuple[Preset, ...] = (
    gevent.PRESET,
    eventlet.PRESET,
    tornado.PRESET,
    twisted.PRESET,
    *qt.PRESETS,
    tkinter.PRESET,
    pygobject.PRESET,
    dask.PRESET,
)
BY_NAME: dict[str, Preset] = {preset.name: preset for preset in PRESETS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
# Module paths of the libraries folded into their public spelling (`apis.canonical`).
MODULE_ALIASES: dict[str, str] = {
    private: public for preset in PRESETS for private, public in preset.modules.items()
}
