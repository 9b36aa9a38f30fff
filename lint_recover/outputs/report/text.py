"""flake8's shape, `path:line:col: CODE message`, so editors and CI parsers already know it."""

from __future__ import annotations

from collections.abc import Sequence

from lint_recover.findings import Finding
from lint_recover.outputs.report.context import ReportContext


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    return "".join(
        f"{context.display_path(f.path)}:{f.line}:{f.col + 1}: {f.code} {f.message}\n"
        for f in findings
    )
