"""Starlette and FastAPI: report the exceptions the application answers with a 500, once each.

    from recover_runtime.integrations import starlette as recover_starlette

    app = FastAPI()  # or Starlette(...)
    recover_starlette.install(app)

`install` adds an ASGI middleware to the application (before it serves its first request). It
sits where Starlette puts user middleware: inside `ServerErrorMiddleware`, which answers 500,
and outside `ExceptionMiddleware`, which answers `HTTPException`, FastAPI's
`RequestValidationError` and every type the application registered a handler for. So what
reaches it is exactly what the application does not answer itself: a crash of an endpoint
(async, or sync in the threadpool), of a dependency, of another middleware, or of a
`StreamingResponse` body while it is sent. A handler for `Exception` or 500 only renders the
500 page: those exceptions are reported too.

Expected (never reported): the types given in `expected`, and, should one get this far,
`HTTPException`s below 500, `WebSocketException` and FastAPI's validation errors. Events say
`mechanism: fastapi` for a FastAPI application. No request data is sent.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException, WebSocketException
from starlette.types import ASGIApp, Receive, Scope, Send

from recover_runtime.integrations._webapps import Hook, exception_types, qualified_name

EXPECTED: tuple[type[BaseException], ...] = (HTTPException, WebSocketException)


def install(app: Starlette, *, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report this application's unexpected exceptions; installing again only adds `expected`.

    Call it before the application serves (Starlette refuses middleware after that).
    """
    types = exception_types(expected, "recover_runtime.integrations.starlette.install")
    for middleware in app.user_middleware:
        factory: object = middleware.cls
        installed = middleware.kwargs.get("hook")
        if factory is RecoverMiddleware and isinstance(installed, Hook):
            installed.add_expected(types)
            return
    mechanism = "fastapi" if _is_fastapi(app) else "starlette"
    hook = Hook(mechanism, EXPECTED + _fastapi_expected(), _status)
    hook.add_expected(types)
    app.add_middleware(RecoverMiddleware, hook=hook)


class RecoverMiddleware:
    """Reports what escapes the application's own exception handling, then lets it go on."""

    def __init__(self, app: ASGIApp, hook: Hook) -> None:
        self.app = app
        self.hook = hook

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            self.hook.report(exc, lambda: _endpoint(scope))
            raise


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    return status if isinstance(status, int) else None


def _endpoint(scope: Scope) -> str:
    """The routed endpoint (the router writes it into the scope), never the path."""
    return qualified_name(scope.get("endpoint"), "a Starlette request")


def _is_fastapi(app: Starlette) -> bool:
    fastapi: Any = sys.modules.get("fastapi")
    return fastapi is not None and isinstance(app, fastapi.FastAPI)


def _fastapi_expected() -> tuple[type[BaseException], ...]:
    """FastAPI's validation errors, when FastAPI is in use (never imported for Starlette)."""
    if "fastapi" not in sys.modules:
        return ()
    from fastapi.exceptions import RequestValidationError, WebSocketRequestValidationError

    return (RequestValidationError, WebSocketRequestValidationError)
