"""The way from a library adapter to the runtime's one reporting path.

The adapters for libraries that print a failed callback themselves (twisted, gevent, tkinter,
Qt) share three decisions, kept here so they cannot drift apart: only an `Exception` is a
crash (a greenlet's `GreenletExit`, `KeyboardInterrupt`, `SystemExit` are not); the types an
adapter and its `install(..., expected=...)` name are control flow; and the report is not logged
again, since the library already printed the traceback (a second copy on stderr through
logging's last-resort handler would change what the user sees).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from recover_runtime.reporting import report_exception


class Route:
    """One adapter's mechanism name and the exception types it leaves alone."""

    def __init__(self, mechanism: str, expected: tuple[type[BaseException], ...]) -> None:
        self.mechanism = mechanism
        self.expected = expected

    def expect(self, more: Iterable[type[BaseException]]) -> None:
        """Add the types an `install(..., expected=...)` call names; later calls add to them.

        A wrong value fails here, at start-up, rather than silently later in the reporting
        path (where nothing may raise).
        """
        added = tuple(more)
        for kind in added:
            if not (isinstance(kind, type) and issubclass(kind, BaseException)):
                raise TypeError(f"expected= takes exception types, not {kind!r}")
        self.expected = (*self.expected, *(kind for kind in added if kind not in self.expected))

    def report(self, exc: object, where: str) -> None:
        """Report `exc` once, as unhandled, unless it is no crash; never raises."""
        with contextlib.suppress(Exception):
            if isinstance(exc, Exception) and not isinstance(exc, self.expected):
                report_exception(exc, mechanism=self.mechanism, where=where, log=False)
