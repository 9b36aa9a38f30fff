"""The persistent cache through the CLI: warm runs do no work, a change re-checks exactly the
changed module and its dependants, damage is recomputed, never fatal."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lint_recover.config import load_config
from lint_recover.project.cache import Cache
from tests.cli.helpers import check_json, write

PROJECT = {
    "pkg/__init__.py": "",
    "pkg/workers.py": "def poll():\n    raise RuntimeError('lost')\n",
    "pkg/app.py": (
        "import threading\n\nfrom pkg.workers import poll\n\n"
        "threading.Thread(target=poll).start()\n"
    ),
    "pkg/other.py": (
        "import threading\n\n\ndef tick():\n    raise ValueError\n\n\n"
        "threading.Timer(1.0, tick).start()\n"
    ),
    "pkg/uses_helpers.py": (
        "import threading\n\nfrom pkg.helpers import job\n\nthreading.Thread(target=job).start()\n"
    ),
}
RECOVERED_POLL = (
    "from recover_runtime import recover\n\n\n"
    "@recover\ndef poll():\n    raise RuntimeError('lost')\n"
)


def _project(tmp_path: Path) -> Path:
    write(tmp_path, PROJECT)
    return tmp_path


def test_warm_run_reuses_everything(tmp_path: Path) -> None:
    project = _project(tmp_path)
    cold = check_json(project)
    warm = check_json(project)
    assert warm.findings == cold.findings
    assert (cold.stats["analysed"], cold.stats["cache"]) == (5, "empty")
    assert (warm.stats["analysed"], warm.stats["checked"], warm.stats["reused"]) == (0, 0, 5)
    assert (project / ".lint-recover-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_changed_module_rechecks_its_dependants_only(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = check_json(project)
    assert ("pkg/app.py", 5, 25, "RCV101") in before.findings
    (project / "pkg/workers.py").write_text(RECOVERED_POLL)
    after = check_json(project)
    # workers.py re-analysed (and screened: nothing in it can be reported); app.py, which
    # consulted it, re-checked; the rest reused.
    counts = [after.stats[key] for key in ("analysed", "screened", "checked", "reused")]
    assert counts == [1, 1, 1, 3]
    assert [f for f in after.findings if f[0] == "pkg/app.py"] == []
    assert [f for f in after.findings if f[0] == "pkg/other.py"] == [
        f for f in before.findings if f[0] == "pkg/other.py"
    ]


def test_a_new_module_invalidates_findings_that_could_not_resolve_it(tmp_path: Path) -> None:
    project = _project(tmp_path)
    before = check_json(project)
    assert [f[3] for f in before.findings if f[0] == "pkg/uses_helpers.py"] == ["RCV101"]
    write(project, {"pkg/helpers.py": RECOVERED_POLL.replace("poll", "job")})
    after = check_json(project)
    assert [f for f in after.findings if f[0] == "pkg/uses_helpers.py"] == []
    assert after.stats["analysed"] == 1  # only the new file was parsed


def test_touching_without_changing_reuses_by_content(tmp_path: Path) -> None:
    project = _project(tmp_path)
    check_json(project)
    path = project / "pkg/other.py"
    path.write_text(path.read_text())  # new mtime, same bytes
    again = check_json(project)
    assert (again.stats["analysed"], again.stats["checked"]) == (0, 0)


def test_corrupt_cache_is_recomputed_and_rewritten(tmp_path: Path) -> None:
    project = _project(tmp_path)
    clean = check_json(project)
    cache_file = project / ".lint-recover-cache" / "files.pickle"
    cache_file.write_bytes(cache_file.read_bytes()[:100])
    damaged = check_json(project)
    assert damaged.findings == clean.findings
    assert (damaged.stats["cache"], damaged.stats["analysed"]) == ("corrupt", 5)
    assert check_json(project).stats["cache"] == "loaded"


def test_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run = check_json(project, "--no-cache")
    assert (run.stats["cache"], run.stats["analysed"]) == ("off", 5)
    assert not (project / ".lint-recover-cache").exists()


def test_concurrent_runs_leave_a_whole_cache(tmp_path: Path) -> None:
    """Runs racing on one project (two editors, pre-commit and CI) each write the cache whole:
    whichever wins, the next run loads it and agrees with a run without it."""
    project = _project(tmp_path)
    many = {f"pkg/spawn_{n}.py": PROJECT["pkg/other.py"] for n in range(60)}
    write(project, many)
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: check_json(project, "--jobs", "1"), range(4)))
    assert all(run.findings == runs[0].findings for run in runs)
    after = check_json(project)
    assert (after.stats["cache"], after.stats["analysed"]) == ("loaded", 0)
    assert after.findings == check_json(project, "--no-cache").findings
    leftovers = [p.name for p in (project / ".lint-recover-cache").iterdir()]
    assert sorted(leftovers) == [".gitignore", "files.pickle"]  # no temporary file left


def test_a_screened_module_still_serves_its_facts_to_dependants(tmp_path: Path) -> None:
    """workers.py cannot report anything itself, so its facts are built only when app.py's
    check consults them (to see that `poll` is recovered), cold and warm: without them `poll`
    would be unresolved, and reported."""
    project = _project(tmp_path)
    (project / "pkg/workers.py").write_text(RECOVERED_POLL)
    cold = check_json(project, "--jobs", "1")
    assert cold.stats["screened"] == 2  # pkg/__init__.py and pkg/workers.py
    assert [f for f in cold.findings if f[0] == "pkg/app.py"] == []
    app = project / "pkg/app.py"
    app.write_text("# moved down a line\n" + app.read_text())
    warm = check_json(project, "--jobs", "1")
    assert (warm.stats["analysed"], warm.stats["checked"]) == (1, 1)
    assert [f for f in warm.findings if f[0] == "pkg/app.py"] == []


def _damage_facts(project: Path, name: str) -> None:
    """Leave the cache file whole but the pickled facts of module `name` garbage."""
    cache = Cache(load_config(project))
    cache.load()
    (path,) = (path for path in cache.entries if path.endswith(name))
    assert cache.entries[path].facts
    cache.entries[path].facts = b"\x80\x05garbage"
    cache.put(path, cache.entries[path])
    assert cache.save()


def test_damaged_facts_inside_a_whole_cache_are_recomputed(tmp_path: Path) -> None:
    """The cache file loads, but the facts of a module inside it are garbage (a disk error, a
    cache written by other code): a check that needs them analyses the file again."""
    project = _project(tmp_path)
    check_json(project, "--jobs", "1")
    # app.py changed: its check consults workers.py, whose cached facts are damaged.
    _damage_facts(project, "pkg/workers.py")
    app = project / "pkg/app.py"
    app.write_text("# moved down a line\n" + app.read_text())
    first = check_json(project, "--jobs", "1")
    assert first.findings == check_json(project, "--no-cache").findings
    # workers.py changed: app.py is re-checked from its own cached facts, damaged.
    _damage_facts(project, "pkg/app.py")
    (project / "pkg/workers.py").write_text(RECOVERED_POLL)
    second = check_json(project, "--jobs", "1")
    assert second.findings == check_json(project, "--no-cache").findings
    assert [f for f in second.findings if f[0] == "pkg/app.py"] == []
