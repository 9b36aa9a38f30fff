"""Module facts: build them from a tree (`module_facts`), read them (`model`)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence
from pathlib import Path

from lint_recover.config import Config
from lint_recover.facts.builder import FactsBuilder
from lint_recover.facts.model import ModuleFacts
from lint_recover.facts.switch import switched_off

__all__ = ["ModuleFacts", "module_facts", "switched_off"]

_WALK_RECURSION_LIMIT = 20_000


def module_facts(
    tree: ast.Module, lines: Sequence[str], path: Path, module: str, config: Config
) -> ModuleFacts:
    """The facts of one parsed module. Never raises for a valid tree: a tree too deep to
    walk yields facts whose `problem` says so (reported as RCV001).

    The walk recurses once per nesting level, a few frames each; the recursion limit is
    raised (boundedly, for the walk only) so that every tree `ast.parse` accepts, such as a
    500-term string concatenation, can be walked.
    """
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _WALK_RECURSION_LIMIT))
    try:
        return FactsBuilder(lines, path, module, config).build(tree)
    except RecursionError:
        return ModuleFacts(
            path=str(path),
            module=module,
            is_package=path.name == "__init__.py",
            scopes=(),
            functions={},
            classes={},
            calls=(),
            problem="nesting too deep to analyse",
            switched_off=switched_off(lines),
        )
    finally:
        sys.setrecursionlimit(limit)
