"""Which presets are on in a module: those whose library its text names.

A preset's words, conventions and consuming methods count only in a module where it is on
(`apis.table.ModuleApis`), so that code that never names gevent, Qt or twisted is screened and
walked exactly as before, at the cost of one substring search per library. The test is the
text, not the imports: it runs before parsing (the screen), and a library named anywhere
(an import, a string, a comment) only makes the module pay for the preset's words; no
finding comes from the mention itself, since every finding needs a call whose callee
resolves to the library's API, or a convention of its spelling.
"""

from __future__ import annotations

from functools import cache

from lint_recover.config import Config


def active_presets(text: str, config: Config) -> frozenset[str]:
    """The names of the presets on in a module with this source `text`."""
    forced, plan = _plan(config)
    return forced | {name for name, mentions in plan if any(m in text for m in mentions)}


@cache
def _plan(config: Config) -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The presets forced on, and the mentions of each other one not turned off."""
    forced = config.forced_presets()
    table = config.table()
    return forced & frozenset(table.presets), tuple(
        (name, preset.mentions) for name, preset in table.presets.items() if name not in forced
    )
