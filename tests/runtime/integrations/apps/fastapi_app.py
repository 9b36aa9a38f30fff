"""A FastAPI application with one route per case, driven by FastAPI's TestClient."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from driver import BODY, COOKIE, HEADER, QUERY, Seen, emit, start_reporting
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse, StreamingResponse
from fastapi.testclient import TestClient
from recover_runtime.integrations import starlette as recover_starlette


class OutOfStock(Exception):
    """The application's own control flow, declared with `expected=`."""


class Conflict(Exception):
    """Answered by an exception handler of the application's own."""


async def read_request(request: Request) -> None:
    """Touch everything the client sent, as a real endpoint would."""
    assert request.headers[HEADER[0]] and request.cookies[COOKIE[0]]
    assert request.query_params["private"] and (await request.body()).decode() == BODY


def failing_dependency() -> None:
    raise RuntimeError("case:dependency")


def create_app() -> FastAPI:
    app = FastAPI()

    @app.post("/crash")
    async def crash(request: Request) -> None:
        await read_request(request)
        raise RuntimeError("case:crash")

    @app.post("/sync-crash")
    def sync_crash() -> None:  # a plain `def` endpoint runs in the threadpool
        raise RuntimeError("case:sync-crash")

    @app.post("/http-404")
    async def http_404() -> None:
        raise HTTPException(404, "case:http-404")

    @app.post("/validation")
    async def validation(count: int) -> int:  # the query has no `count`: a 422
        return count

    @app.post("/user-expected")
    async def user_expected() -> None:
        raise OutOfStock("case:user-expected")

    @app.exception_handler(Conflict)
    async def conflict(request: Request, error: Conflict) -> PlainTextResponse:
        return PlainTextResponse("conflict", status_code=409)

    @app.post("/own-handler")
    async def own_handler() -> None:
        raise Conflict("case:own-handler")

    @app.post("/dependency")
    async def dependency(value: Annotated[None, Depends(failing_dependency)]) -> None:
        return value

    @app.post("/stream")
    async def stream(request: Request) -> StreamingResponse:
        await read_request(request)

        async def body() -> AsyncIterator[bytes]:
            yield b"first chunk;"
            raise RuntimeError("case:stream")

        return StreamingResponse(body())

    return app


CASES = [
    "crash",
    "sync-crash",
    "http-404",
    "validation",
    "user-expected",
    "own-handler",
    "dependency",
    "stream",
    "no-such-route",
]


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
