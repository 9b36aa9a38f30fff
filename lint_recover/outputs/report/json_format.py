"""A JSON document for scripts: the findings with 1-based columns, and the run's counters."""

from __future__ import annotations

import json
from collections.abc import Sequence

from lint_recover import __version__
from lint_recover.findings import Finding
from lint_recover.outputs.report.context import ReportContext


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    document = {
        "tool": "lint-recover",
        "version": __version__,
        "findings": [
            {
                "path": context.display_path(f.path),
                "line": f.line,
                "column": f.col + 1,
                "code": f.code,
                "message": context.message(f),
                "target": f.target,
                "fixable": f.fix is not None,
            }
            for f in findings
        ],
        "stats": dict(context.stats),
    }
    return json.dumps(document, indent=2) + "\n"
