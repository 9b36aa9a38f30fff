"""pytest plugin: report exceptions escaping tests and fixtures, for nightly test runs.

Off unless enabled with `--recover-report` or the ini option `recover_report = true`. When
enabled, reporting is initialised with context name `tests`; the usual rules decide whether
anything is sent (`SENTRY_DSN`, and `SENTRY_ENVIRONMENT` = `ci-main` or `ci-nightly`; nothing
in `ci-pr` or `development`). A test's outcome is never changed: the plugin only reads reports.
"""

from __future__ import annotations

from collections.abc import Generator

import pytest

from recover_runtime.configure import init, shutdown
from recover_runtime.reporting import report_exception

CONTEXT_NAME = "tests"
_PLUGIN_NAME = "recover-runtime-reporter"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("recover-runtime").addoption(
        "--recover-report",
        action="store_true",
        default=False,
        help="report exceptions escaping tests and fixtures to Sentry (recover_runtime)",
    )
    parser.addini(
        "recover_report",
        type="bool",
        default=False,
        help="report exceptions escaping tests and fixtures to Sentry (recover_runtime)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if not (config.getoption("recover_report") or config.getini("recover_report")):
        return
    if init(opted_in=True, context_name=CONTEXT_NAME):
        config.pluginmanager.register(_FailureReporter(), _PLUGIN_NAME)


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.pluginmanager.get_plugin(_PLUGIN_NAME) is not None:
        shutdown()


class _FailureReporter:
    """Registered only while reporting is active, so a disabled plugin costs nothing."""

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        # Only Exceptions: pytest's own skip/fail/xfail outcomes are BaseExceptions.
        if report.failed and call.excinfo is not None:
            exc = call.excinfo.value
            if isinstance(exc, Exception):
                report_exception(exc, mechanism="pytest", where=item.nodeid, log=False)
        return report
