"""RCV001: a file that could not be analysed, reported as one line so the run goes on.

The reasons come from `lint_recover.text.source` (unreadable, bad encoding, NUL bytes, syntax
error, nesting too deep for the parser) or from the facts builder (a tree too deep to walk).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lint_recover.findings import Finding
from lint_recover.rules.context import RuleContext
from lint_recover.rules.registry import Rule, register
from lint_recover.text.source import SourceProblem

UNANALYSABLE = Rule(
    code="RCV001",
    name="file-not-analysable",
    summary="a file that could matter (it spells a spawn API, or a rule consults it) could not be "
    "analysed (syntax error, bad encoding, NUL bytes, nesting too deep)",
    message="file could not be analysed: {reason}",
    rationale=(
        "A file the linter cannot read is a file whose spawns nobody checks. Rather than "
        "stopping the run or skipping it silently, it is reported once, with the reason, and "
        "every other file is still checked."
    ),
    bad="import threading\n\n\ndef broken(:\n    threading.Thread(target=work).start()\n",
    good="import threading\n\n\ndef fixed():\n    threading.Timer(1.0, lambda: None).start()\n",
    fix="Make the file valid Python (the reason names what the parser or decoder rejected).",
)


def problem_finding(problem: SourceProblem) -> Finding:
    """The RCV001 finding for a file `read_source` could not turn into a tree."""
    return Finding(
        str(problem.path),
        problem.line,
        problem.col,
        UNANALYSABLE.code,
        UNANALYSABLE.message.format(reason=problem.reason),
        target="<file>",
    )


@register(UNANALYSABLE)
def check_unanalysable(context: RuleContext) -> Iterator[Finding]:
    """RCV001 for a module whose facts could not be built (a tree too deep to walk); files
    that do not parse never get facts, and the caller reports them with `problem_finding`."""
    if context.facts.problem is not None:
        yield problem_finding(SourceProblem(Path(context.facts.path), 1, 0, context.facts.problem))
