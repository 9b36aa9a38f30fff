"""RCV701, RCV702 and RCV703: work started through a third-party library (the built-in
presets, `apis/presets/`), by how its exception comes back.

Three codes, by the three ways the standard library's spawn APIs already split, so that a
code says what to do about it whatever the library:
- RCV701, a callback the library runs and whose exception it only logs or prints (a tornado
  or twisted reactor callback, a Qt slot or timer, a tkinter `after`, a GLib source, an
  eventlet `spawn_n`): nothing comes back, like an asyncio loop callback (RCV302), so it is
  always reported unless recovered;
- RCV702, work whose exception the library keeps in what the call returns (a greenlet, a
  green thread, a Deferred, a dask future): like an executor job (RCV201), reported unless
  that result is consumed in a way that raises or handles the exception (`get()`, an
  errback, `result()`, awaiting it, returning it);
- RCV703, a method the library runs as the work of a subclass (`Greenlet._run`,
  `QThread.run`, `QRunnable.run`): like `Thread.run` (RCV102), reported at its `def`.
"""

from __future__ import annotations

from lint_recover.rules.registry import Rule, declare

LIBRARY_CALLBACK = Rule(
    code="RCV701",
    name="library-callback-not-recovered",
    summary="a callback a third-party library runs and only logs the exception of (tornado "
    "`add_callback`, twisted `callLater`, Qt `singleShot` and slots, tkinter `after`, GLib "
    "`idle_add`, ...) is not recovered",
    message=(
        "callback {target} given to {api} is not recovered: the library only logs or prints "
        "an exception there; {remedy}"
    ),
    rationale=(
        "tornado logs what an IOLoop callback raises ('Exception in callback'), twisted's "
        "reactor what a timed call or a call in its thread pool raises, Qt and tkinter print "
        "what a slot, a timer or an `after` callback raises, GLib what an idle or timeout "
        "source raises, eventlet what a `spawn_n` raises; then the loop goes on. No code that "
        "started the work sees the exception, and the standard hooks see it at best as a "
        "printed traceback. So such a callback is reported unless it runs under `recover`. "
        "A preset is on in every module of a project that declares its library as a dependency, "
        "and else in a module that imports it (`presets` in the configuration "
        "turns it off or on everywhere); a library's own callables given as a Qt, tkinter or "
        "GLib callback (`self.close`, a signal, `root.destroy`) run in C or C++ and are not "
        "reported."
    ),
    bad=(
        "from tornado.ioloop import IOLoop\n\n\n"
        "def refresh():\n"
        '    raise ConnectionError("lost")\n\n\n'
        "IOLoop.current().add_callback(refresh)\n"
    ),
    good=(
        "from tornado.ioloop import IOLoop\n\n"
        "from recover_runtime import recover\n\n\n"
        "def refresh():\n"
        '    raise ConnectionError("reported")\n\n\n'
        "IOLoop.current().add_callback(recover(refresh))\n"
    ),
    fix="Decorate the callback with `@recover`, or pass `recover(callback)`.",
)

LIBRARY_RESULT = Rule(
    code="RCV702",
    name="library-result-not-consumed",
    summary="work whose exception a third-party library keeps in what the call returns (a "
    "greenlet, a green thread, a Deferred, a dask future) is not recovered and that result "
    "is not consumed",
    message=(
        "{target} given to {api} is not recovered and what the call returns is not "
        "consumed where it is made: the library keeps the exception there, where nobody "
        "reads it; {remedy}"
    ),
    rationale=(
        "A gevent greenlet and an eventlet green thread keep their function's exception "
        "(after the hub has printed it) until `get()` or `wait()` raises it; a Deferred keeps "
        "its failure until an errback handles it, and logs 'Unhandled error in Deferred' when "
        "it is collected without one; a dask future keeps its task's exception until "
        "`result()`, `client.gather` or `await` raises it. Like an executor job, such a spawn "
        "is reported unless it is recovered or its result is consumed in one of those ways, "
        "where it is made or through the variable or attribute it is kept in, or returned to "
        "the caller (a Deferred yielded under `inlineCallbacks` included). A Deferred's "
        "`addCallback` returns the same Deferred, so a chain ending in `addErrback`, "
        "`addBoth` or `addCallbacks` is consumed, and so is the callback of each "
        "`addCallback` before it."
    ),
    bad=(
        "import gevent\n\n\n"
        "def fetch():\n"
        '    raise ConnectionError("lost")\n\n\n'
        "gevent.spawn(fetch)\n"
    ),
    good=(
        "import gevent\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover\n"
        "def fetch():\n"
        '    raise ConnectionError("reported")\n\n\n'
        "gevent.spawn(fetch)\n"
    ),
    fix=(
        "Decorate the work with `@recover` (or pass `recover(work)`), or consume the result "
        "where it is made: `greenlet.get()`, `green_thread.wait()`, an errback at the end of "
        "the Deferred's chain, `future.result()`."
    ),
)

LIBRARY_WORK_METHOD = Rule(
    code="RCV703",
    name="library-work-method-not-recovered",
    summary="a method a third-party library runs as the work of a subclass (gevent "
    "`Greenlet._run`, Qt `QThread.run` and `QRunnable.run`) is not recovered",
    message=(
        "method {target} ({where}) is the work {base} runs and is not recovered: an exception "
        "there is only printed; {remedy}"
    ),
    rationale=(
        "`_run()` of a gevent `Greenlet` subclass is the greenlet's whole body; `run()` of a "
        "Qt `QThread` or `QRunnable` subclass is the body of the thread or of the pool's job. "
        "An exception there is printed by the hub or by the Qt binding and lost, like one in "
        "`run()` of a `threading.Thread` subclass. Subclasses are recognised through their "
        "bases, also across modules; the object handed to a thread pool (`pool.start(worker)`)"
        " is then judged here, not where it is handed over."
    ),
    bad=(
        "from PyQt5.QtCore import QThread\n\n\n"
        "class Loader(QThread):\n"
        "    def run(self):\n"
        '        raise OSError("lost")\n'
    ),
    good=(
        "from PyQt5.QtCore import QThread\n\n"
        "from recover_runtime import recover\n\n\n"
        "class Loader(QThread):\n"
        "    @recover\n"
        "    def run(self):\n"
        '        raise OSError("reported")\n'
    ),
    fix="Decorate the method with `@recover`, or make its body a single `with recover():` block.",
)

declare(LIBRARY_CALLBACK, LIBRARY_RESULT, LIBRARY_WORK_METHOD)
