"""Is a spawn's result consumed? The rules' half (the facts record how results are used,
`facts.consumption`; this compares that with the forms the API's row accepts).

A result hands its work's exception to code when it is consumed in a form the API accepts:
in the same expression (`await create_task(...)`, `pool.submit(f).result()`, iterating
`pool.map(...)`), or kept in a variable that the same function (or module body) consumes
later (`fs = [pool.submit(job, x) for x in xs]` ... `for f in as_completed(fs): f.result()`),
or kept in an instance attribute that a method of the class consumes (`self.task = ...`;
`await self.task` in `close()`). Kept in a container nobody here consumes: not consumed.
"""

from __future__ import annotations

from lint_recover.apis.model import SpawnApi
from lint_recover.facts.consumption import STORED
from lint_recover.facts.model import CallSite, ModuleFacts

_SELF = "self."


def consumed_form(facts: ModuleFacts, site: CallSite, row: SpawnApi) -> str | None:
    """How the result of `site` is consumed in a way `row` accepts, in words (for `--why`);
    None when it is not."""
    if row.returns != "result":
        return None
    if row.consumed_in(site.usage):
        return f"consumed where it is made ({_describe(site.usage)})"
    if site.usage != STORED or not site.stored_in:
        return None
    scope = facts.scopes[site.scope]
    if site.stored_in.startswith(_SELF) and scope.parent >= 0:
        scope = facts.scopes[scope.parent]  # the class its methods consume in
    forms = sorted(form for form in scope.consumed.get(site.stored_in, ()) if row.consumed_in(form))
    if not forms:
        return None
    return f"kept in `{site.stored_in}`, consumed later ({', '.join(map(_describe, forms))})"


def _describe(form: str) -> str:
    if form.startswith("."):
        return f"`{form}()`"
    return {"await": "awaited", "iterate": "iterated", "return": "returned to the caller"}.get(
        form, form
    )
