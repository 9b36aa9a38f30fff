"""The checker over CPython's whole standard library (this interpreter's `Lib/`): no
exception on any file, and findings verified by reading the code are present, while code
that only looks like a spawn stays clean."""

from __future__ import annotations

import json
import sysconfig
from collections import Counter
from pathlib import Path

import pytest

from lint_recover.config import Config
from lint_recover.findings import Finding
from lint_recover.outputs.report import FORMATS, ReportContext
from lint_recover.text.screen import screen
from tests.cli.helpers import sarif_validator
from tests.support.checking import check_files

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()

# (file, code, target), each read by hand in CPython's sources (3.11, checked in 3.12, 3.13).
KNOWN_FINDINGS = {
    # Thread(target=self._readerthread, ...) for stdout/stderr of communicate() on Windows
    ("subprocess.py", "RCV101", "Popen._readerthread"),
    # QueueListener.start: threading.Thread(target=self._monitor)
    ("logging/handlers.py", "RCV101", "QueueListener._monitor"),
    # Thread.start through the module alias `_start_new_thread = _thread.start_new_thread`
    ("threading.py", "RCV101", "Thread._bootstrap"),
    # Timer subclasses Thread and overrides run()
    ("threading.py", "RCV102", "Timer.run"),
    # ProcessPoolExecutor._spawn_process: self._mp_context.Process(target=_process_worker)
    ("concurrent/futures/process.py", "RCV501", "_process_worker"),
    # TaskGroup.create_task: task.add_done_callback(self._on_task_done)
    ("asyncio/taskgroups.py", "RCV302", "TaskGroup._on_task_done"),
    # _SelectorTransport.close: self._loop.call_soon(...), self._loop = loop from __init__
    ("asyncio/selector_events.py", "RCV302", "_SelectorTransport._call_connection_lost"),
    # BaseManager.start: self._ctx.Process(target=type(self)._run_server, ...)
    ("multiprocessing/managers.py", "RCV501", "BaseManager._run_server"),
}
# Files with spawn look-alikes and nothing to report: timeit.Timer is not threading.Timer,
# Thread.run itself is the base class; `Executor.map` submitting its own parameter `fn` is
# the spawn API's definition (each `pool.map(...)` call is judged where it is made).
CLEAN_FILES = ("timeit.py", "concurrent/futures/_base.py", "queue.py", "sched.py")
# Lines that must stay quiet, found by their text in this interpreter's sources (a line not
# there in this version is skipped), each with why.
QUIET_LINES = (
    # Spawn APIs defined in the standard library that forward their own parameter.
    ("asyncio/tasks.py", "task = loop.create_task(coro)"),  # asyncio.create_task
    ("asyncio/base_events.py", "executor.submit(func, *args), loop=self)"),  # run_in_executor
    ("asyncio/base_events.py", "timer = self.call_at(self.time() + delay, callback, *args,"),
    # Targets that handle their own errors: _do_shutdown (except Exception: set_exception),
    # ThreadingMixIn.process_request_thread (except Exception: handle_error; finally: shutdown)
    ("asyncio/base_events.py", "thread = threading.Thread(target=self._do_shutdown,"),
    ("socketserver.py", "target = self.process_request_thread,"),
    # Done-callbacks that cannot raise: _wait's _on_completion (a counter, `cancel()`, a
    # `set_result` guarded by `if not waiter.done()`), _chain_future's _call_check_cancel
    # (`cancelled()`, `cancel()`, `call_soon_threadsafe`)
    ("asyncio/tasks.py", "f.add_done_callback(_on_completion)"),
    ("asyncio/futures.py", "destination.add_done_callback(_call_check_cancel)"),
    # Futures and tasks kept in a variable that the same function consumes later: `results =
    # executor.map(...)` then `all(results)`; `futures = [executor.submit(...) for ...]` then
    # `fut.result()` of each; `future = ensure_future(future)` then `future.result()`; `fut =
    # ensure_future(fut)` then `fut.result()`; `first_task = loop.create_task(...)` appended to
    # `running_tasks`, awaited with `tasks.wait` and read; `fut = asyncio.to_thread(func)`
    # gathered; `ex.submit(...)` run through `loop.run_until_complete(...)`.
    ("compileall.py", "results = executor.map(partial(compile_file,"),
    ("distutils/command/build_ext.py", "futures = [executor.submit(self.build_extension, ext)"),
    ("asyncio/base_events.py", "future = tasks.ensure_future(future, loop=self)"),
    ("asyncio/tasks.py", "fut = ensure_future(fut, loop=loop)"),
    ("asyncio/staggered.py", "first_task = loop.create_task(run_one_coro(None))"),
    ("test/test_asyncio/test_threads.py", "fut = asyncio.to_thread(func)"),
    (
        "test/test_asyncio/test_base_events.py",
        "self.loop.run_in_executor(None, support.gc_collect))",
    ),
)
# Definitions reported at their `def` that must not be: pydoc's ServerThread.run handles its
# own errors (try: ... serve_until_quit() except Exception as e: self.error = e).
# Tasks whose coroutine hands every exception on: `except (SystemExit, KeyboardInterrupt):
# raise` then `except BaseException` to the waiter (_connect_pipes) or the loop's handler
# (_accept_connection2).
QUIET_TARGETS = (
    ("pydoc.py", "_start_server.<locals>.ServerThread.run"),
    ("asyncio/base_subprocess.py", "BaseSubprocessTransport._connect_pipes"),
    ("asyncio/selector_events.py", "BaseSelectorEventLoop._accept_connection2"),
)


