"""The spawn rule: every call that starts work, judged by its row of the spawn table.

A spawn is reported when an exception in the work it starts does not reach the code that
started it: its API hands nothing back (`returns = "never"`), or hands it back through a
result nobody visible consumes in an accepted form, or to a callback argument the call does
not give (`error_callback=`); and the work is not recovered. Reported at the work argument
with the row's code. This is the one check for every table row, standard or configured; the
rule families only document the codes and add what is not a call's argument (a `Thread`
subclass's `run`, entrypoints, unanalysable files).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from lint_recover.findings import Finding
from lint_recover.resolution.values import (
    Called,
    CannotRaise,
    External,
    ExternalInstance,
    Function,
    Instance,
    Lambda,
    Recovered,
    Value,
)
from lint_recover.rules.consumed import consumed_form
from lint_recover.rules.context import RuleContext
from lint_recover.rules.decisions import Decision, ref_text
from lint_recover.rules.library_work import library_verdict
from lint_recover.rules.matching import Spawn


def check_spawns(context: RuleContext) -> Iterator[Finding]:
    """A finding for each spawn whose work's exception would be lost."""
    matched: set[int] = set()
    for spawn in context.spawns:
        matched.add(id(spawn.site))
        finding, decision = _judge(context, spawn)
        if context.decisions is not None:
            context.decisions.append(decision)
        if finding is not None:
            yield finding
    if context.decisions is not None:
        for candidate in context.matcher.candidates:
            if id(candidate.site) not in matched:
                site = candidate.site
                call = ref_text(site.callee)
                context.decisions.append(Decision(site.line, site.col + 1, call, candidate.api))


def _judge(context: RuleContext, spawn: Spawn) -> tuple[Finding | None, Decision]:
    site, row, argument = spawn.site, spawn.row, spawn.argument
    resolved = context.resolver.resolve(context.facts, argument.ref, site.scope, site.line)
    value = context.recovery.work_value(resolved, row)
    decision = Decision(
        site.line,
        site.col + 1,
        ref_text(site.callee),
        spawn.api,
        row.code,
        argument.text,
        _target_text(context, value),
        work_line=argument.span.line,
    )
    consumed = consumed_form(context.facts, site, row)
    if consumed is not None:
        return None, replace(decision, consumed=consumed)
    if row.handed_to and site.argument(None, row.handed_to) is not None:
        return None, replace(decision, consumed=f"its exception goes to `{row.handed_to}=`")
    decision = replace(decision, consumed="not consumed" if row.returns == "result" else "")
    alone = argument not in site.args or site.args[-1:] == (argument,)
    verdict = library_verdict(context, value, row) or context.recovery.of_work(
        value, row, row.called_with == "trailing" and alone
    )
    if verdict is not None:
        return None, replace(decision, recovered=verdict.why)
    finding = context.messages.at_work(row.code, argument, value, spawn.api)
    if finding is None:
        return None, replace(decision, recovered='not resolved, and `unresolved = "ignore"`')
    return finding, replace(decision, recovered="not recovered", reported=True)


def _target_text(context: RuleContext, value: Value) -> str:
    """What the work turned out to be, in words."""
    if isinstance(value, Function):
        known = context.resolver.function(value)
        facts = context.resolver.facts(value.module)
        if known is not None and facts is not None:
            return f"`{known.qualname}` ({context.messages.relative(facts.path)}:{known.line})"
    if isinstance(value, External):
        return f"`{value.name}` (outside the project)"
    if isinstance(value, ExternalInstance):
        return f"an instance of `{value.cls}` (outside the project)"
    if isinstance(value, Called):
        return "the result of calling a project function"
    if isinstance(value, Instance):
        return f"an instance of `{context.resolver.qualified_name(value.cls)}`"
    return _KINDS.get(type(value), "not resolved")


_KINDS: dict[type, str] = {
    Recovered: "a recover(...) wrap",
    CannotRaise: "something that cannot raise",
    Lambda: "a lambda",
}
