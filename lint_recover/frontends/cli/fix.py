"""`lint-recover fix [PATH ...]`: insert recovery where `check` reports it missing.

One check (the same engine as `check`) yields findings with fix plans; the fixer applies
them, possibly in other files than the findings' (a target is decorated where it is
defined); the edited project is checked again to say what is left.

Output: what was changed goes to stderr, one line per edit (`path:line:col: description`),
plus a summary; stdout carries only what a tool would consume: the findings that remain,
in `check`'s text format, or, with `--diff`, the unified diff (nothing is written then).
Exit codes: 0 nothing left to report, 1 findings remain (or, with `--diff`, changes would be
made), 2 configuration error or a file that could not be written.

With paths, edits stay within those paths; `--same-file` keeps every edit in the files holding
the findings (a target defined elsewhere is wrapped at the call site): the pre-commit hook runs
so, because pre-commit hands it the staged files and stashes all unstaged work, and an edit
anywhere else would be left out of the commit or rolled back (`outputs/fix/_choose.py`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lint_recover.config import ConfigError
from lint_recover.findings import Finding
from lint_recover.frontends.cli import exit_codes
from lint_recover.frontends.cli.check import add_engine_options, config_for, counted, run_engine
from lint_recover.outputs.report import FORMATS, ReportContext
from lint_recover.project.engine import default_jobs

# The fixer (libcst) is imported where it is used: every command imports this module to
# build the parser, and importing libcst would be a large part of `check`'s start-up.
if TYPE_CHECKING:
    from lint_recover.outputs.fix import ModuleFix


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "fix",
        help="insert recovery where check reports it missing",
        description="Decorate targets with @recover (innermost) or wrap call-site arguments "
        "as recover(...), adding the import. Exit 0 when nothing is left to report, 1 when "
        "findings remain (or with --diff, when changes would be made), 2 on errors.",
    )
    add_engine_options(parser)
    parser.add_argument(
        "--diff", action="store_true", help="print a unified diff and write nothing"
    )
    parser.add_argument(
        "--same-file",
        action="store_true",
        help="edit only the files holding the findings: a target defined in another file is "
        "wrapped at the call site as recover(...) (the pre-commit hook's way)",
    )
    parser.set_defaults(run=run, command_parser=parser)


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    try:
        config = config_for(args.paths, cwd, args.config)
    except ConfigError as error:
        print(f"lint-recover: {error}", file=sys.stderr)
        return exit_codes.ERROR
    from lint_recover.outputs.fix import Scope, fix_findings

    report = run_engine(args, config)
    context = ReportContext(report.root, cwd)
    scope = Scope(tuple(args.paths), args.same_file)
    fixes = fix_findings(list(report.findings), config, args.jobs or default_jobs(), scope)
    for fix in fixes:
        if fix.problem:
            print(
                f"{context.display_path(str(fix.path))}: not fixed: {fix.problem}", file=sys.stderr
            )
    changed = [fix for fix in fixes if fix.changed]
    if args.diff:
        return _show_diff(changed, _unfixable(report.findings, fixes), context, args.quiet)
    written, errors = _write_all(changed, context, args.quiet)
    remaining = run_engine(args, config).findings if written else report.findings
    sys.stdout.write(FORMATS["text"](remaining, context))
    edits = sum(len(fix.edits) for fix in written)
    left = len(remaining)
    if not args.quiet:
        print(
            f"lint-recover: {counted(edits, 'edit')} in {counted(len(written), 'file')}; "
            f"{counted(left, 'finding')} {'remains' if left == 1 else 'remain'}",
            file=sys.stderr,
        )
    if errors:
        return exit_codes.ERROR
    return exit_codes.FINDINGS if remaining else exit_codes.CLEAN


def _write_all(
    changed: Sequence[ModuleFix], context: ReportContext, quiet: bool
) -> tuple[list[ModuleFix], int]:
    """Write every changed file, reporting each edit (unless `quiet`), and count the files
    that could not be written (reported and left as they were; a file edited meanwhile is
    only skipped)."""
    from lint_recover.outputs.fix import ChangedOnDisk, write_fix

    written: list[ModuleFix] = []
    errors = 0
    for fix in changed:
        shown = context.display_path(str(fix.path))
        try:
            write_fix(fix)
        except ChangedOnDisk:
            print(f"{shown}: not fixed: changed on disk while fixing; run again", file=sys.stderr)
            continue
        except OSError as error:
            print(f"{shown}: not fixed: cannot write ({error.strerror or error})", file=sys.stderr)
            errors += 1
            continue
        written.append(fix)
        for edit in () if quiet else fix.edits:
            print(f"{shown}:{edit.line}:{edit.col + 1}: {edit.description}", file=sys.stderr)
    return written, errors


def _show_diff(
    changed: Sequence[ModuleFix], unfixable: Sequence[Finding], context: ReportContext, quiet: bool
) -> int:
    from lint_recover.outputs.fix import unified_diff

    sys.stdout.flush()
    for fix in changed:  # bytes: each file's own encoding and line endings
        sys.stdout.buffer.write(unified_diff(fix, context.display_path(str(fix.path))))
    sys.stdout.buffer.flush()
    sys.stderr.write(FORMATS["text"](unfixable, context))
    if not quiet:
        print(
            f"lint-recover: {counted(len(changed), 'file')} would change; "
            f"{counted(len(unfixable), 'finding')} cannot be fixed automatically",
            file=sys.stderr,
        )
    return exit_codes.FINDINGS if changed or unfixable else exit_codes.CLEAN


def _unfixable(findings: Sequence[Finding], fixes: Sequence[ModuleFix]) -> list[Finding]:
    """Findings a fix will not remove: no plan, or a plan for a file that cannot be fixed."""
    broken = {fix.path for fix in fixes if fix.problem}
    return [f for f in findings if f.fix is None or Path(f.fix.path) in broken]
