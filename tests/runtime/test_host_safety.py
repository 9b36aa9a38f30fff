"""Nothing in the reporting path breaks the host program: an exception the reporting cannot
even describe, and a `before_send` hook that fails, leave the application's own behaviour
as if no reporting ran (the same exception re-raised, or `None` with `reraise=False`), in a
process that goes on. The failures are of an unusual `Exception` class of the application's
own, so catching only the usual suspects (TypeError, ValueError, RuntimeError) would fail."""

from __future__ import annotations

from tests.runtime.harness import run_app, sending_env
from tests.support.sentry_endpoint import SentryEndpoint

APP = """
import recover_runtime as rr

class Unusual(Exception):
    pass

class Indescribable(Exception):
    # Refuses to be looked at: every attribute read but its class raises.

    def __getattribute__(self, name):
        if name == "__class__":
            return object.__getattribute__(self, name)
        raise Unusual(name)

    def __str__(self):
        raise Unusual("cannot describe myself")

    __repr__ = __str__

def refusing_hook(event, hint):
    raise Unusual("hook broke")

rr.init(opted_in=True, before_send=refusing_hook if "{hook}" == "yes" else None)

@rr.recover
def strict():
    raise Indescribable()

@rr.recover(reraise=False)
def lenient():
    raise Indescribable()

try:
    strict()
except Indescribable as caught:
    print("re-raised the same class:", type(caught).__name__)
print("lenient returned:", lenient())
with rr.recover(reraise=False):
    raise Indescribable()
rr.flush(5)
print("still running")
"""


def test_an_exception_the_report_cannot_describe_changes_nothing_for_the_host(
    endpoint: SentryEndpoint,
) -> None:
    result = run_app(APP.replace("{hook}", "no"), env=sending_env(endpoint.dsn))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "re-raised the same class: Indescribable",
        "lenient returned: None",
        "still running",
    ]


def test_a_failing_before_send_changes_nothing_for_the_host(endpoint: SentryEndpoint) -> None:
    result = run_app(APP.replace("{hook}", "yes"), env=sending_env(endpoint.dsn))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "still running"
    assert endpoint.events == []  # the hook dropped them: never sent half-redacted
