"""A text screen: can this module yield any finding at all?

Building facts walks every node of a module in Python, which costs about half of the
`ast.parse` that produced the tree; in a flake8 run that walk is nearly all the plugin adds.
Most modules cannot yield a finding, and that is visible in their text: every spawn site the
facts record is a call whose callee is spelled with a spawn API's name (or an alias this
module binds, which is introduced by a statement spelling that name), RCV102 needs a `def
run` (RCV703 a `def run` or `def _run`), a thread subclass hands `Thread.__init__` its target
through `.__init__` (called with arguments, or taken as a value), and a project thread
subclass constructed elsewhere is given its target as `target=` (or `function=`). So a module
whose text spells none of them is skipped without building its facts (they are built later,
from the file, only if another module's resolution consults them).

The screen is a necessary condition, never a guess: it answers True whenever findings are
possible. `map` is too common to screen as a bare word (the builtin): its one spelling not
counted is a call of the bare name, `map(...)`, which is an executor's only if the module
binds the name from one, and that binding spells it otherwise (`m = pool.map`, `from jobs
import map`, `... as map`). Names are found with `str.find`, not a regex: a `\\b` pattern
over a whole module costs more than the walk this screen saves.
With `entrypoints` or `entrypoint-decorators` configured, every module is checked. The words
of a third-party library's preset are looked for only in a module that imports the library
(`text.presets`), so a module that imports none costs what it cost before presets existed.
"""

from __future__ import annotations

from functools import cache

from lint_recover.apis.table import STANDARD
from lint_recover.config import Config
from lint_recover.text.presets import active_presets
from lint_recover.text.words import (
    Accept,
    anywhere,
    call_site_acceptor,
    find_words,
    is_word_char,
    occurrences,
    skip_blanks_back,
)


def _after_def(text: str, start: int, end: int) -> bool:
    """`def run` (RCV102 needs a `run` method, RCV703 a `run` or `_run`)."""
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


# A word, which occurrences of it count, and which of those make a module pass the screen
# (None: any of them).
_Entry = tuple[str, Accept, Accept | None]


@cache
def _words(config: Config, presets: frozenset[str]) -> tuple[tuple[_Entry, ...], list[str]]:
    """What to look for in a module where `presets` are on: the spawn APIs' names and the
    target keywords as the facts walk counts them (configured spawners' names and the words
    of the presets anywhere, even `run` or `map`), a bare `map` passing the screen only where
    it is not the builtin's call; and the methods run as work, found after `def`."""
    table = config.table()
    apis = table.in_module(presets)
    anywhere_names = table.extra_words | (apis.words - table.words)
    words = sorted((STANDARD.standard_words | STANDARD.target_keywords) - anywhere_names)
    entries: list[_Entry] = [
        (word, call_site_acceptor(word), _not_a_builtin_call if word == "map" else None)
        for word in words
    ]
    entries += [(word, anywhere, None) for word in sorted(anywhere_names)]
    return tuple(entries), sorted(apis.work_methods - table.extra_words)


def screen(text: str, config: Config) -> bool:
    """Whether a rule can report anything in a module with this source `text`."""
    if config.entrypoints or config.entrypoint_decorators:
        return True
    entries, work_methods = _words(config, active_presets(text, config))
    found = find_words(text, [(word, accept) for word, accept, _ in entries])
    if any(
        found[word]
        and (passing is None or any(passing(text, at, at + len(word)) for at in found[word]))
        for word, _, passing in entries
    ):
        return True
    # A method run as work (`def run` of a `Thread` subclass).
    return any(next(occurrences(text, m, _after_def), None) is not None for m in work_methods)
