"""The fixer: applies the fix plans that findings carry, with libcst, safely.

It never decides what to fix (the checker did, once, for the report as well); it turns
each plan into an edit of the file the plan names, which need not be the file of the
finding (a target defined in another module is decorated where it is defined). Only files
with plans are read and parsed with libcst.

    fixes = fix_findings(findings, config.recover_functions)
    for fix in fixes:
        if fix.changed:
            write_fix(fix)          # or print(unified_diff(fix))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from lint_recover.findings import Finding, FixPlan
from lint_recover.fix._files import ChangedOnDisk, unified_diff, write_fix
from lint_recover.fix._module import ModuleFix, fix_source
from lint_recover.fix._transform import Edit

__all__ = [
    "ChangedOnDisk",
    "Edit",
    "ModuleFix",
    "fix_findings",
    "fix_source",
    "plans_by_file",
    "unified_diff",
    "write_fix",
]


def plans_by_file(findings: Iterable[Finding]) -> dict[Path, list[FixPlan]]:
    """The plans of `findings`, grouped by the file each plan edits, duplicates dropped."""
    grouped: dict[Path, dict[FixPlan, None]] = {}
    for finding in findings:
        if finding.fix is not None:
            grouped.setdefault(Path(finding.fix.path), {})[finding.fix] = None
    return {path: list(plans) for path, plans in grouped.items()}


def fix_findings(findings: Iterable[Finding], recover_functions: Sequence[str]) -> list[ModuleFix]:
    """Compute the fix of every file that `findings` plan to edit, in path order.

    Nothing is written; a file that cannot be read or fixed comes back with `problem` set.
    """
    fixes = []
    for path, plans in sorted(plans_by_file(findings).items()):
        try:
            data = path.read_bytes()
        except OSError as error:
            reason = f"cannot be read: {error.strerror or error}"
            fixes.append(ModuleFix(path, b"", b"", "utf-8", (), reason))
            continue
        fixes.append(fix_source(path, data, plans, recover_functions))
    return fixes
