"""`# noqa` comments, read exactly as flake8 reads them, for the CLI (flake8 applies its own).

The CLI keeps, per file, only the lines that mention noqa (`noqa_lines`), so that a re-check
caused by another module's change needs no re-read of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from lint_recover.findings import Finding

# flake8's own inline pattern (defaults.NOQA_INLINE_REGEX), so both paths agree exactly.
_NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_CODE_SEPARATOR = re.compile(r"[,\s]+")


def noqa_lines(lines: Sequence[str]) -> dict[int, str]:
    """The lines that carry a `# noqa` comment, by number: all `without_noqa` needs."""
    return {
        number: text
        for number, text in enumerate(lines, 1)
        if "noqa" in text.lower() and _NOQA.search(text)
    }


def without_noqa(findings: Iterable[Finding], noqa: Mapping[int, str]) -> list[Finding]:
    """Drop findings silenced on their physical line as flake8 does: a bare `# noqa`
    silences everything, `# noqa: RCV101,RCV2` the listed codes and code prefixes (case
    matters for codes, not for `noqa`). flake8 also searches the whole text of a multi-line
    string token; here only the finding's own line is searched."""
    kept = []
    for finding in findings:
        match = _NOQA.search(noqa.get(finding.line, ""))
        if match is None:
            kept.append(finding)
            continue
        listed = match.group("codes")
        codes = tuple(code for code in _CODE_SEPARATOR.split(listed or "") if code)
        if codes and not finding.code.startswith(codes):
            kept.append(finding)
    return kept
