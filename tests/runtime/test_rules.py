"""The pure rules: environment resolution, context validation, inheritance.

Redaction and the event allow-list have their own modules: test_redaction.py, test_sanitize.py.
"""

from __future__ import annotations

import pytest
from recover_runtime.baked import BakedValues, load_baked_values, render_generated_module
from recover_runtime.context_values import (
    clean_context_name,
    clean_context_version,
    parse_production_flag,
)
from recover_runtime.environment import may_send, resolve_environment
from recover_runtime.settings import Settings, export_for_children, inherited_settings


@pytest.mark.parametrize(
    ("production", "explicit", "variable", "expected"),
    [
        (True, None, "ci-pr", "production"),  # build time wins over everything
        (True, "development", "", "production"),
        (False, None, "production", "development"),  # run-time production is ignored
        (False, "ci-nightly", "ci-pr", "ci-nightly"),  # the argument over the variable
        (False, None, "", "development"),
        (False, None, "qa", "development"),
    ],
)
def test_resolve_environment(
    production: bool, explicit: str | None, variable: str, expected: str
) -> None:
    environ = {"SENTRY_ENVIRONMENT": variable}
    resolved = resolve_environment(
        built_for_production=production, explicit=explicit, environ=environ
    )
    assert resolved == expected


def test_only_production_and_main_ci_runs_send() -> None:
    sending = ["production", "ci-main", "ci-nightly"]
    dropped = ["development", "ci-pr"]
    assert [may_send(name) for name in sending + dropped] == [True] * 3 + [False] * 2


def test_context_values_are_trimmed_and_validated() -> None:
    assert clean_context_name("N", "  desktop app \n") == "desktop app"
    assert clean_context_name("N", "   ") is None
    assert clean_context_version("V", " 1.4.0+build.7 ") == "1.4.0+build.7"
    for bad in ("1.0 beta", "1/2", "..", "x" * 201):
        with pytest.raises(ValueError, match=r"^V: "):
            clean_context_version("V", bad)
    with pytest.raises(ValueError, match="control characters"):
        clean_context_name("N", "a\x00b")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), (" 1 ", True), ("TRUE", True), ("0", False), (None, False)],
)
def test_production_flag(raw: str | None, expected: bool) -> None:
    assert parse_production_flag("SENTRY_PRODUCTION", raw) is expected


def test_an_unclear_production_flag_is_an_error() -> None:
    with pytest.raises(ValueError, match="SENTRY_PRODUCTION: expected true, 1, false or 0"):
        parse_production_flag("SENTRY_PRODUCTION", "yes")


def test_a_source_checkout_has_no_baked_values() -> None:
    assert load_baked_values() == BakedValues()


def test_the_generated_module_is_plain_literals() -> None:
    values = BakedValues(context_name="it's", context_version="1.0", production=True)
    namespace: dict[str, object] = {}
    exec(render_generated_module(values), namespace)
    assert (namespace["CONTEXT_NAME"], namespace["CONTEXT_VERSION"], namespace["PRODUCTION"]) == (
        "it's",
        "1.0",
        True,
    )


def test_settings_round_trip_through_the_environment() -> None:
    settings = Settings("http://k@127.0.0.1:9/1", "ci-main", "app", "1.0", "1.0", 0.5)
    environ: dict[str, str] = {}
    export_for_children(settings, environ)
    assert inherited_settings(environ) == settings
    export_for_children(None, environ)
    assert environ == {}
    assert inherited_settings({"RECOVER_RUNTIME_INHERITED": "{not json"}) is None
