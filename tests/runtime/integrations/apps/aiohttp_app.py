"""An aiohttp application with one route per case, served by aiohttp's TestServer on
127.0.0.1 and driven by its TestClient."""

from __future__ import annotations

import asyncio

from aiohttp import ClientError, web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.typedefs import Handler
from driver import BODY, COOKIE, HEADER, QUERY, Seen, print_seen, start_reporting
from recover_runtime.integrations import aiohttp as recover_aiohttp


class OutOfStock(Exception):
    """The application's own control flow, declared with `expected=`."""


class Conflict(Exception):
    """Answered by a middleware of the application's own."""


async def read_request(request: web.Request) -> None:
    """Touch everything the client sent, as a real handler would."""
    assert request.headers[HEADER[0]] and request.cookies[COOKIE[0]]
    assert request.query["private"] and await request.text() == BODY


async def crash(request: web.Request) -> web.Response:
    await read_request(request)
    raise RuntimeError("case:crash")


async def not_found(request: web.Request) -> web.Response:
    raise web.HTTPNotFound(reason="case:not-found")


async def found(request: web.Request) -> web.Response:
    raise web.HTTPFound("/elsewhere", reason="case:found")


async def forbidden(request: web.Request) -> web.Response:
    raise web.HTTPForbidden(reason="case:forbidden")


async def server_error(request: web.Request) -> web.Response:
    raise web.HTTPInternalServerError(reason="case:server-error")


async def user_expected(request: web.Request) -> web.Response:
    raise OutOfStock("case:user-expected")


async def own_middleware(request: web.Request) -> web.Response:
    raise Conflict("case:own-middleware")


async def stream(request: web.Request) -> web.StreamResponse:
    await read_request(request)
    response = web.StreamResponse()
    await response.prepare(request)
    await response.write(b"first chunk;")
    raise RuntimeError("case:stream")


async def fine(request: web.Request) -> web.Response:
    return web.Response(text="fine")


@web.middleware
async def conflicts(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The application answering its own exception: its choice, not a crash."""
    try:
        return await handler(request)
    except Conflict:
        return web.Response(text="conflict", status=409)


@web.middleware
async def failing(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path == "/middleware":
        raise LookupError("case:middleware")
    return await handler(request)


ROUTES = {
    "crash": crash,
    "not-found": not_found,
    "found": found,
    "forbidden": forbidden,
    "server-error": server_error,
    "user-expected": user_expected,
    "own-middleware": own_middleware,
    "stream": stream,
    "middleware": fine,
}
CASES = [*ROUTES, "no-such-route"]


def create_app() -> web.Application:
    app = web.Application(middlewares=[conflicts, failing])
    app.add_routes([web.post(f"/{name}", handler) for name, handler in ROUTES.items()])
    return app


async def request(client: TestClient[web.Request, web.Application], case: str) -> Seen:
    async with client.post(
        f"/{case}?{QUERY}", data=BODY, headers=dict([HEADER]), allow_redirects=False
    ) as response:
        seen: Seen = [response.status, response.reason]
        try:
            return [*seen, await response.text(), None]
        except ClientError as error:  # the server dropped the connection mid-body
            return [*seen, "", type(error).__name__]


async def drive() -> dict[str, dict[str, Seen]]:
    installed, plain = create_app(), create_app()
    recover_aiohttp.install(installed, expected=[OutOfStock])
    recover_aiohttp.install(installed)  # again: still one report per exception
    seen: dict[str, dict[str, Seen]] = {case: {} for case in CASES}
    for side, app in (("with", installed), ("without", plain)):
        async with TestClient(TestServer(app, host="127.0.0.1")) as client:
            client.session.cookie_jar.update_cookies(dict([COOKIE]))
            for case in CASES:
                seen[case][side] = await request(client, case)
    return seen


start_reporting()
print_seen(asyncio.run(drive()))
