"""What every rule reads while checking one module: its facts, the project's configuration
and spawn table, resolution into the rest of the project, and the deciders.

Each question has one home: which calls are spawns (`matching`), whether a result is consumed
(`consumed`), whether work is recovered (`recovered`), what a finding says and how it is fixed
(`messages`). A context is built per module and checked once.
"""

from __future__ import annotations

from functools import cached_property

from lint_recover.config import Config
from lint_recover.facts.model import ModuleFacts
from lint_recover.findings import Finding
from lint_recover.resolution.index import ProjectIndex
from lint_recover.resolution.resolve import Resolver
from lint_recover.resolution.values import Function
from lint_recover.rules.decisions import Decision
from lint_recover.rules.matching import Matcher, Spawn
from lint_recover.rules.messages import Messages
from lint_recover.rules.recovered import Recovery


class RuleContext:
    """One module being checked, with resolution into the rest of the project. With
    `explain`, the spawn rule records its `decisions` (for `check --why`)."""

    def __init__(
        self, facts: ModuleFacts, index: ProjectIndex, config: Config, *, explain: bool = False
    ) -> None:
        self.facts = facts
        self.config = config
        self.table = config.table()
        self.resolver = Resolver(index, config, facts)
        self.matcher = Matcher(facts, self.resolver, self.table)
        self.recovery = Recovery(self.resolver)
        self.messages = Messages(facts, self.resolver, config)
        self.decisions: list[Decision] | None = [] if explain else None

    @cached_property
    def spawns(self) -> list[Spawn]:
        """The module's call sites that start work, matched to spawn API rows."""
        return list(self.matcher.spawns())

    def unrecovered_definition(
        self, code: str, function: Function, **fields: str
    ) -> Finding | None:
        """RCV102/RCV401/RCV703: the finding at the `def` of `function`, unless it is
        recovered; `fields` fill the rest of the rule's message."""
        if self.recovery.of_function(function).recovered:
            return None
        return self.messages.at_definition(code, function, **fields)
