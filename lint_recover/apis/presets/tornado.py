"""tornado: IOLoop callbacks and periodic callbacks.

tornado runs a callback inside its own `try` and logs what it raises ("Exception in
callback"), bypassing asyncio's exception handler: nothing comes back, like an asyncio loop
callback. `run_in_executor` keeps the exception in the future it returns. The loop is usually
reached through `IOLoop.current()` or kept as `self.io_loop`.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import FUTURE_FORMS, Preset, SpawnApi, named, on

NAME = "tornado"
IOLOOP = "tornado.ioloop.IOLoop"
_LOOP = (IOLOOP,)

_SOON = SpawnApi("", "RCV701", 0, "callback", called_with="trailing", origin=NAME)
_LATER = replace(_SOON, position=1)
_SOON_METHODS = ("add_callback", "spawn_callback", "add_callback_from_signal")

PRESET = Preset(
    name=NAME,
    library="tornado",
    mentions=("tornado",),
    prefixes=("tornado.",),
    distributions=("tornado",),
    rows=(
        *(row for method in _SOON_METHODS for row in on(_SOON, _LOOP, method)),
        *on(_LATER, _LOOP, "call_later"),
        *on(_LATER, _LOOP, "call_at"),
        *on(_LATER, _LOOP, "add_timeout"),
        *on(replace(_LATER, called_with="value"), _LOOP, "add_future"),
        *named(replace(_SOON, called_with="arguments"), "tornado.ioloop.PeriodicCallback"),
        *on(
            replace(
                _LATER, code="RCV702", keyword="func", returns="result", consumed_by=FUTURE_FORMS
            ),
            _LOOP,
            "run_in_executor",
        ),
    ),
    returns={f"{IOLOOP}.current": IOLOOP, f"{IOLOOP}.instance": IOLOOP},
    methods={
        method: f"{IOLOOP}.{method}" for method in (*_SOON_METHODS, "add_timeout", "add_future")
    },
    receivers={name: IOLOOP for name in ("io_loop", "_io_loop", "ioloop", "_ioloop")},
)
