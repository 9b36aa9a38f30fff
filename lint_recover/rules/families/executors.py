"""RCV201: callables handed to an executor, `loop.run_in_executor` or `asyncio.to_thread`.

An executor keeps a job's exception in its future; it reaches someone only if the future is
consumed. So these spawns are reported when the result is dropped or stored, and not when
it is consumed in the same expression (`pool.submit(f).result()`, `await
loop.run_in_executor(...)`, iterating `pool.map(...)`). A `.submit` on an object that is not
an executor (`form.submit(cb)`) is not a spawn at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_recover import apis
from lint_recover.findings import Finding
from lint_recover.rules.common import RuleContext, argument_of
from lint_recover.rules.registry import SPAWN_APIS, Rule, register

EXECUTOR_JOB = Rule(
    code="RCV201",
    name="executor-job-not-recovered",
    summary="a callable run by an executor (or `to_thread`) whose result nobody consumes is "
    "not recovered",
    message=(
        "executor job {target} is not recovered and its result is not consumed where it is "
        "submitted: an exception there stays in an unread future; {remedy}"
    ),
    rationale=(
        "`Executor.submit`, `Executor.map`, `loop.run_in_executor` and `asyncio.to_thread` "
        "store the job's exception in a future. When that future is consumed in the same "
        "expression (`.result()`, `await`, iterating `map`), or kept in a variable that the "
        "same function consumes later (`fs = [pool.submit(job, x) for x in xs]`, then "
        "`as_completed(fs)`), the exception reaches the caller and nothing is reported; when "
        "the future is dropped, returned or kept where nobody visible reads it, the exception "
        "is lost if the later never comes, so the job itself must be recovered."
    ),
    bad=(
        "from concurrent.futures import ThreadPoolExecutor\n\n\n"
        "def resize(path):\n"
        "    raise OSError(path)\n\n\n"
        "pool = ThreadPoolExecutor()\n"
        'pool.submit(resize, "a.png")\n'
    ),
    good=(
        "from concurrent.futures import ThreadPoolExecutor\n\n"
        "from recover_runtime import recover\n\n\n"
        "def resize(path):\n"
        "    raise OSError(path)\n\n\n"
        "pool = ThreadPoolExecutor()\n"
        'pool.submit(recover(resize), "a.png")\n'
        'pool.submit(resize, "b.png").result()  # consumed: the caller sees the exception\n'
    ),
    fix=(
        "Decorate the job with `@recover`, wrap it at the call site (`pool.submit(recover(f))`),"
        " or consume the result where it is submitted."
    ),
)

_TARGETS = {
    **{f"{executor}.submit": (0, "fn") for executor in apis.EXECUTORS},
    **{f"{executor}.map": (0, "fn") for executor in apis.EXECUTORS},
    **{f"{loop}.run_in_executor": (1, "func") for loop in apis.LOOPS},
    "asyncio.to_thread": (0, "func"),
}
SPAWN_APIS.update(_TARGETS)


@register(EXECUTOR_JOB)
def check_executors(context: RuleContext) -> Iterator[Finding]:
    """RCV201 for a job whose future nobody consumes: a consumed future (`.result()`,
    `list(pool.map(...))`) re-raises the job's exception, so it needs no recovery."""
    for site, name in context.spawn_calls:
        where = _TARGETS.get(name)
        if where is None or context.result_consumed(site):
            continue
        argument = argument_of(site, *where)
        if argument is not None:
            yield from context.spawn_finding(site, argument, EXECUTOR_JOB.code)
