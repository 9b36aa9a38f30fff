"""Django: report the exceptions Django answers with a 500, once each, through a middleware.

    MIDDLEWARE = [
        "recover_runtime.integrations.django.RecoverMiddleware",
        ...
    ]
    RECOVER_RUNTIME_EXPECTED = ["shop.errors.OutOfStock"]  # optional: your own control flow

Django turns every exception of a view or a middleware into a response before any hook of the
process sees it. The middleware is where reporting is installed; put it first in `MIDDLEWARE`,
so that everything else a request runs is inside it:

- once loaded, it listens to Django's `got_request_exception` signal, which Django sends when it
  answers with a 500 itself (views sync and async, other middleware, a view returning no
  response, failing error views), and reports for the requests it served. Django sends it only
  for those: `Http404`, `PermissionDenied`, `BadRequest`, `SuspiciousOperation` and
  `MultiPartParserError` become 4xx answers without it, and an exception another middleware's
  `process_exception` answers is that application's choice;
- a streamed body (`StreamingHttpResponse`, sync or async iterator) runs after the view
  returned, when the server reads it: the middleware watches it.

`RECOVER_RUNTIME_EXPECTED` lists exception types (classes or dotted paths) that are never
reported. No request data is sent: only the exception and its stack.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    ImproperlyConfigured,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.signals import got_request_exception
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.http.multipartparser import MultiPartParserError
from django.utils.module_loading import import_string

from recover_runtime.integrations._webapps import (
    Hook,
    exception_types,
    no_status,
    watch_async_iterable,
    watch_iterable,
)

EXPECTED: tuple[type[BaseException], ...] = (
    Http404,
    PermissionDenied,
    SuspiciousOperation,
    BadRequest,
    MultiPartParserError,
)
MECHANISM = "django"
SETTING = "RECOVER_RUNTIME_EXPECTED"
_SIGNAL_UID = "recover_runtime.integrations.django"
# Set on each request the middleware serves: the signal is process-wide, but only requests
# of a handler whose MIDDLEWARE lists this one are reported.
_SERVED = "_recover_runtime_served"

# One per process, like Django's settings: every handler (WSGI, ASGI, test clients) shares it.
_hook = Hook(MECHANISM, EXPECTED, no_status)


class RecoverMiddleware:
    """Listed in `MIDDLEWARE`; works under WSGI and ASGI (sync and async views)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self._async = iscoroutinefunction(get_response)
        if self._async:
            markcoroutinefunction(self)
        _hook.add_expected(_configured_expected())
        got_request_exception.connect(_on_request_exception, dispatch_uid=_SIGNAL_UID)

    def __call__(self, request: HttpRequest) -> Any:
        if self._async:
            return self._acall(request)
        setattr(request, _SERVED, True)
        return _watch_stream(self.get_response(request), request)

    async def _acall(self, request: HttpRequest) -> HttpResponseBase:
        setattr(request, _SERVED, True)
        return _watch_stream(await self.get_response(request), request)


def _configured_expected() -> tuple[type[BaseException], ...]:
    """`RECOVER_RUNTIME_EXPECTED`, imported; a wrong entry stops start-up with its name."""
    entries = getattr(settings, SETTING, ())
    try:
        types = [import_string(e) if isinstance(e, str) else e for e in entries]
        return exception_types(types, SETTING)
    except (ImportError, TypeError) as error:
        raise ImproperlyConfigured(f"{SETTING}: {error}") from error


def _on_request_exception(sender: Any, request: HttpRequest | None = None, **extra: Any) -> None:
    """Django sends this while it handles the exception, so it is the current one (also in
    the thread where the ASGI handler builds the 500 answer: asgiref re-raises it there)."""
    exc = sys.exc_info()[1]
    if exc is not None and getattr(request, _SERVED, False):
        _hook.report(exc, lambda: _view_name(request))


def _view_name(request: HttpRequest | None) -> str:
    match = getattr(request, "resolver_match", None)
    return f"Django view {match.view_name}" if match is not None else "a Django request"


def _watch_stream(response: HttpResponseBase, request: HttpRequest) -> HttpResponseBase:
    """Report an exception raised while a streamed body is produced, when the server reads it.

    A `FileResponse` is left as it is: the server may hand its file to `sendfile`.
    """
    if not getattr(response, "streaming", False) or isinstance(response, FileResponse):
        return response
    where = _view_name(request)
    content = response.streaming_content
    if getattr(response, "is_async", False):
        watched: Any = watch_async_iterable(content, _hook, lambda: where)
    else:
        watched = watch_iterable(content, _hook, lambda: where)
    response.streaming_content = watched
    return response
