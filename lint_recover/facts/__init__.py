"""Module facts: build them from a tree (`module_facts`), read them (`model`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from lint_recover.config import Config
from lint_recover.facts.builder import FactsBuilder
from lint_recover.facts.model import ModuleFacts
from lint_recover.text.switch import switched_off

if TYPE_CHECKING:
    from lint_recover.text.source import ParsedSource

__all__ = ["ModuleFacts", "module_facts", "switched_off"]

_WALK_RECURSION_LIMIT = 20_000


def module_facts(source: ParsedSource, module: str, config: Config) -> ModuleFacts:
    """The facts of one parsed module. Never raises for a valid tree: a tree too deep to
    walk yields facts whose `problem` says so (reported as RCV001).

    The walk recurses once per nesting level, a few frames each; the recursion limit is
    raised (boundedly, for the walk only) so that every tree `ast.parse` accepts, such as a
    500-term string concatenation, can be walked.
    """
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _WALK_RECURSION_LIMIT))
    try:
        return FactsBuilder(source, module, config).build(source.tree)
    except RecursionError:
        return ModuleFacts(
            path=str(source.path),
            module=module,
            is_package=source.path.name == "__init__.py",
            scopes=(),
            functions={},
            classes={},
            calls=(),
            problem="nesting too deep to analyse",
            switched_off=switched_off(source.lines),
        )
    finally:
        sys.setrecursionlimit(limit)
