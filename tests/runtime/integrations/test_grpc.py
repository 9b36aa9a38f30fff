"""gRPC: servicer methods crashing on a sync and an asyncio grpcio server, with the interceptors.

Both servers listen on 127.0.0.1 with generic handlers over raw bytes (no generated code) and
the same method names; one sync client calls both, with metadata and a request holding the
run's secret. The app runs twice in its own interpreter, with and without the interceptors.
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

APP = """
    import asyncio, json, logging, sys, threading
    from concurrent import futures
    import grpc, grpc.aio
    import recover_runtime as rr
    from recover_runtime.integrations import grpc as recover_grpc

    mode, secret = sys.argv[1:3]
    logging.basicConfig(format="%(name)s %(levelname)s %(message)s")
    rr.init(opted_in=True)

    class Expected(Exception):
        pass

    # The sync server's methods.
    def crash(request, context):
        raise ValueError("sync unary crash")

    def abort(request, context):
        context.abort(grpc.StatusCode.NOT_FOUND, "no such job")

    def status_then_raise(request, context):
        context.set_code(grpc.StatusCode.FAILED_PRECONDITION)
        context.set_details("not now")
        raise RuntimeError("sync raised after set_code")

    def expected(request, context):
        raise Expected("sync listed as expected")

    def stream_crash(request, context):
        yield b"one"
        yield b"two"
        raise ValueError("sync stream crash")

    def stream_abort(request, context):
        yield b"one"
        context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "enough")

    def upload_crash(requests, context):
        for _ in requests:
            pass
        raise ValueError("sync stream_unary crash")

    def non_blocking(request, context, send_response):  # grpc's experimental callback style
        send_response(b"one")
        raise ValueError("sync non-blocking crash")

    non_blocking.experimental_non_blocking = True

    first_request, upload_ended = threading.Event(), threading.Event()

    def upload_cancelled(requests, context):  # the client cancels after its first request
        try:
            for _ in requests:  # raises the bare grpc.RpcError once the call is cancelled
                first_request.set()
        finally:
            upload_ended.set()

    def chat_crash(requests, context):
        yield next(requests)
        raise ValueError("sync stream_stream crash")

    # The asyncio server's methods: coroutines, async generators, the writer API, a function.
    async def aio_crash(request, context):
        await asyncio.sleep(0)
        raise ValueError("aio unary crash")

    async def aio_abort(request, context):
        await context.abort(grpc.StatusCode.NOT_FOUND, "no such job")

    async def aio_status_then_raise(request, context):
        context.set_code(grpc.StatusCode.FAILED_PRECONDITION)
        context.set_details("not now")
        raise RuntimeError("aio raised after set_code")

    async def aio_expected(request, context):
        raise Expected("aio listed as expected")

    async def aio_stream_crash(request, context):
        yield b"one"
        yield b"two"
        raise ValueError("aio stream crash")

    async def aio_stream_abort(request, context):
        yield b"one"
        await context.abort(grpc.StatusCode.RESOURCE_EXHAUSTED, "enough")

    async def aio_writer_crash(request, context):
        await context.write(b"one")
        raise ValueError("aio writer crash")

    async def aio_upload_crash(requests, context):
        async for _ in requests:
            pass
        raise ValueError("aio stream_unary crash")

    def aio_function_crash(request, context):  # run in the server's migration thread pool
        raise ValueError("aio function crash")

    # Each server's methods: name -> (shape, behaviour); the client calls every one by shape.
    SYNC = {
        "Crash": ("unary_unary", crash),
        "Abort": ("unary_unary", abort),
        "StatusThenRaise": ("unary_unary", status_then_raise),
        "Expected": ("unary_unary", expected),
        "StreamCrash": ("unary_stream", stream_crash),
        "StreamAbort": ("unary_stream", stream_abort),
        "NonBlocking": ("unary_stream", non_blocking),
        "UploadCrash": ("stream_unary", upload_crash),
        "ChatCrash": ("stream_stream", chat_crash),
        "UploadCancelled": ("stream_unary", upload_cancelled),  # called by cancel_upload()
    }
    AIO = {
        "Crash": ("unary_unary", aio_crash),
        "Abort": ("unary_unary", aio_abort),
        "StatusThenRaise": ("unary_unary", aio_status_then_raise),
        "Expected": ("unary_unary", aio_expected),
        "FunctionCrash": ("unary_unary", aio_function_crash),
        "StreamCrash": ("unary_stream", aio_stream_crash),
        "StreamAbort": ("unary_stream", aio_stream_abort),
        "WriterCrash": ("unary_stream", aio_writer_crash),
        "UploadCrash": ("stream_unary", aio_upload_crash),
    }

    def service(methods):
        handlers = {
            name: getattr(grpc, f"{shape}_rpc_method_handler")(behaviour)
            for name, (shape, behaviour) in methods.items()
        }
        return grpc.method_handlers_generic_handler("demo.Jobs", handlers)

    def interceptors(kind):
        if mode != "install":
            return []
        return [kind(expected=[Expected]), kind(expected=[Expected])]  # two: one report each

    pool = futures.ThreadPoolExecutor(max_workers=2)
    sync_server = grpc.server(
        pool, handlers=[service(SYNC)], interceptors=interceptors(recover_grpc.ServerInterceptor)
    )
    sync_port = sync_server.add_insecure_port("127.0.0.1:0")
    sync_server.start()

    aio_loop = asyncio.new_event_loop()

    async def serve_aio():
        server = grpc.aio.server(
            pool, handlers=[service(AIO)],
            interceptors=interceptors(recover_grpc.AioServerInterceptor),
        )
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        return server, port

    threading.Thread(target=aio_loop.run_forever, daemon=True).start()
    aio_server, aio_port = asyncio.run_coroutine_threadsafe(serve_aio(), aio_loop).result(20)

    metadata = [("x-token", secret)]
    request = f"request {secret}".encode()

    def call(channel, shape, name):
        stub = getattr(channel, shape)(f"/demo.Jobs/{name}")
        argument = iter([request, request]) if shape.startswith("stream") else request
        received = []
        try:
            response = stub(argument, metadata=metadata, timeout=20)
            for item in [response] if shape.endswith("unary") else response:
                received.append(item.decode())
            return ["OK", received]
        except grpc.RpcError as error:
            return [error.code().name, error.details(), received]

    def cancel_upload(channel):
        release = threading.Event()

        def requests():
            yield request
            release.wait(20)

        upload = channel.stream_unary("/demo.Jobs/UploadCancelled")
        future = upload.future(requests(), metadata=metadata)
        first_request.wait(20)
        future.cancel()
        ended = upload_ended.wait(20)
        release.set()
        return [future.cancelled(), ended]

    seen = {}
    for server, port, methods in (("sync", sync_port, SYNC), ("aio", aio_port, AIO)):
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            for name, (shape, _) in {**methods, "Missing": ("unary_unary", None)}.items():
                if name != "UploadCancelled":
                    seen[f"{server} {name}"] = call(channel, shape, name)
            if server == "sync":
                seen["sync UploadCancelled"] = cancel_upload(channel)
    sync_server.stop(None).wait()
    asyncio.run_coroutine_threadsafe(aio_server.stop(None), aio_loop).result(20)
    print(json.dumps(seen))
