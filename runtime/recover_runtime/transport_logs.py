"""Keep the transport's own log records out of the application's log.

While the runtime sends, urllib3 logs "Retrying ..." warnings and "Connection pool is full"
and sentry-sdk logs "Unexpected status code" or "Rate-limited" errors on their own loggers,
which propagate to the application's root handlers. Those records say nothing to the
application (the runtime logs one line of its own when delivery fails), so a filter on those
loggers drops every record made on a thread that is sending for the runtime at that moment.
Records of an application's own urllib3 or sentry-sdk use, on its own threads, pass untouched.
"""

from __future__ import annotations

import logging
import os
import threading

_PREFIXES = ("urllib3", "sentry_sdk")
# Made before the first request, so their filters are in place even if not imported yet.
_KNOWN = ("urllib3.connectionpool", "urllib3.util.retry", "sentry_sdk.errors")

_quiet: set[int] = set()
_filtered: set[str] = set()


def quiet_this_thread() -> None:
    """Records of the transport's loggers made on this thread are dropped from now on."""
    _quiet.add(threading.get_ident())


def unquiet_this_thread() -> None:
    _quiet.discard(threading.get_ident())


def filter_transport_loggers() -> None:
    """Put the filter on every urllib3 and sentry-sdk logger that exists (idempotent)."""
    names = [*_KNOWN, *(n for n in logging.root.manager.loggerDict if n.startswith(_PREFIXES))]
    for name in names:
        if name not in _filtered:
            logging.getLogger(name).addFilter(_not_sending)
            _filtered.add(name)


def _not_sending(record: logging.LogRecord) -> bool:
    return record.thread not in _quiet


def _forget_parent_threads() -> None:
    """Thread ids of the parent mean nothing in a forked child (and may be reused there)."""
    _quiet.clear()


os.register_at_fork(after_in_child=_forget_parent_threads)
