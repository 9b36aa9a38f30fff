"""flake8's file-level switch: a line `# flake8: noqa` turns every check of the file off.

The CLI must skip such a file exactly as flake8 does, so the test is flake8's own
(`defaults.NOQA_FILE` matched at the start of each line, case-insensitive, `:` or `=`): the
directive must open its line (after blanks), so `x = 1  # flake8: noqa` does not count (flake8
only warns about it); anything may follow it, so `# flake8: noqa: RCV101` switches the whole
file off too (flake8 7 ignores the codes). A line inside a multi-line string counts, as flake8
reads lines, not comments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# flake8's pattern anchored at each line's start; `[^\S\n]` is `\s` within one line.
_SWITCH = re.compile(r"^[^\S\n]*# flake8[:=][^\S\n]*noqa", re.IGNORECASE | re.MULTILINE)


def switched_off(lines: Sequence[str]) -> bool:
    """Whether one of `lines` (with or without line endings) is flake8's `# flake8: noqa`."""
    text = "\n".join(lines)
    return "noqa" in text.lower() and _SWITCH.search(text) is not None
