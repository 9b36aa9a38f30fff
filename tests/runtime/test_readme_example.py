"""The README's runtime example is a program that runs, and reports what it says it does."""

from __future__ import annotations

import re

from tests.runtime.harness import run_app, sending_env
from tests.support.process import REPO
from tests.support.sentry_endpoint import SentryEndpoint


def _example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## The runtime: `recover_runtime`\n") :]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found is not None, "the runtime section has no Python example"
    return found.group(1)


def test_the_readme_example_runs_and_reports_its_one_failure(endpoint: SentryEndpoint) -> None:
    result = run_app(_example(), env=sending_env(endpoint.dsn))
    assert result.returncode == 0, result.stderr
    (event,) = endpoint.wait_for_events(1)
    assert event["exception"]["values"][-1]["type"] == "ConnectionError"
    assert event["environment"] == "ci-main"
