"""`lint-recover check [PATH ...]`: report what lacks recovery, in the format the reader needs.

Exit codes: 0 nothing to report, 1 findings (RCV001 for files that could not be analysed
counts: an unanalysed file is not a clean file), 2 usage, configuration or baseline error
(one line on stderr). With `--write-baseline` the run records its findings and exits 0;
with `--exit-zero`, findings exit 0 too.

The options are flake8's and ruff's where they have one (`--select`, `--extend-select`,
`--ignore`, `--extend-ignore`, `--exit-zero`, `--output-file`, `--show-source`, `--config`,
`-q`), so that a user of either needs nothing new.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from lint_recover.config import Config, ConfigError, load_config, load_config_file
from lint_recover.config.selection import parse_codes
from lint_recover.findings import Finding
from lint_recover.frontends.cli import exit_codes
from lint_recover.frontends.cli.progress import ProgressLine
from lint_recover.outputs.baseline import BaselineError, Scope, load_baseline, rewrite_baseline
from lint_recover.outputs.docs import RULES_PAGE_URL
from lint_recover.outputs.report import FORMATS, ReportContext
from lint_recover.outputs.report.context import statistics
from lint_recover.project import engine
from lint_recover.project.explain import explain_line
from lint_recover.rules.registry import check_codes, rules

FORMAT_HELP = (
    "text (the default): one 'path:line:col: CODE message' line per finding, flake8's shape; "
    "json: one document with the findings and the run's counters, for scripts; sarif: SARIF "
    "2.1.0, for GitHub code scanning (upload-sarif); github: workflow commands that annotate "
    "a pull request in GitHub Actions"
)
# Kept as written (RawDescriptionHelpFormatter): argparse's wrapping would break the address.
DOCS_EPILOG = (
    "What each code means, why it matters and how to fix it: lint-recover explain CODE,\n"
    f"or docs/rules.md: {RULES_PAGE_URL}"
)


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "check",
        help="report concurrent work and entrypoints that lack recovery",
        description="Check PATHs (default: the project of the current directory) and print\n"
        "one line per finding. Exit 0 when clean, 1 with findings, 2 on errors.",
        epilog=DOCS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_engine_options(parser)
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="text", metavar="FORMAT", help=FORMAT_HELP
    )
    parser.add_argument(
        "--output-file", type=Path, metavar="FILE", help="write the report to FILE, not stdout"
    )
    parser.add_argument(
        "--show-source",
        action="store_true",
        help="show each finding's line with a caret under the column (text format)",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even with findings (errors still exit 2)"
    )
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
    parser.set_defaults(run=run, command_parser=parser)


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
        "--config",
        type=Path,
        metavar="FILE",
        help="read [tool.lint-recover] from this TOML file (its directory is the project root) "
        "instead of the pyproject.toml found from the first PATH upward",
    )
    codes = "comma-separated codes or prefixes (RCV1,RCV501)"
    parser.add_argument("--select", type=_codes, metavar="CODES", help=f"report only these {codes}")
    parser.add_argument(
        "--extend-select", type=_codes, default=(), metavar="CODES", help="add to the selection"
    )
    parser.add_argument("--ignore", type=_codes, metavar="CODES", help="never report these")
    parser.add_argument(
        "--extend-ignore", type=_codes, default=(), metavar="CODES", help="add to the ignored"
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the findings and errors only: no progress, summaries or notes on stderr",
    )


def run_engine(
    args: argparse.Namespace, config: Config, progress: engine.Progress | None = None
) -> engine.Report:
    """`engine.run` with the options `add_engine_options` added, telling the user when
    there was nothing to check (not an error: pre-commit may pass only excluded files, but
    never a silent pass)."""
    selection = config.selection(
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        extend_ignore=args.extend_ignore,
    )
    report = engine.run(
        args.paths,
        config,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        selection=selection,
        progress=progress,
    )
    if not report.stats.files and not report.findings and not args.quiet:
        where = "the given paths" if args.paths else str(report.root)
        print(f"lint-recover: no Python files to check in {where} (after exclude)", file=sys.stderr)
    return report


def config_for(paths: Sequence[Path], cwd: Path, config_file: Path | None = None) -> Config:
    """The configuration governing a run: the `--config` file, else found from the first
    path upward, else from `cwd`.

    A first path the system refuses to look at (a name too long) falls back to `cwd`, so the
    run reports that path as RCV001 like any other unusable one; raises `ConfigError`.
    """
    config = _found_config(paths, cwd, config_file)
    check_codes(config)
    return config


def _found_config(paths: Sequence[Path], cwd: Path, config_file: Path | None) -> Config:
    if config_file is not None:
        return load_config_file(config_file)
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
    """Comma-separated code prefixes, as flake8 takes them (`RCV1,RCV501`), checked as the
    table's `select` is (a prefix matching no code is an error, not a silent pass)."""
    try:
        return parse_codes(text.split(","), rules())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _file_line(text: str) -> tuple[Path, int]:
    path, _, line = text.rpartition(":")
    if not path or not line.isdigit() or int(line) < 1:
        raise argparse.ArgumentTypeError(f"expected FILE:LINE (a line number from 1), got {text!r}")
    return Path(path), int(line)


