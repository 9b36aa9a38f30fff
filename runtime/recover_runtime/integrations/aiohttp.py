"""aiohttp: report the exceptions an aiohttp server answers with a 500, once each.

    from recover_runtime.integrations import aiohttp as recover_aiohttp

    app = web.Application()
    recover_aiohttp.install(app)

`install` puts a middleware first in `app.middlewares` (before the application starts: aiohttp
freezes the list then), so it sees what every other middleware let through: a handler's
exception, also one raised after a `StreamResponse` was prepared and partly written (aiohttp
then drops the connection), or another middleware's. What a middleware of the application
turns into a response is its own choice and is not seen.

Expected (never reported): `web.HTTPException`s answering below 500 (`HTTPNotFound`,
`HTTPFound` and the other redirects, `HTTPForbidden`, even `HTTPOk`), and the types given in
`expected`. A raised `HTTPInternalServerError` or other 5xx is reported. No request data is
sent.
"""

from __future__ import annotations

from collections.abc import Iterable

from aiohttp import web
from aiohttp.typedefs import Handler

from recover_runtime.integrations._webapps import Hook, exception_types, qualified_name

EXPECTED: tuple[type[BaseException], ...] = (web.HTTPException,)
MECHANISM = "aiohttp"


class _RecoverMiddleware:
    """A new-style aiohttp middleware carrying its application's `Hook`."""

    __middleware_version__ = 1  # what `@web.middleware` marks; aiohttp reads it

    def __init__(self, hook: Hook) -> None:
        self.hook = hook

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except Exception as exc:
            self.hook.report(exc, lambda: _handler_name(request))
            raise


def install(app: web.Application, *, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report this application's unexpected exceptions; installing again only adds `expected`."""
    types = exception_types(expected, "recover_runtime.integrations.aiohttp.install")
    for middleware in app.middlewares:
        if isinstance(middleware, _RecoverMiddleware):
            middleware.hook.add_expected(types)
            return
    hook = Hook(MECHANISM, EXPECTED, _status)
    hook.add_expected(types)
    app.middlewares.insert(0, _RecoverMiddleware(hook))


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status", None)
    return status if isinstance(status, int) else None


def _handler_name(request: web.Request) -> str:
    """The matched route's handler, never the path."""
    return qualified_name(request.match_info.handler, "an aiohttp request")
