"""The fixer: applies the fix plans that findings carry, with libcst, safely.

It never decides what to fix (the checker did, once, for the report as well); it turns
each plan into an edit of the file the plan names, which need not be the file of the
finding (a target defined in another module is decorated where it is defined). Only files
with plans are read and parsed with libcst.

    fixes = fix_findings(findings, config, jobs=4)
    for fix in fixes:
        if fix.changed:
            write_fix(fix)          # or print(unified_diff(fix))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from lint_recover.config import Config
from lint_recover.findings import Finding, FixPlan
from lint_recover.outputs.fix._choose import EVERYWHERE, Scope, choose_plans
from lint_recover.outputs.fix._files import ChangedOnDisk, unified_diff, write_fix
from lint_recover.outputs.fix._module import ModuleFix, fix_source
from lint_recover.outputs.fix._transform import Edit
from lint_recover.project.discovery import discover, first_party_modules
from lint_recover.project.workers import worker_pool

__all__ = [
    "MIN_FILES_PER_WORKER",
    "ChangedOnDisk",
    "Edit",
    "ModuleFix",
    "Scope",
    "fix_findings",
    "fix_source",
    "plan_fixes",
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


def plan_fixes(
    findings: Sequence[Finding], config: Config, scope: Scope = EVERYWHERE
) -> dict[Path, list[FixPlan]]:
    """The plans that fix `findings` in the project of `config`, by the file each edits: a
    definition decorated only where that changes nothing for its other uses and `scope`
    allows the edit (`_choose`)."""
    return plans_by_file(choose_plans(findings, discover([], config).files, scope))


def fix_findings(
    findings: Sequence[Finding], config: Config, jobs: int = 1, scope: Scope = EVERYWHERE
) -> list[ModuleFix]:
    """Compute the fix of every file that `findings` plan to edit, in path order.

    Nothing is written; a file that cannot be read or fixed comes back with `problem` set.
    With `jobs` > 1 and enough files, files are fixed in that many worker processes
    (libcst work is per file and CPU-bound), the largest first so no worker is left with a
    big file at the end.
    """
    work = sorted(plan_fixes(findings, config, scope).items())
    functions, first_party = config.recover_functions, first_party_modules(config)
    workers = min(jobs, len(work) // MIN_FILES_PER_WORKER)
    if workers < 2:
        return [_fix_file(path, plans, functions, first_party) for path, plans in work]
    work.sort(key=lambda item: _size(item[0]), reverse=True)
    with worker_pool(workers) as pool:
        fixes = list(
            pool.map(
                _fix_file,
                [path for path, _ in work],
                [plans for _, plans in work],
                [functions] * len(work),
                [first_party] * len(work),
            )
        )
    return sorted(fixes, key=lambda fix: fix.path)


MIN_FILES_PER_WORKER = 4
"""Below this many files with plans per worker, starting workers costs more than it saves
(a worker pays libcst's import before its first file)."""


def _fix_file(
    path: Path, plans: list[FixPlan], recover_functions: Sequence[str], first_party: frozenset[str]
) -> ModuleFix:
    try:
        data = path.read_bytes()
    except OSError as error:
        return ModuleFix(path, b"", b"", "utf-8", (), f"cannot be read: {error.strerror or error}")
    return fix_source(path, data, plans, recover_functions, first_party)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
