"""The one driver behind `check` and `fix`: discovery -> facts (parallel, cached) -> rules.

`run(paths, config)` returns a `Report`: every finding (RCV001 for what could not be
analysed included), sorted, with noqa comments honoured, and the run's counters.

Two phases, because the rules of one module may read the facts of others:
1. facts: each file whose content changed is read, parsed and, when its text could yield a
   finding, reduced to `ModuleFacts` (`analysis.py`), in worker processes when there is
   enough work (`--jobs`; `pool_size`), else in this process;
2. rules: each file whose findings are not known for its current content *and* the
   current content of every module its last check consulted is checked here, against a
   `ProjectIndex` that serves other modules' facts from phase 1, the cache, or a fresh
   parse (for project modules outside the checked paths).
The cache (see `cache.py`) makes both phases incremental: an unchanged tree does no
parsing and no rule work; a change to one module re-analyses it and re-checks only it and
the modules whose last check consulted it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lint_recover.config import Config, Selection
from lint_recover.facts import ModuleFacts
from lint_recover.findings import Finding
from lint_recover.project.analysis import analyse_file, digest_file, facts_of_file
from lint_recover.project.cache import Cache, FileEntry, dumps, loads
from lint_recover.project.discovery import discover
from lint_recover.resolution.index import LoadFacts, ProjectIndex
from lint_recover.rules.checker import check_module
from lint_recover.rules.families.unanalysable import problem_finding
from lint_recover.text.noqa import without_noqa
from lint_recover.text.source import SourceProblem

# A worker process is started for every this many bytes of source to analyse, up to
# `--jobs`; below two of them, none. A pool costs CPU (starting the workers, each one reading
# again the modules its files consult), which on busy cores is extra time, and saves time
# only on idle ones. benchmarks/bench_jobs.py measures the size from which the saving
# outweighs the cost in nine projects in ten: 0.5 to 1 MB of source in five runs on a
# shared machine (bench_jobs.txt has the last); two workers from 1 MB is the careful end.
MIN_BYTES_PER_WORKER = 512 * 1024
# The state of a module name that is not a file of the project (outside it, or a namespace
# package directory), recorded so that a file appearing later invalidates the findings.
_ABSENT = b""
_NAMESPACE = b"namespace"

# Collect young objects every 100k allocations instead of 700 while a run holds its facts.
RUN_GC_THRESHOLDS = (100_000, 50, 100)

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class RunStats:
    """What a run did: files parsed (`analysed`; `screened`: those whose text showed that no
    rule can report in them, so no facts were built unless another module consulted them),
    rule runs (`checked`), findings taken from the cache (`reused`), worker processes started
    (0: all in this process)."""

    files: int = 0
    analysed: int = 0
    screened: int = 0
    checked: int = 0
    reused: int = 0
    workers: int = 0
    cache: str = "off"
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int | float | str]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Report:
    """The findings of a run, sorted, and its counters; `root` is the project root, `files`
    the files this run checked (absolute), `whole` whether that was the whole project (no
    paths given) and `selection` the codes it reported: together, what the run can say
    about a baseline entry (an entry of a file or a code it did not check, it cannot)."""

    root: Path
    findings: tuple[Finding, ...]
    stats: RunStats = field(default_factory=RunStats)
    files: frozenset[str] = frozenset()
    whole: bool = True
    selection: Selection | None = None


def default_jobs() -> int:
    """The cores this process may use (an affinity mask or a container limit counts)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def pool_size(jobs: int, paths: Sequence[str]) -> int:
    """The worker processes for analysing `paths`: one per `MIN_BYTES_PER_WORKER` of their
    source (the work is parsing, which grows with the bytes, not with the files), at most
    `jobs`; 0 or 1 means the run stays in this process."""
    if jobs < 2:
        return 0
    work = 0
    for path in paths:
        with contextlib.suppress(OSError):  # an unreadable file is reported by its analysis
            work += os.stat(path).st_size
    return min(jobs, work // MIN_BYTES_PER_WORKER)


def run(
    paths: Sequence[Path],
    config: Config,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    selection: Selection | None = None,
    progress: Progress | None = None,
) -> Report:
    """Check `paths` (the whole project when empty) under `config`.

    `selection` (default: the configuration's own) chooses the codes reported; the cache
    stores every finding, so changing the selection never invalidates it.
    """
    with _fewer_collections():
        return _run(paths, config, jobs, use_cache, selection or config.selection(), progress)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run with the cyclic garbage collector mostly out of the way, then restore it.

    A run keeps every module's facts alive (hundreds of thousands of small objects, none of
    them in a cycle worth collecting), and with the default thresholds the collector walks
    them again and again while later files are parsed: measured on the standard library, it
    cost a large part of a cold run. mypy raises its threshold for the same reason.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _run(
    paths: Sequence[Path],
    config: Config,
    jobs: int | None,
    use_cache: bool,
    selection: Selection,
    progress: Progress | None,
) -> Report:
    started = time.perf_counter()
    discovered = discover(paths, config)
    cache = Cache(config)
    if use_cache:
        cache.load()
    checking = _Run(config, cache if use_cache else None, progress)
    findings = checking.check([str(path) for path in discovered.files], jobs or default_jobs())
    findings.extend(
        problem_finding(SourceProblem(problem.path, 1, 0, problem.reason))
        for problem in discovered.problems
    )
    if use_cache:
        checking.pickle_facts()
        if not paths:
            cache.forget_except(set(checking.entries))
        cache.save()
    # The index's hook points back at the run: without this cycle, the run's facts are freed
    # at once by reference counting instead of by a full collection.
    checking.index.load_facts = None
    checking.stats.files = len(discovered.files)
    checking.stats.cache = cache.status if use_cache else "off"
    checking.stats.seconds = round(time.perf_counter() - started, 3)
    chosen = sorted(
        (f for f in findings if selection.chooses(f.code, f.path)), key=Finding.sort_key
    )
    files = frozenset(str(path) for path in discovered.files)
    return Report(config.root, tuple(chosen), checking.stats, files, not paths, selection)


