"""Work given to a third-party library that needs no recovery at the call, whatever
`rules.recovered` would say of it.

A library's callables that cannot raise the way work is called (a Deferred's `callback`,
`Preset.cannot_raise`), given to any API; and two cases decided by the preset the API's row
comes from:
- the library's own callables and objects, for a library whose own work runs in C or C++
  (`Preset.own_work_is_quiet`): a Qt slot such as `self.close` or another signal given to
  `connect`, `root.destroy` given to `after`, `Gtk.main_quit` given to `idle_add`;
- an object whose work method the library runs (`pool.start(worker)` with a `QRunnable`
  subclass): its `run` is judged at its own `def` (RCV703), where `fix` decorates it.
"""

from __future__ import annotations

from lint_recover.apis.model import SpawnApi
from lint_recover.resolution.values import External, ExternalInstance, Instance, Value
from lint_recover.rules.context import RuleContext
from lint_recover.rules.recovered import Verdict


def library_verdict(context: RuleContext, value: Value, row: SpawnApi) -> Verdict | None:
    """The verdict on a work `value` given to `row`'s API that needs nothing, else None."""
    if isinstance(value, External) and any(
        value.name in preset.cannot_raise for preset in context.table.presets.values()
    ):
        return Verdict(True, f"{value.name} hands its value on and cannot raise")
    preset = context.table.presets.get(row.origin)
    if preset is None:
        return None
    if preset.own_work_is_quiet and isinstance(value, External | ExternalInstance):
        name = value.name if isinstance(value, External) else value.cls
        if preset.owns(name):
            return Verdict(True, f"{preset.library}'s own callable or signal")
    if isinstance(value, Instance):
        lineage = context.resolver.class_lineage(value.cls)
        for work in context.table.work_methods:
            if work.origin == row.origin and work.cls in lineage:
                return Verdict(True, f"its `{work.method}` is judged where it is defined")
    return None
