"""flake8's shape, `path:line:col: CODE message`, so editors and CI parsers already know it.

On a terminal the path and the code stand out in colour (the caller decides: never in a pipe
or a file, never with `NO_COLOR`); `--show-source` adds the line and a caret under the
column, as flake8's `--show-source` does.
"""

from __future__ import annotations

from collections.abc import Sequence

from lint_recover.findings import Finding
from lint_recover.outputs.report.context import ReportContext

BOLD, RED, CYAN, RESET = "\033[1m", "\033[31m", "\033[36m", "\033[m"


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    return "".join(_finding(finding, context) for finding in findings)


def _finding(f: Finding, context: ReportContext) -> str:
    path, message = context.display_path(f.path), context.message(f)
    if context.colour:
        sep = f"{CYAN}:{RESET}"
        text = f"{BOLD}{path}{RESET}{sep}{f.line}{sep}{f.col + 1}{sep} {BOLD}{RED}{f.code}{RESET} "
    else:
        text = f"{path}:{f.line}:{f.col + 1}: {f.code} "
    text += message + "\n"
    if context.show_source:
        source = context.source_line(f.path, f.line)
        if source:
            # The caret keeps the tabs before the column, so it lines up under a tab too.
            indent = "".join(c if c == "\t" else " " for c in source[: f.col])
            text += f"{source}\n{indent}^\n"
    return text
