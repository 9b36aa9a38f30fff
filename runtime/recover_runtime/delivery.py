"""Delivery: captures wait in a bounded queue; a thread of their own sends them.

A capture (`submit`) never waits for the network: it appends to the queue and returns, on any
thread, the event loop's above all. One sender thread per process takes the captures in order,
builds each event and sends it through sentry-sdk's HTTP transport, one request at a time
(as sentry-sdk's own worker does: an envelope holds one event, so there is nothing to batch).

- At most `QUEUE_LIMIT` captures wait. Beyond that a capture is dropped and counted; the first
  drop is logged, the total when the process ends. A waiting capture keeps its exception and
  traceback (so its frames' local variables) alive until it is sent: one reason for the limit.
- The sender never holds the lock while it sends, so `flush(timeout)` waits at most `timeout`
  seconds for its caller whatever the network does.
- A request still running after `STALL_AFTER` seconds (a server trickling its answer byte by
  byte defeats the per-operation socket timeout) abandons its sender: its capture counts as
  lost and a new sender takes the queue, unless `MAX_ABANDONED` abandoned senders are still
  stuck (then the queue waits; the server is not answering anyway).
- A sender with nothing to send for `IDLE_EXIT` seconds ends (the next capture starts one):
  no thread lingers in a process that reported once, and on Python 3.12+ `os.fork()` warns
  about threads only while reports are being sent.
- Where no thread can be started (Python 3.12 refuses new threads while the interpreter exits),
  `flush` sends from its caller's thread, each network operation bounded by the time the caller
  has left (the one case a trickling server could hold a caller longer than its bound).
- Fork: the child starts with a new, empty `Delivery` (see `reset_after_fork`): what the parent
  queued is the parent's to send, and no lock a parent thread held is ever waited on.
  The lock is re-entrant because a signal handler may report while the main thread is inside.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from recover_runtime import transport_logs

if TYPE_CHECKING:
    from recover_runtime.reporter import Reporter

QUEUE_LIMIT = 2000
STALL_AFTER = 10.0
MAX_ABANDONED = 2
IDLE_EXIT = 1.0

_logger = logging.getLogger("recover_runtime")


class Capture:
    """One exception to send: what `report_exception` saw, as it was at that moment."""

    __slots__ = ("exception", "mechanism", "reporter", "traceback")

    def __init__(self, reporter: Reporter, exception: BaseException, mechanism: str) -> None:
        self.reporter = reporter
        self.exception = exception
        # The traceback grows while the exception propagates further; the event shows where
        # it was caught, as an immediate capture would.
        self.traceback = exception.__traceback__
        self.mechanism = mechanism


class _Sender:
    """One sending thread; `busy_since` is when it took the capture it is sending."""

    __slots__ = ("abandoned", "busy_since", "thread")

    def __init__(self, run: Callable[[_Sender], None]) -> None:
        self.busy_since: float | None = None
        self.abandoned = False
        # Not under recover: a sender that failed would report through the queue it serves
        # (and a broken sender would report its own failure forever). Sending errors are
        # caught in `_send`; a sender that dies anyway is replaced by the next capture.
        self.thread = threading.Thread(
            target=run,  # noqa: RCV101
            args=(self,),
            name="recover-runtime-sender",
            daemon=True,
        )


class Delivery:
    """The queue of one process and its sender."""

    def __init__(self) -> None:
        self._changed = threading.Condition(threading.RLock())
        self._queue: collections.deque[Capture] = collections.deque()
        self._sender: _Sender | None = None
        self._abandoned: list[_Sender] = []
        self._submitted = 0
        self._finished = 0  # sent, failed, abandoned or discarded
        self.dropped = 0
        self.lost = 0
        self.answering = True  # whether the server answered the last request in time
        self._failure_logged = False

    def submit(self, capture: Capture) -> None:
        """Queue `capture` (or count it dropped when the queue is full); never waits."""
        with self._changed:
            if len(self._queue) >= QUEUE_LIMIT:
                self.dropped += 1
                first_drop = self.dropped == 1
            else:
                first_drop = False
                self._queue.append(capture)
                self._submitted += 1
                self._abandon_stalled_sender()
                self._start_sender()
                self._changed.notify_all()
        if first_drop:
            _logger.warning(
                "crash reports dropped: %d are already waiting to be sent (the limit); "
                "the number dropped is logged when the process ends",
                QUEUE_LIMIT,
            )

    def flush(self, timeout: float) -> bool:
        """Wait until what was queued before this call is sent, at most `timeout` seconds.

        Returns whether everything was sent in time.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            target = self._submitted
            while self._finished < target:
                self._abandon_stalled_sender()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.answering = False  # until a request gets its answer
                    return False
                if self._start_sender():
                    self._changed.wait(min(remaining, self._until_stall()))
                else:
                    self._send_here(deadline)
            return True

    def discard_pending(self) -> None:
        """Forget what waits (the user opted out)."""
        with self._changed:
            self._finished += len(self._queue)
            self._queue.clear()
            self._changed.notify_all()

    def summary(self) -> str | None:
        """What was not sent, in one line for the log (None when everything was sent)."""
        with self._changed:
            unsent = self._submitted - self._finished
            parts = [
                f"{count} {what}"
                for count, what in (
                    (self.dropped, f"dropped because {QUEUE_LIMIT} were already waiting"),
                    (self.lost, "abandoned because the server did not answer in time"),
                    (unsent, "still waiting when the time to send ran out"),
                )
                if count
            ]
        return f"crash reports not sent: {'; '.join(parts)}" if parts else None

    def _start_sender(self) -> bool:
        """Make sure a sender runs (or is stuck but replaceable later); False: cannot start."""
        if self._sender is not None and self._sender.thread.is_alive():
            return True
        self._abandoned = [s for s in self._abandoned if s.thread.is_alive()]
        if len(self._abandoned) >= MAX_ABANDONED:
            return True  # the queue waits for one of them to give up
        sender = _Sender(self._run)
        try:
            sender.thread.start()
        except RuntimeError:  # interpreter shutting down, or no more threads
            return False
        self._sender = sender
        return True

    def _abandon_stalled_sender(self) -> None:
        sender = self._sender
        if sender is None or sender.busy_since is None:
            return
        if time.monotonic() - sender.busy_since < STALL_AFTER:
            return
        sender.abandoned = True
        self._abandoned.append(sender)
        self._sender = None
        self._finished += 1
        self.lost += 1
        self.answering = False
        if self.lost == 1:
            _logger.warning(
                "a crash report took longer than %.0f s to send and was abandoned; "
                "the next ones go on a new connection",
                STALL_AFTER,
            )

    def _until_stall(self) -> float:
        sender = self._sender
        if sender is None or sender.busy_since is None:
            return STALL_AFTER
        return max(0.01, sender.busy_since + STALL_AFTER - time.monotonic())

    def _run(self, sender: _Sender) -> None:
        transport_logs.quiet_this_thread()
        try:
            while (capture := self._take(sender)) is not None:
                answered = self._send(capture, None)
                if not self._done(sender, answered):
                    return
        finally:
            transport_logs.unquiet_this_thread()
            with self._changed:  # a flush waiting for a replacement may start one now
                self._changed.notify_all()

    def _take(self, sender: _Sender) -> Capture | None:
        """The next capture for `sender` (waiting for one); None once it was abandoned or had
        nothing to do for IDLE_EXIT seconds (then it is no longer the sender)."""
        with self._changed:
            while not self._queue and not sender.abandoned:
                if not self._changed.wait(IDLE_EXIT) and not self._queue:
                    if self._sender is sender:
                        self._sender = None
                    return None
            if sender.abandoned:
                return None
            sender.busy_since = time.monotonic()
            return self._queue.popleft()

    def _done(self, sender: _Sender, answered: bool) -> bool:
        """Count the capture `sender` sent; False if it was abandoned meanwhile (it was
        counted then, and the sender must stop)."""
        with self._changed:
            if sender.abandoned:
                return False
            sender.busy_since = None
            self._finished += 1
            self.answering = answered
            self._changed.notify_all()
            return True

    def _send_here(self, deadline: float) -> None:
        """Send on the calling thread (no thread could be started), within `deadline`."""
        transport_logs.quiet_this_thread()
        try:
            while self._queue and (remaining := deadline - time.monotonic()) > 0:
                capture = self._queue.popleft()
                self._changed.release()
                try:
                    answered = self._send(capture, remaining)
                finally:
                    self._changed.acquire()
                self._finished += 1
                self.answering = answered
        finally:
            transport_logs.unquiet_this_thread()

    def _send(self, capture: Capture, timeout: float | None) -> bool:
        """Send one capture; False when the server did not answer (logged the first time)."""
        try:
            capture.reporter.send(capture, timeout)
        except Exception as error:
            if not self._failure_logged:
                self._failure_logged = True
                _logger.warning(
                    "could not send a crash report (%s); later failures are not logged",
                    type(error).__name__,
                )
            return False
        return True


_delivery = Delivery()


def delivery() -> Delivery:
    """The delivery of this process."""
    return _delivery


def reset_after_fork() -> None:
    global _delivery
    _delivery = Delivery()


os.register_at_fork(after_in_child=reset_after_fork)