"""


def test_method_crashes_are_reported_once_on_both_servers(endpoint: SentryEndpoint) -> None:
    secret = new_secret("grpc")
    plain, installed = run_both(endpoint, APP, secret)

    assert arrived(endpoint, "grpc") == {
        "sync unary crash": 1,
        "sync stream crash": 1,
        "sync stream_unary crash": 1,
        "sync stream_stream crash": 1,
        "sync non-blocking crash": 1,
        "aio unary crash": 1,
        "aio stream crash": 1,
        "aio stream_unary crash": 1,
        "aio writer crash": 1,
        "aio function crash": 1,
    }
    seen = client_view(installed)
    assert client_view(plain) == seen
    assert seen["sync Crash"] == ["UNKNOWN", "Exception calling application: sync unary crash", []]
    assert seen["sync Abort"] == ["NOT_FOUND", "no such job", []]
    assert seen["sync StreamCrash"][0] == seen["aio StreamCrash"][0] == "UNKNOWN"
    assert seen["sync StreamCrash"][2] == seen["aio StreamCrash"][2] == ["one", "two"]
    assert seen["aio StatusThenRaise"][0] == "FAILED_PRECONDITION"
    assert seen["aio Missing"][0] == seen["sync Missing"][0] == "UNIMPLEMENTED"
    assert seen["sync UploadCancelled"] == [True, True]  # ended by grpc's own RpcError
    assert log_records(plain) == log_records(installed)
    logged = log_records(installed)
    assert logged["grpc._server ERROR Exception calling"] == 5  # and "Exception iterating"
    assert logged["grpc._cython.cygrpc ERROR Unexpected [ValueError]"] == 5
    assert_not_sent(endpoint, secret)
