"""Applying the plans of one module: from its bytes to the fixed bytes, proven safe.

This is the one place that runs libcst, so its costs and failure modes are handled here:
the parse happens only for a module that has plans, the transformer visits only the
statements holding a planned edit, positions are computed only for the statement holding
each argument to wrap, and very deep trees (long implicitly concatenated strings in generated
files) get a bounded higher recursion limit (for the `ast` comparison of the safety proof
too); past it the module is reported, never crashed on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

from lint_recover.findings import DecorateDef, FixPlan, WrapArgument
from lint_recover.outputs.fix._imports import add_import
from lint_recover.outputs.fix._locate import StalePlan, source_lines, statement_map
from lint_recover.outputs.fix._reference import (
    RecoverReference,
    choose_reference,
    recover_references,
)
from lint_recover.outputs.fix._safety import differs_beyond_recovery
from lint_recover.outputs.fix._transform import Edit, RecoverTransformer
from lint_recover.text.source import ParsedSource, SourceProblem, parse_bytes

RECURSION_LIMIT = 20_000
"""Enough for libcst to print and position the standard library's largest generated file
(`pydoc_data/topics.py` needs about 10,000); bounded so a hostile file fails cleanly."""


@dataclass(frozen=True, slots=True)
class ModuleFix:
    """The outcome for one file: its bytes before and after, what changed, or why nothing
    could be changed (`problem`, in which case `after` is `before`)."""

    path: Path
    before: bytes
    after: bytes
    encoding: str
    edits: tuple[Edit, ...] = ()
    problem: str | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before


def fix_source(
    path: Path,
    data: bytes,
    plans: Iterable[FixPlan],
    recover_functions: Sequence[str],
    first_party: frozenset[str] = frozenset(),
) -> ModuleFix:
    """Apply `plans` to the module `data` read from `path`; never raises for bad input.
    `first_party` names the project's own top-level modules (where the import goes)."""
    plans = list(dict.fromkeys(plans))
    try:
        return _fix(path, data, plans, recover_functions, first_party)
    except StalePlan as error:
        return _unfixed(path, data, f"plan does not match the file: {error}")
    except cst.ParserSyntaxError as error:
        return _unfixed(path, data, f"libcst cannot parse it: {error.message}")
    except (RecursionError, MemoryError):
        return _unfixed(path, data, "nesting too deep for libcst")


def _fix(
    path: Path,
    data: bytes,
    plans: list[FixPlan],
    recover_functions: Sequence[str],
    first_party: frozenset[str],
) -> ModuleFix:
    original = parse_bytes(path, data)
    if isinstance(original, SourceProblem):
        return _unfixed(path, data, f"cannot be parsed: {original.reason}")
    decorations = [plan for plan in plans if isinstance(plan, DecorateDef)]
    wraps = [plan for plan in plans if isinstance(plan, WrapArgument)]
    statements = statement_map(original.tree, original.lines, decorations, wraps)
    first_edit_line = statements.first_edit_line()
    reference = choose_reference(original.tree, recover_functions, first_edit_line)
    references = frozenset(recover_references(original.tree, recover_functions))
    with _deep_recursion():
        module = cst.parse_module(data)
        transformer = RecoverTransformer(
            statements,
            module,
            source_lines(original.text),
            reference.expression,
            references | {reference.expression},
        )
        fixed = module.visit(transformer)
        transformer.check_complete()
        edits = transformer.edits
        if edits and reference.import_statement:
            fixed, line = add_import(
                fixed, original.tree, reference.import_statement, first_edit_line, first_party
            )
            edits.append(Edit(line, 0, f"added `{reference.import_statement}`"))
        after = fixed.bytes
        if not edits:
            return ModuleFix(path, data, data, module.encoding)
        problem = _unsafe(path, original, after, reference)  # the last use of `original`
    if problem:
        return _unfixed(path, data, problem, module.encoding)
    edits.sort(key=lambda edit: (edit.line, edit.col))
    return ModuleFix(path, data, after, module.encoding, tuple(edits))


def _unsafe(
    path: Path, original: ParsedSource, after: bytes, reference: RecoverReference
) -> str | None:
    """Why the fixed bytes may not be written, if they may not. The comparison normalises
    both trees in place, so `original` must not be used afterwards."""
    fixed = parse_bytes(path, after)
    if isinstance(fixed, SourceProblem):
        return f"the fix would not parse ({fixed.reason}); left untouched"
    if differs_beyond_recovery(original.tree, fixed.tree, reference, original.lines, fixed.lines):
        return "the fix would change more than recovery; left untouched"
    return None


def _unfixed(path: Path, data: bytes, problem: str, encoding: str = "utf-8") -> ModuleFix:
    return ModuleFix(path, data, data, encoding, (), problem)


@contextmanager
def _deep_recursion() -> Iterator[None]:
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)
