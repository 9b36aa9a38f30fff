"""`init`, `shutdown` and `flush`: turning reporting on and off for this process.

What only `init` needs (the baked values, the environment rules, the settings) is imported
when it runs, so `import recover_runtime` stays cheap for code that only decorates.
"""

from __future__ import annotations

import math
import os
import threading
from typing import TYPE_CHECKING

from recover_runtime.delivery import delivery
from recover_runtime.reporter import Reporter
from recover_runtime.reporting import current_reporter, logger, replace_reporter

if TYPE_CHECKING:
    from recover_runtime.reporter import UserBeforeSend
    from recover_runtime.settings import Settings

DEFAULT_FLUSH_TIMEOUT = 2.0
DSN_VARIABLE = "SENTRY_DSN"


def init(
    dsn: str | None = None,
    *,
    opted_in: bool,
    context_name: str | None = None,
    context_version: str | None = None,
    release: str | None = None,
    environment: str | None = None,
    before_send: UserBeforeSend | None = None,
    flush_timeout: float = DEFAULT_FLUSH_TIMEOUT,
) -> bool:
    """Configure reporting for this process; returns whether it is now active.

    Active only when the user `opted_in`, a DSN is known (`dsn`, else `SENTRY_DSN`) and the
    environment may send (see `environment.py`; `environment` is the programmatic form of
    `SENTRY_ENVIRONMENT`). Calling it again reconfigures. `context_name`, `context_version`
    override the values baked into the wheel; `release` defaults to the context version.
    `before_send(event, hint)` runs after our privacy rules, which are applied again after it.
    Invalid arguments raise ValueError; a bad DSN from the environment only logs and returns
    False, so a user's environment can never stop the application.
    """
    from recover_runtime.baked import load_baked_values
    from recover_runtime.context_values import clean_context_name, clean_context_version
    from recover_runtime.environment import may_send, resolve_environment
    from recover_runtime.settings import Settings

    if not (math.isfinite(flush_timeout) and flush_timeout >= 0):
        raise ValueError(f"flush_timeout: expected a non-negative number, got {flush_timeout!r}")
    baked = load_baked_values()
    name = clean_context_name("context_name", context_name) or baked.context_name
    version = clean_context_version("context_version", context_version) or baked.context_version
    settings = None
    if opted_in:
        resolved = resolve_environment(
            built_for_production=baked.production, explicit=environment, environ=os.environ
        )
        chosen_dsn = (dsn if dsn is not None else os.environ.get(DSN_VARIABLE, "")).strip()
        if chosen_dsn and may_send(resolved):
            settings = Settings(
                dsn=chosen_dsn,
                environment=resolved,
                context_name=name,
                context_version=version,
                release=clean_context_version("release", release) or version,
                flush_timeout=float(flush_timeout),
            )
    reporter = _reporter_or_none(settings, before_send)
    _switch_to(reporter)
    return reporter is not None


def shutdown() -> None:
    """Send what is queued, waiting at most `flush_timeout`, and turn reporting off: the user
    opted out, so what still waits after that is discarded, never sent.

    Nothing is read from the environment afterwards; only a new `init` turns it back on.
    """
    _switch_to(None)


def flush(timeout: float | None = None) -> None:
    """Wait until what is queued now is sent, at most `timeout` seconds (default: the
    configured flush timeout). Never raises: a timeout that is not a number means the default,
    a negative one 0."""
    try:
        delivery().flush(_seconds(timeout))
    except Exception:
        logger.debug("flush failed", exc_info=True)


def _seconds(timeout: object) -> float:
    if timeout is not None:
        try:
            seconds = float(timeout)  # type: ignore[arg-type]  # anything float() accepts
        except (TypeError, ValueError):
            pass
        else:
            return min(seconds, threading.TIMEOUT_MAX) if seconds > 0 else 0.0
    reporter = current_reporter()
    return reporter.settings.flush_timeout if reporter else DEFAULT_FLUSH_TIMEOUT


def _reporter_or_none(
    settings: Settings | None, before_send: UserBeforeSend | None
) -> Reporter | None:
    if settings is None:
        return None
    reporter = Reporter(settings, before_send)
    try:
        reporter.connect()
    except Exception as error:  # e.g. a malformed DSN: the message names it without the key
        logger.warning("crash reporting disabled: %s", type(error).__name__)
        return None
    return reporter


def _switch_to(reporter: Reporter | None) -> None:
    """Make `reporter` active. Captures queued under the previous one are still sent with
    it (a reconfiguring `init` never waits); turning reporting off waits for them (bounded)
    and discards what is left."""
    from recover_runtime.settings import export_for_children

    previous = replace_reporter(reporter)
    export_for_children(reporter.settings if reporter else None, os.environ)
    if reporter is None and previous is not None and previous.pid == os.getpid():
        delivery().flush(previous.settings.flush_timeout)
        delivery().discard_pending()
