"""What every test application shares: the request data it sends, and how it reports back.

Each application script runs in its own interpreter (reporting is process-wide), serves the
same cases twice, once installed and once not, and prints one JSON line: per case, what its
client saw. The test compares the two and reads the events at the loopback endpoint.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import recover_runtime as rr

# A value unique to this run, in a header, a cookie, the query and the body of every request;
# the test searches every byte the endpoint received for it.
SECRET = os.environ["RECOVER_TEST_SECRET"]
HEADER = ("X-Private", f"header-{SECRET}")
COOKIE = ("private", f"cookie-{SECRET}")
QUERY = f"private=query-{SECRET}"
BODY = f"body-{SECRET}"

Seen = list[Any]


def start_reporting() -> None:
    """Reporting on, as the application under test would do at start-up."""
    if not rr.init(opted_in=True):
        sys.exit("reporting did not become active")


def streamed(chunks: Iterable[bytes | str]) -> Seen:
    """The chunks a client received before the body failed, then the failure's type."""
    received: list[str] = []
    try:
        for chunk in chunks:
            received.append(chunk.decode() if isinstance(chunk, bytes) else chunk)
    except Exception as error:
        return ["".join(received), type(error).__name__]
    return ["".join(received), None]


def emit(cases: Iterable[str], drive: Callable[[str, bool], Seen]) -> None:
    """Drive every case with and without the adapter; print what the clients saw."""
    print_seen({case: {"with": drive(case, True), "without": drive(case, False)} for case in cases})


def print_seen(seen: dict[str, dict[str, Seen]]) -> None:
    """The last line of output: per case, what the client saw "with" and "without"."""
    rr.flush(5)
    print(json.dumps(seen))
