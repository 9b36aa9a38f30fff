"""The spawn table is the single source of the spawn APIs: every row is found by the text
screen, recorded by the facts walk and reported with its code, through the engine the CLI runs
and through a real flake8 process; its codes are documented; the documentation lists it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lint_recover.apis.model import SpawnApi
from lint_recover.apis.table import STANDARD
from lint_recover.config import Config
from lint_recover.outputs.docs import api_list
from lint_recover.rules.registry import rules
from tests.support.checking import check_files
from tests.support.process import flake8

_FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RCV\d{3}) ")


def call_of(row: SpawnApi, number: int) -> str:
    """A function calling `row`'s API with an unrecovered work where the row says (`job`, or
    the coroutine `coro()`), spelled as a reader would: a module function or class by its
    module, a method through an instance annotated with its class (`instance.submit(job)`),
    an `__init__` through its class (which passes the instance first)."""
    owner, _, last = row.name.rpartition(".")
    work = "coro()" if row.work == "coroutine" else "job"
    before = ["None"] * (row.position or 0)
    parameter = "self"
    if last == "__init__":
        receiver, before = owner, ["self", *before]
    elif row.method:
        receiver, parameter = "instance", f"instance: {owner}"
    else:
        receiver = owner
    arguments = [*before, work] if row.position is not None else [f"{row.keyword}={work}"]
    if row.requires:  # `gather(..., return_exceptions=True)`
        arguments.append(f"{row.requires}=True")
    return f"def spawn_{number}({parameter}):\n    {receiver}.{last}({', '.join(arguments)})\n"


def module_of(rows: list[SpawnApi]) -> tuple[str, dict[int, str]]:
    """A module calling every row's API once, and the code expected on each call's line."""
    modules = sorted({row.name.split(".")[0] for row in rows} | {"concurrent.futures"})
    lines = [f"import {module}" for module in modules]
    lines += ["", "", "def job():", "    1 / 0", "", "", "async def coro():", "    1 / 0"]
    expected: dict[int, str] = {}
    for number, row in enumerate(rows):
        lines += ["", "", *call_of(row, number).splitlines()]
        expected[len(lines)] = row.code
    return "\n".join(lines) + "\n", expected


def test_every_code_of_the_table_is_a_documented_rule() -> None:
    assert {row.code for row in STANDARD.rows} <= set(rules())


def test_every_row_is_screened_recorded_and_reported_by_the_engine(tmp_path: Path) -> None:
    source, expected = module_of(list(STANDARD.rows))
    path = tmp_path / "spawns.py"
    path.write_text(source, encoding="utf-8")
    found = {f.line: f.code for f in check_files([path], Config(root=tmp_path))}
    assert found == expected, source


def test_flake8_reports_every_row_like_the_engine(tmp_path: Path) -> None:
    source, expected = module_of(list(STANDARD.rows))
    (tmp_path / "spawns.py").write_text(source, encoding="utf-8")
    result = flake8("spawns.py", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    found = {}
    for line in result.stdout.splitlines():
        match = _FLAKE8_LINE.match(line)
        assert match, line
        found[int(match["line"])] = match["code"]
    assert found == expected


@pytest.mark.parametrize("code", sorted({row.code for row in STANDARD.rows}))
def test_the_documentation_lists_every_row_of_a_code(code: str) -> None:
    listed = "\n".join(api_list(code))
    for row in STANDARD.rows:
        if row.code == code:
            method = row.name.rsplit(".", 1)[-1]
            assert f".{method}`" in listed or f"`{row.name}`" in listed, row.name