def _why(path: Path, line: int, cwd: Path, config_file: Path | None) -> int:
    if not path.is_file():
        print(f"lint-recover: {path}: no such file", file=sys.stderr)
        return exit_codes.ERROR
    try:
        config = config_for([path], cwd, config_file)
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
        return _why(path, line, cwd, args.config)
    try:
        config = config_for(args.paths, cwd, args.config)
        baseline = load_baseline(args.baseline) if args.baseline else None
    except (ConfigError, BaselineError) as error:
        print(f"lint-recover: {error}", file=sys.stderr)
        return exit_codes.ERROR
    line = contextlib.nullcontext(None) if args.quiet else ProgressLine.for_stream(sys.stderr)
    with line as progress:
        report = run_engine(args, config, progress)
    findings = report.findings
    if args.write_baseline:
        return _write(args.write_baseline, report, args.quiet)
    stats: dict[str, int | float | str] = dict(report.stats.as_dict())
    if baseline is not None:
        result = baseline.apply(findings, report.root, scope_of(report))
        findings = result.findings
        stats.update(baselined=result.suppressed, baseline_fixed=result.fixed)
    if not _deliver(args, findings, ReportContext(report.root, cwd, stats)):
        return exit_codes.ERROR
    fixed = int(stats["baseline_fixed"]) if baseline is not None else 0
    if fixed and not args.quiet:
        print(
            f"lint-recover: {counted(fixed, 'baseline entry', 'entries')} "
            f"{'is' if fixed == 1 else 'are'} fixed; "
            f"re-run with --write-baseline {args.baseline} to drop them",
            file=sys.stderr,
        )
    return exit_codes.FINDINGS if findings and not args.exit_zero else exit_codes.CLEAN


def scope_of(report: engine.Report) -> Scope:
    """What `report`'s run can say about baseline entries: those of the files it checked
    (all of the project's when it was given no path) and the codes it reported."""
    return Scope(report.root, None if report.whole else report.files, report.selection)


def _deliver(args: argparse.Namespace, findings: Sequence[Finding], context: ReportContext) -> bool:
    """Write the report to stdout or `--output-file` (False: the file could not be written).

    Colour only for text on a terminal, and never with `NO_COLOR` (no-color.org); the
    statistics follow the report, except after json and sarif, whose stdout must stay one
    parseable document (they go to stderr then)."""
    to_terminal = args.output_file is None and sys.stdout.isatty()
    colour = args.format == "text" and to_terminal and not os.environ.get("NO_COLOR")
    context = replace(context, colour=colour, show_source=args.show_source)
    text = FORMATS[args.format](findings, context)
    counts = "".join(
        f"{count:<5} {code} {summary}\n" for code, count, summary in statistics(findings)
    )
    machine = args.format in ("json", "sarif")
    if args.statistics and not machine:
        text += counts
    if args.output_file is None:
        sys.stdout.write(text)
    else:
        try:
            args.output_file.write_text(text, encoding="utf-8", errors="surrogateescape")
        except OSError as error:
            reason = error.strerror or error
            print(f"lint-recover: {args.output_file}: cannot write ({reason})", file=sys.stderr)
            return False
    if args.statistics and machine:
        sys.stderr.write(counts)
    return True


def accept_undecodable_file_names(stream: TextIO) -> None:
    """A file name that is not valid UTF-8 reaches Python with surrogates (PEP 383); under a
    UTF-8 locale other than C, stdout would refuse them with a traceback. Written back as the
    original bytes, the name is the one the user's tools can open. Set once for every
    command, by the dispatcher."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors="surrogateescape")


def _write(path: Path, report: engine.Report, quiet: bool) -> int:
    try:
        kept = rewrite_baseline(path, report.findings, report.root, scope_of(report))
    except BaselineError as error:
        print(f"lint-recover: {error} (delete it to start afresh)", file=sys.stderr)
        return exit_codes.ERROR
    except OSError as error:
        print(f"lint-recover: {path}: cannot write baseline ({error.strerror})", file=sys.stderr)
        return exit_codes.ERROR
    if not quiet:
        written = counted(len(report.findings), "finding")
        extra = f"; kept {counted(kept, 'entry', 'entries')} this run did not check" if kept else ""
        print(f"lint-recover: wrote {written} to {path}{extra}", file=sys.stderr)
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
