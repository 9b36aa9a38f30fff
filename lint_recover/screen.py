"""A text screen: can this module yield any finding at all?

Building facts walks every node of a module in Python, which costs about half of the
`ast.parse` that produced the tree; in a flake8 run that walk is nearly all the plugin adds.
Most modules cannot yield a finding, and that is visible in their text: every spawn site the
facts record is a call whose callee is spelled with a spawn API's name (or an alias this
module binds, which is introduced by a statement spelling that name), RCV102 needs a `def
run`, a thread subclass hands `Thread.__init__` its target through `.__init__` (called
with arguments, or taken as a value), and a project thread subclass constructed elsewhere is
given its target as `target=` (or `function=`). So a module whose text spells none of them is
skipped without building its facts (they are built later, from the file, only if another
module's resolution consults them).

The screen is a necessary condition, never a guess: it answers True whenever findings are
possible. `map` is too common to screen as a bare word (the builtin): its one spelling not
counted is a call of the bare name, `map(...)`, which is an executor's only if the module
binds the name from one, and that binding spells it otherwise (`m = pool.map`, `from jobs
import map`, `... as map`). Names are found with `str.find`, not a regex: a `\\b` pattern
over a whole module costs more than the walk this screen saves.
With `entrypoints` or `entrypoint-decorators` configured, every module is checked.
"""

from __future__ import annotations

from functools import cache

from lint_recover.config import Config
from lint_recover.facts.sites import SPAWN_NAMES, TARGET_KEYWORDS
from lint_recover.facts.words import (
    Accept,
    anywhere,
    call_site_acceptor,
    is_word_char,
    occurrences,
    skip_blanks_back,
)


def _after_def(text: str, start: int, end: int) -> bool:
    """`def run` (RCV102 needs a `run` method)."""
    before = skip_blanks_back(text, start - 1)
    return (
        before < start - 1
        and text[max(before - 2, 0) : before + 1] == "def"
        and not is_word_char(text, before - 3)
    )


def _not_a_builtin_call(text: str, start: int, end: int) -> bool:
    """`map` anywhere but the builtin's call `map(...)`: `.map` of an executor, or a
    statement binding the name (`from jobs import map`, `m = pool.map`)."""
    before = skip_blanks_back(text, start - 1)
    if before >= 0 and text[before] == ".":
        return True
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    return after >= len(text) or text[after] != "("


@cache
def _words(spawner_names: frozenset[str]) -> tuple[tuple[str, Accept], ...]:
    """What to look for: configured spawners' names anywhere (even `run` or `map`)."""
    module_wide: dict[str, Accept] = {"run": _after_def, "map": _not_a_builtin_call}
    words = sorted((SPAWN_NAMES | TARGET_KEYWORDS | module_wide.keys()) - spawner_names)
    screened = ((word, module_wide.get(word) or call_site_acceptor(word)) for word in words)
    return (*screened, *((word, anywhere) for word in sorted(spawner_names)))


def could_report(text: str, config: Config) -> bool:
    """False only when no rule can report anything in a module with this source `text`."""
    if config.entrypoints or config.entrypoint_decorators:
        return True
    spawners = frozenset(spawner.name.rsplit(".", 1)[-1] for spawner in config.spawners)
    words = _words(spawners)
    return any(next(occurrences(text, word, accept), None) is not None for word, accept in words)
