"""Views (sync and async), URLs and a failing middleware of the Django test application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import path
from driver import BODY, COOKIE, HEADER


class OutOfStock(Exception):
    """The application's own control flow, listed in RECOVER_RUNTIME_EXPECTED."""


def read_request(request: HttpRequest) -> None:
    """Touch everything the client sent, as a real view would."""
    assert request.headers[HEADER[0]] and request.COOKIES[COOKIE[0]]
    assert request.GET["private"] and request.body.decode() == BODY


def crash(request: HttpRequest) -> HttpResponse:
    read_request(request)
    raise RuntimeError("case:crash")


async def async_crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("case:async-crash")


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404("case:http404")


def permission_denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("case:permission-denied")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("case:suspicious")


def bad_request(request: HttpRequest) -> HttpResponse:
    raise BadRequest("case:bad-request")


def user_expected(request: HttpRequest) -> HttpResponse:
    raise OutOfStock("case:user-expected")


def stream(request: HttpRequest) -> StreamingHttpResponse:
    read_request(request)

    def body() -> Iterator[bytes]:
        yield b"first chunk;"
        raise RuntimeError("case:stream")

    return StreamingHttpResponse(body())


async def async_stream(request: HttpRequest) -> StreamingHttpResponse:
    async def body() -> AsyncIterator[bytes]:
        yield b"first chunk;"
        raise RuntimeError("case:async-stream")

    return StreamingHttpResponse(body())


def fine(request: HttpRequest) -> HttpResponse:
    return HttpResponse("fine")


class FailingMiddleware:
    """Another middleware of the application, failing on one path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/middleware":
            raise LookupError("case:middleware")
        return self.get_response(request)


urlpatterns = [
    path("crash", crash),
    path("async-crash", async_crash),
    path("http404", not_found),
    path("permission-denied", permission_denied),
    path("suspicious", suspicious),
    path("bad-request", bad_request),
    path("user-expected", user_expected),
    path("stream", stream),
    path("async-stream", async_stream),
    path("middleware", fine),
]
