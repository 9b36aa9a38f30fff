"""Finding the words that can start a call site in source text, without tokenizing it.

The module screen (`lint_recover.text.screen`) and the quiet-body test (`facts.quiet`) both ask
where a spawn API's name or a target keyword occurs as a whole word; `str.find` answers that
faster than a regex or the tokenizer. Each word has an acceptor that looks at the text around
an occurrence and turns down the ones that cannot be part of a call site yielding a finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache

from lint_recover.apis.table import STANDARD

# Is the occurrence of a word at text[start:end] one that could matter?
Accept = Callable[[str, int, int], bool]


def anywhere(text: str, start: int, end: int) -> bool:
    return True


def _keyword_argument(text: str, start: int, end: int) -> bool:
    """`target=` or `function=` (not `==`): a thread's target handed to a constructor,
    maybe of a project `Thread` subclass whose name says nothing."""
    equals = skip_blanks(text, end)
    return text[equals : equals + 1] == "=" and text[equals + 1 : equals + 2] != "="


def _init_with_arguments(text: str, start: int, end: int) -> bool:
    """`.__init__` called with arguments that can hand a thread its target (`target=` or
    `function=`, or a second positional argument: `super().__init__(None, f)`), or taken as a
    value (`init = super().__init__`). `super().__init__()`, `(name)`, `(**kwargs)` and
    `(*args, **kwargs)` cannot. Arguments holding a string or a nested call are accepted
    without looking further."""
    before = skip_blanks_back(text, start - 1)
    if before < 0 or text[before] != ".":
        return False
    opening = skip_blanks(text, end)
    if opening >= len(text) or text[opening] != "(":
        return True
    closing = text.find(")", opening)
    arguments = text[opening + 1 : closing if closing != -1 else len(text)]
    if any(mark in arguments for mark in ("(", "'", '"', "target", "function")):
        return True
    return "," in arguments and not arguments.lstrip().startswith("*")


def skip_blanks(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def skip_blanks_back(text: str, index: int) -> int:
    """Back over blanks, line ends and backslash continuations: a call may put the `.`
    before `__init__` at the end of the line above."""
    while index >= 0 and text[index] in " \t\r\n\\":
        index -= 1
    return index


def is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] == "_")


def occurrences(
    text: str, word: str, accept: Accept = anywhere, *, whole: bool = True
) -> Iterator[int]:
    """Where `word` occurs in `text` (as a whole word, unless `whole` is false), at the
    occurrences `accept` agrees with."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if (
            not whole or (not is_word_char(text, start - 1) and not is_word_char(text, end))
        ) and accept(text, start, end):
            yield start
        start = text.find(word, end)


def find_words(text: str, words: Sequence[tuple[str, Accept]]) -> dict[str, list[int]]:
    """Where each word occurs in `text` as a whole word, at the occurrences its acceptor
    agrees with. A `str.find` pass over a module costs about the same whatever the word, so
    words sharing a prefix of some length are searched together, by that prefix (`call_soon`,
    `call_later` and `call_at` are one search for `call_`)."""
    found: dict[str, list[int]] = {word: [] for word, _ in words}
    accepts = dict(words)
    for key, group in _search_plan(tuple(found)):
        start = text.find(key)
        while start != -1:
            for word in group:
                end = start + len(word)
                if (
                    text.startswith(word, start)
                    and not is_word_char(text, start - 1)
                    and not is_word_char(text, end)
                    and accepts[word](text, start, end)
                ):
                    found[word].append(start)
            start = text.find(key, start + len(key))
    return found


# The shortest prefix searched for a group of words: a short one finds many occurrences of
# other words, each checked in Python.
_SHARED_PREFIX = 5


@cache
def _search_plan(words: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Words grouped by a prefix of at least `_SHARED_PREFIX` characters they share: (the
    prefix to search, the words), every word in exactly one group."""
    groups: list[tuple[str, tuple[str, ...]]] = []
    for word in sorted(words):
        if groups:
            key, members = groups[-1]
            shared = _shared_prefix(key, word)
            if len(shared) >= _SHARED_PREFIX:
                groups[-1] = (shared, (*members, word))
                continue
        groups.append((word, (word,)))
    return tuple(groups)


def call_site_acceptor(word: str) -> Accept:
    """Which occurrences of a spawn name or target keyword can be part of a call site that
    yields a finding: `.__init__` only with arguments that can hand over a target, `target`
    and `function` only as keyword arguments, any other name anywhere."""
    if word == "__init__":
        return _init_with_arguments
    return _keyword_argument if word in STANDARD.target_keywords else anywhere


def _shared_prefix(first: str, second: str) -> str:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return first[:length]
