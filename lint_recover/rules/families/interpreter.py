"""RCV601 and RCV602: callbacks the interpreter runs itself (their rows in `apis/stdlib.py`).

A signal handler runs between two bytecodes of whatever the main thread was doing: its
exception is raised there, into code that knows nothing of it, where an unrelated `except`
may swallow it. Exit callbacks (`atexit`) and collection callbacks (`weakref.finalize`) run
with no caller at all: their exceptions are only printed, through `sys.unraisablehook`.
"""

from __future__ import annotations

from lint_recover.rules.registry import Rule, declare

SIGNAL_HANDLER = Rule(
    code="RCV601",
    name="signal-handler-not-recovered",
    summary="a signal handler set with `signal.signal` is not recovered",
    message=(
        "signal handler {target} is not recovered: its exception is raised into whatever code "
        "the signal interrupted, which may swallow it; {remedy}"
    ),
    rationale=(
        "Python runs a signal handler in the main thread, between two bytecodes of whatever it "
        "was doing. An exception escaping the handler is raised there, in code that did not "
        "expect it: an unrelated `except Exception` may swallow it, or it ends the program "
        "with a traceback pointing at innocent code. A handler that only sets a flag, an event "
        "or calls `sys.exit` cannot raise and needs nothing; `SIG_IGN`/`SIG_DFL` are no handlers."
    ),
    bad=(
        "import signal\n\n\n"
        "def reload_config(signum, frame):\n"
        '    raise OSError("config unreadable")\n\n\n'
        "signal.signal(signal.SIGHUP, reload_config)\n"
    ),
    good=(
        "import signal\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover(reraise=False)\n"
        "def reload_config(signum, frame):\n"
        '    raise OSError("config unreadable")\n\n\n'
        "signal.signal(signal.SIGHUP, reload_config)\n"
    ),
    fix=(
        "Decorate the handler with `@recover` (`reraise=False` if the interrupted code must not "
        "see the exception), or pass `recover(handler)`."
    ),
)

EXIT_CALLBACK = Rule(
    code="RCV602",
    name="exit-callback-not-recovered",
    summary="a callback run at exit (`atexit.register`) or at collection (`weakref.finalize`) "
    "is not recovered",
    message=(
        "exit or finalizer callback {target} is not recovered: its exception is only printed "
        "by the interpreter; {remedy}"
    ),
    rationale=(
        "The interpreter calls `atexit` functions while it shuts down and `weakref.finalize` "
        "callbacks when an object is collected (or at exit). No code of the application is "
        "there to receive an exception: it is printed through `sys.unraisablehook` (or as "
        "'Error in atexit._run_exitfuncs') and lost. `install_hooks()` reports what reaches "
        "`sys.unraisablehook`; recovering the callback reports it with its own stack."
    ),
    bad=(
        "import atexit\n\n\n"
        "def flush_metrics():\n"
        '    raise ConnectionError("metrics server gone")\n\n\n'
        "atexit.register(flush_metrics)\n"
    ),
    good=(
        "import atexit\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover\n"
        "def flush_metrics():\n"
        '    raise ConnectionError("metrics server gone")\n\n\n'
        "atexit.register(flush_metrics)\n"
    ),
    fix="Decorate the callback with `@recover`, or pass `recover(callback)`.",
)

declare(SIGNAL_HANDLER, EXIT_CALLBACK)
