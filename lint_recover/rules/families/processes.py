"""RCV501: `multiprocessing.Process(target=...)`, whose exception dies with the child.

A child process reports an exception in its target only as a traceback on its own stderr
and a non-zero exit code; the parent never sees the exception. Always reported, whether the
process comes from `multiprocessing.Process` or a context (`get_context(...).Process`).
"""

from __future__ import annotations

from lint_recover.rules.registry import Rule, declare

PROCESS_TARGET = Rule(
    code="RCV501",
    name="process-target-not-recovered",
    summary="the target of a `multiprocessing.Process` is not recovered",
    message=(
        "process target {target} is not recovered: an exception there dies with the child "
        "process; {remedy}"
    ),
    rationale=(
        "An exception in a child process's target is printed on the child's stderr and turned "
        "into an exit code; the parent never sees it. The recover primitive works in children "
        "(fork and spawn), so the target should run under it."
    ),
    bad=(
        "import multiprocessing\n\n\n"
        "def crunch():\n"
        '    raise MemoryError("lost")\n\n\n'
        'if __name__ == "__main__":\n'
        "    multiprocessing.Process(target=crunch).start()\n"
    ),
    good=(
        "import multiprocessing\n\n"
        "from recover_runtime import recover\n\n\n"
        "@recover\n"
        "def crunch():\n"
        '    raise MemoryError("reported")\n\n\n'
        'if __name__ == "__main__":\n'
        "    multiprocessing.Process(target=crunch).start()\n"
    ),
    fix="Decorate the target with `@recover`, or pass `target=recover(crunch)`.",
)

declare(PROCESS_TARGET)
