"""How fast `lint-recover check` is, as ratios measured in one run on the same files.

The corpus is the CPython standard library of the running interpreter (without
`site-packages` and `test/`), copied into a temporary folder so the cache and any edit stay
there. Every figure is the median of `--repeat` runs of the real CLI in a subprocess
(interpreter start-up included, as a user or pre-commit pays it; the variants take turns
within each round), compared with a bare in-process `ast.parse` of the same files, the floor
for any Python linter:

- cold, `--no-cache --jobs 1`, vs the bare parse (goal: 1.5x or less);
- cold with all cores vs the bare single-process parse (goal: below it);
- warm, with the cache, vs cold (goal: 10% or less) and vs ruff's cold run, if installed;
- one file changed (`threading.py`, which other modules consult) vs warm (goal: close).

Each row also gives the CPU seconds (this process and its children, user + system): on a
shared machine the wall time of a run depends on the other load, its CPU time much less, so
the CPU ratios tell whether a missed goal is the tool's or the machine's. A stage breakdown
(decode+parse, facts, rules; in-process) shows where cold time goes.
Usage: `python benchmarks/bench_check.py [--repeat 7] [--output FILE]`.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import datetime
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lint_recover.config import load_config
from lint_recover.facts import ModuleFacts, module_facts
from lint_recover.project.discovery import discover
from lint_recover.project.engine import RUN_GC_THRESHOLDS, default_jobs
from lint_recover.resolution.index import ProjectIndex
from lint_recover.rules.checker import check_module
from lint_recover.text.screen import screen
from lint_recover.text.source import ParsedSource, parse_bytes

CHANGED_FILE = "threading.py"
RESULTS = Path(__file__).with_name("bench_check.txt")


def copy_stdlib(destination: Path) -> Path:
    source = Path(sysconfig.get_paths()["stdlib"])
    ignore = shutil.ignore_patterns("site-packages", "test", "__pycache__", "*.pyc")
    shutil.copytree(source, destination, ignore=ignore, symlinks=True)
    return destination


@dataclass(frozen=True)
class Timing:
    """Medians of wall-clock and CPU seconds (CPU: this process and its waited children)."""

    wall: float
    cpu: float


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of `action` in this process (in-process figures only)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, Timing]:
    """Run every action once per round, `repeat` rounds: the variants take turns, so a burst
    of other load on the shared machine slows one round of each rather than all of one."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            cpu, started = _cpu_seconds(), time.perf_counter()
            action()
            samples[name].append((time.perf_counter() - started, _cpu_seconds() - cpu))
    return {
        name: Timing(
            statistics.median(wall for wall, _ in pairs), statistics.median(cpu for _, cpu in pairs)
        )
        for name, pairs in samples.items()
    }


def cli(corpus: Path, *args: str) -> dict[str, object]:
    """One real `check` run; returns its JSON stats."""
    # -P: the corpus is the standard library; it must not shadow the interpreter's own.
    command = [
        sys.executable,
        "-P",
        "-m",
        "lint_recover.frontends.cli",
        "check",
        "--format",
        "json",
        *args,
    ]
    result = subprocess.run(command, cwd=corpus, capture_output=True, text=True, check=False)
    if result.returncode not in (0, 1):
        raise SystemExit(f"check failed ({result.returncode}): {result.stderr}")
    stats: dict[str, object] = json.loads(result.stdout)["stats"]
    return stats


