"""Finding and replacing spans of text, fast enough for every string of every event.

Python's regex engine scans an alternation (`alice|zedbox|...`), or a pattern starting with a
class or a look-behind, one position at a time: too slow for every string of a large event
(benchmarks/bench_privacy.py). `str.find` of a plain word is far faster. So the
redaction rules look for plain words with `find_all` and only then run a regex anchored where
the word was found (`pattern.match(text, position)`).

Rules read a lower-cased copy of the text (matching ignores case for free) and report spans;
`splice` applies them to the original and the copy alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

# (start, end, replacement)
Span = tuple[int, int, str]
# What may continue a file or directory name: a home or a name that runs into one of these is
# part of a longer name (`/home/alice` is not `/home/al`).
_NAME_PUNCTUATION = frozenset("_.~+-")


def find_all(text: str, word: str) -> Iterator[int]:
    """Every position where `word` starts in `text` (overlapping ones included)."""
    position = text.find(word)
    while position != -1:
        yield position
        position = text.find(word, position + 1)


def is_name_char(text: str, index: int) -> bool:
    """Whether the character at `index` could continue a name (out of range: no)."""
    if not 0 <= index < len(text):
        return False
    character = text[index]
    return character.isalnum() or character in _NAME_PUNCTUATION


def stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer name on either side."""
    return not is_name_char(text, start - 1) and not is_name_char(text, end)


def non_overlapping(spans: Iterable[Span]) -> list[Span]:
    """Leftmost first, the longest at the same start; spans overlapping a kept one dropped."""
    kept: list[Span] = []
    reached = 0
    for span in sorted(spans, key=lambda span: (span[0], span[0] - span[1])):
        if span[0] >= reached:
            kept.append(span)
            reached = span[1]
    return kept


def splice(text: str, low: str, spans: list[Span]) -> tuple[str, str]:
    """Apply sorted spans to the text and its lower-cased copy alike (replacements are lower
    case already); a span overlapping the one before it is skipped."""
    if not spans:
        return text, low
    pieces: list[str] = []
    low_pieces: list[str] = []
    position = 0
    for start, end, replacement in spans:
        if start < position:
            continue
        pieces += (text[position:start], replacement)
        low_pieces += (low[position:start], replacement)
        position = end
    pieces.append(text[position:])
    low_pieces.append(low[position:])
    return "".join(pieces), "".join(low_pieces)


def lower(text: str) -> str:
    """Lower case with every character kept in place (`İ` alone lowers to two characters),
    so positions found in the copy are positions in the text."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(lowered if len(lowered := c.lower()) == 1 else c for c in text)
