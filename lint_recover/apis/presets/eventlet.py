"""eventlet: green threads and green pools.

`spawn` gives a `GreenThread` whose `wait()` raises the function's exception; nothing else
does (the hub prints it). `spawn_n` keeps nothing: the hub prints the exception and goes on,
like a loop callback. `GreenPool.imap` raises it to whoever iterates its results.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import ITERATE, RETURN, Preset, SpawnApi, named, on

NAME = "eventlet"
_POOL = ("eventlet.GreenPool",)

_SPAWN = SpawnApi(
    "",
    "RCV702",
    0,
    "func",
    returns="result",
    consumed_by=frozenset({".wait", RETURN}),
    called_with="trailing",
    origin=NAME,
)
_SPAWN_N = SpawnApi("", "RCV701", 0, "func", called_with="trailing", origin=NAME)

PRESET = Preset(
    name=NAME,
    library="eventlet",
    mentions=("eventlet",),
    prefixes=("eventlet.",),
    distributions=("eventlet",),
    rows=(
        *named(_SPAWN, "eventlet.spawn"),
        *named(replace(_SPAWN, position=1), "eventlet.spawn_after"),
        *named(_SPAWN_N, "eventlet.spawn_n"),
        *on(replace(_SPAWN, keyword="function"), _POOL, "spawn"),
        *on(replace(_SPAWN_N, keyword="function"), _POOL, "spawn_n"),
        *on(replace(_SPAWN, keyword="function", consumed_by=frozenset({ITERATE})), _POOL, "imap"),
    ),
    modules={"eventlet.greenthread": "eventlet", "eventlet.greenpool": "eventlet"},
    # `pool.spawn(eventlet.sleep, 10)`: a green thread killed in it gets `GreenletExit`.
    cannot_raise=frozenset({"eventlet.sleep"}),
)