class _RecordingIndex(ProjectIndex):
    """The project index, noting every module name a check asks about.

    This is a superset of the modules whose facts were used: it includes names that were
    *not* found in the project, because a file created later under that name changes what
    the check would conclude, and so must invalidate the cached findings.
    """

    def __init__(self, config: Config, load_facts: LoadFacts) -> None:
        super().__init__(config, load_facts)
        self.asked: set[str] = set()

    def path_for(self, module: str) -> Path | None:
        self.asked.add(module)
        return super().path_for(module)

    def facts(self, module: str) -> ModuleFacts | None:
        self.asked.add(module)
        return super().facts(module)


class _Run:
    """One run's state: the entries of this run's files, facts in memory, the counters.

    The same class works in worker processes (without a cache), so a file is analysed and
    checked by exactly the same code wherever it runs.
    """

    def __init__(self, config: Config, cache: Cache | None, progress: Progress | None = None):
        self.config = config
        self.cache = cache
        self.progress = progress
        self.stats = RunStats()
        self.index = _RecordingIndex(config, load_facts=self._facts_for_index)
        self.entries: dict[str, FileEntry] = {}
        self._facts: dict[str, ModuleFacts | None] = {}
        self._states: dict[str, bytes] = {}
        self._analysed: set[str] = set()

    def check(self, paths: list[str], jobs: int) -> list[Finding]:
        """Findings of `paths`: changed files analysed and checked (in workers when there
        are enough of them), unchanged ones re-checked only if what they consulted changed."""
        stale = [path for path in paths if not self._reuse_entry(path)]
        workers = pool_size(jobs, stale)
        if workers > 1:
            self._check_in_workers(stale, workers)
        # Workers report progress as their chunks come back; otherwise the files are
        # analysed here, one by one.
        progress = self.progress if workers <= 1 else None
        findings: list[Finding] = []
        for done, path in enumerate(paths, 1):
            findings.extend(self._findings_of(path))
            if progress is not None:
                progress(done, len(paths))
        return findings

    def pickle_facts(self) -> None:
        """Serialise the facts built in this process into their entries, for the cache."""
        for path, facts in self._facts.items():
            entry = self.entries.get(path)
            if facts is not None and entry is not None and not entry.facts:
                entry.facts = dumps(facts)

    def _check_in_workers(self, paths: list[str], workers: int) -> None:
        size = max(1, min(32, len(paths) // (workers * 8)))
        chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
        self.stats.workers = workers
        # Imported here: a warm run starts no worker and should not pay for importing them.
        from lint_recover.project.workers import worker_pool

        initargs = (self.config, self.cache is not None)
        with worker_pool(workers, _init_worker, initargs) as pool:
            for results in pool.map(_check_in_worker, chunks):
                for path, entry, checked in results:
                    self._keep(path, entry)
                    self.stats.checked += checked
                    if self.progress is not None:
                        self.progress(len(self._analysed), len(paths))

    def _keep(self, path: str, entry: FileEntry) -> None:
        self.stats.analysed += 1
        self.stats.screened += entry.screened
        self._analysed.add(path)
        self.entries[path] = entry
        if self.cache is not None:
            self.cache.put(path, entry)

    def _analyse(self, path: str, *, consulted: bool = False) -> FileEntry:
        module = self.index.module_name_for(Path(path))
        entry, facts = analyse_file(path, module, self.config, consulted=consulted)
        self._facts[path] = facts
        self._keep(path, entry)
        return entry

    def _reuse_entry(self, path: str) -> bool:
        """Take the cached entry if the file is unchanged (same stat, else same digest)."""
        entry = self.cache.entries.get(path) if self.cache is not None else None
        if entry is None:
            return False
        try:
            status = os.stat(path)
            if (status.st_size, status.st_mtime_ns) != (entry.size, entry.mtime_ns):
                if status.st_size != entry.size or digest_file(path) != entry.digest:
                    return False
                entry.mtime_ns = status.st_mtime_ns
                self.cache.put(path, entry)  # type: ignore[union-attr]
        except OSError:
            return False
        self.entries[path] = entry
        return True

    def _module_state(self, module: str) -> bytes:
        """What the index would find for `module` now: its file's digest, or a marker."""
        path = self.index.path_for(module)
        if path is None:
            return _ABSENT
        key = str(path)
        if key not in self._states:
            if path.is_dir():
                self._states[key] = _NAMESPACE
            elif key in self.entries or self._reuse_entry(key):
                self._states[key] = self.entries[key].digest
            else:
                self._states[key] = digest_file(key)
        return self._states[key]

    def _findings_of(self, path: str) -> tuple[Finding, ...]:
        entry = self.entries.get(path) or self._analyse(path)
        if entry.findings is not None and all(
            self._module_state(module) == state for module, state in entry.consulted.items()
        ):
            if path not in self._analysed:
                self.stats.reused += 1
            return entry.findings
        facts = self._load_facts(path)
        entry = self.entries[path]  # a new one if the cached facts were damaged
        if facts is None:  # cached without facts (they were unreadable): analyse afresh
            entry = self._analyse(path)
            facts = self._facts[path]
            if facts is None:
                return entry.findings or ()
        self.index.add(facts)
        self.index.asked.clear()
        found = check_module(facts, self.index, self.config)
        entry.findings = tuple(without_noqa(found, entry.noqa))
        asked = self.index.asked - {facts.module}
        entry.consulted = {module: self._module_state(module) for module in sorted(asked)}
        if self.cache is not None:
            self.cache.put(path, entry)
        self.stats.checked += 1
        return entry.findings

    def _load_facts(self, path: str) -> ModuleFacts | None:
        """The facts of `path`: built this run, from the cache, or (for a screened file,
        whose facts nobody needed so far) built now."""
        if self._facts.get(path) is None:
            entry = self.entries.get(path)
            facts = None
            if entry is not None and entry.facts:
                facts = _unpickled_facts(entry.facts)
                if facts is None:  # damaged in the cache: analyse the file afresh
                    entry = self._analyse(path)
                    facts = self._facts[path]
            if facts is None and entry is not None and entry.screened:
                module = self.index.module_name_for(Path(path))
                facts = facts_of_file(path, module, self.config)
            self._facts[path] = facts
        return self._facts[path]

    def _facts_for_index(self, path: Path) -> ModuleFacts | None:
        """The index's hook: facts of another project module, from this run or the cache."""
        key = str(path)
        if key not in self.entries and not self._reuse_entry(key):
            self._analyse(key, consulted=True)
        return self._load_facts(key)


def _unpickled_facts(data: bytes) -> ModuleFacts | None:
    try:
        facts = loads(data)
    except Exception:  # any damage at all: the caller recomputes
        return None
    return facts if isinstance(facts, ModuleFacts) else None


_worker_run: _Run | None = None
_worker_keeps_facts = False


def _init_worker(config: Config, keep_facts: bool) -> None:
    global _worker_run, _worker_keeps_facts
    gc.set_threshold(*RUN_GC_THRESHOLDS)  # a worker lives only for the run
    _worker_run = _Run(config, cache=None)
    _worker_keeps_facts = keep_facts


def _check_in_worker(paths: list[str]) -> list[tuple[str, FileEntry, bool]]:
    """Analyse and check `paths` in a worker; facts travel back pickled when the run keeps
    a cache (without one, the findings are all the parent needs). The flag says whether the
    file was checked (it is not when it could not be analysed)."""
    assert _worker_run is not None, "worker started without its configuration"
    results = []
    for path in paths:
        _worker_run._findings_of(path)
        entry = _worker_run.entries[path]
        facts = _worker_run._facts.get(path)
        if _worker_keeps_facts and facts is not None and not entry.facts:
            entry.facts = dumps(facts)
        results.append((path, entry, facts is not None and not entry.screened))
    return results
