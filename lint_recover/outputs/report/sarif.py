"""SARIF 2.1.0, the format GitHub code scanning uploads (`github/codeql-action/upload-sarif`).

GitHub's constraints shape this: artifact URIs relative to the repository root (here the
project root, `%SRCROOT%`), 1-based columns counted in code points (`columnKind`), rules
described in `tool.driver.rules` (with `helpUri` into `docs/rules.md`) so alerts show the
rule's documentation, and `partialFingerprints` that code scanning uses to follow an alert
across commits. A fingerprint must be unique per result (results sharing one are merged into
one alert) and survive unrelated edits: it hashes the file, the code, the target and the
result's source line with all whitespace removed (so moving or re-indenting the code keeps
it), and ends with `:n`, the occurrence of that same key in the file (as GitHub's own
`primaryLocationLineHash` does), which tells apart identical lines.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lint_recover import __version__
from lint_recover.findings import Finding
from lint_recover.outputs.baseline import baseline_key
from lint_recover.outputs.docs import help_uri
from lint_recover.outputs.report.context import ReportContext
from lint_recover.rules.registry import rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/lint-recover/"
FINGERPRINT = "lintRecover/v2"


def render(findings: Sequence[Finding], context: ReportContext) -> str:
    # rules(), not the bare table: a warm run, all from the cache, has loaded no rule family.
    codes = sorted(set(rules()) | {f.code for f in findings})
    rule_index = {code: index for index, code in enumerate(codes)}
    run = {
        "tool": {
            "driver": {
                "name": "lint-recover",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(code) for code in codes],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": context.root.as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(f, rule_index[f.code], fingerprint, context)
            for f, fingerprint in zip(findings, fingerprints(findings, context), strict=True)
        ],
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2) + "\n"


def _rule(code: str) -> dict[str, Any]:
    rule = rules().get(code)
    if rule is None:  # a code without registry text (RCV001 when no rule module owns it)
        return {"id": code, "defaultConfiguration": {"level": "error"}}
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {
            "text": rule.fix,
            "markdown": f"{rule.fix}\n\nBad:\n```python\n{rule.bad}```\n\n"
            f"Good:\n```python\n{rule.good}```\n",
        },
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": "error"},
    }


def fingerprints(findings: Sequence[Finding], context: ReportContext) -> list[str]:
    """One fingerprint per finding, in order: unique within the report, stable across
    edits that leave the finding's own line and target alone."""
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        line = "".join(context.source_line(finding.path, finding.line).split())
        parts = (*baseline_key(finding, context.root), line)
        key = hashlib.sha256("\0".join(parts).encode(errors="surrogateescape")).hexdigest()
        seen[key] += 1
        result.append(f"{key[:32]}:{seen[key]}")
    return result


def _artifact(path: str, context: ReportContext) -> dict[str, str]:
    """Inside the project: relative to `%SRCROOT%`, as code scanning requires; else absolute."""
    absolute = Path(path).absolute()
    if absolute.is_relative_to(context.root):
        # surrogateescape: a file name that is not UTF-8 is percent-encoded as its own bytes.
        uri = quote(context.project_path(path), errors="surrogateescape")
        return {"uri": uri, "uriBaseId": "%SRCROOT%"}
    return {"uri": absolute.as_uri()}


def _result(
    finding: Finding, index: int, fingerprint: str, context: ReportContext
) -> dict[str, Any]:
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": "error",
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(finding.path, context),
                    "region": {"startLine": finding.line, "startColumn": finding.col + 1},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
