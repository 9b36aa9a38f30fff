"""The checker: every registered rule over one module's facts, and `# noqa` for the CLI.

One entry point serves the flake8 plugin and the CLI alike: `check_module` runs the rule
families over facts (built once from the tree the caller already has) with the project
index for cross-module resolution. `check_module_with_dependencies` also says which other
modules the result depended on, for caches that re-check only dependants of a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lint_recover.config import Config
from lint_recover.facts import ModuleFacts, module_facts
from lint_recover.findings import Finding
from lint_recover.index import ProjectIndex
from lint_recover.rules import (  # noqa: F401 (importing a family registers its checks)
    asyncio_,
    entrypoints,
    executors,
    processes,
    spawners,
    threads,
    unanalysable,
)
from lint_recover.rules.common import RuleContext
from lint_recover.rules.registry import CHECKS
from lint_recover.source import ParsedSource, read_source

# flake8's own inline pattern (defaults.NOQA_INLINE_REGEX), so both paths agree exactly.
_NOQA = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_CODE_SEPARATOR = re.compile(r"[,\s]+")


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Findings of one module, sorted, and the other project modules they depended on."""

    findings: list[Finding]
    consulted: frozenset[str]


def check_module_with_dependencies(
    facts: ModuleFacts, index: ProjectIndex, config: Config
) -> CheckResult:
    """Every finding of one module (before `# noqa`), with the modules resolution read to
    reach them: the CLI's cache re-checks this module when one of those changes."""
    if facts.switched_off:  # flake8's file-level switch: flake8 does not check the file at all
        return CheckResult([], frozenset())
    context = RuleContext(facts, index, config)
    findings = {finding for check in CHECKS for finding in check(context)}
    consulted = frozenset(context.resolver.consulted - {facts.module})
    return CheckResult(sorted(findings, key=Finding.sort_key), consulted)


def check_module(facts: ModuleFacts, index: ProjectIndex, config: Config) -> list[Finding]:
    """Every finding of one module (before `# noqa`), sorted by position."""
    return check_module_with_dependencies(facts, index, config).findings


def check_path(path: Path, index: ProjectIndex, config: Config) -> list[Finding]:
    """Read, analyse and check one file, `# noqa` applied; a bad file yields RCV001."""
    parsed = read_source(path)
    if not isinstance(parsed, ParsedSource):
        return [unanalysable.problem_finding(parsed)]
    facts = module_facts(parsed, index.module_name_for(path), config)
    index.add(facts)
    return apply_noqa(check_module(facts, index, config), parsed.lines)


def noqa_lines(lines: Sequence[str]) -> dict[int, str]:
    """The lines that carry a `# noqa` comment, by number: all `without_noqa` needs, small
    enough for a cache to keep instead of the source."""
    return {
        number: text
        for number, text in enumerate(lines, 1)
        if "noqa" in text.lower() and _NOQA.search(text)
    }


def without_noqa(findings: Iterable[Finding], noqa: Mapping[int, str]) -> list[Finding]:
    """Drop findings silenced on their physical line as flake8 does: a bare `# noqa`
    silences everything, `# noqa: RCV101,RCV2` the listed codes and code prefixes (case
    matters for codes, not for `noqa`). flake8 also searches the whole text of a multi-line
    string token; here only the finding's own line is searched."""
    kept = []
    for finding in findings:
        match = _NOQA.search(noqa.get(finding.line, ""))
        if match is None:
            kept.append(finding)
            continue
        listed = match.group("codes")
        codes = tuple(code for code in _CODE_SEPARATOR.split(listed or "") if code)
        if codes and not finding.code.startswith(codes):
            kept.append(finding)
    return kept


def apply_noqa(findings: Iterable[Finding], lines: Sequence[str]) -> list[Finding]:
    """`without_noqa` with the comments read from `lines`."""
    return without_noqa(findings, noqa_lines(lines))
