"""What the runtime costs an application, as figures and ratios measured in one run.

1. The happy path (medians of repeated timings, variants interleaved): a bare call, a minimal
   hand-written `try/except Exception: report; raise` wrapper, `@recover`, `recover(fn)` at a
   call site; the async equivalents; and a bare `try/except` block, `with recover():`, and the
   cheapest `with` there is (a C-implemented lock), which bounds what any context manager can
   reach. Goals: `@recover` within 1.1x of the hand-written wrapper; `with recover():` 2x
   the `try/except` block.
2. `import recover_runtime` (cumulative microseconds of `python -X importtime`, median of
   fresh interpreters), beside the standard-library modules it needs and beside sentry-sdk,
   which it no longer imports before reporting is active. Goal: <= 20 ms.
3. Delivery against the loopback Sentry endpoint (`tests/support/sentry_endpoint.py`), each
   scenario in a fresh interpreter: 100 recovered tasks failing while the endpoint is silent,
   with a ticker task recording the largest gap between its ticks (goal < 50 ms), and how long
   the exit then waits (the bound: flush_timeout = 2 s); then 1,000 failures against an
   endpoint answering in 0.2 s, failures/s with `recover` and with plain sentry-sdk's
   `capture_exception` (goal: within 2x), and how many arrive once the endpoint answers at once.

    python benchmarks/bench_runtime.py [--record]   # --record rewrites bench_runtime.txt
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import textwrap
import threading
import time
import timeit
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from recover_runtime import recover

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the loopback endpoint of the tests

from tests.support.sentry_endpoint import SentryEndpoint  # noqa: E402

CALLS = 100_000
REPEATS = 31
IMPORT_RUNS = 15
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


def with_lock_loop() -> None:
    lock = threading.Lock()
    for n in range(CALLS):
        with lock:
            work(n)


def happy_path() -> list[str]:
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
    block = per_call_ns(
        {
            "try/except block": try_block_loop,
            "with recover():": with_recover_loop,
            "with a C lock:": with_lock_loop,
        }
    )
    lines = [f"happy path: {CALLS} calls x {REPEATS} repeats, medians"]
    for group in (sync, async_, block):
        lines += [f"  {name:<28} {ns:8.1f} ns/call" for name, ns in group.items()]
    ratios = [
        ("@recover / hand-written wrapper", sync, "@recover", "hand-written wrapper"),
        (
            "@recover async / hand-written async",
            async_,
            "@recover async",
            "hand-written async wrapper",
        ),
        (
            "recover(fn) / hand-written wrapper",
            sync,
            "recover(fn) at a call site",
            "hand-written wrapper",
        ),
        ("with recover(): / try/except block", block, "with recover():", "try/except block"),
        ("with a C lock: / try/except block", block, "with a C lock:", "try/except block"),
        ("with recover(): / with a C lock:", block, "with recover():", "with a C lock:"),
    ]
    lines.append("ratios:")
    lines += [f"  {label:<38} {group[a] / group[b]:.3f}x" for label, group, a, b in ratios]
    lines.append(f"  @recover - bare call {sync['@recover'] - sync['bare call']:+23.1f} ns")
    return lines


def import_microseconds(modules: str) -> float:
    """The cumulative import time of `modules` in a fresh interpreter (the sum of the top-level
    entries `-X importtime` reports for the statement). Bytecode is cached, as in an
    installed wheel."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-X", "importtime", "-c", f"import {modules}"]
    run = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    top = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| (\S+)$", run.stderr, re.MULTILINE)
    return sum(int(us) for us, name in top)


def import_cost() -> list[str]:
    """Medians over IMPORT_RUNS rounds in which each variant runs once (after one round that
    writes the bytecode), so load on the machine hits them alike."""
    variants = {
        "recover_runtime": "recover_runtime",
        "what it needs of the stdlib": "logging, inspect, threading, functools, typing",
        "sentry_sdk (imported by init)": "sentry_sdk",
    }
    times: dict[str, list[float]] = {label: [] for label in variants}
    for _ in range(IMPORT_RUNS + 1):
        for label, modules in variants.items():
            times[label].append(import_microseconds(modules))
    lines = [f"import (-X importtime, median of {IMPORT_RUNS} fresh interpreters, .pyc cached):"]
    for label, measured in times.items():
        lines.append(f"  {label:<31} {statistics.median(measured[1:]) / 1000:6.1f} ms")
    return lines


