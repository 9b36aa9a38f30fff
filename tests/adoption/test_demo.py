"""The demo command, end to end, and the checks that make it fail when a step misbehaves."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.support.process import FIXTURES, run

RUN_DEMO = FIXTURES / "demo" / "run_demo.py"


def load_run_demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_demo", RUN_DEMO)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


demo = load_run_demo()


def test_demo_runs_the_whole_loop() -> None:
    result = run([sys.executable, RUN_DEMO], timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout
    for code in demo.EXPECTED_CODES:
        assert f" {code} " in output, f"check output lacks {code}"
    assert "+@recover" in output
    assert "events received: 0" in output
    for kind in demo.EXPECTED_EXCEPTIONS:
        assert f"  {kind} " in output, f"no {kind} event printed"
    assert "LEAKED" not in output
    private = demo.PrivateData(user="someone", home=Path("/home/someone"), app=Path("/srv/shop"))
    assert output.count("    absent  ") == len(private.values)


def test_without_the_packages_the_demo_says_what_to_install_in_one_line(tmp_path: Path) -> None:
    """A newcomer who skipped the `dev` extra (or the install) reads one line, not a
    traceback: a virtual environment with nothing installed runs the demo."""
    bare = tmp_path / "bare"
    created = run([sys.executable, "-m", "venv", "--without-pip", bare])
    assert created.returncode == 0, created.stderr
    result = run([bare / "bin" / "python", RUN_DEMO])
    assert (result.returncode, result.stdout) == (1, "")
    (line,) = result.stderr.splitlines()
    assert "not installed" in line and "lint-recover, recover-runtime, sentry-relay" in line
    assert "pip install -e '.[dev]' -e ./runtime" in line


def good_event(kind: str) -> dict[str, Any]:
    return {
        "exception": {"values": [{"type": kind, "value": "boom"}]},
        "environment": demo.ENVIRONMENT,
        "tags": [[name, value] for name, value in demo.CONTEXT.items()],
    }


def test_events_as_promised_have_no_problem() -> None:
    events = [good_event(kind) for kind in sorted(demo.EXPECTED_EXCEPTIONS)]
    assert demo.event_problems(events) == []


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("environment", "development", "environment 'development'"),
        ("tags", {"context.name": "demo-shop"}, "context tags"),
        ("server_name", "", "server_name"),
        ("errors", [{"type": "invalid_data", "name": "tags"}], "would record errors"),
    ],
)
def test_a_wrong_event_is_a_problem(field: str, value: Any, problem: str) -> None:
    events = [good_event(kind) for kind in sorted(demo.EXPECTED_EXCEPTIONS)]
    events[0][field] = value
    problems = demo.event_problems(events)
    assert len(problems) == 1 and problem in problems[0]


def test_a_missing_or_duplicated_event_is_a_problem() -> None:
    kinds = sorted(demo.EXPECTED_EXCEPTIONS)
    events = [good_event(kind) for kind in [*kinds[1:], kinds[1]]]
    assert any("expected one each" in problem for problem in demo.event_problems(events))


def test_private_values_are_found_in_received_bodies_as_whole_words() -> None:
    private = {"user name": "demo-user-1f2e3d", "host name": "vm", "card": "4111000011112222"}
    bodies = [b'{"sdk": "vmware-tools"}', b'{"path": "/home/demo-user-1f2e3d/shop/api.py"}']
    assert demo.leaked(private, bodies) == ["user name"]
    assert demo.leaked(private, [b'{"server": "vm"}']) == ["host name"]
