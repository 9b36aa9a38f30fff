"""A Flask application with one route per case, driven by Flask's test client."""

from __future__ import annotations

import flask
from driver import BODY, COOKIE, HEADER, QUERY, Seen, emit, start_reporting, streamed
from flask import Blueprint, Flask, abort, redirect, stream_with_context
from recover_runtime.integrations import flask as recover_flask


class OutOfStock(Exception):
    """The application's own control flow, declared with `expected=`."""


class Conflict(Exception):
    """Answered by an error handler of the application's own."""


def read_request() -> None:
    """Touch everything the client sent, as a real handler would."""
    request = flask.request
    assert request.headers[HEADER[0]] and request.cookies[COOKIE[0]]
    assert request.args["private"] and request.get_data(as_text=True) == BODY


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/crash")
    def crash() -> str:
        read_request()
        raise RuntimeError("case:crash")

    @app.post("/async-crash")
    async def async_crash() -> str:
        read_request()
        raise RuntimeError("case:async-crash")

    @app.post("/abort-404")
    def abort_404() -> str:
        abort(404, "case:abort-404")

    @app.post("/abort-redirect")
    def abort_redirect() -> str:
        abort(redirect("/elsewhere"))

    @app.post("/slash/")
    def slash() -> str:
        return "reached only after the router's redirect"

    @app.post("/abort-503")
    def abort_503() -> str:
        abort(503, "case:abort-503")

    @app.post("/user-expected")
    def user_expected() -> str:
        raise OutOfStock("case:user-expected")

    @app.errorhandler(Conflict)
    def conflict(error: Conflict) -> tuple[str, int]:
        return "conflict", 409

    @app.post("/own-handler")
    def own_handler() -> str:
        raise Conflict("case:own-handler")

    @app.post("/stream")
    def stream() -> flask.Response:
        read_request()

        def body():  # type: ignore[no-untyped-def]
            yield "first chunk;"
            raise RuntimeError("case:stream")

        return flask.Response(stream_with_context(body()))

    app.register_blueprint(catch_all_blueprint())
    app.register_blueprint(failing_after_request_blueprint())
    return app


def catch_all_blueprint() -> Blueprint:
    """A catch-all error handler only renders the 500 page: still a crash."""
    blueprint = Blueprint("pages", __name__)

    @blueprint.errorhandler(Exception)
    def error_page(error: Exception) -> tuple[str, int]:
        return "our error page", 500

    @blueprint.errorhandler(Conflict)
    def conflict(error: Conflict) -> tuple[str, int]:
        return "conflict in pages", 409

    @blueprint.post("/catch-all")
    def catch_all() -> str:
        raise KeyError("case:catch-all")

    @blueprint.post("/catch-all-specific")
    def specific() -> str:
        raise Conflict("case:catch-all-specific")

    return blueprint


def failing_after_request_blueprint() -> Blueprint:
    """An `after_request` function failing: Flask answers 500 without an error handler."""
    blueprint = Blueprint("late", __name__)

    @blueprint.after_request
    def fail(response: flask.Response) -> flask.Response:
        raise LookupError("case:after-request")

    @blueprint.post("/after-request")
    def fine() -> str:
        return "fine"

    return blueprint


CASES = [
    "crash",
    "async-crash",
    "abort-404",
    "abort-redirect",
    "slash",
    "abort-503",
    "user-expected",
    "own-handler",
    "stream",
    "catch-all",
    "catch-all-specific",
    "after-request",
    "no-such-route",
]


def main() -> None:
    start_reporting()
    installed, plain = create_app(), create_app()
    recover_flask.install(installed, expected=[OutOfStock])
    recover_flask.install(installed)  # again: still one report per exception

    def drive(case: str, with_adapter: bool) -> Seen:
        client = (installed if with_adapter else plain).test_client()
        client.set_cookie(*COOKIE)
        response = client.post(f"/{case}?{QUERY}", data=BODY, headers=[HEADER], buffered=False)
        return [response.status_code, *streamed(response.response)]

    emit(CASES, drive)


main()
