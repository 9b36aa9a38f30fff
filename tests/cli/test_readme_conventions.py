"""The README's claims about conventions, run: the `lint-recover check` section's session is
replayed command by command on its example file and must print what the README shows; the
newcomer block's finding is that file's; its contents and codes table point at what exists."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from lint_recover.rules.registry import rules
from tests.support.process import REPO, clean_env

README = (REPO / "README.md").read_text(encoding="utf-8")
ELLIPSIS = "..."


def check_section() -> str:
    start = README.index("\n## `lint-recover check`\n")
    return README[start : README.index("\n## ", start + 1)]


def session() -> tuple[str, list[tuple[str, list[str]]]]:
    """The example file and the (command, expected lines) pairs of the session."""
    section = check_section()
    start = section.index("These conventions in one session")
    source = re.search(r"```python\n(.*?)```", section[start:], re.DOTALL)
    console = re.search(r"```console\n(.*?)```", section[start:], re.DOTALL)
    assert source is not None and console is not None
    steps: list[tuple[str, list[str]]] = []
    for line in console.group(1).splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return source.group(1), steps


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; `...` alone skips any lines, a line ending in `...` is a prefix."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == ELLIPSIS:
        return any(matches(rest, actual[skip:]) for skip in range(len(actual) + 1))
    if not actual:
        return False
    if head.endswith(ELLIPSIS):
        fits = actual[0].startswith(head[: -len(ELLIPSIS)].rstrip())
    else:
        fits = actual[0] == head
    return fits and matches(rest, actual[1:])


def test_every_command_prints_what_the_readme_shows(tmp_path: Path) -> None:
    """The commands in order, as a reader types them (one reads the file another wrote),
    each in a fresh shell in the project's root."""
    source, steps = session()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "workers.py").write_text(source)
    (tmp_path / "pyproject.toml").write_text("[tool.lint-recover]\n")
    env = clean_env({"PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"})
    differences = []
    for command, expected in steps:
        result = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )
        actual = result.stdout.splitlines()
        if not matches(expected, actual):
            differences += [f"$ {command}", "expected:", *expected, "printed:", *actual]
    assert len(steps) >= 8
    assert differences == []


def test_the_matching_rule_can_fail() -> None:
    assert matches(["a ...", ELLIPSIS, "c"], ["a b", "x", "c"])
    assert not matches(["a ...", "c"], ["a b", "x", "c"])
    assert not matches(["exit 0"], ["exit 1"])


def test_the_newcomer_finding_is_the_session_s_first() -> None:
    shown = re.search(r"## Run it on your project\n.*?```text\n(.*?)\n```", README, re.DOTALL)
    assert shown is not None
    first = session()[1][0]
    assert first[0] == "lint-recover check" and first[1][0] == shown.group(1)


def test_the_contents_link_to_headings_that_exist() -> None:
    headings = re.findall(r"^#{2,3} (.+)$", README, re.MULTILINE)
    anchors = {
        "".join(c for c in heading.lower() if c.isalnum() or c in " -_").replace(" ", "-")
        for heading in headings
    }
    contents = README[README.index("\n## Contents\n") : README.index("\n## Codes at a glance\n")]
    links = re.findall(r"\]\(#([^)]+)\)", contents)
    assert len(links) > 10
    assert [link for link in links if link not in anchors] == []


def test_the_codes_at_a_glance_are_the_registry_s() -> None:
    start = README.index("\n## Codes at a glance\n")
    table = README[start : README.index("\n## ", start + 1)]
    assert re.findall(r"^\| (RCV\d{3}) \|", table, re.MULTILINE) == list(rules())
