"""The cost of `recover` on the happy path, as ratios measured in one run.

Compares, per call (median of repeated timings, nanoseconds):
  sync:  a bare call, a minimal hand-written `try/except Exception: report; raise` wrapper,
         `@recover`, and `recover(fn)` at a call site (the picklable form);
  async: an awaited bare coroutine function, a hand-written async wrapper, and `@recover`;
  block: a bare `try/except` block and `with recover():`.
The goal is `@recover` within 1.1x of the hand-written wrapper, sync and async.

    python benchmarks/bench_runtime.py [--record]   # --record rewrites bench_runtime.txt
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import sys
import timeit
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from recover_runtime import recover

CALLS = 100_000
REPEATS = 31
RESULTS = Path(__file__).with_suffix(".txt")


def report(exc: BaseException) -> None:
    """Stands in for reporting in the hand-written wrappers; never reached here."""
    print("unexpected", exc, file=sys.stderr)


def work(value: int) -> int:
    return value + 1


async def async_work(value: int) -> int:
    return value + 1


@recover
def decorated_work(value: int) -> int:
    return value + 1


@recover
async def decorated_async_work(value: int) -> int:
    return value + 1


def hand_written(fn: Callable[[int], int]) -> Callable[[int], int]:
    def wrapper(*args: Any, **kwargs: Any) -> int:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            report(exc)
            raise

    return wrapper


def hand_written_async(
    fn: Callable[[int], Coroutine[Any, Any, int]],
) -> Callable[[int], Coroutine[Any, Any, int]]:
    async def wrapper(*args: Any, **kwargs: Any) -> int:
        try:
            return await fn(*args, **kwargs)
        except Exception as exc:
            report(exc)
            raise

    return wrapper


def per_call_ns(variants: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median over REPEATS of (time for CALLS calls) / CALLS, in nanoseconds, per variant.

    The variants of a group take turns within each repeat, so drift in the machine's load
    affects them alike instead of favouring whichever ran first.
    """
    timings: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(REPEATS):
        for name, statement in variants.items():
            timings[name].append(timeit.timeit(statement, number=1))
    return {name: statistics.median(times) / CALLS * 1e9 for name, times in timings.items()}


def sync_loop(fn: Callable[[int], int]) -> Callable[[], None]:
    def run() -> None:
        for n in range(CALLS):
            fn(n)

    return run


def async_loop(fn: Callable[[int], Coroutine[Any, Any, int]]) -> Callable[[], None]:
    loop = asyncio.new_event_loop()

    async def body() -> None:
        for n in range(CALLS):
            await fn(n)

    return lambda: loop.run_until_complete(body())


def try_block_loop() -> None:
    for n in range(CALLS):
        try:
            work(n)
        except Exception as exc:
            report(exc)
            raise


def with_recover_loop() -> None:
    for n in range(CALLS):
        with recover():
            work(n)


def measure() -> list[str]:
    sync = per_call_ns(
        {
            "bare call": sync_loop(work),
            "hand-written wrapper": sync_loop(hand_written(work)),
            "@recover": sync_loop(decorated_work),
            "recover(fn) at a call site": sync_loop(recover(work)),
        }
    )
    async_ = per_call_ns(
        {
            "bare await": async_loop(async_work),
            "hand-written async wrapper": async_loop(hand_written_async(async_work)),
            "@recover async": async_loop(decorated_async_work),
        }
    )
    block = per_call_ns({"try/except block": try_block_loop, "with recover():": with_recover_loop})
    lines = [f"Python {platform.python_version()}, {CALLS} calls x {REPEATS} repeats, medians"]
    for group in (sync, async_, block):
        lines += [f"  {name:<28} {ns:8.1f} ns/call" for name, ns in group.items()]
    lines += [
        "ratios:",
        f"  @recover / hand-written wrapper              {ratio(sync, '@recover', 'hand-written wrapper')}",  # noqa: E501
        f"  @recover async / hand-written async wrapper  {ratio(async_, '@recover async', 'hand-written async wrapper')}",  # noqa: E501
        f"  @recover - bare call                         {sync['@recover'] - sync['bare call']:+.1f} ns",  # noqa: E501
        f"  recover(fn) / hand-written wrapper           {ratio(sync, 'recover(fn) at a call site', 'hand-written wrapper')}",  # noqa: E501
        f"  with recover(): / try/except block           {ratio(block, 'with recover():', 'try/except block')}",  # noqa: E501
    ]
    return lines


def ratio(group: dict[str, float], name: str, baseline: str) -> str:
    return f"{group[name] / group[baseline]:.3f}x"


def main() -> None:
    lines = measure()
    print("\n".join(lines))
    if "--record" in sys.argv[1:]:
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
