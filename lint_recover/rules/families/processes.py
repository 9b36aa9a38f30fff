"""RCV501: `multiprocessing.Process(target=...)`, whose exception dies with the child.

A child process reports an exception in its target only as a traceback on its own stderr
and a non-zero exit code; the parent never sees the exception. Always reported, whether the
process comes from `multiprocessing.Process` or a context (`get_context(...).Process`).
"""

from __future__ import annotations

from collections.abc import Iterator

from lint_recover.findings import Finding
from lint_recover.rules.common import RuleContext, argument_of
from lint_recover.rules.registry import Rule, register

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


def is_process_class(name: str) -> bool:
    """`multiprocessing.Process` and `<any multiprocessing context>.Process`."""
    return name.startswith("multiprocessing.") and name.endswith(".Process")


@register(PROCESS_TARGET)
def check_processes(context: RuleContext) -> Iterator[Finding]:
    """RCV501 for every process target: a child's exception never reaches the parent, so
    whether the `Process` object is kept does not matter."""
    for site, name in context.spawn_calls:
        if is_process_class(name):
            argument = argument_of(site, 1, "target")
            if argument is not None:
                yield from context.spawn_finding(site, argument, PROCESS_TARGET.code)
