"""`lint-recover explain` and `docs/rules.md`: every code documented, from one source."""

from __future__ import annotations

import sys

import pytest

from lint_recover.outputs.docs import registered_rules, rule_section
from tests.support.process import REPO, lint_recover, run

# The codes of the public contract (DESIGN.md); each must have its documentation.
CONTRACT_CODES = ("RCV001", "RCV101", "RCV102", "RCV201", "RCV301", "RCV302", "RCV401", "RCV501")
RULES = registered_rules()


def test_every_contract_code_is_documented() -> None:
    missing = [code for code in CONTRACT_CODES if code not in RULES]
    assert not missing, f"codes without a registered rule: {missing}"
    for rule in RULES.values():
        blank = [
            name
            for name in ("name", "summary", "rationale", "bad", "good", "fix")
            if not getattr(rule, name).strip()
        ]
        assert not blank, f"{rule.code} has empty fields: {blank}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_explain_prints_the_rule_with_examples(code: str) -> None:
    result = lint_recover("explain", code.lower())
    assert result.returncode == 0, result.stderr
    assert result.stdout == rule_section(RULES[code])
    assert "**Bad:**" in result.stdout and "**Good:**" in result.stdout
    assert RULES[code].bad.strip() in result.stdout and RULES[code].good.strip() in result.stdout


def test_explain_without_code_lists_every_code() -> None:
    result = lint_recover("explain")
    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == sorted(RULES)


def test_explain_unknown_code_is_one_line_and_exit_2() -> None:
    result = lint_recover("explain", "RCV999")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unknown code 'RCV999'" in result.stderr


def test_committed_rules_page_is_what_the_registry_generates() -> None:
    """`docs/rules.md` cannot drift: regenerate it with the documented command and compare."""
    generated = run([sys.executable, "-m", "lint_recover.outputs.docs"], cwd=REPO)
    assert generated.returncode == 0, generated.stderr
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated.stdout, (
        "docs/rules.md is stale: run `python -m lint_recover.outputs.docs > docs/rules.md`"
    )
    for code in RULES:
        assert f"## {code}: " in committed
