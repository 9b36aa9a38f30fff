"""Columns: the one place where `ast`'s UTF-8 byte offsets become character columns.

`ast` reports `col_offset` as a byte offset into the UTF-8 encoded line, while editors,
flake8's report and libcst count characters. They differ as soon as a line holds a
non-ASCII identifier or string before the position, so every column that leaves this
package goes through `char_col`.
"""

from __future__ import annotations

from collections.abc import Sequence


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
