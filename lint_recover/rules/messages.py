"""Findings: each one's message and fix plan, decided in one place for every code.

The message names what needs recovery and, when known, where it is defined; the plan says how
`fix` will add it: decorate the definition (`DecorateDef`) when the target is a function of
the project in a file the configuration lets us edit, else wrap the argument at the call site
(`WrapArgument`): an outside callable, a lambda, a target that did not resolve, or a
definition in an excluded (generated) file.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from lint_recover.config import Config
from lint_recover.config.excludes import Excluder
from lint_recover.facts.model import Argument, FunctionFacts, ModuleFacts
from lint_recover.findings import DecorateDef, Finding, FixPlan, WrapArgument
from lint_recover.resolution.resolve import Resolver
from lint_recover.resolution.values import External, ExternalInstance, Function, Lambda, Value
from lint_recover.rules.registry import rules

DECORATE = "decorate it with @recover or pass recover(...)"
WRAP = "pass recover(...) instead"


class Messages:
    """Builds the findings of one module (`facts`)."""

    def __init__(self, facts: ModuleFacts, resolver: Resolver, config: Config) -> None:
        self.facts = facts
        self.resolver = resolver
        self.config = config

    def relative(self, path: str) -> str:
        """`path` relative to the project root, for messages."""
        try:
            return Path(path).resolve().relative_to(self.config.root).as_posix()
        except ValueError:
            return path

    def finding(
        self, code: str, line: int, col: int, name: str, fix: FixPlan | None, **fields: str
    ) -> Finding:
        """A finding of `code` about the target `name` (the baseline-stable name); `fields`
        fill the rule's message template."""
        message = rules()[code].message.format(**fields)
        return Finding(self.facts.path, line, col, code, message, name, fix)

    def at_definition(self, code: str, function: Function, **fields: str) -> Finding:
        """RCV102/RCV401/RCV703: the definition itself must be recovered; reported at its
        `def`."""
        known = self._known(function)
        where = f"{self.relative(self.facts.path)}:{known.line}"
        plan = DecorateDef(self.facts.path, known.qualname, known.line)
        return self.finding(
            code,
            known.line,
            known.col,
            known.qualname,
            plan,
            target=f"'{known.qualname}'",
            where=where,
            remedy="decorate it with @recover",
            **fields,
        )

    def at_work(self, code: str, argument: Argument, value: Value, api: str = "") -> Finding | None:
        """The finding for a work `argument` (resolved to `value`) that is not recovered,
        reported at the argument and handed to `api`; None when an unresolved target is not
        to be reported."""
        span = argument.span
        wrap = WrapArgument(self.facts.path, span.line, span.col, span.end_line, span.end_col)
        at = (code, span.line, span.col)
        handed = f"`{api}`"
        if isinstance(value, Function):
            known = self._known(value)
            path = self._path_of(value.module)
            where = f"{self.relative(path)}:{known.line}"
            # A file the configuration excludes (generated code) is not edited: like a
            # target outside the project, it is recovered where it is handed over.
            editable = not self._excluder.skips(Path(path).absolute())
            plan = DecorateDef(path, known.qualname, known.line, wrap) if editable else wrap
            remedy = DECORATE if editable else WRAP
            target = f"'{known.qualname}' ({where})"
            return self.finding(*at, known.qualname, plan, target=target, remedy=remedy, api=handed)
        if isinstance(value, External | ExternalInstance):
            name = value.name if isinstance(value, External) else value.cls
            target = f"'{argument.text}' (outside the project)"
            return self.finding(*at, name, wrap, target=target, remedy=WRAP, api=handed)
        if isinstance(value, Lambda):
            target = f"'{argument.text}' (a lambda that may raise)"
            return self.finding(*at, "<lambda>", wrap, target=target, remedy=WRAP, api=handed)
        if self.config.unresolved != "report":
            return None
        text = "<lambda>" if argument.text.startswith("lambda") else argument.text
        target = f"'{argument.text}' (not resolved to a recovered function)"
        return self.finding(*at, text, wrap, target=target, remedy=WRAP, api=handed)

    def _known(self, function: Function) -> FunctionFacts:
        known = self.resolver.function(function)
        assert known is not None, function  # callers pass functions of resolved facts
        return known

    @cached_property
    def _excluder(self) -> Excluder:
        return Excluder(self.config)

    def _path_of(self, module: str) -> str:
        facts = self.resolver.facts(module)
        return facts.path if facts is not None else self.facts.path