def line_of(path: str, text: str) -> int | None:
    """The number of the first line of `path` containing `text` (None: not in this version)."""
    try:
        lines = (STDLIB / path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, 1) if text in line), None)


@pytest.fixture(scope="module")
def stdlib_findings() -> dict[str, list[Finding]]:
    config = Config(root=STDLIB, source_roots=(".",), exclude=("site-packages",))
    files = [path for path in sorted(STDLIB.rglob("*.py")) if "site-packages" not in path.parts]
    found: dict[str, list[Finding]] = {path.relative_to(STDLIB).as_posix(): [] for path in files}
    for finding in check_files([STDLIB], config):
        found[Path(finding.path).relative_to(STDLIB).as_posix()].append(finding)
    return found


@pytest.mark.slow
def test_every_stdlib_file_is_checked_without_an_exception(
    stdlib_findings: dict[str, list[Finding]],
) -> None:
    assert len(stdlib_findings) > 800
    counts = Counter(f.code for findings in stdlib_findings.values() for f in findings)
    # Files the parser rejects (Python 2 test data, bad encodings on purpose) are RCV001.
    unanalysable = {
        path
        for path, findings in stdlib_findings.items()
        if any(f.code == "RCV001" for f in findings)
    }
    assert unanalysable and all("test" in path for path in unanalysable)
    assert {"RCV101", "RCV102", "RCV201", "RCV301", "RCV302", "RCV501"} <= set(counts)


@pytest.mark.slow
def test_hand_verified_findings_are_present(stdlib_findings: dict[str, list[Finding]]) -> None:
    reported = {
        (path, f.code, f.target) for path, findings in stdlib_findings.items() for f in findings
    }
    assert KNOWN_FINDINGS - reported == set()


@pytest.mark.slow
@pytest.mark.parametrize("path", CLEAN_FILES)
def test_look_alikes_in_the_stdlib_stay_clean(
    stdlib_findings: dict[str, list[Finding]], path: str
) -> None:
    assert stdlib_findings[path] == []


@pytest.mark.slow
def test_thread_run_of_the_base_class_itself_is_not_reported(
    stdlib_findings: dict[str, list[Finding]],
) -> None:
    assert not [f for f in stdlib_findings["threading.py"] if f.target == "Thread.run"]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "text"), QUIET_LINES)
def test_lines_read_by_hand_as_quiet_stay_quiet(
    stdlib_findings: dict[str, list[Finding]], path: str, text: str
) -> None:
    line = line_of(path, text)
    if line is None:
        pytest.skip(f"{path} of this Python has no line {text!r}")
    assert [f for f in stdlib_findings[path] if f.line == line] == []


@pytest.mark.slow
@pytest.mark.parametrize(("path", "target"), QUIET_TARGETS)
def test_definitions_read_by_hand_as_quiet_stay_quiet(
    stdlib_findings: dict[str, list[Finding]], path: str, target: str
) -> None:
    assert [f for f in stdlib_findings[path] if f.target == target] == []


@pytest.mark.slow
def test_the_flake8_screen_never_skips_a_stdlib_module_with_findings(
    stdlib_findings: dict[str, list[Finding]],
) -> None:
    config = Config(root=STDLIB, source_roots=(".",))
    reporting = [
        path
        for path, findings in stdlib_findings.items()
        if any(f.code != "RCV001" for f in findings)
    ]
    skipped = [
        path
        for path in reporting
        if not screen((STDLIB / path).read_bytes().decode("utf-8", "replace"), config)
    ]
    assert len(reporting) > 100
    assert skipped == []


@pytest.mark.slow
def test_sarif_of_the_stdlib_is_valid_with_a_fingerprint_per_result(
    stdlib_findings: dict[str, list[Finding]],
) -> None:
    """Code scanning merges results that share a fingerprint: over the whole library, where
    files hold several results of one code and target, no two may share one."""
    findings = sorted((f for fs in stdlib_findings.values() for f in fs), key=Finding.sort_key)
    document = json.loads(FORMATS["sarif"](findings, ReportContext(STDLIB, STDLIB)))
    sarif_validator().validate(document)
    prints = [r["partialFingerprints"]["lintRecover/v2"] for r in document["runs"][0]["results"]]
    assert len(prints) == len(findings) > 300
    assert len(set(prints)) == len(prints)
    # What the fingerprint was before (file, code, target) is shared by many results here.
    assert len({(f.path, f.code, f.target or f.message) for f in findings}) < len(findings)
