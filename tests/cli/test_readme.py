"""The README's `lint-recover check` section keeps up with the code: every option, format,
run counter and ignored directory is documented there."""

from __future__ import annotations

import argparse
import dataclasses

import pytest

from lint_recover.config.excludes import IGNORED_DIRECTORIES
from lint_recover.frontends.cli import build_parser
from lint_recover.outputs.report import FORMATS
from lint_recover.project.engine import RunStats
from tests.support.process import REPO


def _section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## `lint-recover check`")
    return text[start : text.index("\n## ", start + 1)]


def _check_options() -> list[str]:
    parser = build_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    check = commands.choices["check"]
    return [
        option
        for action in check._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]


@pytest.mark.parametrize("option", _check_options())
def test_every_option_is_documented(option: str) -> None:
    assert f"`{option}" in _section()


def test_every_format_counter_and_ignored_directory_is_documented() -> None:
    section = _section()
    assert [name for name in FORMATS if f"`{name}`" not in section] == []
    counters = [field.name for field in dataclasses.fields(RunStats)]
    assert [name for name in counters if f"`{name}`" not in section] == []
    assert [name for name in IGNORED_DIRECTORIES if f"`{name}`" not in section] == []
