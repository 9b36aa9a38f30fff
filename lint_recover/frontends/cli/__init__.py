"""`lint-recover`: the command line. Each subcommand lives in its own module.

Exit codes (the contract of DESIGN.md): 0 clean, 1 findings remain (or, for `fix --diff`,
changes would be made), 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from lint_recover import __version__
from lint_recover.frontends.cli import check, exit_codes, explain, fix

_COMMANDS = (check, fix, explain)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lint-recover",
        description="Find and fix concurrent work whose exceptions would be lost.",
        epilog=check.DOCS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in _COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    check.accept_undecodable_file_names(sys.stdout)
    try:
        args = _parse(build_parser(), argv)
        code: int = args.run(args)
    except KeyboardInterrupt:
        print("lint-recover: interrupted", file=sys.stderr)
        return exit_codes.ERROR
    return code


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line; argparse exits 2 on a usage error, as documented. An unknown
    option is reported with the usage of the subcommand it was given to (`check`'s options,
    not the list of subcommands), which is where the user looks for the right spelling."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        command_parser: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


if __name__ == "__main__":
    sys.exit(main())
