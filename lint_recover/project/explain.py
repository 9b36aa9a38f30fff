"""`check --why FILE:LINE`: the decisions behind one line, for a user who doubts a finding.

The file is analysed in full (no text screen: a line the screen would skip still gets its
answer) against the project index, exactly as the engine's rules see it, and every decision
the rules took about a call starting on that line, or whose work argument is on it, is
returned with the findings on that line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lint_recover.config import Config
from lint_recover.facts import module_facts
from lint_recover.findings import Finding
from lint_recover.resolution.index import ProjectIndex
from lint_recover.rules.checker import explain_module
from lint_recover.rules.decisions import Decision
from lint_recover.text.source import SourceProblem, read_source


@dataclass(frozen=True, slots=True)
class Explanation:
    """What the rules decided on one line: its findings and the decision on each call."""

    findings: tuple[Finding, ...]
    decisions: tuple[Decision, ...]
    problem: str | None = None

    def describe(self, where: str, display: Callable[[str], str]) -> str:
        """The explanation as text for a terminal; `display` shows a finding's path."""
        if self.problem is not None:
            return f"{where}: the file could not be analysed: {self.problem}\n"
        lines = [
            f"{display(f.path)}:{f.line}:{f.col + 1}: {f.code} {f.message}" for f in self.findings
        ]
        for decision in self.decisions:
            lines += decision.describe()
        if not lines:
            lines.append(f"{where}: no call on this line can start work, and nothing is reported")
        return "\n".join(lines) + "\n"


def explain_line(path: Path, line: int, config: Config) -> Explanation:
    """The decisions of the rules about `line` of `path`, checked as a file of the project
    of `config`."""
    parsed = read_source(path)
    if isinstance(parsed, SourceProblem):
        return Explanation((), (), parsed.reason)
    index = ProjectIndex(config)
    facts = module_facts(parsed, index.module_name_for(path), config)
    index.add(facts)
    findings, decisions = explain_module(facts, index, config)
    return Explanation(
        tuple(f for f in findings if f.line == line),
        tuple(d for d in decisions if d.concerns(line)),
    )
