"""Reading hostile files: each becomes one clear problem (RCV001), never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_recover.config import Config
from lint_recover.facts import module_facts
from lint_recover.text.positions import char_col
from lint_recover.text.source import ParsedSource, SourceProblem, read_source
from tests.support.checking import check_files


def problem_of(path: Path) -> SourceProblem:
    result = read_source(path)
    assert isinstance(result, SourceProblem), result
    return result


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"x = 1\ndef broken(:\n    pass\n", 2, "syntax error"),
        (b"x = '\xff\xfe'\n", 1, "invalid utf-8 encoding"),
        (b"# -*- coding: no-such-codec -*-\nx = 1\n", 1, "invalid encoding declaration"),
        (b"x = 1\ny = 2\x00\n", 2, "NUL bytes"),
        (b"x = " + b"(" * 300 + b"1" + b")" * 300 + b"\n", 1, "nesting too deep"),
        (b"x = " + b"-" * 100_000 + b"1\n", 1, "nesting too deep"),
    ],
    ids=["syntax", "encoding", "cookie", "nul", "parentheses", "recursion"],
)
def test_bad_files_become_one_problem(
    tmp_path: Path, content: bytes, line: int, reason: str
) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(content)
    problem = problem_of(path)
    assert (problem.line, problem.path) == (line, path)
    assert reason in problem.reason


def test_a_directory_and_a_dangling_link_are_problems(tmp_path: Path) -> None:
    (tmp_path / "package.py").mkdir()
    assert "directory" in problem_of(tmp_path / "package.py").reason
    (tmp_path / "gone.py").symlink_to(tmp_path / "missing.py")
    assert "cannot be read" in problem_of(tmp_path / "gone.py").reason


def test_checking_a_bad_file_yields_rcv001_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(b"import threading\nthreading.Thread(target=broken(:\n")
    config = Config(root=tmp_path)
    [finding] = check_files([path], config)
    assert (finding.code, finding.line) == ("RCV001", 2)
    assert finding.message.startswith("file could not be analysed: syntax error")


def test_a_bad_file_that_could_not_matter_is_not_even_parsed(tmp_path: Path) -> None:
    """A file whose text spells no spawn API cannot yield a finding: it is screened out
    before parsing, so its syntax error is left to Python, ruff or flake8's E999."""
    path = tmp_path / "bad.py"
    path.write_bytes(b"def broken(:\n")
    assert check_files([path], Config(root=tmp_path)) == []


def test_encoding_cookie_and_bom_are_honoured(tmp_path: Path) -> None:
    latin = tmp_path / "latin.py"
    latin.write_bytes("# -*- coding: latin-1 -*-\nnom = 'é'; x = 1\n".encode("latin-1"))
    parsed = read_source(latin)
    assert isinstance(parsed, ParsedSource)
    assert parsed.lines[1] == "nom = 'é'; x = 1"
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbfx = 1\r\ny = 2\r\n")
    parsed = read_source(bom)
    assert isinstance(parsed, ParsedSource)
    assert parsed.lines == ("x = 1", "y = 2")


def test_lines_are_numbered_like_ast_even_with_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "ff.py"
    path.write_bytes(b"x = 1\n\x0c\ny = 2\rz = 3\n")
    parsed = read_source(path)
    assert isinstance(parsed, ParsedSource)
    z = parsed.tree.body[-1]
    assert parsed.lines[z.lineno - 1] == "z = 3"


def test_char_col_converts_utf8_byte_offsets() -> None:
    lines = ["données = f(tâche)", "plain = f(x)"]
    assert char_col(lines, 1, len("données = f(".encode())) == len("données = f(")
    assert char_col(lines, 2, 10) == 10
    assert char_col(lines, 9, 4) == 4  # outside the file: unchanged


def test_a_long_but_valid_expression_is_analysed(tmp_path: Path) -> None:
    path = tmp_path / "generated.py"
    path.write_text("x = " + " + ".join(["'a'"] * 2000) + "\n", encoding="utf-8")
    parsed = read_source(path)
    assert isinstance(parsed, ParsedSource)
    facts = module_facts(parsed, "generated", Config(root=tmp_path))
    assert facts.problem is None
    assert "x" in facts.scopes[0].bindings
