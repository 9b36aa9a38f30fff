"""`lint-recover explain [CODE]`: why a code matters, a bad and a good example, the fix.

The text is the registry's, rendered by `lint_recover.outputs.docs` exactly as in `docs/rules.md`,
so a user reading a finding in the terminal sees what the documentation page says. Without a
code it lists every code, which is how a user finds the one to read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lint_recover.frontends.cli import exit_codes
from lint_recover.outputs.docs import registered_rules, rule_index, rule_section


def add_parser(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "explain",
        help="explain a code: why it matters, a bad and a good example, the fix",
        description="Print the documentation of CODE (e.g. RCV101), or list every code.",
    )
    parser.add_argument("code", nargs="?", metavar="CODE", help="a code such as RCV101")
    parser.set_defaults(run=run, command_parser=parser)


def run(args: argparse.Namespace) -> int:
    rules = registered_rules()
    if args.code is None:
        sys.stdout.write(rule_index(rules))
        return exit_codes.CLEAN
    code = args.code.strip().upper()
    rule = rules.get(code)
    if rule is None:
        known = ", ".join(rules)
        print(f"lint-recover explain: unknown code {args.code!r} (known: {known})", file=sys.stderr)
        return exit_codes.ERROR
    sys.stdout.write(rule_section(rule))
    return exit_codes.CLEAN
