"""Positions: lines numbered as `ast` numbers them, and columns as people count them.

`LINE_END` is what ends a line for `ast` (not `str.splitlines`, which also breaks at form
feeds and other separators); `line_numbers` maps text offsets to their lines with it.

`ast` reports `col_offset` as a byte offset into the UTF-8 encoded line, while editors,
flake8's report and libcst count characters. They differ as soon as a line holds a
non-ASCII identifier or string before the position, so every column that leaves this
package goes through `char_col`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

LINE_END = re.compile(r"\r\n|\r|\n")


def char_col(lines: Sequence[str], line: int, byte_col: int) -> int:
    """The 0-based character column of `byte_col` on 1-based `line` of `lines`.

    ASCII lines (nearly all of them) are answered without encoding anything.
    """
    if byte_col <= 0 or not 0 < line <= len(lines):
        return max(byte_col, 0)
    text = lines[line - 1]
    if text.isascii():
        return byte_col
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))


def line_numbers(text: str, offsets: Iterable[int]) -> list[int]:
    """The 1-based line of each offset in `text` (in ascending order of offset), lines
    numbered as `ast` numbers them. Counted with `str.count` between one offset and the next,
    which costs less than indexing every line when the offsets are few; a text with old Mac
    line ends (a lone `\\r`) is indexed instead."""
    ordered = sorted(offsets)
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        starts = [end.end() for end in LINE_END.finditer(text)]
        return [bisect_right(starts, offset) + 1 for offset in ordered]
    numbers = []
    line, counted = 1, 0
    for offset in ordered:
        line += text.count("\n", counted, offset)
        counted = offset
        numbers.append(line)
    return numbers
