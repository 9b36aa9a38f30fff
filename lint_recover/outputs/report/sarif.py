"""SARIF 2.1.0, the format GitHub code scanning uploads (`github/codeql-action/upload-sarif`).

GitHub's constraints shape this: artifact URIs relative to the repository root (here the
project root, `%SRCROOT%`), 1-based columns counted in code points (`columnKind`), rules
described in `tool.driver.rules` so alerts show the rule's documentation, and
`partialFingerprints` so an alert keeps its identity when unrelated edits move it: the same
line-independent key the baseline uses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lint_recover import __version__
from lint_recover.findings import Finding
from lint_recover.outputs.baseline import baseline_key
from lint_recover.outputs.report.context import ReportContext
from lint_recover.rules.registry import rules

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/lint-recover/"
FINGERPRINT = "lintRecover/v1"


def render(findings: Sequence[Finding], context: ReportContext) -> str:
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
        "results": [_result(f, rule_index[f.code], context) for f in findings],
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
        "defaultConfiguration": {"level": "error"},
    }


def _artifact(path: str, context: ReportContext) -> dict[str, str]:
    """Inside the project: relative to `%SRCROOT%`, as code scanning requires; else absolute."""
    absolute = Path(path).absolute()
    if absolute.is_relative_to(context.root):
        # surrogateescape: a file name that is not UTF-8 is percent-encoded as its own bytes.
        uri = quote(context.project_path(path), errors="surrogateescape")
        return {"uri": uri, "uriBaseId": "%SRCROOT%"}
    return {"uri": absolute.as_uri()}


def _result(finding: Finding, index: int, context: ReportContext) -> dict[str, Any]:
    key = "\0".join(baseline_key(finding, context.root))
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
        "partialFingerprints": {
            FINGERPRINT: hashlib.sha256(key.encode(errors="surrogateescape")).hexdigest()[:32]
        },
    }
