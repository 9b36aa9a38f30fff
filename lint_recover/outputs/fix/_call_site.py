"""Fixes that stay in the files holding the findings (`fix --same-file`, the pre-commit hook).

A target defined in another file is normally decorated there. When that other file must not
be touched (pre-commit hands the hook the staged files and stashes every unstaged change, so
an edit elsewhere lands in a file the commit does not contain, or collides with the stashed
work and is rolled back, run after run), the argument is wrapped at the call site instead:
`Thread(target=recover(poll))` recovers the work just as well, in the file being committed.

The finding is reported at that argument (its line and character column); its end is read
back from the file's tree, since a decoration plan does not carry the call-site span.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from lint_recover.findings import DecorateDef, Finding, WrapArgument
from lint_recover.text.positions import char_col
from lint_recover.text.source import ParsedSource, read_source


def in_same_file(findings: Iterable[Finding]) -> list[Finding]:
    """`findings` with every plan that edits another file than the finding's turned into a
    wrap of the finding's argument (no plan, when no argument starts at the finding)."""
    parsed: dict[str, dict[tuple[int, int], WrapArgument]] = {}
    result = []
    for finding in findings:
        plan = finding.fix
        if isinstance(plan, DecorateDef) and Path(plan.path) != Path(finding.path):
            if finding.path not in parsed:
                parsed[finding.path] = _argument_spans(finding.path)
            wrap = parsed[finding.path].get((finding.line, finding.col))
            finding = replace(finding, fix=wrap)
        result.append(finding)
    return result


def _argument_spans(path: str) -> dict[tuple[int, int], WrapArgument]:
    """Every call argument of `path` by its start (line, character column), as a wrap plan."""
    source = read_source(Path(path))
    if not isinstance(source, ParsedSource):
        return {}
    spans: dict[tuple[int, int], WrapArgument] = {}
    for node in _arguments(source.tree):
        if node.end_lineno is None or node.end_col_offset is None:
            continue
        start = char_col(source.lines, node.lineno, node.col_offset)
        end = char_col(source.lines, node.end_lineno, node.end_col_offset)
        # `ast.walk` meets an argument before the ones nested in it: keep the outermost.
        spans.setdefault(
            (node.lineno, start), WrapArgument(path, node.lineno, start, node.end_lineno, end)
        )
    return spans


def _arguments(tree: ast.Module) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield from (arg for arg in node.args if not isinstance(arg, ast.Starred))
            yield from (keyword.value for keyword in node.keywords if keyword.arg is not None)
