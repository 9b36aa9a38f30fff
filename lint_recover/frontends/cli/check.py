"""`lint-recover check [PATH ...]`: report what lacks recovery, in the format the reader needs.

Exit codes: 0 nothing to report, 1 findings (RCV001 for files that could not be analysed
counts: an unanalysed file is not a clean file), 2 usage, configuration or baseline error
(one line on stderr). With `--write-baseline` the run records its findings and exits 0.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from lint_recover.config import Config, ConfigError, load_config
from lint_recover.frontends.cli import exit_codes
from lint_recover.frontends.cli.progress import ProgressLine
from lint_recover.outputs.baseline import (
    BaselineError,
    build_baseline,
    load_baseline,
    write_baseline,
)
from lint_recover.outputs.docs import registered_rules
from lint_recover.outputs.report import FORMATS, ReportContext
from lint_recover.outputs.report.context import statistics
from lint_recover.project import engine
from lint_recover.project.explain import explain_line


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check",
        help="report concurrent work and entrypoints that lack recovery",
        description="Check PATHs (default: the project of the current directory) and print "
        "one line per finding. Exit 0 when clean, 1 with findings, 2 on errors.",
    )
    add_engine_options(parser)
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument(
        "--statistics", action="store_true", help="print the number of findings per code"
    )
    parser.add_argument(
        "--why",
        type=_file_line,
        metavar="FILE:LINE",
        help="explain what was decided about the calls on one line (which API, what the work "
        "resolved to, consumed or not, recovered or not) instead of checking",
    )
    baseline = parser.add_mutually_exclusive_group()
    baseline.add_argument(
        "--baseline", type=Path, metavar="FILE", help="report only findings not in FILE"
    )
    baseline.add_argument(
        "--write-baseline", type=Path, metavar="FILE", help="record the current findings in FILE"
    )
    parser.set_defaults(run=run)


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The arguments of every command that runs the engine (`check`, `fix`): what to check
    and how; `run_engine` takes them back from the parsed namespace."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=None,
        metavar="N",
        help="worker processes (default: the cores available; 1 runs in this process)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write .lint-recover-cache/"
    )
    parser.add_argument(
        "--select", type=_codes, default=(), metavar="CODES", help="report only these codes"
    )
    parser.add_argument(
        "--ignore", type=_codes, default=(), metavar="CODES", help="never report these codes"
    )


def run_engine(
    args: argparse.Namespace, config: Config, progress: engine.Progress | None = None
) -> engine.Report:
    """`engine.run` with the options `add_engine_options` added, telling the user when
    there was nothing to check (not an error: pre-commit may pass only excluded files, but
    never a silent pass)."""
    report = engine.run(
        args.paths,
        config,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        select=args.select,
        ignore=args.ignore,
        progress=progress,
    )
    if not report.stats.files and not report.findings:
        where = "the given paths" if args.paths else str(report.root)
        print(f"lint-recover: no Python files to check in {where} (after exclude)", file=sys.stderr)
    return report


def config_for(paths: Sequence[Path], cwd: Path) -> Config:
    """The configuration governing a run: found from the first path upward, else from `cwd`.

    A first path the system refuses to look at (a name too long) falls back to `cwd`, so the
    run reports that path as RCV001 like any other unusable one; raises `ConfigError`.
    """
    if paths:
        try:
            return load_config(paths[0])
        except OSError:
            pass
    return load_config(cwd)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _codes(text: str) -> tuple[str, ...]:
    """Comma-separated code prefixes, as flake8 takes them (`RCV1,RCV501`).

    A prefix that matches no code is a usage error: a typo in CI's `--select` would
    otherwise switch every check off and pass.
    """
    codes = tuple(part.strip().upper() for part in text.split(",") if part.strip())
    known = registered_rules()
    for code in codes:
        if not code.isalnum():
            raise argparse.ArgumentTypeError(f"{code!r} is not a code or code prefix")
        if not any(rule.startswith(code) for rule in known):
            raise argparse.ArgumentTypeError(
                f"{code!r} matches no code (codes: {', '.join(known)})"
            )
    return codes


def _file_line(text: str) -> tuple[Path, int]:
    path, _, line = text.rpartition(":")
    if not path or not line.isdigit() or int(line) < 1:
        raise argparse.ArgumentTypeError(f"expected FILE:LINE (a line number from 1), got {text!r}")
    return Path(path), int(line)


def _why(path: Path, line: int, cwd: Path) -> int:
    if not path.is_file():
        print(f"lint-recover: {path}: no such file", file=sys.stderr)
        return exit_codes.ERROR
    try:
        config = config_for([path], cwd)
    except ConfigError as error:
        print(f"lint-recover: {error}", file=sys.stderr)
        return exit_codes.ERROR
    explanation = explain_line(path.absolute(), line, config)
    context = ReportContext(config.root, cwd)
    sys.stdout.write(explanation.describe(f"{path}:{line}", context.display_path))
    return exit_codes.CLEAN


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    if args.why is not None:
        path, line = args.why
        return _why(path, line, cwd)
    try:
        config = config_for(args.paths, cwd)
        baseline = load_baseline(args.baseline) if args.baseline else None
    except (ConfigError, BaselineError) as error:
        print(f"lint-recover: {error}", file=sys.stderr)
        return exit_codes.ERROR
    with ProgressLine.for_stream(sys.stderr) as progress:
        report = run_engine(args, config, progress)
    findings = report.findings
    if args.write_baseline:
        return _write(args.write_baseline, report)
    stats: dict[str, int | float | str] = dict(report.stats.as_dict())
    if baseline is not None:
        result = baseline.apply(findings, report.root)
        findings = result.findings
        stats.update(baselined=result.suppressed, baseline_fixed=result.fixed)
    context = ReportContext(report.root, cwd, stats)
    sys.stdout.write(FORMATS[args.format](findings, context))
    if args.statistics:
        # Machine formats keep stdout one parseable document; the counts go to stderr.
        stream = sys.stdout if args.format in ("text", "github") else sys.stderr
        for code, count, summary in statistics(findings):
            print(f"{count:<5} {code} {summary}", file=stream)
    fixed = int(stats["baseline_fixed"]) if baseline is not None else 0
    if fixed:
        print(
            f"lint-recover: {counted(fixed, 'baseline entry', 'entries')} "
            f"{'is' if fixed == 1 else 'are'} fixed; "
            f"re-run with --write-baseline {args.baseline} to drop them",
            file=sys.stderr,
        )
    return exit_codes.FINDINGS if findings else exit_codes.CLEAN


def accept_undecodable_file_names(stream: TextIO) -> None:
    """A file name that is not valid UTF-8 reaches Python with surrogates (PEP 383); under a
    UTF-8 locale other than C, stdout would refuse them with a traceback. Written back as the
    original bytes, the name is the one the user's tools can open. Set once for every
    command, by the dispatcher."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="surrogateescape")


def _write(path: Path, report: engine.Report) -> int:
    try:
        write_baseline(path, build_baseline(report.findings, report.root))
    except OSError as error:
        print(f"lint-recover: {path}: cannot write baseline ({error.strerror})", file=sys.stderr)
        return exit_codes.ERROR
    written = counted(len(report.findings), "finding")
    print(f"lint-recover: wrote {written} to {path}", file=sys.stderr)
    return exit_codes.CLEAN


def counted(count: int, noun: str, plural: str = "") -> str:
    """`1 file`, `2 files`, `1 baseline entry`, `2 baseline entries`: summaries are read by
    people. `plural` replaces the last word of `noun` when adding an `s` is wrong."""
    if count == 1:
        return f"{count} {noun}"
    if not plural:
        return f"{count} {noun}s"
    head = noun.rpartition(" ")[0]
    return f"{count} {head} {plural}" if head else f"{count} {plural}"
