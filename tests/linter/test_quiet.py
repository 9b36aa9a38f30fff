"""Quiet bodies (`facts.quiet`) change the cost of the facts walk, never a finding: checked
against a walk that reads every body in full, on the rule fixtures, the fixture projects
and the concurrency-heavy part of the standard library."""

from __future__ import annotations

import ast
import re
import sysconfig
from pathlib import Path

import pytest

from lint_recover.apis.table import STANDARD
from lint_recover.config import Config, load_config
from lint_recover.facts import module_facts, quiet
from lint_recover.project import engine
from lint_recover.text.positions import line_numbers
from lint_recover.text.screen import screen
from lint_recover.text.source import ParsedSource, parse_bytes, split_lines
from tests.support.checking import check_files
from tests.support.process import FIXTURES

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
STDLIB_PARTS = (
    "asyncio",
    "concurrent",
    "multiprocessing",
    "logging",
    "threading.py",
    "socketserver.py",
    "subprocess.py",
    "pydoc.py",
)


def _findings(paths: list[Path], config: Config) -> list[tuple[str, int, int, str, str]]:
    return [(f.path, f.line, f.col, f.code, f.message) for f in check_files(paths, config)]


def _corpora() -> list[tuple[str, list[Path], Config]]:
    stdlib_files = sorted(
        path
        for part in STDLIB_PARTS
        for path in ([STDLIB / part] if part.endswith(".py") else (STDLIB / part).rglob("*.py"))
        if "tests" not in path.parts
    )
    corpora = [("stdlib", stdlib_files, Config(root=STDLIB, source_roots=(".",)))]
    rule_files = sorted((FIXTURES / "rules").rglob("*.py"))
    corpora += [(f"rules/{p.name}", [p], load_config(p)) for p in rule_files]
    for project in sorted(p for p in (FIXTURES / "projects").iterdir() if p.is_dir()):
        files = sorted(project.rglob("*.py"))
        corpora.append((f"projects/{project.name}", files, load_config(project)))
    return corpora


@pytest.mark.parametrize(("corpus", "paths", "config"), _corpora(), ids=lambda v: v)
def test_quiet_bodies_change_no_finding(
    corpus: str, paths: list[Path], config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    quietly = _findings(paths, config)
    monkeypatch.setattr(quiet.LoudLines, "any_between", lambda self, first, last: True)
    in_full = _findings(paths, config)
    assert quietly == in_full


def test_the_engine_with_the_screen_s_offsets_changes_no_finding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI's path, where the screen hands its offsets to the facts walk, on the
    concurrency part of the standard library: the same findings as a full walk."""
    _, paths, config = _corpora()[0]

    def findings() -> list[tuple[str, int, int, str]]:
        report = engine.run(paths, config, jobs=1, use_cache=False)
        return sorted((f.path, f.line, f.col, f.code) for f in report.findings)

    quietly = findings()
    monkeypatch.setattr(quiet.LoudLines, "any_between", lambda self, first, last: True)
    assert quietly == findings()
    assert len(quietly) > 20


def test_most_bodies_of_asyncio_base_events_are_quiet() -> None:
    """The comparison above is not vacuous: most bodies there take the quiet path, and the
    facts still hold every function."""
    path = STDLIB / "asyncio" / "base_events.py"
    source = parse_bytes(path, path.read_bytes())
    assert isinstance(source, ParsedSource)
    functions = [
        node
        for node in ast.walk(source.tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    loud = quiet.LoudLines(source.text, STANDARD.standard_words)
    quiet_bodies = [
        f for f in functions if not loud.any_between(f.body[0].lineno, f.end_lineno or 0)
    ]
    assert len(functions) > 100
    assert len(quiet_bodies) > len(functions) / 2
    facts = module_facts(source, "asyncio.base_events", Config(root=STDLIB))
    assert len(facts.functions) == len(functions)


@pytest.mark.parametrize(
    "text",
    ["a\nb\n", "a\r\nb\r\n", "a\rb\nc\r\nd", "x", "", "\n\n", "one\x0cform feed\nthree"],
)
def test_line_numbers_are_those_ast_gives(text: str) -> None:
    numbered = split_lines(text)
    expected, offsets, offset = [], [], 0
    for number, line in enumerate(numbered, 1):
        for column in range(len(line)):
            offsets.append(offset + column)
            expected.append(number)
        offset += len(line)
        offset += 2 if text.startswith("\r\n", offset) else 1 if offset < len(text) else 0
    assert line_numbers(text, reversed(offsets)) == expected


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_the_screen_and_the_facts_agree_on_where_words_are(line_end: str) -> None:
    """The offsets the screen hands the facts walk mark the lines where the walk would have
    found the words itself, with either line ending."""
    path = STDLIB / "asyncio" / "base_events.py"
    text = path.read_text(encoding="utf-8").replace("\n", line_end)
    words = screen(text, Config(root=STDLIB))
    assert words is not None
    handed = quiet.LoudLines(text, STANDARD.standard_words, known=words)
    own = quiet.LoudLines(text, STANDARD.standard_words)
    assert handed.loud == own.loud
    lines = split_lines(text)
    assert handed.loud == sorted(
        number
        for number, line in enumerate(lines, 1)
        if ":=" in line
        or re.search(r"\b(target|function)\s*=[^=]", line)
        or re.search(
            r"\b(" + "|".join(sorted(STANDARD.standard_words - {"__init__"})) + r")\b", line
        )
        or re.search(r"\.__init__\b", line)
    )
