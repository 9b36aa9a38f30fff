"""Cross-module projects under fixtures/projects: every marker exactly, through the checker
(one index for the project, as the CLI uses it) and through a real flake8 process."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from lint_recover.config import load_config
from lint_recover.facts import ModuleFacts, module_facts
from lint_recover.findings import DecorateDef
from lint_recover.project import engine
from lint_recover.project.cache import Cache
from lint_recover.resolution.index import ProjectIndex
from lint_recover.text.source import ParsedSource, read_source
from tests.support.checking import check_files
from tests.support.process import FIXTURES, flake8
from tests.support.want import compare

PROJECTS = sorted(path for path in (FIXTURES / "projects").iterdir() if path.is_dir())
PLANT = FIXTURES / "projects" / "plant"
_FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RCV\d{3}) ")


def files_of(project: Path) -> list[Path]:
    return sorted(project.rglob("*.py"))


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.name)
def test_checker_reports_exactly_the_markers(project: Path) -> None:
    config = load_config(project)
    by_file: dict[Path, list[tuple[int, int, str]]] = defaultdict(list)
    for f in check_files([project], config):
        by_file[Path(f.path)].append((f.line, f.col + 1, f.code))
    problems = []
    for path in files_of(project):
        problems += compare(path, by_file.pop(path, []))
    assert problems == [] and not by_file


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: path.name)
def test_flake8_reports_exactly_the_markers(project: Path) -> None:
    result = flake8(".", cwd=project)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    reports: dict[Path, list[tuple[int, int, str]]] = defaultdict(list)
    for line in result.stdout.splitlines():
        match = _FLAKE8_LINE.match(line)
        assert match, line
        reports[(project / match["path"]).resolve()].append(
            (int(match["line"]), int(match["col"]), match["code"])
        )
    problems = []
    for path in files_of(project):
        problems += compare(path, reports.pop(path.resolve(), []))
    assert problems == [] and not reports


def test_a_target_in_another_module_is_fixed_where_it_is_defined(tmp_path: Path) -> None:
    project = tmp_path / "plant"
    shutil.copytree(PLANT, project)
    config = load_config(project)
    core = project / "src" / "plant" / "engine" / "core.py"
    report = engine.run([core], config, jobs=1, use_cache=True)
    first = report.findings[0]
    assert isinstance(first.fix, DecorateDef)
    assert (first.fix.path, first.fix.qualname, first.fix.line) == (
        str(project / "src/plant/workers.py"),
        "poll",
        6,
    )
    assert first.fix.instead is not None  # the call-site wrap, if `poll` has other uses
    assert first.fix.instead.path == str(core)
    assert first.target == "poll"
    assert "'poll' (src/plant/workers.py:6)" in first.message
    # what the check read, as the cache records it to re-check core.py when one changes: the
    # re-exporting package, the modules defining targets, the pool
    cache = Cache(config)
    cache.load()
    consulted = set(cache.entries[str(core)].consulted)
    assert {"plant", "plant.workers", "plant.engine.helpers", "plant.pools"} <= consulted
    assert "plant.engine.core" not in consulted


def test_module_names_follow_the_source_roots() -> None:
    index = ProjectIndex(load_config(PLANT))
    src = PLANT / "src"
    assert index.module_name_for(src / "plant" / "__init__.py") == "plant"
    assert index.module_name_for(src / "plant" / "engine" / "core.py") == "plant.engine.core"
    assert index.path_for("plant.engine") == (src / "plant" / "engine" / "__init__.py").resolve()
    assert index.path_for("plant.missing") is None
    assert index.path_for("threading") is None


def test_the_index_reads_each_module_once_and_uses_the_load_facts_hook() -> None:
    config = load_config(PLANT)
    loaded: list[Path] = []

    def load(path: Path) -> ModuleFacts | None:
        loaded.append(path)
        parsed = read_source(path)
        assert isinstance(parsed, ParsedSource)
        return module_facts(parsed, index.module_name_for(path), config)

    index = ProjectIndex(config, load_facts=load)
    names = [index.module_name_for(path) for path in files_of(PLANT)]
    for _ in range(2):
        assert all(index.facts(name) is not None for name in names)
    assert sorted(loaded) == sorted(path.resolve() for path in files_of(PLANT))
