"""The fix as a libcst codemod command, for teams that drive their codemods with libcst:

    python -m libcst.tool codemod --no-format -x \\
        lint_recover.outputs.fix.add_recover.AddRecoverCommand src/

or, with `modules: [lint_recover.outputs.fix]` in `.libcst.codemod.yaml`,
`python -m libcst.tool codemod add_recover.AddRecoverCommand src/`.

libcst's runner hands the command one file at a time, but a plan may edit another file
than its finding's, so the command checks the whole project of each file once per process
(the same engine and cache as `lint-recover check`) and applies the plans that edit the
file in hand, through the same `fix_source` as `lint-recover fix`: identical output, the
same safety proof. A file the proof rejects is skipped with the reason as a warning.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodCommand, SkipFile

from lint_recover.config import Config, load_config
from lint_recover.findings import FixPlan
from lint_recover.outputs.fix import fix_source, plan_fixes
from lint_recover.project import engine
from lint_recover.project.discovery import first_party_modules

_projects: dict[Path, dict[Path, list[FixPlan]]] = {}


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
        plans = _project_plans(config).get(path)
        if not plans:
            raise SkipFile("nothing to fix")
        fix = fix_source(
            path, tree.bytes, plans, config.recover_functions, first_party_modules(config)
        )
        if fix.problem:
            self.warn(fix.problem)
            raise SkipFile(fix.problem)
        return cst.parse_module(fix.after) if fix.changed else tree


def _project_plans(config: Config) -> dict[Path, list[FixPlan]]:
    """The plans of the whole project of `config`, by resolved path, computed once."""
    if config.root not in _projects:
        report = engine.run([], config, jobs=1)
        plans = plan_fixes(report.findings, config)
        _projects[config.root] = {path.resolve(): found for path, found in plans.items()}
    return _projects[config.root]
