"""RCV101 and RCV102: threads, timers and `_thread`, which never hand an exception back.

An exception in a thread's target ends the thread with a traceback on stderr (if anyone
reads it) and nothing else: no caller sees it. So a thread's target is always reported
unless it is recovered, whatever the call site does with the `Thread` object (the spawn rule,
from the rows in `apis/stdlib.py`; targets handed on by subclasses are matched through the
class hierarchy, `resolution.classes`); and `run()` of a `threading.Thread` subclass is the
same code path, reported at its `def` (`rules.work_methods`, from the `WorkMethod` row of
`apis/stdlib.py`).
"""

from __future__ import annotations

from lint_recover.rules.registry import Rule, declare

THREAD_TARGET = Rule(
    code="RCV101",
    name="thread-target-not-recovered",
    summary="the target of a thread, a timer or `_thread.start_new_thread` is not recovered",
    message=(
        "thread target {target} is not recovered: an exception there is never reported; {remedy}"
    ),
    rationale=(
        "A thread hands nothing back to the code that started it: an exception in its target "
        "ends the thread with a line on stderr and is lost. `threading.Thread(target=...)`, "
        "`threading.Timer(interval, function)` and `_thread.start_new_thread(function, args)` "
        "are therefore always reported unless the target runs under `recover`, and so is the "
        "target a `Thread` or `Timer` subclass hands to `super().__init__(target=...)`, or that "
        "a project subclass without its own `run` is constructed with (`Worker(target=poll)`), "
        "when it has no `__init__` of its own or its `__init__` hands that parameter on to "
        "`Thread.__init__`."
    ),
    bad=(
        "import threading\n\n\n"
        "def poll():\n"
        '    raise RuntimeError("lost")\n\n\n'
        "threading.Thread(target=poll).start()\n"
    ),
    good=(
        "import threading\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover\n"
        "def poll():\n"
        '    raise RuntimeError("reported")\n\n\n'
        "threading.Thread(target=poll).start()\n"
    ),
    fix=(
        "Decorate the target's definition with `@recover` (innermost decorator), or wrap the "
        "argument at the call site: `Thread(target=recover(poll))`. `lint-recover fix` does "
        "the first when the target is defined in the project, else the second."
    ),
)

THREAD_RUN = Rule(
    code="RCV102",
    name="thread-run-not-recovered",
    summary="`run()` of a `threading.Thread` subclass is not recovered",
    message="thread method {target} ({where}) is not recovered: an exception there is never "
    "reported; {remedy}",
    rationale=(
        "`run()` of a `threading.Thread` subclass is the thread's whole body, so an exception "
        "in it is lost exactly like one in a `target=`. Subclasses are recognised through "
        "their bases, also when a base is defined in another module of the project."
    ),
    bad=(
        "import threading\n\n\n"
        "class Pump(threading.Thread):\n"
        "    def run(self):\n"
        '        raise RuntimeError("lost")\n'
    ),
    good=(
        "import threading\n\n"
        "from recover_runtime import recover\n\n\n"
        "class Pump(threading.Thread):\n"
        "    @recover\n"
        "    def run(self):\n"
        '        raise RuntimeError("reported")\n'
    ),
    fix="Decorate `run` with `@recover`, or make its body a single `with recover():` block.",
)

declare(THREAD_TARGET, THREAD_RUN)