def bare_parse(files: list[Path]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            with contextlib.suppress(SyntaxError, ValueError):
                ast.parse(path.read_bytes())


def stage_breakdown(corpus: Path, files: list[Path]) -> dict[str, float]:
    """Seconds spent per stage of a cold, single-process check as the engine runs it (one
    pass, in-process, with the garbage-collector thresholds a run uses): every file parsed,
    facts only for those whose text could yield a finding, then the rules, which build the
    facts of the other modules they consult."""
    config = load_config(corpus)
    index = ProjectIndex(config)
    spent = dict.fromkeys(("read, decode, parse", "screen", "facts", "rules"), 0.0)
    facts: list[ModuleFacts] = []
    thresholds = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    try:
        for path in files:
            started = time.perf_counter()
            parsed = parse_bytes(path, path.read_bytes())
            parsed_at = time.perf_counter()
            spent["read, decode, parse"] += parsed_at - started
            if isinstance(parsed, ParsedSource):
                spawn_words = screen(parsed.text, config)
                screened_at = time.perf_counter()
                spent["screen"] += screened_at - parsed_at
                if spawn_words is not None:
                    module = index.module_name_for(path)
                    facts.append(module_facts(parsed, module, config, spawn_words))
                    spent["facts"] += time.perf_counter() - screened_at
        for module_facts_ in facts:
            index.add(module_facts_)
        started = time.perf_counter()
        for module_facts_ in facts:
            check_module(module_facts_, index, config)
        spent["rules"] = time.perf_counter() - started
    finally:
        gc.set_threshold(*thresholds)
    return {
        f"{stage} ({len(facts)} of {len(files)} files)" if stage == "facts" else stage: seconds
        for stage, seconds in spent.items()
    }


def ruff_cold(corpus: Path) -> Callable[[], object] | None:
    """A cold ruff run on the corpus, if ruff is installed."""
    ruff = shutil.which(
        "ruff", path=os.pathsep.join([str(Path(sys.executable).parent), *os.get_exec_path()])
    )
    if ruff is None:
        return None
    command = [ruff, "check", "--no-cache", "--isolated", "--exit-zero", "--quiet", "."]
    return lambda: subprocess.run(command, cwd=corpus, capture_output=True, check=False)


Row = tuple[str, Timing, str]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    jobs = default_jobs()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as temporary:
        corpus = copy_stdlib(Path(temporary) / "stdlib")
        files = list(discover([], load_config(corpus)).files)
        changed_path = corpus / CHANGED_FILE
        original = changed_path.read_text(encoding="utf-8")
        edits = iter(range(10**6))
        changed_stats: list[dict[str, object]] = []

        def change_one_file() -> None:
            changed_path.write_text(original + f"\n# edit {next(edits)}\n", encoding="utf-8")
            changed_stats.append(cli(corpus))

        actions: dict[str, Callable[[], object]] = {
            "parse": lambda: bare_parse(files),
            "startup": lambda: subprocess.run(
                [sys.executable, "-c", "import lint_recover.frontends.cli"], check=True
            ),
            "cold": lambda: cli(corpus, "--no-cache", "--jobs", "1"),
            "parallel": lambda: cli(corpus, "--no-cache", "--jobs", str(jobs)),
            "warm": lambda: cli(corpus),  # after the change of the round before: all cached
            "changed": change_one_file,
        }
        ruff_run = ruff_cold(corpus)
        if ruff_run is not None:
            actions["ruff"] = ruff_run
        cli(corpus)  # prime the cache
        timings = measure(actions, args.repeat)
        stages = stage_breakdown(corpus, files)
    parse, startup, cold, parallel, warm, changed = (
        timings[name] for name in ("parse", "startup", "cold", "parallel", "warm", "changed")
    )
    ruff = timings.get("ruff")
    load = (load_before, os.getloadavg()[0])

    def versus(timing: Timing, base: Timing, unit: str, goal: str) -> str:
        wall, cpu = timing.wall / base.wall, timing.cpu / base.cpu
        if unit == "%":
            return f"{wall:.1%} of cold, CPU {cpu:.1%} ({goal})"
        return f"{wall:.2f}x {unit}, CPU {cpu:.2f}x ({goal})"

    rows: list[Row] = [
        ("bare `ast.parse` of the files, in-process", parse, "1.00x parse"),
        (
            "`python -c 'import lint_recover.frontends.cli'` (start-up)",
            startup,
            versus(startup, parse, "parse", "included in every CLI row"),
        ),
        ("cold `check --no-cache --jobs 1`", cold, versus(cold, parse, "parse", "goal <= 1.5x")),
        (
            f"cold `check --no-cache --jobs {jobs}`",
            parallel,
            versus(parallel, parse, "parse", "goal: wall < 1x"),
        ),
        ("warm `check` (cache)", warm, versus(warm, cold, "%", "goal <= 10%")),
        (
            f"`{CHANGED_FILE}` changed, `check`",
            changed,
            f"{changed.wall / warm.wall:.2f}x warm (goal: close to 1x); re-analysed "
            f"{changed_stats[-1]['analysed']}, re-checked {changed_stats[-1]['checked']}",
        ),
    ]
    if ruff is not None:
        rows.append(
            (
                "ruff cold (`--no-cache`, default rules)",
                ruff,
                f"warm check = {warm.wall / ruff.wall:.2f}x ruff's wall time",
            )
        )
    report = render(rows, stages, len(files), jobs, load)
    print(report)
    args.output.write_text(report, encoding="utf-8")


def render(
    rows: list[Row], stages: dict[str, float], files: int, jobs: int, load: tuple[float, float]
) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# `lint-recover check` on the standard library",
        "",
        f"{when}; Python {platform.python_version()}; {files} files; {jobs} cores "
        f"(load average {load[0]:.1f} before, {load[1]:.1f} after: a shared machine); "
        "medians of rounds in which every variant runs once (real CLI, start-up included).",
        "",
        "| run | wall s | CPU s | ratio |",
        "|---|---:|---:|---|",
        *(f"| {name} | {t.wall:.3f} | {t.cpu:.3f} | {ratio} |" for name, t, ratio in rows),
        "",
        "Where a cold single-process run spends its time (in-process, one pass; the rules "
        "include the facts of the screened modules they consult):",
        "",
        "| stage | seconds |",
        "|---|---:|",
        *(f"| {stage} | {seconds:.3f} |" for stage, seconds in stages.items()),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
