"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

The command syntax gives `%`, CR and LF a meaning everywhere, and `:` and `,` inside
properties, so those are percent-encoded exactly as the Actions runner decodes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from lint_recover.findings import Finding
from lint_recover.outputs.report.context import ReportContext


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    return "".join(
        f"::error file={escape_property(context.display_path(f.path))},line={f.line},"
        f"col={f.col + 1},title={escape_property(f.code)}::"
        f"{escape_data(f'{f.code} {context.message(f)}')}\n"
        for f in findings
    )
