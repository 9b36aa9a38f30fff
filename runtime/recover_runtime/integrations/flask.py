"""Flask: report the exceptions a Flask application answers with a 500, once each.

    from recover_runtime.integrations import flask as recover_flask

    app = Flask(__name__)
    recover_flask.install(app)

Flask catches a view's exception, logs it and answers 500, so it never reaches a hook of the
process. Three places see it, for this application only:

- `handle_user_exception`, where every exception raised by a view or a `before_request`
  function arrives first: what the application answers with an error handler of its own for
  that type is its control flow; what only a catch-all handler (`errorhandler(Exception)`)
  answers is a crash rendered as a page, and is reported;
- the `got_request_exception` signal: whatever Flask answers with a 500 by itself (also from
  `after_request` functions and failing error handlers);
- streamed bodies (a generator, `stream_with_context`), which run after the view returned.

Expected (never reported): werkzeug `HTTPException`s answering below 500 (`abort(404)`,
`abort(redirect(...))`, the router's redirects), and the types given in `expected`. An
`abort(500)` or other 5xx is reported. No request data is sent: only the exception and its
stack (the runtime's privacy rules drop `request` and `user` from every event). The wrapper of
`handle_user_exception` is one more frame in the tracebacks Flask logs; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import flask
from werkzeug.exceptions import HTTPException

from recover_runtime.integrations._webapps import Hook, exception_types, watch_iterable

EXPECTED: tuple[type[BaseException], ...] = (HTTPException,)
MECHANISM = "flask"
_EXTENSION = "recover_runtime"


def install(app: flask.Flask, *, expected: Iterable[type[BaseException]] = ()) -> None:
    """Report this application's unexpected exceptions; installing again only adds `expected`."""
    types = exception_types(expected, "recover_runtime.integrations.flask.install")
    hook = app.extensions.get(_EXTENSION)
    if isinstance(hook, Hook):
        hook.add_expected(types)
        return
    hook = Hook(MECHANISM, EXPECTED, _status)
    hook.add_expected(types)
    app.extensions[_EXTENSION] = hook
    _watch_user_exceptions(app, hook)
    flask.got_request_exception.connect(_receiver(hook), app, weak=False)
    app.after_request(_stream_watcher(hook))


def _status(exc: BaseException) -> int | None:
    """The status an `HTTPException` answers with: its code, else its response's."""
    code = getattr(exc, "code", None)
    if isinstance(code, int):
        return code
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def _endpoint() -> str:
    return f"Flask endpoint {flask.request.endpoint}"


def _watch_user_exceptions(app: flask.Flask, hook: Hook) -> None:
    """Look at each exception before Flask looks for the application's handler of it."""
    original = app.handle_user_exception

    def handle_user_exception(e: Exception) -> Any:
        hook.report(e, _endpoint, lambda: _answered_by_own_handler(app, e))
        return original(e)

    app.handle_user_exception = handle_user_exception  # type: ignore[method-assign]


def _answered_by_own_handler(app: flask.Flask, exc: Exception) -> bool:
    """Whether the handler Flask will pick for `exc` was registered for a narrower type than
    `Exception`. Flask's own search order: the request's blueprints, then the application; in
    each, the exception's classes from the most specific. HTTP exceptions are judged by their
    status instead, whatever handler renders them."""
    if isinstance(exc, HTTPException):
        return False
    for name in (*flask.request.blueprints, None):
        handlers = app.error_handler_spec.get(name, {}).get(None) or {}
        for cls in type(exc).__mro__:
            if cls in handlers:
                return cls not in (Exception, BaseException)
    return False


def _receiver(hook: Hook) -> Any:
    def on_exception(sender: flask.Flask, exception: Exception, **extra: Any) -> None:
        hook.report(exception, _endpoint)

    return on_exception


def _stream_watcher(hook: Hook) -> Any:
    def watch_stream(response: flask.Response) -> flask.Response:
        # A file sent by `send_file` passes through to the server as it is (sendfile).
        if response.is_streamed and not response.direct_passthrough:
            where = _endpoint()
            body: Iterable[Any] = response.response
            response.response = watch_iterable(body, hook, lambda: where)
        return response

    return watch_stream
