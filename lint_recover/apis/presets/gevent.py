"""gevent: greenlets, pools and the hub.

A greenlet that dies of an exception has it printed by the hub ("... failed with ...") and
kept on the greenlet, where only `get()` raises it again (or a `link_exception` callback
receives it); `join()` and `joinall()` without `raise_error` do not. So a spawn is like an
executor job: reported unless its greenlet is consumed that way or returned to a caller.
`spawn_raw` keeps nothing: like a loop callback. A `Greenlet` subclass's `_run` is the
greenlet's whole body.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import RETURN, Preset, SpawnApi, WorkMethod, named, on

NAME = "gevent"
GREENLET = "gevent.Greenlet"
_POOLS = ("gevent.pool.Group", "gevent.pool.Pool")
_GREENLET_FORMS = frozenset({".get", ".link_exception", RETURN})

_SPAWN = SpawnApi(
    "",
    "RCV702",
    0,
    None,
    returns="result",
    consumed_by=_GREENLET_FORMS,
    called_with="trailing",
    origin=NAME,
)
# `apply_async` and a thread pool's `spawn` give an `AsyncResult`: its `get()` raises.
_ASYNC_RESULT = replace(_SPAWN, keyword="func", consumed_by=frozenset({".get", RETURN}))

PRESET = Preset(
    name=NAME,
    library="gevent",
    mentions=("gevent",),
    prefixes=("gevent.",),
    distributions=("gevent",),
    rows=(
        *named(_SPAWN, "gevent.spawn", f"{GREENLET}.spawn"),
        *named(replace(_SPAWN, position=1), "gevent.spawn_later", f"{GREENLET}.spawn_later"),
        *named(replace(_SPAWN, keyword="run", called_with="arguments"), GREENLET),
        *on(_SPAWN, _POOLS, "spawn"),
        *on(_ASYNC_RESULT, _POOLS, "apply_async"),
        *on(_ASYNC_RESULT, ["gevent.threadpool.ThreadPool"], "spawn"),
        *named(
            SpawnApi("", "RCV701", 0, "function", called_with="trailing", origin=NAME),
            "gevent.spawn_raw",
        ),
    ),
    work_methods=(WorkMethod(GREENLET, "_run", "RCV703", origin=NAME),),
    modules={"gevent.greenlet": "gevent"},
    # `pool.spawn(gevent.sleep, 10)`: a greenlet killed in it gets `GreenletExit`, no `Exception`.
    cannot_raise=frozenset({"gevent.sleep"}),
)
