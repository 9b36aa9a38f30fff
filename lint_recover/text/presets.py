"""Which presets are on in a module: those whose library it imports.

A preset's words, conventions and consuming methods count only in a module where it is on
(`apis.table.ModuleApis`), so that code that never imports gevent, Qt or twisted is screened
and walked exactly as before. The test reads the text, before parsing (the screen runs it):
the lines that spell `import` (`import gevent`, `from PyQt5.QtCore import QTimer`, `from
gi.repository import GLib`, an import in a function or under `TYPE_CHECKING`), gathered with
one scan of the text, are searched for each preset's `mentions`. Searching the whole text for
each library's name instead cost 13 scans per module, as much again as the screen itself. A
line that only looks like an import (in a docstring or a comment) merely makes the module pay
for the preset's words: every finding still needs a call whose callee resolves to the
library's API, or a convention of its spelling.
"""

from __future__ import annotations

from functools import cache

from lint_recover.config import Config


def active_presets(text: str, config: Config) -> frozenset[str]:
    """The names of the presets on in a module with this source `text`. The screen and then
    the facts walk ask about the same text object: the last answer is kept for it."""
    global _last
    last_text, last_config, last_found = _last
    if last_text is text and last_config is config:
        return last_found
    forced, plan = _plan(config)
    if not plan:
        return forced
    imports = import_lines(text)
    found = forced | {name for name, mentions in plan if any(m in imports for m in mentions)}
    _last = (text, config, found)
    return found


# The last text asked about, its configuration and the answer.
_last: tuple[str | None, Config | None, frozenset[str]] = (None, None, frozenset())


def import_lines(text: str) -> str:
    """Every line of `text` that spells `import`, joined (empty when there is none)."""
    lines = []
    find = text.find
    at = find("import")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = find("\n", at)
        if end == -1:
            end = len(text)
        lines.append(text[start:end])
        at = find("import", end)
    return "\n".join(lines)


@cache
def _plan(config: Config) -> tuple[frozenset[str], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The presets forced on, and the mentions of each other one not turned off."""
    forced = config.forced_presets()
    table = config.table()
    return forced & frozenset(table.presets), tuple(
        (name, preset.mentions) for name, preset in table.presets.items() if name not in forced
    )
