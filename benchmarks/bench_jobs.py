"""Where a pool of worker processes starts to pay for `check`: measured on projects of
growing size, to set `engine.MIN_BYTES_PER_WORKER` (no pool below it).

A pool costs what the parent does not: starting the workers, each worker reading again the
project modules its files consult (every worker builds its own index), and sending the
results back. It saves wall time only when there are idle cores: on a busy machine (CI
running other jobs, pre-commit beside an editor) its extra CPU is extra time.

Each project is checked cold (no cache) by the engine in this process, once in-process
(`--jobs 1`) and once with a pool of `--jobs` workers forced (the threshold set to 1 for that
run), the two taking turns in each round; medians. CPU time is counted apart for this process
and for the workers, which gives two load-independent figures for the pool: on idle cores it
takes about parent CPU + worker CPU / workers (the workers run side by side), on busy ones
about parent CPU + worker CPU (they take turns with everything else). The pool pays where
what it saves on idle cores exceeds what it costs on busy ones. Saving and cost both grow
with the work, so many projects sit close to the line and one run's noise decides a single
project's verdict: the figure for the threshold is the size from which nine projects in ten,
of that size or larger, paid (per worker: divided by the workers). It moves between runs on
a shared machine; the engine's constant sits within the range measured.
Wall times are printed too, but on a shared machine they say more about the other load than
about the tool.

The projects: slices of the standard library (its first N files in path order, whole
packages together, so their modules consult each other as a project's do), and, with
`--corpus DIR ...`, real projects.

Usage: `python benchmarks/bench_jobs.py [--repeat 7] [--corpus DIR ...] [--output FILE]`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import shutil
import statistics
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lint_recover.config import load_config
from lint_recover.project import engine
from lint_recover.project.discovery import discover

SLICES = (15, 25, 50, 75, 100, 150, 200, 300, 400)
RESULTS = Path(__file__).with_name("bench_jobs.txt")


@dataclass(frozen=True)
class Run:
    """Medians of one variant: wall seconds, this process's CPU, the workers' CPU."""

    wall: float
    parent: float
    workers: float


@dataclass(frozen=True)
class Row:
    name: str
    files: int
    kilobytes: int
    alone: Run
    pool: Run
    jobs: int

    @property
    def idle(self) -> float:
        """The pool's time on idle cores, estimated from CPU: the workers side by side."""
        return self.pool.parent + self.pool.workers / self.jobs

    @property
    def busy(self) -> float:
        """The pool's time on busy cores: all of its CPU, taking turns with other work."""
        return self.pool.parent + self.pool.workers

    @property
    def pays(self) -> bool:
        """Saves more on idle cores than it costs on busy ones."""
        work = self.alone.parent
        return work - self.idle > self.busy - work


def stdlib_slice(destination: Path, count: int) -> Path:
    """The first `count` files of the standard library (no tests), copied with their paths."""
    source = Path(sysconfig.get_paths()["stdlib"])
    files = sorted(
        path
        for path in source.rglob("*.py")
        if not {"test", "tests", "site-packages", "idlelib"} & set(path.relative_to(source).parts)
    )[:count]
    for path in files:
        target = destination / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (destination / "pyproject.toml").write_text("[tool.lint-recover]\n")
    return destination


def timed(action: Callable[[], object]) -> tuple[float, float, float]:
    def workers() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    parent, children, started = time.process_time(), workers(), time.perf_counter()
    action()
    wall = time.perf_counter() - started
    return wall, time.process_time() - parent, workers() - children


def compare(name: str, project: Path, jobs: int, repeat: int) -> Row:
    config = load_config(project)
    files = discover([], config).files
    size = sum(path.stat().st_size for path in files) // 1024
    threshold = engine.MIN_BYTES_PER_WORKER

    def with_pool() -> None:
        engine.MIN_BYTES_PER_WORKER = 1
        try:
            report = engine.run([], config, jobs=jobs, use_cache=False)
        finally:
            engine.MIN_BYTES_PER_WORKER = threshold
        assert report.stats.workers == jobs, report.stats

    samples: dict[str, list[tuple[float, float, float]]] = {"alone": [], "pool": []}
    for _ in range(repeat):
        samples["alone"].append(timed(lambda: engine.run([], config, jobs=1, use_cache=False)))
        samples["pool"].append(timed(with_pool))

    def median(variant: str) -> Run:
        columns = zip(*samples[variant], strict=True)
        return Run(*(statistics.median(column) for column in columns))

    return Row(name, len(files), size, median("alone"), median("pool"), jobs)


def mostly_pays_from(rows: list[Row], share: float = 0.9) -> int | None:
    """Source KB from which the pool paid in `share` of the projects that size or larger."""
    ordered = sorted(rows, key=lambda row: row.kilobytes)
    for index, row in enumerate(ordered):
        larger = ordered[index:]
        if sum(later.pays for later in larger) >= share * len(larger):
            return row.kilobytes
    return None


def render(rows: list[Row], jobs: int, load: tuple[float, float], repeat: int) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    mostly = mostly_pays_from(rows)
    now = engine.MIN_BYTES_PER_WORKER // 1024
    lines = [
        "# When `check` should start worker processes",
        "",
        f"{when}; Python {platform.python_version()}; pool of {jobs} workers; "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after (a shared machine); "
        f"medians of {repeat} rounds, cold (no cache), in-process engine; "
        f"MIN_BYTES_PER_WORKER now {now} KB.",
        "",
        "In-process CPU is the work; the pool's time is estimated from its CPU on idle cores "
        "(parent + workers / workers) and on busy ones (parent + workers); it pays when the "
        "first saves more than the second costs ('pays': this project alone). Wall ratios as "
        "measured, for reference.",
        "",
        "| project | files | KB | in-process CPU s | pool CPU s (parent + workers) "
        "| pool, idle cores | pool, busy cores | pays | wall ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
        *(
            f"| {r.name} | {r.files} | {r.kilobytes} | {r.alone.parent:.3f} "
            f"| {r.pool.parent:.3f} + {r.pool.workers:.3f} "
            f"| {r.idle / r.alone.parent:.2f}x | {r.busy / r.alone.parent:.2f}x "
            f"| {'yes' if r.pays else 'no'} | {r.pool.wall / r.alone.wall:.2f}x |"
            for r in sorted(rows, key=lambda row: row.kilobytes)
        ),
        "",
        f"Nine projects in ten paid from {mostly} KB on; per worker: {mostly / jobs:.0f} KB."
        if mostly is not None
        else "No size from which nine projects in ten paid.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=engine.default_jobs())
    parser.add_argument("--corpus", type=Path, nargs="*", default=[])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as temporary:
        for count in SLICES:
            project = stdlib_slice(Path(temporary) / f"stdlib-{count}", count)
            rows.append(compare(f"stdlib, first {count} files", project, args.jobs, args.repeat))
            print(rows[-1], flush=True)
        for corpus in args.corpus:
            # A copy: a run must not leave anything in someone else's checkout.
            project = Path(temporary) / corpus.name
            shutil.copytree(corpus, project, symlinks=True)
            rows.append(compare(corpus.name, project, args.jobs, args.repeat))
            print(rows[-1], flush=True)
    report = render(rows, args.jobs, (load_before, os.getloadavg()[0]), args.repeat)
    print(report)
    args.output.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
