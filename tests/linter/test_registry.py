"""The registry is the single source of each code: its examples are checked like fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_recover.config import Config
from lint_recover.rules.registry import Rule, rules
from tests.support.checking import check_files

# Configuration a rule's examples state in their first comment line.
_CONFIG = {"RCV401": {"entrypoint_decorators": ("api.endpoint",)}}
EXPECTED_CODES = {
    *("RCV001", "RCV101", "RCV102", "RCV201", "RCV301", "RCV302", "RCV303", "RCV401", "RCV501"),
    *("RCV601", "RCV602", "RCV701", "RCV702", "RCV703"),
}


def codes_of(source: str, rule: Rule, tmp_path: Path) -> list[str]:
    path = tmp_path / "example.py"
    path.write_text(source, encoding="utf-8")
    config = Config(root=tmp_path, **_CONFIG.get(rule.code, {}))  # type: ignore[arg-type]
    return [finding.code for finding in check_files([path], config)]


def test_every_code_of_the_design_is_registered_once() -> None:
    assert set(rules()) == EXPECTED_CODES


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_bad_example_yields_its_code_and_good_yields_nothing(code: str, tmp_path: Path) -> None:
    rule = rules()[code]
    assert codes_of(rule.bad, rule, tmp_path) == [code]
    assert codes_of(rule.good, rule, tmp_path) == []


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_every_rule_is_documented(code: str) -> None:
    rule = rules()[code]
    assert rule.code == code
    for text in (rule.name, rule.summary, rule.message, rule.rationale, rule.fix):
        assert text.strip(), code
