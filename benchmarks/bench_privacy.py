"""The cost of the privacy rules per event, measured on a real event of 50 frames.

The event is what the reporter builds for an exception raised through 50 distinct functions in
5 modules under a home directory (an application package and a library in a virtual
environment: file paths, module and function names, 11 source context lines per frame), with a
message carrying a token, an e-mail address and a URL with user-info. Printed: the median CPU
time per event of `Redactor.tree` on the allow-listed event (the redaction alone) and of
`sanitize` (allow-list, frame filtering and redaction: what runs for every event), and
`json.dumps` of the same event as a yardstick, for two identities:

  account: a distinctive user, host (short and fully qualified), real name, 5 credentials;
  ci:      a CI machine: user `root` (home /root), host `vm` (short/common names only).

The goal is under 1 ms per event for the redaction.

    python benchmarks/bench_privacy.py [--record]   # --record rewrites bench_privacy.txt
"""

from __future__ import annotations

import copy
import importlib.util
import json
import platform
import statistics
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sentry_sdk
from recover_runtime.identity import Identity
from recover_runtime.privacy import ALLOWED_FRAME_KEYS, ALLOWED_KEYS, OwnFields, sanitize
from recover_runtime.redaction import Redactor
from sentry_sdk.utils import event_from_exception

DEPTH = 50
REPEATS = 31
RUNS_PER_REPEAT = 20
GOAL_MS = 1.0
RESULTS = Path(__file__).with_suffix(".txt")
TOKENS = [f"tok{index}-9f8e7d6c5b4a39281706f5e4d3c2b1a0" for index in range(5)]

MODULES = 5
FUNCTIONS_PER_MODULE = DEPTH // MODULES
FUNCTION = '''
def step_{index}(chain, message):
    """Step {index} of the sync: hands over to the next step, the last one fails."""
    attempts = len(chain) + {index}  # distinct lines in every function, as real code has
    label = "stage-{index}-of-sync"
    if not chain:
        raise ConnectionError(f"{{label}} after {{attempts}} attempts: {{message}}")
    return chain.pop()(chain, message)
'''


def write_modules(home: Path) -> list[Path]:
    """An application package and a library in a virtual environment, under `home`."""
    packages = [home / "project" / "zedcrash_app"] * 3 + [
        home / ".venv" / "lib" / "python3.11" / "site-packages" / "zedlib"
    ] * 2
    paths = []
    for number, package in enumerate(packages):
        package.mkdir(parents=True, exist_ok=True)
        first = number * FUNCTIONS_PER_MODULE
        source = "".join(
            FUNCTION.format(index=index) for index in range(first, first + FUNCTIONS_PER_MODULE)
        )
        path = package / f"stage{number}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(path)
    return paths


def deep_event(home: Path) -> dict[str, Any]:
    """The event sentry-sdk builds for an exception raised DEPTH distinct frames deep."""
    steps = []
    for path in write_modules(home):
        name = f"{path.parent.name}.{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        steps += [getattr(module, name) for name in dir(module) if name.startswith("step_")]
    steps.sort(key=lambda step: int(step.__name__.removeprefix("step_")), reverse=True)
    message = (
        f"sync failed for zed@example.org via https://zed:pw@zedbox.corp.example/api "
        f"with token {TOKENS[0]} reading {home}/notes.txt"
    )
    try:
        steps.pop()(steps, message)
    except ConnectionError as error:
        options = sentry_sdk.Client().options
        event, _hint = event_from_exception(
            error, client_options=options, mechanism={"type": "recover", "handled": False}
        )
    event["tags"] = {"context.name": "notes", "context.version": "1.0"}
    event["environment"] = "ci-main"
    return event


def identities(home: Path) -> dict[str, Identity]:
    return {
        "account": Identity(
            users=frozenset({"zedcrash"}),
            homes=frozenset({str(home)}),
            real_name_words=frozenset({"Zebulon", "Crashworth"}),
            hosts=frozenset({"zedbox", "zedbox.corp.example"}),
            secrets=frozenset(TOKENS),
        ),
        "ci": Identity(
            users=frozenset({"root"}),
            homes=frozenset({"/root"}),
            real_name_words=frozenset({"root"}),
            hosts=frozenset({"vm"}),
        ),
    }


def median_ms(function: Callable[[], object]) -> float:
    """Median CPU time per call: on a shared machine the wall clock also counts the time
    other processes hold the core."""
    timer = timeit.Timer(function, timer=time.process_time)
    timings = timer.repeat(number=RUNS_PER_REPEAT, repeat=REPEATS)
    return statistics.median(timings) / RUNS_PER_REPEAT * 1e3


def measure() -> list[str]:
    own = OwnFields(environment="ci-main", tags={"context.name": "notes", "context.version": "1.0"})
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory) / "home" / "zedcrash"
        event = deep_event(home)
        allowed = allow_listed(event)
        strings = list(_strings(allowed))
        distinct = set(strings)
        [value] = event["exception"]["values"]
        lines = [
            f"python {platform.python_version()}, an event of {len(value['stacktrace']['frames'])}"
            f" frames: {len(strings)} strings after the allow-list, {len(distinct)} distinct,"
            f" {sum(map(len, distinct)) / 1000:.1f} K characters",
            f"CPU ms per event, medians of {REPEATS} x {RUNS_PER_REPEAT} runs;"
            f" goal: redaction < {GOAL_MS:.1f} ms",
            f"{'identity':10}{'redaction':>11}{'sanitize':>10}{'json.dumps':>12}"
            f"{'redaction/json.dumps':>22}",
        ]
        dumps_ms = median_ms(lambda: json.dumps(allowed))
        for label, identity in identities(home).items():
            redactor = Redactor(identity)
            redaction_ms = median_ms(lambda: redactor.tree(allowed))  # noqa: B023 (used at once)
            sanitize_ms = median_ms(
                lambda: sanitize(event, redactor, "/nowhere/", new_trace=True, own=own)  # noqa: B023
            )
            lines.append(
                f"{label:10}{redaction_ms:11.3f}{sanitize_ms:10.3f}{dumps_ms:12.3f}"
                f"{redaction_ms / dumps_ms:21.1f}x"
            )
    return lines


def allow_listed(event: dict[str, Any]) -> dict[str, Any]:
    """What `sanitize` hands the redactor: allowed fields, frames without local variables."""
    kept = {key: value for key, value in copy.deepcopy(event).items() if key in ALLOWED_KEYS}
    for value in kept["exception"]["values"]:
        value["stacktrace"]["frames"] = [
            {key: item for key, item in frame.items() if key in ALLOWED_FRAME_KEYS}
            for frame in value["stacktrace"]["frames"]
        ]
    return kept


def _strings(value: Any) -> Iterator[str]:
    """Every string value (keys are the event's structure, not redacted)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def main() -> None:
    lines = measure()
    print("\n".join(lines))
    if "--record" in sys.argv[1:]:
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
