"""Celery: task failures reported once by a real worker, never Retry, Ignore, Reject or `throws`.

Eager mode does not run the worker's error path, so a real worker consumes the tasks: an
embedded one (celery.contrib.testing's worker thread, solo pool) over the in-memory broker,
and a `celery worker` process with a prefork pool over the filesystem broker, where the task
fails in a forked child. Each app runs twice in its own interpreter, with and without the
adapter; what the caller reads from the result backend must be the same.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.runtime.integrations.wire import (
    arrived,
    assert_not_sent,
    client_view,
    log_records,
    new_secret,
    run_both,
)
from tests.support.sentry_endpoint import SentryEndpoint

KOMBU = ("kombu.",)

TASKS = """
    import logging, sys, threading
    from celery import Celery, signals
    from celery.exceptions import Ignore, Reject
    import recover_runtime as rr
    from recover_runtime.integrations import celery as recover_celery

    class Expected(Exception):
        pass

    class Flaky(Exception):
        pass

    def make_app(mode, **config):
        app = Celery("jobs", set_as_current=False, **config)
        log_format = "%(name)s %(levelname)s %(message)s"
        app.conf.update(worker_log_format=log_format, worker_task_log_format=log_format)

        @app.task(name="crash")
        def crash(token):
            raise ValueError("task crash")

        @app.task(name="flaky", bind=True, autoretry_for=(Flaky,), max_retries=1,
                  default_retry_delay=0)
        def flaky(self, token):
            if self.request.retries == 0:
                raise Flaky("first attempt")
            return "second attempt"

        @app.task(name="exhausted", autoretry_for=(Flaky,), max_retries=1, default_retry_delay=0)
        def exhausted(token):
            raise Flaky("retries exhausted")

        @app.task(name="ignore")
        def ignore(token):
            raise Ignore()

        @app.task(name="reject")
        def reject(token):
            raise Reject("rejected", requeue=False)

        @app.task(name="throws", throws=(KeyError,))
        def throws(token):
            raise KeyError("declared by the task")

        @app.task(name="expected")
        def expected(token):
            raise Expected("listed as expected")

        if mode == "install":
            recover_celery.install(app, expected=[Expected])
            recover_celery.install(app)  # again: still once each
        return app
"""

# Through the embedded worker: the caller and the worker thread share the process.
THREAD_APP = (
    TASKS
    + """
    import json, time
    from celery.contrib.testing.worker import start_worker

    mode, secret = sys.argv[1:3]
    logging.basicConfig(format="%(name)s %(levelname)s %(message)s")
    rr.init(opted_in=True)
    app = make_app(mode, broker="memory://", backend="cache+memory://",
                   broker_transport_options={"polling_interval": 0.01})

    ignored = threading.Event()

    @signals.task_postrun.connect(weak=False)
    def on_postrun(sender=None, state=None, **_):
        if sender.name == "ignore" and state == "IGNORED":
            ignored.set()

    failures = threading.Semaphore(0)
    signals.task_failure.connect(lambda **_: failures.release(), weak=False)

    with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=20):
        names = ["crash", "flaky", "exhausted", "reject", "throws", "expected"]
        results = {name: app.tasks[name].delay(secret) for name in names}
        app.tasks["ignore"].delay(secret)
        seen = {}
        for name, result in results.items():
            outcome = result.get(timeout=20, propagate=False)
            seen[name] = [result.state, repr(outcome)]
        seen["ignore"] = ignored.wait(20)
        # An app that is not installed: its failure is signalled too, and never reported.
        other = make_app("plain", broker="memory://")
        seen["other app"] = other.tasks["crash"].apply(args=(secret,)).state
        # The failures signalled: crash, exhausted, reject, throws, expected, the other app's.
        seen["failures signalled"] = all(failures.acquire(timeout=20) for _ in range(6))
    print(json.dumps(seen))
