"""A text screen: can this module yield any finding at all?

Building facts walks every node of a module in Python, which costs about half of the
`ast.parse` that produced the tree; in a flake8 run that walk is nearly all the plugin adds.
Most modules cannot yield a finding, and that is visible in their text: every spawn site the
facts record is a call whose callee is spelled with a spawn API's name (or an alias this
module binds, which is introduced by a statement spelling that name), and RCV102 needs a
`def run`. So a module whose text spells none of them is skipped without building its facts
(they are built later, from the file, only if another module's resolution consults them).

The screen is a necessary condition, never a guess: it answers True whenever findings are
possible. `map` is the one name too common to screen as a word (the builtin); an executor's
`map` can only be reached as an attribute (`pool.map`), or through a name this module binds
from one (`m = pool.map`: spelled `.map`) or imports (`from jobs import map`), all matched.
With `entrypoints` or `entrypoint-decorators` configured, every module is checked.
"""

from __future__ import annotations

import re
from functools import cache

from lint_recover.config import Config
from lint_recover.facts.builder import SPAWN_NAMES

_COMMON_WORDS = frozenset({"map"})
_RUN_METHOD = r"\bdef\s+run\b"
_IMPORTED_MAP = r"\.map\b|\bimport\b[^;\n]*\bmap\b|\bimport\s*\([^)]*\bmap\b"


@cache
def _pattern(extra_names: frozenset[str]) -> re.Pattern[str]:
    words = sorted((SPAWN_NAMES | extra_names) - _COMMON_WORDS)
    alternatives = [rf"\b(?:{'|'.join(map(re.escape, words))})\b", _RUN_METHOD, _IMPORTED_MAP]
    return re.compile("|".join(alternatives))


def could_report(text: str, config: Config) -> bool:
    """False only when no rule can report anything in a module with this source `text`."""
    if config.entrypoints or config.entrypoint_decorators:
        return True
    spawners = frozenset(spawner.name.rsplit(".", 1)[-1] for spawner in config.spawners)
    return _pattern(spawners).search(text) is not None
