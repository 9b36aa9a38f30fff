"""The checker over CPython's whole standard library (this interpreter's `Lib/`): no
exception on any file, and findings verified by reading the code are present, while code
that only looks like a spawn stays clean."""

from __future__ import annotations

import sys
import sysconfig
from collections import Counter
from pathlib import Path

import pytest

from lint_recover.config import Config
from lint_recover.findings import Finding
from lint_recover.text.screen import screen
from tests.support.checking import check_files

STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve()
# The hand-verified lines below were read in this release's sources (CI's interpreter).
READ_IN = (3, 11, 7)
same_sources = pytest.mark.skipif(
    sys.version_info[:3] != READ_IN, reason="line numbers read in CPython 3.11.7's Lib/"
)

# (file, line, code, target), each read by hand in CPython 3.11's sources.
KNOWN_FINDINGS = {
    # Thread(target=self._readerthread, ...) for stdout/stderr of communicate() on Windows
    ("subprocess.py", 1607, "RCV101", "Popen._readerthread"),
    # ThreadingMixIn.process_request: Thread(target=self.process_request_thread, ...)
    ("socketserver.py", 701, "RCV101", "ThreadingMixIn.process_request_thread"),
    # QueueListener.start: threading.Thread(target=self._monitor)
    ("logging/handlers.py", 1535, "RCV101", "QueueListener._monitor"),
    # Thread.start through the module alias `_start_new_thread = _thread.start_new_thread`
    ("threading.py", 964, "RCV101", "Thread._bootstrap"),
    # Timer subclasses Thread and overrides run()
    ("threading.py", 1398, "RCV102", "Timer.run"),
    # ProcessPoolExecutor._spawn_process: self._mp_context.Process(target=_process_worker)
    ("concurrent/futures/process.py", 779, "RCV501", "_process_worker"),
    # f1 = ex.submit(run, 'oi'), then wrap_future(f1) raises and f1 is never read
    (
        "test/test_asyncio/test_futures.py",
        497,
        "RCV201",
        "BaseFutureTests.test_wrap_future_without_loop.<locals>.run",
    ),
    # TaskGroup.create_task: task.add_done_callback(self._on_task_done)
    ("asyncio/taskgroups.py", 165, "RCV302", "TaskGroup._on_task_done"),
    # _accept_connection: self.create_task(accept), the task dropped
    ("asyncio/selector_events.py", 198, "RCV301", "BaseSelectorEventLoop._accept_connection2"),
    # _SelectorTransport.close: self._loop.call_soon(...), self._loop = loop from __init__
    ("asyncio/selector_events.py", 860, "RCV302", "_SelectorTransport._call_connection_lost"),
    # BaseSubprocessTransport.__init__: self._loop.create_task(self._connect_pipes(waiter))
    ("asyncio/base_subprocess.py", 53, "RCV301", "BaseSubprocessTransport._connect_pipes"),
    # _wait: f.add_done_callback(_on_completion) on each future of a parameter
    ("asyncio/tasks.py", 532, "RCV302", "_wait.<locals>._on_completion"),
    # _chain_future: destination.add_done_callback(_call_check_cancel), a parameter future
    ("asyncio/futures.py", 405, "RCV302", "_chain_future.<locals>._call_check_cancel"),
    # BaseManager.start: self._ctx.Process(target=type(self)._run_server, ...)
    ("multiprocessing/managers.py", 557, "RCV501", "BaseManager._run_server"),
}
# Files with spawn look-alikes and nothing to report: timeit.Timer is not threading.Timer,
# Thread.run itself is the base class; `Executor.map` submitting its own parameter `fn` is
# the spawn API's definition (each `pool.map(...)` call is judged where it is made).
CLEAN_FILES = ("timeit.py", "concurrent/futures/_base.py", "queue.py", "sched.py")
# Spawn APIs defined in the standard library that forward their own parameter:
# `asyncio.create_task` -> `loop.create_task(coro)`, `BaseEventLoop.run_in_executor` ->
# `executor.submit(func, ...)`, `BaseEventLoop.call_later` -> `self.call_at(..., callback)`.
FORWARDING_LINES = (
    ("asyncio/tasks.py", 384),
    ("asyncio/base_events.py", 829),
    ("asyncio/base_events.py", 727),
)
# Futures and tasks kept in a variable that the same function consumes later: the exception
# reaches that code. `results = executor.map(...)` then `all(results)`; `futures = [executor.
# submit(...) for ...]` then `for ext, fut in zip(..., futures): fut.result()`; `future =
# ensure_future(future)` then `return future.result()`; `fut = ensure_future(fut)` then
# `return fut.result()`; `first_task = loop.create_task(...)`, appended to `running_tasks`,
# then `await tasks.wait(running_tasks)` and `d.exception()` of each; `fut = asyncio.
# to_thread(func)`, appended to `futs`, then `await asyncio.gather(*futs)`; `ex.submit(...)`
# run through `loop.run_until_complete(...)`.
HANDLED_BODY_LINES = (
    # pydoc's ServerThread.run: try: ... serve_until_quit() except Exception as e: self.error = e
    ("pydoc.py", 2412),
    # Thread(target=self._do_shutdown): try: ... except Exception as ex: set_exception(ex)
    ("asyncio/base_events.py", 570),
)
CONSUMED_LATER_LINES = (
    ("compileall.py", 103),
    ("distutils/command/build_ext.py", 465),
    ("asyncio/base_events.py", 632),
    ("asyncio/tasks.py", 455),
    ("asyncio/staggered.py", 130),
    ("test/test_asyncio/test_threads.py", 37),
    ("test/test_asyncio/test_base_events.py", 994),
)


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


@same_sources
@pytest.mark.slow
def test_hand_verified_findings_are_present(stdlib_findings: dict[str, list[Finding]]) -> None:
    reported = {
        (path, f.line, f.code, f.target)
        for path, findings in stdlib_findings.items()
        for f in findings
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


@same_sources
@pytest.mark.slow
@pytest.mark.parametrize(("path", "line"), FORWARDING_LINES)
def test_spawn_apis_forwarding_their_own_parameter_are_not_reported(
    stdlib_findings: dict[str, list[Finding]], path: str, line: int
) -> None:
    assert [f for f in stdlib_findings[path] if f.line == line] == []


@same_sources
@pytest.mark.slow
@pytest.mark.parametrize(("path", "line"), HANDLED_BODY_LINES)
def test_targets_whose_body_handles_every_exception_are_not_reported(
    stdlib_findings: dict[str, list[Finding]], path: str, line: int
) -> None:
    assert [f for f in stdlib_findings[path] if f.line == line] == []


@same_sources
@pytest.mark.slow
@pytest.mark.parametrize(("path", "line"), CONSUMED_LATER_LINES)
def test_results_consumed_later_in_the_same_function_are_not_reported(
    stdlib_findings: dict[str, list[Finding]], path: str, line: int
) -> None:
    assert [f for f in stdlib_findings[path] if f.line == line] == []


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
        if screen((STDLIB / path).read_bytes().decode("utf-8", "replace"), config) is None
    ]
    assert len(reporting) > 100
    assert skipped == []
