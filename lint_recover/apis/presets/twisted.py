"""twisted: the reactor's calls, threads and Deferreds.

The reactor logs what a timed call (`callLater`), a call from a thread or a call in its
thread pool raises, and goes on: nothing comes back, like a loop callback. A Deferred keeps
its failure and passes it down its chain: an errback (`addErrback`, `addBoth`,
`addCallbacks`) handles it, so does the code that awaits or yields it (under
`inlineCallbacks`) or gets it returned; otherwise it is logged as "Unhandled error in
Deferred" when the Deferred is collected. So everything that puts work into a Deferred
(`deferToThread`, `maybeDeferred`, `deferLater`, `ensureDeferred`, a `LoopingCall`, and each
`addCallback`, whose callback's failure goes down the same chain) is like an executor job:
reported unless the chain ends in one of those. `addCallback` returns the Deferred itself and
`LoopingCall.start` the Deferred that fails with the call, so an errback added to what they
return counts.
"""

from __future__ import annotations

from dataclasses import replace

from lint_recover.apis.model import AWAIT, RETURN, Preset, SpawnApi, named, on

NAME = "twisted"
DEFERRED = "twisted.internet.defer.Deferred"
REACTOR = "twisted.internet.reactor"
_HANDLED = frozenset({AWAIT, RETURN, ".addErrback", ".addBoth", ".addCallbacks"})
_CHAIN = frozenset({"addCallback"})

_DEFERRED = SpawnApi(
    "",
    "RCV702",
    0,
    "f",
    returns="result",
    consumed_by=_HANDLED,
    chained_by=_CHAIN,
    called_with="trailing",
    origin=NAME,
)
_CALL = SpawnApi("", "RCV701", 0, "f", called_with="trailing", origin=NAME)
_REACTOR_CALLS = ("callLater", "callFromThread", "callInThread", "callWhenRunning")
_DEFERRING = (
    "twisted.internet.threads.deferToThread",
    "twisted.internet.threads.deferToThreadPool",
    "twisted.internet.defer.maybeDeferred",
    "twisted.internet.task.deferLater",
    "twisted.internet.defer.ensureDeferred",
    f"{DEFERRED}.fromCoroutine",
)

PRESET = Preset(
    name=NAME,
    library="twisted",
    mentions=("twisted",),
    prefixes=("twisted.",),
    distributions=("Twisted",),
    rows=(
        *named(_DEFERRED, "twisted.internet.threads.deferToThread"),
        *named(replace(_DEFERRED, position=2), "twisted.internet.threads.deferToThreadPool"),
        *named(_DEFERRED, "twisted.internet.defer.maybeDeferred"),
        *named(
            replace(_DEFERRED, position=2, keyword="callable"), "twisted.internet.task.deferLater"
        ),
        *named(
            replace(_DEFERRED, keyword="coro", work="coroutine"),
            "twisted.internet.defer.ensureDeferred",
            f"{DEFERRED}.fromCoroutine",
        ),
        *named(
            replace(_DEFERRED, called_with="arguments", chained_by=frozenset({"start"})),
            "twisted.internet.task.LoopingCall",
        ),
        *on(replace(_DEFERRED, keyword="callback", called_with="value"), [DEFERRED], "addCallback"),
        *named(replace(_CALL, position=1, keyword="callable"), f"{REACTOR}.callLater"),
        *named(_CALL, f"{REACTOR}.callFromThread"),
        *named(replace(_CALL, keyword=None), f"{REACTOR}.callInThread"),
        *named(replace(_CALL, keyword="callable"), f"{REACTOR}.callWhenRunning"),
    ),
    returns={
        **{name: DEFERRED for name in _DEFERRING},
        **{f"{DEFERRED}.{method}": DEFERRED for method in ("addCallback", "addErrback", "addBoth")},
        "twisted.internet.task.LoopingCall.start": DEFERRED,
    },
    methods={
        "addCallback": f"{DEFERRED}.addCallback",
        **{method: f"{REACTOR}.{method}" for method in _REACTOR_CALLS},
    },
    # `reactor.callLater(0, d.callback, result)`, twisted's way to fire a Deferred later.
    cannot_raise=frozenset({f"{DEFERRED}.callback", f"{DEFERRED}.errback"}),
)
