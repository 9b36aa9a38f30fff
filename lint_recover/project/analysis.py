"""One file, read and reduced to what the engine keeps of it: its cache entry and, when any
rule could report in it, its facts. The engine runs this in this process or in its workers.

A file that cannot be analysed gets its RCV001 finding at once: no rule can add to it. A file
whose text shows that no rule can report anything in it (`screen.screen`) is only
parsed, so that a syntax error is still an RCV001: its findings are final and empty, and its
facts are built only if another module's check consults them: with its analysis when that
check asks first (`consulted`), else later from the file again (`facts_of_file`). On the
standard library that spares most of the facts walks (the figure is in
`benchmarks/bench_check.txt`).
"""

from __future__ import annotations

from pathlib import Path

from lint_recover.config import Config
from lint_recover.facts import ModuleFacts, module_facts
from lint_recover.project.cache import FileEntry, digest
from lint_recover.rules.families.unanalysable import problem_finding
from lint_recover.text.screen import screen
from lint_recover.text.source import SourceProblem, parse_bytes


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
    parsed = parse_bytes(source, data)
    entry = FileEntry(status.st_size, status.st_mtime_ns, digest(data), b"")
    if isinstance(parsed, SourceProblem):
        entry.findings = (problem_finding(parsed),)
        return entry, None
    if not screen(parsed.text, config):
        entry.findings, entry.screened = (), True
        return entry, module_facts(parsed, module, config) if consulted else None
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
