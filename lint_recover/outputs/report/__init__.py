"""Turning findings into what people and machines read: text, JSON, SARIF, GitHub annotations.

Every format gets the same sorted findings and the same `ReportContext`, so a path or a
column is computed the same way in all of them: paths relative to the current directory (as
flake8 and ruff print them) in text, JSON and GitHub annotations, messages included; relative
to the project root only where the format defines its own base (SARIF's `%SRCROOT%`, and the
baseline file); 1-based columns everywhere a column leaves the program.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lint_recover.findings import Finding
from lint_recover.outputs.report import github, json_format, sarif, text
from lint_recover.outputs.report.context import ReportContext

Renderer = Callable[[Sequence[Finding], ReportContext], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
}

__all__ = ["FORMATS", "Renderer", "ReportContext"]
