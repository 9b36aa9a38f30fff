"""What the presets of third-party libraries cost a module that imports none of them, as a
ratio measured in one run on the same files.

The corpus is the standard library of the running interpreter (without `site-packages` and
tests), less every module whose text names one of the presets' libraries anywhere: 675
modules on 3.11. Each module is parsed once, outside the timing; then the two stages the
presets touch, the text screen and the facts walk of the modules that pass it, are timed in
this process (CPU time, the least of the rounds: other load on a shared machine only adds)
with the default configuration (every preset "auto") and with every
preset turned off (the check as it was before presets: no import-line scan, no preset word),
the two variants taking turns in each round. Also listed: the same for the modules that do
import one of the libraries (idlelib and tkinter's own), which pay for the preset's words.
Usage: `python benchmarks/bench_presets.py [--repeat 9] [--output FILE]`.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import platform
import re
import sysconfig
import time
from pathlib import Path

from lint_recover.apis.presets import NAMES
from lint_recover.config import Config
from lint_recover.facts import module_facts
from lint_recover.project.engine import RUN_GC_THRESHOLDS
from lint_recover.text.screen import screen
from lint_recover.text.source import ParsedSource, parse_bytes

RESULTS = Path(__file__).with_name("bench_presets.txt")
_ANY_LIBRARY = re.compile(
    r"gevent|eventlet|tornado|twisted|PyQt5|PyQt6|PySide6|tkinter|GLib|GObject|dask|distributed"
)


def corpus() -> tuple[list[ParsedSource], list[ParsedSource]]:
    """The standard library's modules that name no preset library, and those that do."""
    root = Path(sysconfig.get_paths()["stdlib"])
    plain, naming = [], []
    for path in sorted(root.rglob("*.py")):
        if {"site-packages", "test", "tests"} & set(path.parts):
            continue
        parsed = parse_bytes(path, path.read_bytes())
        if isinstance(parsed, ParsedSource):
            (naming if _ANY_LIBRARY.search(parsed.text) else plain).append(parsed)
    return plain, naming


def stages(sources: list[ParsedSource], config: Config) -> tuple[float, float]:
    """CPU seconds of the screen over `sources`, and of the facts of those passing it (with
    the collector tuned as a run tunes it, after a full collection)."""
    gc.collect()
    started = time.process_time()
    passed = [(s, w) for s in sources if (w := screen(s.text, config)) is not None]
    screened = time.process_time()
    for source, words in passed:
        module_facts(source, "module", config, words)
    return screened - started, time.process_time() - screened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--output", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    plain, naming = corpus()
    root = Path(sysconfig.get_paths()["stdlib"])
    variants = {
        "presets auto (default)": Config(root=root),
        "presets off": Config(root=root, presets=tuple((name, "off") for name in NAMES)),
    }
    rows = []
    for label, sources in (("import no library", plain), ("name a library", naming)):
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for _ in range(arguments.repeat + 1):  # the first round warms caches: dropped
            for name, config in variants.items():
                samples[name].append(stages(sources, config))
        least = {
            name: tuple(min(s[i] for s in runs[1:]) for i in (0, 1))
            for name, runs in samples.items()
        }
        (on_screen, on_facts), (off_screen, off_facts) = least.values()
        both = (on_screen + on_facts) / (off_screen + off_facts)
        rows.append(
            f"| {len(sources)} modules that {label} | {off_screen:.3f} / {on_screen:.3f} "
            f"({on_screen / off_screen:.2f}x) | {off_facts:.3f} / {on_facts:.3f} "
            f"({on_facts / off_facts:.2f}x) | {both:.2f}x |"
        )
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            "# The presets' cost for modules that do not import their libraries",
            "",
            f"{now}; Python {platform.python_version()}; the least of {arguments.repeat} rounds "
            "in which both variants run once (in-process CPU seconds, presets off / auto).",
            "",
            "| modules | screen s | facts s | screen + facts |",
            "|---|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    arguments.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
