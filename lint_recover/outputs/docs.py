"""Rule documentation rendered from the registry: `lint-recover explain` and `docs/rules.md`.

Both outputs come from the same functions over `RULES`, so the page a user reads on the web
and the text the terminal prints can never say different things, and a test can prove the
committed page is exactly what the registry generates. Regenerate the page with
`python -m lint_recover.outputs.docs > docs/rules.md`.
"""

from __future__ import annotations

import sys

from lint_recover.apis.model import SpawnApi
from lint_recover.apis.presets import NAMES
from lint_recover.apis.table import spawn_table
from lint_recover.rules.registry import Rule, rules

# Where `docs/rules.md` is published (SARIF's `helpUri` of each rule points into it). The
# repository has no public home yet: this is the one line to change when it has.
RULES_PAGE_URL = "https://github.com/lint-recover/lint-recover/blob/main/docs/rules.md"
# The table of a project that leaves every preset on: what the documentation lists.
EVERY_PRESET = spawn_table((), NAMES)


def registered_rules() -> dict[str, Rule]:
    """Every rule, sorted by code (every family loaded, whichever checks a run used)."""
    return rules()


def rule_section(rule: Rule) -> str:
    """One rule as Markdown: what `explain CODE` prints and one section of the page."""
    return "\n".join(
        [
            f"## {rule.code}: {rule.name}",
            "",
            f"Reports: {rule.summary.strip().rstrip('.')}.",
            "",
            f"Message (placeholders filled in per finding): `{rule.code} {rule.message.strip()}`",
            "",
            "**Why it matters.** " + rule.rationale.strip(),
            "",
            *api_list(rule.code),
            "**Bad:**",
            "",
            _python_block(rule.bad),
            "",
            "**Good:**",
            "",
            _python_block(rule.good),
            "",
            "**Fix.** " + rule.fix.strip(),
            "",
        ]
    )


def api_list(code: str) -> list[str]:
    """The spawn APIs reported under `code`, from the spawn table with every preset
    (Markdown lines, empty for a code without rows): one line per API shape, the same method
    of several classes (`call_soon` of every loop class) as one line, and the methods run as
    work by subclasses."""
    groups: dict[tuple[object, ...], list[SpawnApi]] = {}
    for row in EVERY_PRESET.rows:
        if row.code == code:
            shape = (
                row.origin,
                row.name.rsplit(".", 1)[-1],
                row.position,
                row.keyword,
                row.returns,
                row.consumed_by,
                row.method,
                row.handed_to,
            )
            groups.setdefault(shape, []).append(row)
    works = [work for work in EVERY_PRESET.work_methods if work.code == code]
    if not groups and not works:
        return []
    lines = ["**APIs** (the spawn table: `apis/stdlib.py`, the presets in `apis/presets/`):", ""]
    for rows in groups.values():
        first, others = rows[0], len(rows) - 1
        also = f" (and the same method of {others} more classes)" if others else ""
        lines.append(
            f"- {_origin(first.origin)}`{first.name}`{also}: {_work(first)}; {_returns(first)}"
        )
    lines += [
        f"- {_origin(work.origin)}`{work.method}()` of a subclass of `{work.cls}`: the method "
        "is the work; reported at its `def`"
        for work in works
    ]
    return [*lines, *_conventions(code), ""]


def _conventions(code: str) -> list[str]:
    """The methods the presets know by their name, for the APIs of `code`."""
    lines = []
    for preset in EVERY_PRESET.presets.values():
        methods = sorted(
            method
            for method, api in preset.methods.items()
            if any(row.code == code for row in EVERY_PRESET.rows_for(api))
        )
        receivers = sorted(preset.receivers)
        if methods:
            known = ", ".join(f"`.{method}(...)`" for method in methods)
            lines.append(
                f"- {preset.library}: {known} on a receiver that does not resolve, or resolves "
                f"only to something of {preset.library}, as the API of that name"
            )
        if methods and receivers:
            names = ", ".join(f"`{name}`" for name in receivers)
            lines.append(f"- {preset.library}: a receiver named {names} that does not resolve")
    return lines


def _origin(origin: str) -> str:
    """The library a row comes from, for a preset's row (the standard library's say nothing)."""
    preset = EVERY_PRESET.presets.get(origin)
    return f"{preset.library}: " if preset is not None else ""


def _work(row: SpawnApi) -> str:
    where = [f"argument {row.position + 1}"] if row.position is not None else []
    where += [f"`{row.keyword}=`"] if row.keyword else []
    kind = "the coroutine" if row.work == "coroutine" else "the work"
    return f"{kind} is {' or '.join(where)}"


def _returns(row: SpawnApi) -> str:
    if row.returns == "never":
        return "its exception never comes back"
    forms = ", ".join(_FORMS.get(form, f"`{form}()`") for form in sorted(row.consumed_by))
    handed = f", or to `{row.handed_to}=`" if row.handed_to else ""
    chained = ", ".join(f"`{method}()`" for method in sorted(row.chained_by))
    chain = f" (also of what {chained} on it returns)" if chained else ""
    return f"its exception comes back through the result, consumed by {forms}{chain}{handed}"


_FORMS = {"await": "`await`", "iterate": "iteration", "return": "returning it to the caller"}


def rule_index(rules: dict[str, Rule]) -> str:
    """One line per code (`explain` without a code): the overview a user scans first."""
    width = max((len(rule.name) for rule in rules.values()), default=0)
    return "".join(
        f"{rule.code}  {rule.name:<{width}}  {rule.summary.strip()}\n" for rule in rules.values()
    )


def rules_page(rules: dict[str, Rule]) -> str:
    """The whole `docs/rules.md`: an index table, then every rule's section."""
    table = ["| code | name | what it reports |", "|---|---|---|"]
    table += [
        f"| [{r.code}](#{_anchor(r)}) | {r.name} | {r.summary.strip()} |" for r in rules.values()
    ]
    head = [
        "# lint-recover rules",
        "",
        "<!-- Generated from lint_recover/rules (the registry) by "
        "`python -m lint_recover.outputs.docs > docs/rules.md`; do not edit by hand. -->",
        "",
        "Each section says what the code reports, why it matters, a bad and a good example, "
        "and the fix. `lint-recover explain CODE` prints the same text; `# noqa: CODE` "
        "silences one line.",
        "",
        *table,
        "",
    ]
    return "\n".join(head) + "".join(f"\n{rule_section(rule)}" for rule in rules.values())


def _python_block(source: str) -> str:
    return f"```python\n{source.strip()}\n```"


def help_uri(rule: Rule) -> str:
    """The address of `rule`'s section of the published rules page."""
    return f"{RULES_PAGE_URL}#{_anchor(rule)}"


def _anchor(rule: Rule) -> str:
    """The heading anchor GitHub derives from `## CODE: name` (lowercase, punctuation dropped,
    spaces to hyphens)."""
    heading = f"{rule.code}: {rule.name}".lower()
    kept = "".join(char for char in heading if char.isalnum() or char in " -_")
    return kept.replace(" ", "-")


if __name__ == "__main__":
    sys.stdout.write(rules_page(registered_rules()))
