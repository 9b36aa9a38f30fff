"""Methods a class runs as its work: the override in a project subclass is reported at its
`def`, whatever happens to the objects.

`run()` of a `threading.Thread` subclass (RCV102), `_run()` of a gevent `Greenlet` subclass
and `run()` of a Qt `QThread` or `QRunnable` subclass (RCV703) are each the whole body of the
work their class starts, so an exception there is lost exactly like one in a thread's
`target=`. Which class runs which method is data (`apis.model.WorkMethod` rows of the table);
subclasses are recognised through their bases, also across modules of the project.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from lint_recover.apis.model import WorkMethod
from lint_recover.apis.table import SpawnTable
from lint_recover.findings import Finding
from lint_recover.resolution.values import Class, Function
from lint_recover.rules.context import RuleContext


def check_work_methods(context: RuleContext) -> Iterator[Finding]:
    """A finding at each method a project subclass defines that its base runs as work."""
    facts = context.facts
    by_method = _by_method(context.table)
    for known in facts.classes.values():
        bindings = facts.scopes[known.scope].bindings
        defined = {
            method: bindings[method][-1]
            for method in by_method
            if method in bindings and bindings[method][-1].kind == "def"
        }
        if not defined:
            continue
        cls = Class(facts.module, known.qualname)
        lineage = context.resolver.class_lineage(cls)
        name = context.resolver.qualified_name(cls)
        for method, binding in defined.items():
            work = next((w for w in by_method[method] if w.cls in lineage and w.cls != name), None)
            if work is None:
                continue
            function = Function(facts.module, binding.target)
            found = context.unrecovered_definition(work.code, function, base=f"`{work.cls}`")
            if found is not None:
                yield found


@cache
def _by_method(table: SpawnTable) -> dict[str, tuple[WorkMethod, ...]]:
    """The table's work methods by method name."""
    grouped: dict[str, tuple[WorkMethod, ...]] = {}
    for work in table.work_methods:
        grouped[work.method] = (*grouped.get(work.method, ()), work)
    return grouped
