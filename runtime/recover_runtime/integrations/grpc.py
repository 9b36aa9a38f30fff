"""gRPC (grpcio): report exceptions escaping servicer methods, on sync and asyncio servers.

The server catches a method's exception, logs "Exception calling application" (or "Exception
iterating responses", or "Unexpected ... raised by servicer method" on asyncio) and answers
UNKNOWN; no hook ever sees it. A server takes interceptors only when it is created, so the
adapter is an interceptor:

    server = grpc.server(executor, interceptors=[recover_grpc.ServerInterceptor()])
    server = grpc.aio.server(interceptors=[recover_grpc.AioServerInterceptor()])

It wraps each method's behaviour, keeping its kind (function, coroutine function, generator or
async generator: the asyncio server chooses how to call a method by that kind), and for
streaming responses watches the iteration too, where most of the work of a stream happens.
Not crashes: `context.abort(...)` (it raises once it has set the status), any exception that
escapes after the method set a non-OK status itself (`context.set_code`), and the bare
`grpc.RpcError` the server raises into a method whose call was cancelled or ended (the server
does not log those either). The method's name is the only detail of the call used; its
metadata and messages are never read. The server logs the traceback itself, so the report adds
no log line.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

import grpc
import grpc.aio

from recover_runtime.reporting import report_exception

ExceptionTypes = tuple[type[BaseException], ...]

# `context.abort(...)` on an asyncio server raises this; a sync server raises a bare
# `Exception` after setting the status, which the status check recognises.
EXPECTED: ExceptionTypes = (grpc.aio.AbortError,)

Behavior = Callable[..., Any]
# The request and response message types, which grpc's stubs make each interceptor generic in.
Req = TypeVar("Req")
Resp = TypeVar("Resp")


class _Context(Protocol):
    """What is read of a servicer context, sync (`grpc`) or asyncio (`grpc.aio`) alike."""

    def code(self) -> Any: ...


_FACTORIES: dict[str, Callable[..., grpc.RpcMethodHandler[Any, Any]]] = {
    "unary_unary": grpc.unary_unary_rpc_method_handler,
    "unary_stream": grpc.unary_stream_rpc_method_handler,
    "stream_unary": grpc.stream_unary_rpc_method_handler,
    "stream_stream": grpc.stream_stream_rpc_method_handler,
}


class ServerInterceptor(grpc.ServerInterceptor):
    """For `grpc.server(..., interceptors=[...])`: reports each crash of a method once."""

    def __init__(self, *, expected: Iterable[type[BaseException]] = ()) -> None:
        self._expected = (*EXPECTED, *expected)

    def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], grpc.RpcMethodHandler[Req, Resp] | None],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Req, Resp] | None:
        return _watched_handler(
            continuation(handler_call_details), handler_call_details, self._expected
        )


class AioServerInterceptor(grpc.aio.ServerInterceptor):
    """For `grpc.aio.server(interceptors=[...])`: reports each crash of a method once."""

    def __init__(self, *, expected: Iterable[type[BaseException]] = ()) -> None:
        self._expected = (*EXPECTED, *expected)

    async def intercept_service(
        self,
        continuation: Callable[
            [grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler[Req, Resp] | None]
        ],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler[Req, Resp] | None:
        handler = await continuation(handler_call_details)
        return _watched_handler(handler, handler_call_details, self._expected)


class _Watch:
    """What a wrapped behaviour needs to judge and report an exception of its method."""

    def __init__(self, method: str, expected: ExceptionTypes) -> None:
        self.where = f"gRPC method {method}"
        self.expected = expected

    def report(self, exc: Exception, context: _Context) -> None:
        try:
            if isinstance(exc, self.expected) or type(exc) is grpc.RpcError:
                return
            if _status_set(context):
                return
        except Exception:  # never an error of the application's
            return
        report_exception(exc, mechanism="grpc", where=self.where, log=False)


def _status_set(context: _Context) -> bool:
    """Whether the method chose a non-OK status itself (`abort()` or `set_code()`)."""
    try:
        code = context.code()
    except Exception:  # the asyncio server's context for a plain function has no `code()`
        return False
    return code is not None and code != grpc.StatusCode.OK


def _watched_handler(
    handler: grpc.RpcMethodHandler[Req, Resp] | None,
    details: grpc.HandlerCallDetails,
    expected: ExceptionTypes,
) -> grpc.RpcMethodHandler[Req, Resp] | None:
    """The same handler built again through grpc's public factories, its behaviour watched."""
    if handler is None:
        return None
    for kind, factory in _FACTORIES.items():
        behavior = getattr(handler, kind, None)
        if behavior is not None:
            watch = _Watch(str(getattr(details, "method", "?")), expected)
            return factory(
                _watched(behavior, watch, streaming=kind.endswith("_stream")),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
    return handler


def _watched(behavior: Behavior, watch: _Watch, *, streaming: bool) -> Behavior:
    """A behaviour of the same kind as `behavior` that reports what escapes it.

    Its attributes are copied (`functools.wraps`): a sync server reads the experimental
    `experimental_non_blocking` flag there, and then hands the method a callback to send its
    responses, and ignores what it returns.
    """
    if inspect.isasyncgenfunction(behavior):
        wrapper = _async_generator(behavior, watch)
    elif inspect.iscoroutinefunction(behavior):
        wrapper = _coroutine(behavior, watch)
    elif streaming:
        wrapper = _stream(behavior, watch)
    else:
        wrapper = _function(behavior, watch)
    return functools.wraps(behavior)(wrapper)


def _function(behavior: Behavior, watch: _Watch) -> Behavior:
    def call(request: Any, context: _Context, *rest: Any) -> Any:
        try:
            return behavior(request, context, *rest)
        except Exception as exc:
            watch.report(exc, context)
            raise

    return call


def _stream(behavior: Behavior, watch: _Watch) -> Behavior:
    call = _function(behavior, watch)

    def stream(request: Any, context: _Context, *rest: Any) -> Iterator[Any]:
        return _iterate(call(request, context, *rest), context, watch)

    return stream


def _iterate(responses: Any, context: _Context, watch: _Watch) -> Iterator[Any]:
    """Yield what `responses` yields, reporting what its iteration raises.

    `next()` as the server calls it, rather than `yield from`, so a method returning something
    that is not an iterator fails exactly as it did without the adapter.
    """
    while True:
        try:
            response = next(responses)
        except StopIteration:
            return
        except Exception as exc:
            watch.report(exc, context)
            raise
        yield response


def _coroutine(behavior: Behavior, watch: _Watch) -> Behavior:
    async def call(request: Any, context: _Context) -> Any:
        try:
            return await behavior(request, context)
        except Exception as exc:
            watch.report(exc, context)
            raise

    return call


def _async_generator(behavior: Behavior, watch: _Watch) -> Behavior:
    async def call(request: Any, context: _Context) -> AsyncIterator[Any]:
        try:
            async for response in behavior(request, context):
                yield response
        except Exception as exc:
            watch.report(exc, context)
            raise

    return call
