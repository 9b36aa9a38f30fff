"""The team's own spawn APIs (`spawners` in the configuration), e.g. `gevent.spawn`.

Each configured spawner names a callable, where its target argument is and which code to
report; its call sites are judged exactly like the built-in spawns of that code (always
reported when the target is not recovered: a custom API's result is not known to
propagate anything).
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_recover import apis
from lint_recover.findings import Finding
from lint_recover.rules.common import RuleContext, argument_of
from lint_recover.rules.registry import register


@register()
def check_spawners(context: RuleContext) -> Iterator[Finding]:
    """Findings at the call sites of configured spawners, each with its spawner's code
    (registered without rules of its own: the codes belong to the built-in families)."""
    spawners = {apis.canonical(spawner.name): spawner for spawner in context.config.spawners}
    if not spawners:
        return
    for site, name in context.spawn_calls:
        spawner = spawners.get(name)
        if spawner is None:
            continue
        argument = argument_of(site, spawner.position, spawner.keyword)
        if argument is not None:
            yield from context.spawn_finding(
                site, argument, spawner.code, coroutine=spawner.code == "RCV301"
            )
