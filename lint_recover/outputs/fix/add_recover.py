"""The fix as a libcst codemod command, for teams that drive their codemods with libcst:

    python -m libcst.tool codemod --no-format -x \\
        lint_recover.outputs.fix.add_recover.AddRecoverCommand src/

or, with `modules: [lint_recover.outputs.fix]` in `.libcst.codemod.yaml`,
`python -m libcst.tool codemod add_recover.AddRecoverCommand src/`.

libcst's runner hands the command one file at a time, but a plan may edit another file
than its finding's, so the command checks the files the runner was given (the whole project
of each file when it cannot tell) once per process, with the same engine and cache as
`lint-recover check`, plans as `lint-recover fix` does for the same paths (editing only files
among them), and applies the plans for the file in hand through the same `fix_source`:
identical output, the same safety proof. A file the proof rejects is skipped with the reason
as a warning.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodCommand, SkipFile

from lint_recover.config import Config, load_config
from lint_recover.findings import FixPlan
from lint_recover.outputs.fix import Scope, fix_source, plan_fixes
from lint_recover.project import engine
from lint_recover.project.discovery import first_party_modules

_projects: dict[tuple[Path, tuple[Path, ...]], dict[Path, list[FixPlan]]] = {}


class AddRecoverCommand(CodemodCommand):
    DESCRIPTION = (
        "Insert recovery where lint-recover reports it missing: @recover on the target's "
        "definition (innermost), else recover(...) around the call-site argument."
    )

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        if self.context.filename is None:
            raise SkipFile("plans name files: give paths, not stdin")
        path = Path(self.context.filename).resolve()
        config = load_config(path)
        plans = _plans(config, _handed_files(self.context.metadata_manager)).get(path)
        if not plans:
            raise SkipFile("nothing to fix")
        fix = fix_source(
            path, tree.bytes, plans, config.recover_functions, first_party_modules(config)
        )
        if fix.problem:
            self.warn(fix.problem)
            raise SkipFile(fix.problem)
        return cst.parse_module(fix.after) if fix.changed else tree


def _handed_files(manager: object) -> tuple[Path, ...]:
    """The files the libcst runner was given (its full-repository manager keeps them), so
    that the codemod fixes what `lint-recover fix` fixes for the same paths; () when the
    runner says nothing (the whole project, as `lint-recover fix` without paths)."""
    paths = getattr(manager, "_paths", None)
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return ()
    return tuple(sorted(Path(p).resolve() for p in paths))


def _plans(config: Config, handed: tuple[Path, ...]) -> dict[Path, list[FixPlan]]:
    """The plans for the findings in `handed` (the whole project when empty), editing only
    files within them, by resolved path; computed once per project and file set."""
    key = (config.root, handed)
    if key not in _projects:
        report = engine.run(list(handed), config, jobs=1)
        plans = plan_fixes(report.findings, config, Scope(handed))
        _projects[key] = {path.resolve(): found for path, found in plans.items()}
    return _projects[key]
