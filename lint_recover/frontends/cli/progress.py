"""The progress line of long runs: on a terminal only, and only once a run takes a moment.

A quick run (the usual warm, cached one) prints nothing, a pipe or CI log never receives
carriage returns, and the line is erased before the findings are printed.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TextIO

# A run shorter than this never shows the line; updates are at most this often.
DELAY_SECONDS = 0.5
INTERVAL_SECONDS = 0.1


class ProgressLine:
    """`with ProgressLine.for_stream(sys.stderr) as progress:` gives an update callable
    (`progress(done, total)`) or None when the stream is not a terminal."""

    def __init__(self, stream: TextIO, delay: float = DELAY_SECONDS) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._next = self._started + delay
        self._width = 0

    @classmethod
    def for_stream(cls, stream: TextIO) -> _Scope:
        return _Scope(cls(stream) if stream.isatty() else None)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + INTERVAL_SECONDS
        text = f"lint-recover: {done}/{total} ({now - self._started:.1f}s)"
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()
        self._width = len(text)

    def erase(self) -> None:
        if self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0


class _Scope:
    def __init__(self, line: ProgressLine | None) -> None:
        self._line = line

    def __enter__(self) -> ProgressLine | None:
        return self._line

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._line is not None:
            self._line.erase()
