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

from collections.abc import Callable
from functools import cache

from lint_recover.config import Config
from lint_recover.facts.sites import SPAWN_NAMES, TARGET_KEYWORDS

# Is the occurrence of a word at text[start:end] one that could matter?
Accept = Callable[[str, int, int], bool]


def _anywhere(text: str, start: int, end: int) -> bool:
    return True


def _after_def(text: str, start: int, end: int) -> bool:
    """`def run` (RCV102 needs a `run` method)."""
    before = _skip_blanks_back(text, start - 1)
    return (
        before < start - 1
        and text[max(before - 2, 0) : before + 1] == "def"
        and not _is_word_char(text, before - 3)
    )


def _not_a_builtin_call(text: str, start: int, end: int) -> bool:
    """`map` anywhere but the builtin's call `map(...)`: `.map` of an executor, or a
    statement binding the name (`from jobs import map`, `m = pool.map`)."""
    before = _skip_blanks_back(text, start - 1)
    if before >= 0 and text[before] == ".":
        return True
    after = end
    while after < len(text) and text[after] in " \t":
        after += 1
    return after >= len(text) or text[after] != "("


def _keyword_argument(text: str, start: int, end: int) -> bool:
    """`target=` or `function=` (not `==`): a thread's target handed to a constructor,
    maybe of a project `Thread` subclass whose name says nothing."""
    equals = _skip_blanks(text, end)
    return text[equals : equals + 1] == "=" and text[equals + 1 : equals + 2] != "="


def _init_with_arguments(text: str, start: int, end: int) -> bool:
    """`.__init__` called with arguments that can hand a thread its target (`target=` or
    `function=`, or a second positional argument: `super().__init__(None, f)`), or taken as a
    value (`init = super().__init__`). `super().__init__()`, `(name)`, `(**kwargs)` and
    `(*args, **kwargs)` cannot. Arguments holding a string or a nested call are accepted
    without looking further."""
    before = _skip_blanks_back(text, start - 1)
    if before < 0 or text[before] != ".":
        return False
    opening = _skip_blanks(text, end)
    if opening >= len(text) or text[opening] != "(":
        return True
    closing = text.find(")", opening)
    arguments = text[opening + 1 : closing if closing != -1 else len(text)]
    if any(mark in arguments for mark in ("(", "'", '"', "target", "function")):
        return True
    return "," in arguments and not arguments.lstrip().startswith("*")


def _skip_blanks(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _skip_blanks_back(text: str, index: int) -> int:
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def _occurs(text: str, word: str, accept: Accept) -> bool:
    """`word` as a whole word, at an occurrence `accept` agrees with."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        whole = not _is_word_char(text, start - 1) and not _is_word_char(text, end)
        if whole and accept(text, start, end):
            return True
        start = text.find(word, end)
    return False


@cache
def _words(spawner_names: frozenset[str]) -> tuple[tuple[str, Accept], ...]:
    """What to look for: configured spawners' names anywhere (even `run` or `map`)."""
    special: dict[str, Accept] = {
        "run": _after_def,
        "map": _not_a_builtin_call,
        "__init__": _init_with_arguments,
    }
    words = sorted((SPAWN_NAMES - special.keys()) | spawner_names)
    keywords = ((word, _keyword_argument) for word in sorted(TARGET_KEYWORDS - spawner_names))
    return (*((word, _anywhere) for word in words), *special.items(), *keywords)


def could_report(text: str, config: Config) -> bool:
    """False only when no rule can report anything in a module with this source `text`."""
    if config.entrypoints or config.entrypoint_decorators:
        return True
    spawners = frozenset(spawner.name.rsplit(".", 1)[-1] for spawner in config.spawners)
    return any(_occurs(text, word, accept) for word, accept in _words(spawners))
