"""Which environment a process reports as, and whether that environment may send at all.

Rules (DESIGN.md, "Runtime"): `production` only from build time; otherwise the run-time
`SENTRY_ENVIRONMENT` (or `init(environment=...)`), where `production` is ignored; nothing
means `development`. `development` and `ci-pr` are dropped: nothing leaves the process. A value
outside the known set is treated as dropped too (with a warning), because sending is the
exception that must be asked for precisely, not the default of a typo.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

PRODUCTION = "production"
DEVELOPMENT = "development"
SENDING = frozenset({PRODUCTION, "ci-main", "ci-nightly"})
DROPPED = frozenset({DEVELOPMENT, "ci-pr"})
VARIABLE = "SENTRY_ENVIRONMENT"

_logger = logging.getLogger("recover_runtime")


def resolve_environment(
    *, built_for_production: bool, explicit: str | None, environ: Mapping[str, str]
) -> str:
    """The environment name for this `init`: build time wins, then run time, else development."""
    if built_for_production:
        return PRODUCTION
    raw = explicit if explicit is not None else environ.get(VARIABLE, "")
    value = raw.strip().lower()
    if not value or value == PRODUCTION:
        return DEVELOPMENT
    if value not in SENDING | DROPPED:
        _logger.warning(
            "%s=%r is not one of %s; treated as %s (nothing is sent)",
            VARIABLE,
            raw,
            ", ".join(sorted(SENDING | DROPPED)),
            DEVELOPMENT,
        )
        return DEVELOPMENT
    return value


def may_send(environment: str) -> bool:
    """Whether events of this environment may leave the process."""
    return environment in SENDING
