"""`install` of the web adapters: idempotent, and a wrong `expected` fails at start-up.

In this process: installing builds an application and reports nothing (no request is served).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp import web
from flask import Flask
from recover_runtime.integrations import aiohttp as recover_aiohttp
from recover_runtime.integrations import flask as recover_flask
from recover_runtime.integrations import starlette as recover_starlette
from recover_runtime.integrations._webapps import Hook
from starlette.applications import Starlette

from tests.runtime.harness import run_app
from tests.runtime.integrations.webapps import APPS


class First(Exception):
    pass


class Second(Exception):
    pass


def flask_hooks(app: Flask) -> list[Hook]:
    hook = app.extensions.get("recover_runtime")
    return [hook] if hook is not None else []


def starlette_hooks(app: Starlette) -> list[Hook]:
    return [m.kwargs["hook"] for m in app.user_middleware if "hook" in m.kwargs]


def aiohttp_hooks(app: web.Application) -> list[Hook]:
    return [m.hook for m in app.middlewares if isinstance(getattr(m, "hook", None), Hook)]


ADAPTERS: list[tuple[Callable[[], Any], Any, Callable[[Any], list[Hook]]]] = [
    (lambda: Flask(__name__), recover_flask.install, flask_hooks),
    (Starlette, recover_starlette.install, starlette_hooks),
    (web.Application, recover_aiohttp.install, aiohttp_hooks),
]
IDS = ["flask", "starlette", "aiohttp"]


@pytest.mark.parametrize(("create", "install", "hooks"), ADAPTERS, ids=IDS)
def test_installing_again_adds_expected_types_to_the_one_hook(
    create: Callable[[], Any], install: Any, hooks: Callable[[Any], list[Hook]]
) -> None:
    app = create()
    install(app, expected=[First])
    install(app, expected=(Second, First))

    [hook] = hooks(app)
    assert hook.extra == (First, Second)
    assert hook.is_expected(Second()) and not hook.is_expected(ValueError())


@pytest.mark.parametrize(("create", "install", "hooks"), ADAPTERS, ids=IDS)
def test_expected_must_be_exception_types(
    create: Callable[[], Any], install: Any, hooks: Callable[[Any], list[Hook]]
) -> None:
    app = create()
    with pytest.raises(TypeError, match=re.escape("got 'shop.OutOfStock'")):
        install(app, expected=["shop.OutOfStock"])
    assert hooks(app) == []


def test_flask_is_wrapped_once() -> None:
    app = Flask(__name__)
    handle_user_exception = app.handle_user_exception
    recover_flask.install(app)
    wrapped = app.handle_user_exception
    recover_flask.install(app)

    assert wrapped is not handle_user_exception
    assert app.handle_user_exception is wrapped
    assert len(app.after_request_funcs[None]) == 1  # one watcher of streamed bodies


def test_a_wrong_django_setting_stops_start_up_with_its_name() -> None:
    app = """
        import os
        os.environ["DJANGO_SETTINGS_MODULE"] = "django_settings"
        import django
        from django.test import Client, override_settings
        django.setup()
        with override_settings(RECOVER_RUNTIME_EXPECTED=["django_views.NoSuchError"]):
            Client().get("/")
    """
    result = run_app(app, cwd=APPS, env={"RECOVER_TEST_SECRET": "unused"})

    assert result.returncode == 1
    assert "ImproperlyConfigured: RECOVER_RUNTIME_EXPECTED:" in result.stderr
    assert "NoSuchError" in result.stderr
