"""tornado: handler crashes of an installed Application, and failed IOLoop callbacks.

Real servers on 127.0.0.1 driven by tornado's own HTTP and WebSocket clients; each app runs
twice in its own interpreter (the adapter wraps tornado's classes for the process), with and
without the adapter, and what the client saw and what tornado logged must be the same.
"""

from __future__ import annotations

from tests.runtime.integrations.wire import (
    arrived,
    assert_not_sent,
    client_view,
    log_records,
    new_secret,
    run_both,
)
from tests.support.sentry_endpoint import SentryEndpoint

WEB_APP = """
    import asyncio, json, logging, sys
    import tornado.httpclient, tornado.httpserver, tornado.testing, tornado.web, tornado.websocket
    import recover_runtime as rr
    from recover_runtime.integrations import tornado as recover_tornado

    mode, secret = sys.argv[1:3]
    logging.basicConfig(format="%(name)s %(levelname)s %(message)s")

    class Expected(Exception):
        pass

    class Handler(tornado.web.RequestHandler):
        async def get(self, name):
            if name == "coroutine":
                await asyncio.sleep(0)
                raise ValueError("coroutine handler crash")
            if name == "stream":
                self.write("first chunk ")
                await self.flush()
                raise ValueError("streaming handler crash")
            raise {
                "plain": ValueError("handler crash"),
                "server-error": tornado.web.HTTPError(503),
                "not-found": tornado.web.HTTPError(404),
                "forbidden": tornado.web.HTTPError(403, "no"),
                "finish": tornado.web.Finish("finished early"),
                "expected": Expected("listed as expected"),
            }[name]

        def post(self, name):
            raise ValueError("post handler crash")

    class Socket(tornado.websocket.WebSocketHandler):
        def on_message(self, message):
            raise ValueError("websocket crash")

    app = tornado.web.Application([(r"/socket", Socket), (r"/(.+)", Handler)])
    other = tornado.web.Application([(r"/(.+)", Handler)])  # never installed
    rr.init(opted_in=True)
    if mode == "install":
        recover_tornado.install(app, expected=[Expected])
        recover_tornado.install(app)  # again: still once each

    def serve(application):
        sock, port = tornado.testing.bind_unused_port()
        tornado.httpserver.HTTPServer(application).add_sockets([sock])
        return f"127.0.0.1:{port}"

    async def fetch(client, url, **kwargs):
        try:
            response = await client.fetch(url, raise_error=False, **kwargs)
        except Exception as error:  # a stream cut short may end the connection
            return type(error).__name__
        return [response.code, response.body.decode()]

    async def main():
        here, there = serve(app), serve(other)
        client = tornado.httpclient.AsyncHTTPClient()
        private = {"headers": {"X-Token": secret, "Cookie": f"session={secret}"}}
        seen = {}
        for name in ("plain", "coroutine", "stream", "server-error", "not-found", "forbidden",
                     "finish", "expected"):
            seen[name] = await fetch(client, f"http://{here}/{name}?q={secret}", **private)
        seen["post"] = await fetch(client, f"http://{here}/post?q={secret}", method="POST",
                                   body=f"body={secret}", **private)
        seen["other app"] = await fetch(client, f"http://{there}/plain", **private)
        socket = await tornado.websocket.websocket_connect(f"ws://{here}/socket")
        await socket.write_message(secret)
        seen["socket"] = await socket.read_message()  # None: tornado closes the socket
        print(json.dumps(seen))

    asyncio.run(main())
"""

CALLBACK_APP = """
    import asyncio, datetime, json, logging, sys
    from tornado.ioloop import IOLoop, PeriodicCallback
    import recover_runtime as rr
    from recover_runtime.integrations import tornado as recover_tornado

    mode = sys.argv[1]
    logging.basicConfig(format="%(name)s %(levelname)s %(message)s")

    class Expected(Exception):
        pass

    class Counter(logging.Handler):
        # Lets main() wait until tornado has logged every failed callback.
        def __init__(self, wanted):
            super().__init__()
            self.count, self.wanted = 0, wanted
            self.done = asyncio.Event()

        def emit(self, record):
            self.count += record.getMessage().startswith("Exception in callback")
            if self.count == self.wanted:
                self.done.set()

    rr.init(opted_in=True)
    if mode == "install":
        recover_tornado.install(expected=[Expected])
        recover_tornado.install()

    def fail(message):
        raise ValueError(message)

    async def coroutine():
        await asyncio.sleep(0)
        raise ValueError("spawn_callback coroutine crash")

    def periodic():
        ticker.stop()
        raise ValueError("PeriodicCallback crash")

    def expected():
        raise Expected("listed as expected")

    ticker = PeriodicCallback(periodic, 1)

    async def main():
        counter = Counter(wanted=8)
        logging.getLogger("tornado.application").addHandler(counter)
        loop = IOLoop.current()
        loop.add_callback(fail, "add_callback crash")
        loop.spawn_callback(coroutine)
        loop.call_later(0, fail, "call_later crash")
        loop.call_at(loop.time(), fail, "call_at crash")
        loop.add_timeout(datetime.timedelta(0), fail, "add_timeout crash")
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        loop.add_future(done, lambda future: fail("add_future crash"))
        ticker.start()
        loop.add_callback(expected)
        await asyncio.wait_for(counter.done.wait(), 20)
        print(json.dumps(counter.count))

    asyncio.run(main())
"""


def test_handler_crashes_are_reported_once_and_nothing_else(endpoint: SentryEndpoint) -> None:
    secret = new_secret("tornado")
    plain, installed = run_both(endpoint, WEB_APP, secret)

    assert arrived(endpoint, "tornado") == {
        "handler crash": 1,
        "coroutine handler crash": 1,
        "streaming handler crash": 1,
        "post handler crash": 1,
        "websocket crash": 1,
        "HTTP 503: Service Unavailable": 1,  # an HTTPError of 500 or more is a crash
    }
    seen = client_view(installed)
    assert client_view(plain) == seen
    assert seen["plain"][0] == 500 and seen["not-found"][0] == 404
    assert seen["finish"] == [200, "finished early"]
    assert seen["socket"] is None
    assert log_records(plain) == log_records(installed)
    assert log_records(installed)["tornado.application ERROR Uncaught exception"] == 7
    assert secret in installed.stderr  # tornado logged the request; it never left the process
    assert_not_sent(endpoint, secret)


def test_failed_ioloop_callbacks_are_reported_once(endpoint: SentryEndpoint) -> None:
    plain, installed = run_both(endpoint, CALLBACK_APP)

    assert arrived(endpoint, "tornado") == {
        "add_callback crash": 1,
        "spawn_callback coroutine crash": 1,
        "call_later crash": 1,
        "call_at crash": 1,
        "add_timeout crash": 1,
        "add_future crash": 1,
        "PeriodicCallback crash": 1,
    }
    assert client_view(plain) == client_view(installed) == 8
    assert log_records(plain) == log_records(installed)
    assert log_records(installed)["tornado.application ERROR Exception in"] == 8
