"""Exit codes of `lint-recover` (DESIGN.md): one definition for every subcommand."""

CLEAN = 0
FINDINGS = 1
ERROR = 2
