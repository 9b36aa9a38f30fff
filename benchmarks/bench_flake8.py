"""What the flake8 plugin adds to a flake8 run, as ratios measured in one run on the same files.

The corpus is a deterministic subset of the CPython standard library of the running
interpreter (every Nth file, in sorted order, of the library without `site-packages` and
`test/`), copied into a temporary folder together with the rest of the library, so that the
plugin's project index can follow imports into modules outside the subset as it would in a
real project. A full flake8 run over the whole library takes 26-48 s here, too long to repeat.

The comparison: flake8 with its default checks (pycodestyle, pyflakes, mccabe) and no
plugin, vs the same with the `RCV` plugin. `--select` cannot switch a plugin off (flake8
runs every installed plugin and only filters what it reports) and uninstalling is not an
option, so both variants run through the same small driver (`flake8_driver.py on|off`),
which calls flake8's own `main` and, for "off", drops this distribution's entry point from
flake8's plugin discovery. Same interpreter, same start-up, same options; the only difference is
whether the plugin runs. Each figure is the median of `--repeat` runs; variants take turns
within each repeat so that load on the shared machine hits both alike. Measured with
flake8's default `--jobs` (all cores) and with `--jobs 1`, as wall time and as the CPU time
of flake8 and its workers; on a shared, loaded machine the CPU time is the steadier figure,
so the plugin's share is judged on it.

The checker alone (facts from the tree and the rules, cold project index), on every tree and
as the plugin runs it (modules whose text cannot yield a finding skipped by the screen), is
also compared with a bare `ast.parse` of the same files: the plugin's share of a flake8 run.
Usage: `python benchmarks/bench_flake8.py [--repeat 5] [--every 6] [--output FILE]`.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from bench_check import copy_stdlib, median_seconds

from lint_recover.config import load_config
from lint_recover.facts import module_facts
from lint_recover.project.discovery import discover
from lint_recover.resolution.index import ProjectIndex
from lint_recover.rules.checker import check_module
from lint_recover.text.screen import screen as screen_text
from lint_recover.text.source import ParsedSource, parse_bytes

RESULTS = Path(__file__).with_name("bench_flake8.txt")
DRIVER = Path(__file__).with_name("flake8_driver.py")


def flake8(corpus: Path, files: list[str], plugin: str, jobs: str) -> str:
    """One real flake8 process over `files` (relative to `corpus`); returns its output."""
    command = [sys.executable, str(DRIVER), plugin, "--isolated"]
    command += ["--exit-zero", "--jobs", jobs, *files]
    result = subprocess.run(command, cwd=corpus, capture_output=True, text=True, check=False)
    if result.returncode != 0 or "Traceback" in result.stderr:
        raise SystemExit(f"flake8 failed ({result.returncode}): {result.stderr}")
    return result.stdout


def rcv_lines(output: str) -> int:
    return sum(1 for line in output.splitlines() if ": RCV" in line)


def subset(corpus: Path, every: int) -> list[Path]:
    files = sorted(discover([], load_config(corpus)).files)
    return files[::every]


def bare_parse(sources: list[bytes]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for source in sources:
            ast.parse(source)


def checker_on_trees(corpus: Path, parsed: list[ParsedSource], screen: bool) -> int:
    """What the plugin does per file, given flake8's tree: facts, then the rules, with a
    fresh (cold) project index that reads consulted modules on demand; with `screen`, as
    the plugin runs it, modules whose text cannot yield a finding are skipped first."""
    config = load_config(corpus)
    index = ProjectIndex(config)
    found = 0
    for source in parsed:
        spawn_words = screen_text(source.text, config) if screen else None
        if screen and spawn_words is None:
            continue
        facts = module_facts(source, index.module_name_for(source.path), config, spawn_words)
        index.add(facts)
        found += len(check_module(facts, index, config))
    return found


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process, flake8's workers too."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def alternating_medians(
    repeat: int, variants: dict[str, tuple[Path, list[str], str, str]]
) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds per variant; each repeat runs every variant once, in turn."""
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, (corpus, files, plugin, jobs) in variants.items():
            started, cpu_before = time.perf_counter(), children_cpu()
            flake8(corpus, files, plugin, jobs)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(children_cpu() - cpu_before)
    return {
        name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in variants
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--every", type=int, default=6, help="take every Nth file")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        corpus = copy_stdlib(Path(temporary) / "stdlib")
        paths = subset(corpus, args.every)
        files = [path.relative_to(corpus).as_posix() for path in paths]
        with_plugin = flake8(corpus, files, "on", "1")
        without_plugin = flake8(corpus, files, "off", "1")
        if rcv_lines(without_plugin) or not rcv_lines(with_plugin):
            raise SystemExit("the driver did not switch the plugin on and off")
        medians = alternating_medians(
            args.repeat,
            {
                "off, default jobs": (corpus, files, "off", "auto"),
                "on, default jobs": (corpus, files, "on", "auto"),
                "off, --jobs 1": (corpus, files, "off", "1"),
                "on, --jobs 1": (corpus, files, "on", "1"),
            },
        )
        sources = [path.read_bytes() for path in paths]
        parsed = [
            result
            for path, source in zip(paths, sources, strict=True)
            if isinstance(result := parse_bytes(path, source), ParsedSource)
        ]
        parse = median_seconds(lambda: bare_parse(sources), args.repeat)
        checker = median_seconds(lambda: checker_on_trees(corpus, parsed, False), args.repeat)
        screened = median_seconds(lambda: checker_on_trees(corpus, parsed, True), args.repeat)
        passing = sum(
            screen_text(source.text, load_config(corpus)) is not None for source in parsed
        )
    in_process = {
        "bare `ast.parse`, in-process": parse,
        "checker on every tree (facts + rules, cold)": checker,
        f"checker as the plugin runs it ({passing} pass the screen)": screened,
    }
    report = render(medians, in_process, len(files), rcv_lines(with_plugin), args)
    print(report)
    args.output.write_text(report, encoding="utf-8")


def render(
    medians: dict[str, tuple[float, float]],
    in_process: dict[str, float],
    files: int,
    findings: int,
    args: argparse.Namespace,
) -> str:
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"bench_flake8 {when}; Python {platform.python_version()}; {files} stdlib files "
        f"(every {args.every}th, sorted; without test/ and site-packages); "
        f"median of {args.repeat}; {findings} RCV findings",
        "",
        f"{'run':<42} {'wall s':>7} {'cpu s':>7}  plugin adds (cpu; wall)",
    ]
    for jobs in ("default jobs", "--jobs 1"):
        (off_wall, off_cpu), (on_wall, on_cpu) = medians[f"off, {jobs}"], medians[f"on, {jobs}"]
        lines.append(f"{f'flake8 without the plugin, {jobs}':<42} {off_wall:>7.3f} {off_cpu:>7.3f}")
        lines.append(
            f"{f'flake8 with the plugin, {jobs}':<42} {on_wall:>7.3f} {on_cpu:>7.3f}  "
            f"{on_cpu / off_cpu - 1:+.1%}; {on_wall / off_wall - 1:+.1%} (goal <= +5%)"
        )
    parse = in_process["bare `ast.parse`, in-process"]
    lines.append("")
    for name, seconds in in_process.items():
        lines.append(f"{name:<58} {seconds:>7.3f}  {seconds / parse:.2f}x parse")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
