"""RCV201: callables handed to an executor (its rows in `apis/stdlib.py`).

An executor keeps a job's exception in its future; it reaches someone only if the future is
consumed. The spawn rule (`rules.spawns`) reports these rows when the result is dropped or
kept where nobody visible consumes it. A `.submit` on an object that is not an executor
(`form.submit(cb)`) is not a spawn at all.
"""

from __future__ import annotations

from lint_recover.rules.registry import Rule, declare

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
        "An executor stores the job's exception in a future (or in the results `map` "
        "yields). When that future is consumed in the same "
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

declare(EXECUTOR_JOB)
