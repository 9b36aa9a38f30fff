"""The checker: the spawn rule, the work-method rule and every registered rule family over
one module's facts.

One entry point serves the flake8 plugin and the CLI's engine alike: `check_module` runs the
rules over facts (built once from the tree the caller already has), with the project index
for cross-module resolution. `# noqa` is applied by the caller (flake8 applies its own).
`explain_module` runs the same check and returns the decisions behind it (`check --why`).
"""

from __future__ import annotations

from lint_recover.config import Config
from lint_recover.facts import ModuleFacts
from lint_recover.findings import Finding
from lint_recover.resolution.index import ProjectIndex
from lint_recover.rules.context import RuleContext
from lint_recover.rules.decisions import Decision
from lint_recover.rules.registry import checks
from lint_recover.rules.spawns import check_spawns
from lint_recover.rules.work_methods import check_work_methods


def check_module(facts: ModuleFacts, index: ProjectIndex, config: Config) -> list[Finding]:
    """Every finding of one module (before `# noqa`), sorted by position."""
    if facts.switched_off:  # flake8's file-level switch: flake8 does not check the file at all
        return []
    return _check(RuleContext(facts, index, config))


def explain_module(
    facts: ModuleFacts, index: ProjectIndex, config: Config
) -> tuple[list[Finding], list[Decision]]:
    """The findings of one module and the decision on every call site the facts recorded."""
    context = RuleContext(facts, index, config, explain=True)
    findings = [] if facts.switched_off else _check(context)
    return findings, context.decisions or []


def _check(context: RuleContext) -> list[Finding]:
    found = {
        *check_spawns(context),
        *check_work_methods(context),
        *(f for check in checks() for f in check(context)),
    }
    return sorted(found, key=Finding.sort_key)
