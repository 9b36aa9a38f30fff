"""The single table of rule codes: each rule's message, documentation and examples.

Rule-family modules (`rules/families/`) declare their `Rule`s next to their logic and
register the check that produces them with `@register(...)`. `checks()` and `rules()` load
every family module first, so the checker, flake8, the CLI, `explain` and `docs/rules.md`
all see the same families: a code's text exists in exactly one place, and a family cannot be
documented without running, or run without being documented.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from lint_recover.config import Config, ConfigError
from lint_recover.config.selection import unknown_codes


@dataclass(frozen=True, slots=True)
class Rule:
    """One code, documented as its own specification (in the manner of Fixit).

    `message` is a `str.format` template; the placeholders a rule fills are its own
    business, but every spawn rule names the target and, when known, where it is defined.
    `bad` and `good` are complete small modules: tests check that `bad` yields this code
    and `good` yields nothing.
    """

    code: str
    name: str
    summary: str
    message: str
    rationale: str
    bad: str
    good: str
    fix: str


RULES: dict[str, Rule] = {}
CHECKS: list[Callable[..., Any]] = []

_Check = TypeVar("_Check", bound=Callable[..., Any])


def declare(*rules: Rule) -> None:
    """Record `rules` in the table: codes the spawn rule reports for rows of the spawn table
    (`rules.spawns`), or that a registered check produces."""
    for rule in rules:
        if rule.code in RULES:
            raise ValueError(f"rule {rule.code} registered twice")
        RULES[rule.code] = rule


def register(*rules: Rule) -> Callable[[_Check], _Check]:
    """Record `rules` in the table and the decorated function as the check producing them."""

    def decorate(check: _Check) -> _Check:
        declare(*rules)
        CHECKS.append(check)
        return check

    return decorate


@cache
def _load_families() -> None:
    """Import every module of `rules.families` once: importing a family registers it."""
    from lint_recover.rules import families

    for module in pkgutil.iter_modules(families.__path__, f"{families.__name__}."):
        importlib.import_module(module.name)


def checks() -> tuple[Callable[..., Any], ...]:
    """Every registered check, each family's in the order its module registers them."""
    _load_families()
    return tuple(CHECKS)


def rules() -> dict[str, Rule]:
    """Every registered rule, sorted by code."""
    _load_families()
    return dict(sorted(RULES.items()))


def check_codes(config: Config) -> None:
    """Raise `ConfigError` naming the key when the configuration's `select`, `ignore` or
    `per-file-ignores` holds a prefix that matches no registered code."""
    known = tuple(rules())
    keyed = [("select", config.select), ("ignore", config.ignore)]
    keyed += [(f'per-file-ignores."{glob}"', codes) for glob, codes in config.per_file_ignores]
    for key, codes in keyed:
        reason = unknown_codes(codes, known)
        if reason:
            raise ConfigError(config.source, key, reason)
