"""The README's linter sections keep up with the code: every registered code has a row, and
every configuration key and flake8 option is documented."""

from __future__ import annotations

import dataclasses
import re

from lint_recover.config import Config
from lint_recover.rules.registry import rules
from tests.support.process import REPO, flake8

README = (REPO / "README.md").read_text(encoding="utf-8")
CONFIG_SECTION = "Configuration"
FLAKE8_SECTION = "flake8 plugin"


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def test_every_code_has_a_row_in_the_codes_table() -> None:
    rows = re.findall(r"^\| (RCV\d{3}) \|", section("The linter: codes"), re.MULTILINE)
    assert sorted(rows) == sorted(rules())


def test_every_configuration_key_is_documented() -> None:
    keys = {f.name.replace("_", "-") for f in dataclasses.fields(Config)} - {"root", "source"}
    table_rows = re.findall(r"^\| `([a-z-]+)` \|", section(CONFIG_SECTION), re.MULTILINE)
    documented = set(table_rows)
    assert documented == keys


def test_every_flake8_option_is_documented() -> None:
    options = set(re.findall(r"--recover-[a-z-]+", flake8("--help").stdout))
    assert options
    assert options <= set(re.findall(r"--recover-[a-z-]+", section(FLAKE8_SECTION)))