"""
)


def test_task_failures_are_reported_once_by_a_worker_thread(endpoint: SentryEndpoint) -> None:
    secret = new_secret("celery")
    plain, installed = run_both(endpoint, THREAD_APP, secret)

    assert arrived(endpoint, "celery") == {"task crash": 1, "retries exhausted": 1}
    seen = client_view(installed)
    assert client_view(plain) == seen
    assert seen["crash"] == ["FAILURE", "ValueError('task crash')"]
    assert seen["flaky"] == ["SUCCESS", "'second attempt'"]
    assert seen["reject"][0] == seen["throws"][0] == seen["expected"][0] == "FAILURE"
    assert seen["ignore"] is seen["failures signalled"] is True
    assert seen["other app"] == "FAILURE"
    # kombu warns once per broker connection, and how many it opens depends on timing.
    assert log_records(plain, ignore=KOMBU) == log_records(installed, ignore=KOMBU)
    assert log_records(installed)["celery.app.trace ERROR Task crash[#]"] == 2  # both apps
    assert_not_sent(endpoint, secret)


# A module for `celery -A jobs worker`: the worker process imports it (and so installs the
# adapter and calls init) before forking its pool.
JOBS_MODULE = (
    TASKS
    + """
    import os
    rr.init(opted_in=True)
    root = os.environ["JOBS_ROOT"]
    app = make_app(
        os.environ["JOBS_MODE"], broker="filesystem://", backend=f"file://{root}/results",
        broker_transport_options={
            "data_folder_in": f"{root}/queue", "data_folder_out": f"{root}/queue",
            "control_folder": f"{root}/control", "polling_interval": 0.05,
        },
    )
"""
)

# The caller: starts a prefork worker process, sends the tasks, reads the results, stops it.
PROCESS_APP = """
    import json, os, signal, subprocess, sys
    from pathlib import Path

    mode, secret, jobs_dir = sys.argv[1:4]
    root = Path(jobs_dir) / mode  # the broker's and the result backend's folders
    (root / "queue").mkdir(parents=True)
    (root / "results").mkdir()
    os.environ.update(JOBS_ROOT=str(root), JOBS_MODE=mode)
    sys.path.insert(0, jobs_dir)
    from jobs import app

    log = open(root / "worker.log", "w+")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "jobs", "worker", "--pool=prefork",
         "--concurrency=1", "--loglevel=WARNING", "--without-heartbeat", "--without-mingle",
         "--without-gossip"],
        cwd=jobs_dir, stdout=log, stderr=log,
    )
    try:
        names = ["crash", "flaky", "reject", "throws", "expected"]
        results = {name: app.tasks[name].delay(secret) for name in names}
        seen = {}
        for name, result in results.items():
            outcome = result.get(timeout=30, interval=0.05, propagate=False)
            seen[name] = [result.state, repr(outcome)]
    finally:
        worker.send_signal(signal.SIGTERM)  # a warm shutdown: the running task completes
        seen["worker exit"] = worker.wait(30)
        log.seek(0)
        sys.stderr.write(log.read())
    print(json.dumps(seen))
"""


def test_task_failures_are_reported_once_from_a_prefork_child(
    endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    (tmp_path / "jobs.py").write_text(textwrap.dedent(JOBS_MODULE), encoding="utf-8")
    secret = new_secret("celery")
    plain, installed = run_both(endpoint, PROCESS_APP, secret, str(tmp_path))

    assert arrived(endpoint, "celery") == {"task crash": 1}
    seen = client_view(installed)
    assert client_view(plain) == seen
    assert seen["crash"] == ["FAILURE", "ValueError('task crash')"]
    assert seen["flaky"] == ["SUCCESS", "'second attempt'"]
    assert seen["worker exit"] == 0
    # kombu warns once per broker connection, and how many it opens depends on timing.
    assert log_records(plain, ignore=KOMBU) == log_records(installed, ignore=KOMBU)
    assert log_records(installed)["celery.app.trace ERROR Task crash[#]"] == 1
    assert_not_sent(endpoint, secret)