def run_scenario(code: str, endpoint: SentryEndpoint, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "SENTRY_DSN": endpoint.dsn,
        "SENTRY_ENVIRONMENT": "ci-main",
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


# 100 tasks fail while the endpoint is silent, recovered or only logged (the floor: what
# printing 100 tracebacks costs the loop); a ticker sleeps 1 ms at a time.
LOOP_SCENARIO = """
    import asyncio, json, logging, sys, time
    import recover_runtime as rr
    rr.init(opted_in=True, flush_timeout=2)

    async def failing(n):
        await asyncio.sleep(0.01)
        raise ValueError(n)

    async def job(n):
        if sys.argv[1] == "recover":
            return await rr.recover(failing(n), reraise=False)
        try:
            await failing(n)
        except ValueError:
            logging.getLogger("app").error("unhandled", exc_info=True)

    async def main():
        gaps, running = [], True

        async def ticker():
            last = time.perf_counter()
            while running:
                await asyncio.sleep(0.001)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0.1)
        quiet = max(gaps)
        gaps.clear()
        await asyncio.gather(*(job(n) for n in range(100)))
        await asyncio.sleep(0.1)
        running = False
        await ticking
        return quiet, max(gaps)

    quiet, failing = asyncio.run(main())
    print(json.dumps({"quiet_ms": quiet * 1000, "failing_ms": failing * 1000,
                      "ended_at": time.time()}), flush=True)
"""

# N failures in a loop, captured by recover or by plain sentry-sdk, logging alike.
RATE_SCENARIO = """
    import io, json, logging, os, sys, time
    logging.basicConfig(stream=io.StringIO())
    N = 1000
    if sys.argv[1] == "recover":
        import recover_runtime as rr
        rr.init(opted_in=True, flush_timeout=60)

        def fail(n):
            with rr.recover(reraise=False):
                raise ValueError(n)

        flush = rr.flush
    else:
        import sentry_sdk
        sentry_sdk.init(os.environ["SENTRY_DSN"], default_integrations=False)

        def fail(n):
            try:
                raise ValueError(n)
            except ValueError:
                sentry_sdk.capture_exception()

        flush = sentry_sdk.flush
    start = time.perf_counter()
    for n in range(N):
        fail(n)
    print(json.dumps({"per_second": N / (time.perf_counter() - start)}), flush=True)
    sys.stdin.readline()
    flush(60)
"""


def loop_and_exit() -> list[str]:
    lines = ["delivery, 100 tasks failing at once, endpoint silent, largest gap of 1 ms ticks:"]
    for mode in ("recover", "logging only"):
        with SentryEndpoint() as endpoint:
            endpoint.hold()
            app = run_scenario(LOOP_SCENARIO, endpoint, mode)
            assert app.stdout is not None
            result = json.loads(app.stdout.readline())
            app.wait()
            exit_wait = time.time() - result["ended_at"]
        lines.append(
            f"  {mode:<13} {result['failing_ms']:6.1f} ms (before the failures:"
            f" {result['quiet_ms']:.1f} ms); exit waited {exit_wait:.2f} s"
        )
    lines.append("  (recover: the exit waits for the silent endpoint up to flush_timeout = 2 s)")
    return lines


def capture_rates() -> list[str]:
    lines = ["delivery, 1,000 failures, endpoint answering in 0.2 s:"]
    rates = {}
    for mode in ("recover", "sentry-sdk"):
        with SentryEndpoint() as endpoint:
            endpoint.respond(delay=0.2)
            app = run_scenario(RATE_SCENARIO, endpoint, mode)
            assert app.stdout is not None and app.stdin is not None
            rates[mode] = json.loads(app.stdout.readline())["per_second"]
            endpoint.respond()  # from now on the endpoint answers at once
            app.stdin.write("flush\n")
            app.stdin.close()
            app.wait()
            arrived = len(endpoint.events)
        lines.append(f"  {mode:<12} {rates[mode]:8.0f} failures/s; arrived {arrived} of 1000")
    lines.append(
        f"  recover / sentry-sdk capture rate  {rates['recover'] / rates['sentry-sdk']:.2f}x"
    )
    return lines


def main() -> None:
    lines = [f"Python {platform.python_version()}"]
    print(lines[0], flush=True)
    for section in (happy_path, import_cost, loop_and_exit, capture_rates):
        part = section()
        print("\n".join(part), flush=True)
        lines += part
    if "--record" in sys.argv[1:]:
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
