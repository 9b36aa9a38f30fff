"""The checker: every registered rule family over one module's facts.

One entry point serves the flake8 plugin and the CLI's engine alike: `check_module` runs the
families over facts (built once from the tree the caller already has), with the project
index for cross-module resolution. `# noqa` is applied by the caller (flake8 applies its own).
"""

from __future__ import annotations

from lint_recover.config import Config
from lint_recover.facts import ModuleFacts
from lint_recover.findings import Finding
from lint_recover.resolution.index import ProjectIndex
from lint_recover.rules.common import RuleContext
from lint_recover.rules.registry import checks


def check_module(facts: ModuleFacts, index: ProjectIndex, config: Config) -> list[Finding]:
    """Every finding of one module (before `# noqa`), sorted by position."""
    if facts.switched_off:  # flake8's file-level switch: flake8 does not check the file at all
        return []
    context = RuleContext(facts, index, config)
    findings = {finding for check in checks() for finding in check(context)}
    return sorted(findings, key=Finding.sort_key)
