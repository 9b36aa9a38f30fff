"""A Sentry ingestion endpoint on 127.0.0.1, for tests and the demo.

sentry-sdk's real HTTP transport posts envelopes here (gzip-compressed by default, brotli when
the `brotli` module is installed), so what the tests see is exactly what a self-hosted Sentry
would receive. Every event is also passed through `sentry_relay.StoreNormalizer`, Relay's own
normaliser, so tests can assert on the event as the server stores it.

Use:

    with SentryEndpoint() as endpoint:
        run_app(env={"SENTRY_DSN": endpoint.dsn})
        [event] = endpoint.wait_for_events(1, timeout=10)

`events` are the event payloads as sent, `normalized` the same events after Relay's
normaliser, `bodies` every request body after decompression (the bytes to grep for leaks),
`raw_bodies` the bodies as received. `respond(status=429, delay=..., retry_after=...)` changes
how the endpoint answers from then on (to simulate a slow, rate-limiting or failing server);
`respond(trickle=True)` sends the answer one byte every 0.2 s (a per-read socket timeout never
fires). `hold()` makes it record each request and answer none until `release()` (a silent
server, as long as the test wants).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from sentry_relay import StoreNormalizer  # type: ignore[attr-defined]

PUBLIC_KEY = "0123456789abcdef0123456789abcdef"
PROJECT_ID = 42


@dataclass
class Envelope:
    """One request: the envelope header and its items (item header, payload bytes)."""

    headers: dict[str, Any]
    items: list[tuple[dict[str, Any], bytes]] = field(default_factory=list)


@dataclass
class _Response:
    status: int = 200
    delay: float = 0.0
    retry_after: int | None = None
    trickle: bool = False


def decompress(body: bytes, encoding: str) -> bytes:
    """Undo the transport's Content-Encoding (gzip, deflate, br or none)."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "br":
        import brotli  # type: ignore[import-not-found]  # only when the SDK itself can use it

        return bytes(brotli.decompress(body))
    raise ValueError(f"unsupported Content-Encoding {encoding!r}")


def parse_envelope(data: bytes) -> Envelope:
    """Split an envelope: a JSON header line, then items of header line + payload.

    A payload is `length` bytes when the item header gives one, else the rest of its line.
    """
    header_line, _, rest = data.partition(b"\n")
    envelope = Envelope(headers=json.loads(header_line) if header_line.strip() else {})
    while rest.strip():
        item_line, _, rest = rest.partition(b"\n")
        if not item_line.strip():
            continue
        item_header = json.loads(item_line)
        length = item_header.get("length")
        if length is None:
            payload, _, rest = rest.partition(b"\n")
        else:
            payload, rest = rest[:length], rest[length:]
            rest = rest.removeprefix(b"\n")
        envelope.items.append((item_header, payload))
    return envelope


class SentryEndpoint:
    """A threaded HTTP server speaking enough of Sentry's ingestion API for the SDK."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.normalized: list[dict[str, Any]] = []
        self.envelopes: list[Envelope] = []
        self.bodies: list[bytes] = []
        self.raw_bodies: list[bytes] = []
        self.request_paths: list[str] = []
        self.errors: list[str] = []
        self._response = _Response()
        self._answering = threading.Event()
        self._answering.set()
        self._normalizer = StoreNormalizer(project_id=PROJECT_ID)
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def dsn(self) -> str:
        return f"http://{PUBLIC_KEY}@127.0.0.1:{self.port}/{PROJECT_ID}"

    def __enter__(self) -> SentryEndpoint:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._answering.set()
        self._server.shutdown()
        self._server.server_close()

    def respond(
        self,
        status: int = 200,
        delay: float = 0.0,
        retry_after: int | None = None,
        trickle: bool = False,
    ) -> None:
        """Answer every later request with this status, after this delay (or trickling)."""
        self._response = _Response(
            status=status, delay=delay, retry_after=retry_after, trickle=trickle
        )

    def hold(self) -> None:
        """Record requests as they come but answer none until `release()`."""
        self._answering.clear()

    def release(self) -> None:
        """Answer the held requests and the next ones."""
        self._answering.set()

    def wait_for_events(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Block until at least `count` events arrived; fail with what did arrive otherwise."""
        return self._wait(lambda: len(self.events) >= count, timeout, f"{count} events")[:]

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> None:
        """Block until at least `count` requests (of any kind) were received."""
        self._wait(lambda: len(self.raw_bodies) >= count, timeout, f"{count} requests")

    def _wait(self, done: Callable[[], bool], timeout: float, what: str) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not done():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"waited {timeout}s for {what}; received {len(self.events)} events "
                        f"in {len(self.raw_bodies)} requests; errors: {self.errors}"
                    )
                self._changed.wait(remaining)
            return self.events

    def _receive(self, path: str, encoding: str, raw: bytes) -> None:
        """Record one request; a body that cannot be decoded is kept in `errors`."""
        try:
            body = decompress(raw, encoding)
            if path.rstrip("/").endswith("/store"):
                envelope = Envelope(headers={}, items=[({"type": "event"}, body)])
            else:
                envelope = parse_envelope(body)
            events = [json.loads(p) for h, p in envelope.items if h.get("type") == "event"]
            normalized = [self._normalizer.normalize_event(event) for event in events]
        except Exception as error:  # a test reads `errors`; the server must keep serving
            with self._changed:
                self.errors.append(f"{path}: {error!r}")
                self.raw_bodies.append(raw)
                self._changed.notify_all()
            return
        with self._changed:
            self.request_paths.append(path)
            self.raw_bodies.append(raw)
            self.bodies.append(body)
            self.envelopes.append(envelope)
            self.events.extend(events)
            self.normalized.extend(normalized)
            self._changed.notify_all()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle's algorithm and the
            # client's delayed ACK add ~40 ms to every request on a kept-alive connection.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                response = endpoint._response
                if response.delay:
                    time.sleep(response.delay)
                endpoint._receive(self.path, self.headers.get("Content-Encoding", ""), raw)
                endpoint._answering.wait()
                body = b"{}" if response.status == 200 else b'{"detail":"simulated"}'
                if response.trickle:
                    body = body.ljust(300)  # still JSON: a minute at one byte per 0.2 s
                # A client that gave up waiting (a bounded flush against a slow answer) has
                # closed the connection: nothing to tell it, and nothing to print.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(response.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    if response.retry_after is not None:
                        self.send_header("Retry-After", str(response.retry_after))
                    self.end_headers()
                    if response.trickle:
                        self._trickle(body)
                    else:
                        self.wfile.write(body)

            def _trickle(self, body: bytes) -> None:
                """One byte every 0.2 s, until the client hangs up."""
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests read the recorded requests, not a log."""

        return Handler
