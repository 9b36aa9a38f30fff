"""A Starlette application with one route per case, driven by Starlette's TestClient."""

from __future__ import annotations

from collections.abc import AsyncIterator

from driver import BODY, COOKIE, HEADER, QUERY, Seen, emit, start_reporting
from recover_runtime.integrations import starlette as recover_starlette
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send


class OutOfStock(Exception):
    """The application's own control flow, declared with `expected=`."""


class Conflict(Exception):
    """Answered by an exception handler of the application's own."""


async def read_request(request: Request) -> None:
    """Touch everything the client sent, as a real endpoint would."""
    assert request.headers[HEADER[0]] and request.cookies[COOKIE[0]]
    assert request.query_params["private"] and (await request.body()).decode() == BODY


async def crash(request: Request) -> Response:
    await read_request(request)
    raise RuntimeError("case:crash")


def sync_crash(request: Request) -> Response:
    raise RuntimeError("case:sync-crash")  # a sync endpoint runs in the threadpool


async def http_404(request: Request) -> Response:
    raise HTTPException(404, "case:http-404")


async def http_503(request: Request) -> Response:
    raise HTTPException(503, "case:http-503")


async def user_expected(request: Request) -> Response:
    raise OutOfStock("case:user-expected")


async def own_handler(request: Request) -> Response:
    raise Conflict("case:own-handler")


async def stream(request: Request) -> Response:
    await read_request(request)

    async def body() -> AsyncIterator[bytes]:
        yield b"first chunk;"
        raise RuntimeError("case:stream")

    return StreamingResponse(body())


async def fine(request: Request) -> Response:
    return PlainTextResponse("fine")


async def conflict(request: Request, error: Exception) -> Response:
    return PlainTextResponse("conflict", status_code=409)


class FailingMiddleware:
    """Another middleware of the application, failing on one path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/middleware":
            raise LookupError("case:middleware")
        await self.app(scope, receive, send)


ROUTES = {
    "crash": crash,
    "sync-crash": sync_crash,
    "http-404": http_404,
    "http-503": http_503,
    "user-expected": user_expected,
    "own-handler": own_handler,
    "stream": stream,
    "middleware": fine,
}
CASES = [*ROUTES, "no-such-route"]


def create_app() -> Starlette:
    return Starlette(
        routes=[Route(f"/{name}", endpoint, methods=["POST"]) for name, endpoint in ROUTES.items()],
        middleware=[Middleware(FailingMiddleware)],
        exception_handlers={Conflict: conflict},
    )


def main() -> None:
    start_reporting()
    installed, plain = create_app(), create_app()
    recover_starlette.install(installed, expected=[OutOfStock])
    recover_starlette.install(installed)  # again: still one report per exception

    def drive(case: str, with_adapter: bool) -> Seen:
        app = installed if with_adapter else plain
        with TestClient(app, raise_server_exceptions=False, cookies=dict([COOKIE])) as client:
            response = client.post(f"/{case}?{QUERY}", content=BODY, headers=dict([HEADER]))
        return [response.status_code, response.text, None]

    emit(CASES, drive)


main()
