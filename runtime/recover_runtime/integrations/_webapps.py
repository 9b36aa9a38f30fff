"""What the web framework adapters share: deciding what is a crash, and watching streamed bodies.

A framework answers many exceptions itself as ordinary responses (a 404, a redirect, a
validation error): those are control flow, not crashes. Each adapter names its framework's own
such types (`EXPECTED`), how to read the HTTP status an exception answers with, and lets the
application add its own types. An HTTP exception of the framework answering 500 or more is a
server error the code chose to raise, so it is reported; below 500 it is expected.

A streamed body runs after the handler returned, when the server iterates it: an exception
there never passes through the framework's error handling, so the adapters wrap the iterator.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from typing import TypeVar

from recover_runtime.reporting import logger, report_exception

ExceptionTypes = tuple[type[BaseException], ...]
# The status an exception of the framework's expected types answers with; None: not known.
StatusOf = Callable[[BaseException], int | None]
Describe = Callable[[], str]
Answered = Callable[[], bool]
Chunk = TypeVar("Chunk")

SERVER_ERROR = 500


def exception_types(expected: Iterable[type[BaseException]], what: str) -> ExceptionTypes:
    """`expected` as a tuple, checked when `install` is called (a mistake shows at start-up)."""
    types = tuple(expected)
    for item in types:
        if not (isinstance(item, type) and issubclass(item, BaseException)):
            raise TypeError(f"{what}: expected exception types, got {item!r}")
    return types


def no_status(exc: BaseException) -> int | None:
    """For frameworks whose expected exceptions carry no status: they are all expected."""
    return None


class Hook:
    """The reporting decision for one application (or, for Django, one process).

    `builtin` are the framework's own control-flow types, expected while the status they
    answer with is below 500; `extra` are the application's own, always expected. Installing
    again adds to `extra`, so a second `install` never makes a second report path.
    """

    def __init__(self, mechanism: str, builtin: ExceptionTypes, status_of: StatusOf) -> None:
        self.mechanism = mechanism
        self.builtin = builtin
        self.extra: ExceptionTypes = ()
        self._status_of = status_of

    def add_expected(self, types: ExceptionTypes) -> None:
        self.extra = self.extra + tuple(t for t in types if t not in self.extra)

    def is_expected(self, exc: BaseException) -> bool:
        if isinstance(exc, self.extra):
            return True
        if not isinstance(exc, self.builtin):
            return False
        status = self._status_of(exc)
        return status is None or status < SERVER_ERROR

    def report(
        self, exc: BaseException, describe: Describe, answered: Answered | None = None
    ) -> None:
        """Report `exc` unless it is expected; never raises into the framework.

        `describe()` names what was running (a route or view name, never request data);
        `answered()` says whether one of the application's own handlers answers `exc` (then
        it is the application's control flow). Both are called only here, inside the guard.
        The framework logs the failure itself, so the runtime does not log it a second time.
        """
        try:
            if not isinstance(exc, Exception) or self.is_expected(exc):
                return
            if answered is None or not answered():
                report_exception(exc, mechanism=self.mechanism, where=describe(), log=False)
        except Exception:
            logger.debug("could not consider an exception for reporting", exc_info=True)


def qualified_name(obj: object, default: str) -> str:
    """`module.qualname` of a handler, for the `where` of a report."""
    name = getattr(obj, "__qualname__", None)
    if not isinstance(name, str):
        return default
    module = getattr(obj, "__module__", None)
    return f"{module}.{name}" if isinstance(module, str) else name


def watch_iterable(body: Iterable[Chunk], hook: Hook, describe: Describe) -> Iterator[Chunk]:
    """`body`, chunk for chunk; an exception while producing one is reported, then re-raised.

    Closing the result closes `body` (a WSGI server closes what it iterated).
    """
    try:
        yield from body
    except Exception as exc:
        hook.report(exc, describe)
        raise
    finally:
        close = getattr(body, "close", None)
        if callable(close):
            close()


async def watch_async_iterable(
    body: AsyncIterable[Chunk], hook: Hook, describe: Describe
) -> AsyncIterator[Chunk]:
    """The asynchronous form of `watch_iterable`."""
    try:
        async for chunk in body:
            yield chunk
    except Exception as exc:
        hook.report(exc, describe)
        raise
    finally:
        close = getattr(body, "aclose", None)
        if callable(close):
            await close()
