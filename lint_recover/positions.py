"""Positions: lines numbered as `ast` numbers them, and columns as people count them.

`LINE_END` is what ends a line for `ast` (not `str.splitlines`, which also breaks at form
feeds and other separators); `line_starts` maps a text offset to its line with it.

`ast` reports `col_offset` as a byte offset into the UTF-8 encoded line, while editors,
flake8's report and libcst count characters. They differ as soon as a line holds a
non-ASCII identifier or string before the position, so every column that leaves this
package goes through `char_col`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import accumulate, count
from operator import add

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


def line_starts(text: str) -> list[int]:
    """The offset in `text` where each line starts, lines numbered as `ast` numbers them
    (ended by `\\r\\n`, `\\r` or `\\n`), then one past the end: `bisect_right` of an offset
    is its 1-based line. Computed without a Python-level step per line."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):  # old Mac line ends
        return [0, *(end.end() for end in LINE_END.finditer(text)), len(text) + 1]
    lengths = map(len, text.split("\n"))  # a `\r\n` line keeps its `\r`, counted in its length
    return list(map(add, accumulate(lengths, initial=0), count()))
