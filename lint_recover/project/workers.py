"""Worker processes for `check` and `fix`, so that Ctrl-C stops a run in one place.

A terminal sends SIGINT to the whole process group: workers that did not ignore it would each
print a traceback. Here they ignore it, the parent (which gets `KeyboardInterrupt`) drops the
chunks not started, and the workers finish the one they hold and exit quietly.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any


@contextmanager
def worker_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers leave Ctrl-C to the parent; shut down on leaving."""
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(initializer, initargs))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)
