"""`recover`: run work so that an exception escaping it is reported, logged and re-raised.

One object, three uses: a decorator (`@recover`, `@recover(reraise=False)`), a call-site
wrapper (`recover(fn)`, `recover(coro)`; a future or other awaitable too, so a fix that wraps
`ensure_future`'s argument is right whatever that argument turns out to be), and a context
manager (`with recover():`, `async with recover():`). The wrappers are plain closures whose
happy path is one call inside a `try`, the same as a hand-written wrapper; everything else
happens only on failure. A sync callable wrapped at a call site gets the same closure inside
a picklable shell, so it can be handed to another process.
Only `Exception`s are caught: `KeyboardInterrupt`, `SystemExit`, `GeneratorExit` and
`asyncio.CancelledError` pass through untouched.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import AsyncGenerator, Awaitable, Callable, Coroutine, Generator
from types import MethodType, TracebackType
from typing import Any, Literal, ParamSpec, TypeVar, overload

from recover_runtime.reporting import report_exception
from recover_runtime.tasks import hold_current_task, release_task

P = ParamSpec("P")
R = TypeVar("R")
MECHANISM = "recover"


class Recovery:
    """What `recover()` returns: a decorator factory and a (sync and async) context manager.

    Stateless, so the two instances (re-raising and suppressing) are shared singletons and
    may be entered from any number of threads and tasks at once.
    """

    __slots__ = ("reraise",)

    def __init__(self, *, reraise: bool) -> None:
        self.reraise = reraise

    def __call__(self, target: Any) -> Any:
        return _wrap(target, self.reraise)

    # `with` calls __enter__ from C: a builtin costs a fraction of a Python method there.
    # Like contextlib.suppress, `with recover() as x` binds None.
    __enter__: staticmethod[[], None] = staticmethod(type(None))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if not isinstance(exc, Exception):
            return False
        where = f"{tb.tb_frame.f_code.co_qualname} (with recover())" if tb else "with recover()"
        report_exception(exc, mechanism=MECHANISM, where=where)
        return not self.reraise

    async def __aenter__(self) -> None:
        return None

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        return self.__exit__(exc_type, exc, tb)

    def __repr__(self) -> str:
        return f"recover(reraise={self.reraise})"


_RERAISING = Recovery(reraise=True)
_SUPPRESSING = Recovery(reraise=False)


@overload
def recover(target: None = None, /, *, reraise: bool = True) -> Recovery: ...
@overload
def recover(
    target: Coroutine[Any, Any, R], /, *, reraise: Literal[True] = True
) -> Coroutine[Any, Any, R]: ...
@overload
def recover(
    target: Coroutine[Any, Any, R], /, *, reraise: bool
) -> Coroutine[Any, Any, R | None]: ...
@overload
def recover(target: Callable[P, R], /, *, reraise: Literal[True] = True) -> Callable[P, R]: ...
@overload
def recover(target: Callable[P, R], /, *, reraise: bool) -> Callable[P, R | None]: ...
def recover(target: Any = None, /, *, reraise: bool = True) -> Any:
    """Report an `Exception` escaping `target` (or the `with` block) once, log it, re-raise it.

    With `reraise=False` the exception is suppressed instead: a function then returns None,
    a generator stops. See the module docstring for the forms.
    """
    if target is None:
        return _RERAISING if reraise else _SUPPRESSING
    return _wrap(target, reraise)


def _wrap(target: Any, reraise: bool) -> Any:
    if isinstance(target, staticmethod | classmethod):
        return type(target)(_wrap(target.__func__, reraise))
    if inspect.iscoroutine(target):
        return _guard_coroutine(target, reraise)
    if _is_future(target):
        return _watch_future(target)
    if inspect.isawaitable(target):
        return _guard_coroutine(_awaiting(target), reraise)
    if not callable(target):
        raise TypeError(
            f"recover() takes a function, a coroutine or a future, not {type(target).__name__}"
        )
    where = getattr(target, "__qualname__", None) or repr(target)
    if inspect.isasyncgenfunction(target):
        wrapper: Callable[..., Any] = _async_generator_wrapper(target, reraise, where)
    elif inspect.iscoroutinefunction(target):
        wrapper = _coroutine_wrapper(target, reraise, where)
    elif inspect.isgeneratorfunction(target):
        wrapper = _generator_wrapper(target, reraise, where)
    elif _is_being_decorated(target):
        wrapper = _function_wrapper(target, reraise, where)
    else:
        return PicklableRecovered(target, reraise, where)
    return functools.wraps(target)(wrapper)


def _is_being_decorated(target: Any) -> bool:
    """Whether `recover` receives a function that is not yet reachable by its name.

    That is `@recover` (the name is bound only after the decorator returns) and functions
    defined inside other functions: a plain closure is right for them, it binds as a method
    and pickles by the name the decorated function gets. Anything else (a module's function
    wrapped at a call site, a bound method, a partial, a callable object) gets the picklable
    wrapper.
    """
    return inspect.isfunction(target) and not _reachable_by_name(target)


def _reachable_by_name(obj: Any) -> bool:
    """Whether `obj` is what its module holds under its qualified name (how pickle finds it)."""
    module = sys.modules.get(getattr(obj, "__module__", None) or "")
    qualname = getattr(obj, "__qualname__", None)
    if module is None or not isinstance(qualname, str) or "<locals>" in qualname:
        return False
    found: Any = module
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found is obj


def _binds_as_method(fn: Any) -> bool:
    return not isinstance(fn, MethodType) and hasattr(type(fn), "__get__")


class PicklableRecovered(functools.partial[Any]):
    """`recover(fn)` at a call site: pickles as `recover(fn)`, so it can cross a process.

    A process pool (`pool.submit(recover(work))`) and a `multiprocessing` spawn
    (`Process(target=recover(work))`) pickle the callable; a closure cannot be pickled. It is
    picklable exactly when `fn` is. Being a `functools.partial` of the plain wrapper, a call
    is dispatched in C: one Python frame more than a bare call, as for `@recover`, and no
    `__call__` frame of its own. It binds as a method when `fn` is a function, as `fn` would.
    """

    __slots__ = ()
    _fn: Callable[..., Any]
    _reraise: bool
    __qualname__: str  # set by `functools.update_wrapper`, as on functions

    def __new__(cls, fn: Callable[..., Any], reraise: bool, where: str) -> PicklableRecovered:
        self = super().__new__(cls, _function_wrapper(fn, reraise, where))
        functools.update_wrapper(self, fn)
        self._fn = fn
        self._reraise = reraise
        return self

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        # Binds exactly when `fn` would: a function, or a callable descriptor such as the
        # `functools.cache` wrapper under `@recover` on a method; not a bound method, a
        # partial or a builtin.
        if instance is None or not _binds_as_method(self._fn):
            return self
        return MethodType(self, instance)

    def __reduce__(self) -> str | tuple[Callable[..., Any], tuple[Any, ...]]:
        # `work = recover(work)` at module level: the module's name now holds this object.
        if _reachable_by_name(self):
            return self.__qualname__
        return _wrap, (self._fn, self._reraise)

    def __repr__(self) -> str:
        return f"recover({self._fn!r}, reraise={self._reraise})"


# Each wrapper's happy path is the call inside `try` and nothing else; `reraise` is only
# looked at once something failed.


def _function_wrapper(fn: Callable[..., Any], reraise: bool, where: str) -> Callable[..., Any]:
    def recovered(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            report_exception(exc, mechanism=MECHANISM, where=where)
            if reraise:
                raise
            return None

    return recovered


def _coroutine_wrapper(
    fn: Callable[..., Awaitable[Any]], reraise: bool, where: str
) -> Callable[..., Coroutine[Any, Any, Any]]:
    async def recovered(*args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(*args, **kwargs)
        except Exception as exc:
            report_exception(exc, mechanism=MECHANISM, where=where)
            if reraise:
                raise
            return None

    return recovered


def _guard_coroutine(coro: Coroutine[Any, Any, Any], reraise: bool) -> Coroutine[Any, Any, Any]:
    """Await an already created coroutine under recovery (`create_task(recover(job()))`)."""
    where = getattr(coro, "__qualname__", None) or repr(coro)

    async def recovered() -> Any:
        task = hold_current_task()  # `create_task(recover(job()))` keeps no reference
        try:
            return await coro
        except Exception as exc:
            report_exception(exc, mechanism=MECHANISM, where=where)
            if reraise:
                raise
            return None
        finally:
            release_task(task)

    return recovered()


async def _awaiting(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def _is_future(target: Any) -> bool:
    """An asyncio future or task (by asyncio's own duck test, without importing asyncio) or a
    `concurrent.futures.Future` (only possible once that module is imported)."""
    if getattr(type(target), "_asyncio_future_blocking", None) is not None:
        return getattr(target, "_asyncio_future_blocking", None) is not None
    futures = sys.modules.get("concurrent.futures")
    return futures is not None and isinstance(target, futures.Future)


def _watch_future(future: Any) -> Any:
    """`ensure_future(recover(fut))`: the same future, watched.

    A future is already running work, so there is nothing to wrap: when it fails, its
    exception is reported and logged, and stays in the future for whoever awaits it
    (`reraise` cannot take it out). Returning the very object keeps `ensure_future`'s
    identity and cancellation semantics.
    """
    where = type(future).__qualname__

    def report_failure(done: Any) -> None:
        try:
            if not done.cancelled() and isinstance(done.exception(), Exception):
                report_exception(done.exception(), mechanism=MECHANISM, where=where)
        except Exception:  # a duck-typed future that cannot answer: nothing to report
            return

    future.add_done_callback(report_failure)
    return future


def _generator_wrapper(
    fn: Callable[..., Generator[Any, Any, Any]], reraise: bool, where: str
) -> Callable[..., Generator[Any, Any, Any]]:
    # `yield from` forwards send(), throw() and close() exactly as the generator would see them.
    def recovered(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
        try:
            return (yield from fn(*args, **kwargs))
        except Exception as exc:
            report_exception(exc, mechanism=MECHANISM, where=where)
            if reraise:
                raise
            return None

    return recovered


def _async_generator_wrapper(
    fn: Callable[..., AsyncGenerator[Any, Any]], reraise: bool, where: str
) -> Callable[..., AsyncGenerator[Any, Any]]:
    # Async generators have no `yield from`: forward asend/athrow/aclose by hand.
    async def recovered(*args: Any, **kwargs: Any) -> AsyncGenerator[Any, Any]:
        inner = fn(*args, **kwargs)
        try:
            value = await inner.__anext__()
            while True:
                try:
                    sent = yield value
                except GeneratorExit:
                    await inner.aclose()
                    raise
                except BaseException as thrown:
                    value = await inner.athrow(thrown)
                else:
                    value = await inner.asend(sent)
        except StopAsyncIteration:
            return
        except Exception as exc:
            report_exception(exc, mechanism=MECHANISM, where=where)
            if reraise:
                raise

    return recovered
