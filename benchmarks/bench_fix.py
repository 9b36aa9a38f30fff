"""How fast `lint-recover fix` is compared with `check`, as ratios measured in one run.

The corpus is the whole CPython standard library of the running interpreter (`test/`
included, `site-packages` excluded), copied into a temporary folder; every repetition works
on a fresh copy, since `fix` edits it. Figures are medians of `--repeat` runs:

- `fix` vs `check` through the real CLI in a subprocess (`--no-cache --jobs 1`, and with
  every core): `fix` is a check, the libcst work on the files with plans, the writes and a
  re-check, so the ratio says what the fixing itself adds;
- in-process, on only the files that have a plan: libcst's parse vs `ast.parse`, and the
  whole fix computation (parse, locate, transform, print, safety proof) vs the libcst parse;
- what a fix does to the corpus: files edited, decorations, wraps, imports, findings before
  and after, files refused.

Usage: `python benchmarks/bench_fix.py [--repeat 3] [--output FILE]`.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import libcst as cst
from bench_check import median_seconds

from lint_recover.config import load_config
from lint_recover.outputs.fix import ModuleFix, fix_findings, plans_by_file, write_fix
from lint_recover.outputs.fix._module import RECURSION_LIMIT
from lint_recover.project import engine

RESULTS = Path(__file__).with_name("bench_fix.txt")


def fresh_copy(parent: Path) -> Path:
    """A new copy of the standard library under `parent`, with a project root marker."""
    root = Path(tempfile.mkdtemp(dir=parent)) / "lib"
    ignore = shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc")
    shutil.copytree(sysconfig.get_paths()["stdlib"], root, ignore=ignore, symlinks=True)
    (root / "pyproject.toml").write_text("")
    return root


def cli_seconds(parent: Path, command: str, *args: str) -> float:
    """Wall time of one real CLI run on a fresh copy (the copy itself not counted)."""
    root = fresh_copy(parent)
    # -P: the copy is a standard library; it must not shadow the interpreter's own.
    argv = [sys.executable, "-P", "-m", "lint_recover.frontends.cli", command, "--no-cache", *args]
    started = time.perf_counter()
    result = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{command} failed ({result.returncode}): {result.stderr}")
    shutil.rmtree(root.parent)
    return seconds


def parse_all_libcst(sources: list[bytes]) -> None:
    for data in sources:
        cst.parse_module(data)


def parse_all_ast(sources: list[bytes]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for data in sources:
            ast.parse(data)


def edit_counts(fixes: list[ModuleFix]) -> Counter[str]:
    """Edits by kind (`decorated`, `wrapped`, `added` import), from their descriptions."""
    return Counter(edit.description.split()[0] for fix in fixes for edit in fix.edits)


def measure(repeat: int) -> list[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        parent = Path(directory)
        cli_figures = {}
        for jobs in ("1", str(engine.default_jobs())):
            check = statistics.median(
                cli_seconds(parent, "check", "--jobs", jobs) for _ in range(repeat)
            )
            fixing = statistics.median(
                cli_seconds(parent, "fix", "--jobs", jobs) for _ in range(repeat)
            )
            cli_figures[jobs] = (check, fixing)

        root = fresh_copy(parent)
        config = load_config(root)
        files = sum(1 for _ in root.rglob("*.py"))
        first = engine.run([root], config, jobs=1, use_cache=False)
        planned = plans_by_file(first.findings)
        sources = [path.read_bytes() for path in planned]
        size = sum(len(data) for data in sources)
        previous = sys.getrecursionlimit()
        sys.setrecursionlimit(max(previous, RECURSION_LIMIT))
        try:
            libcst_parse = median_seconds(lambda: parse_all_libcst(sources), repeat)
        finally:
            sys.setrecursionlimit(previous)
        ast_parse = median_seconds(lambda: parse_all_ast(sources), repeat)
        fix_compute = median_seconds(lambda: fix_findings(first.findings, config), repeat)
        fixes = fix_findings(first.findings, config)
        for fix in fixes:
            if fix.changed:
                write_fix(fix)
        after = engine.run([root], config, jobs=1, use_cache=False)

    counts = edit_counts(fixes)
    before_codes = Counter(finding.code for finding in first.findings)
    after_codes = Counter(finding.code for finding in after.findings)
    lines.append(f"corpus: {files} files of the standard library (tests included)")
    lines.append(
        f"findings before: {len(first.findings)} "
        f"({', '.join(f'{code} {n}' for code, n in sorted(before_codes.items()))})"
    )
    lines.append(
        f"fix: {sum(fix.changed for fix in fixes)} files edited; "
        f"{counts['decorated']} decorations, {counts['wrapped']} wraps, "
        f"{counts['added']} imports; {sum(fix.problem is not None for fix in fixes)} refused"
    )
    lines.append(
        f"findings after: {len(after.findings)} "
        f"({', '.join(f'{code} {n}' for code, n in sorted(after_codes.items()))})"
    )
    lines.append("")
    for jobs, (check, fixing) in cli_figures.items():
        lines.append(
            f"CLI, --jobs {jobs}: check {check:6.2f} s, fix {fixing:6.2f} s, "
            f"fix / check {fixing / check:4.2f}x"
        )
    lines.append("")
    lines.append(f"files with a plan: {len(sources)} of {files} ({size / 1e6:.1f} MB), in-process:")
    lines.append(f"  ast.parse            {ast_parse:6.2f} s")
    lines.append(
        f"  libcst parse         {libcst_parse:6.2f} s   {libcst_parse / ast_parse:5.1f}x ast.parse"
    )
    lines.append(
        f"  fix computation      {fix_compute:6.2f} s   {fix_compute / libcst_parse:5.1f}x "
        "libcst parse (parse, locate, transform, print, safety proof)"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    header = [
        f"bench_fix.py, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"libcst {version('libcst')}, medians of {args.repeat}",
        "",
    ]
    lines = header + measure(args.repeat)
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    args.output.write_text(text)


if __name__ == "__main__":
    main()
