"""One file, read and reduced to what the engine keeps of it: its cache entry and, when any
rule could report in it, its facts. The engine runs this in this process or in its workers.

A file is decoded, then screened: a file whose text shows that no rule can report anything in
it (`screen.screen`) is not even parsed (parsing is most of a run's cost, and most files
of a project cannot matter): its findings are final and empty, and its facts are built only if
another module's check consults them: with its analysis when that check asks first
(`consulted`), else later from the file again (`facts_of_file`). So a syntax error is an
RCV001 in a file that could matter (its text can hold something a rule reports, or a rule
consults it), as DESIGN.md says, and goes unnoticed elsewhere (Python, ruff or flake8's E999
report it there). A file that cannot be decoded cannot be screened: RCV001.
"""

from __future__ import annotations

from pathlib import Path

from lint_recover.config import Config
from lint_recover.facts import ModuleFacts, module_facts
from lint_recover.project.cache import FileEntry, digest
from lint_recover.rules.families.unanalysable import problem_finding
from lint_recover.text.screen import screen
from lint_recover.text.source import SourceProblem, decode, parse_bytes


def analyse_file(
    path: str, module: str, config: Config, *, consulted: bool = False
) -> tuple[FileEntry, ModuleFacts | None]:
    """The entry of `path` (digest, final findings when already known, noqa lines) and its
    facts (None when it could not be analysed, or was screened out and is not `consulted`:
    asked for by another module's check, which would otherwise parse it a second time)."""
    source = Path(path)
    try:
        status = source.stat()
        data = source.read_bytes()
    except OSError as error:
        problem = SourceProblem(source, 1, 0, f"cannot be read: {error.strerror or error}")
        return FileEntry(0, 0, b"", b"", (problem_finding(problem),)), None
    entry = FileEntry(status.st_size, status.st_mtime_ns, digest(data), b"")
    text = decode(source, data)
    if isinstance(text, str) and not consulted and not screen(text, config):
        entry.findings, entry.screened = (), True
        return entry, None
    parsed = parse_bytes(source, data)
    if isinstance(parsed, SourceProblem):
        entry.findings = (problem_finding(parsed),)
        return entry, None
    if consulted and not screen(parsed.text, config):
        entry.findings, entry.screened = (), True
        return entry, module_facts(parsed, module, config)
    if "noqa" in parsed.text.lower():  # one C pass; most files have no noqa at all
        entry.noqa = {
            number: line for number, line in enumerate(parsed.lines, 1) if "noqa" in line.lower()
        }
    return entry, module_facts(parsed, module, config)


def facts_of_file(path: str, module: str, config: Config) -> ModuleFacts | None:
    """The facts of a screened file, when another module's check needs them (None if it has
    become unreadable or unparsable since)."""
    source = Path(path)
    try:
        parsed = parse_bytes(source, source.read_bytes())
    except OSError:
        return None
    if isinstance(parsed, SourceProblem):
        return None
    return module_facts(parsed, module, config)


def digest_file(path: str) -> bytes:
    """The content digest of `path`; empty (as for a module that is not there) if unreadable."""
    try:
        with open(path, "rb") as stream:
            return digest(stream.read())
    except OSError:
        return b""
