"""RCV401: API entrypoints, where a request's exception must be reported, not lost.

An entrypoint is a public function of a module matched by the `entrypoints` globs
(relative to the project root, `**` spanning directories), or any function carrying one of
the `entrypoint-decorators` (resolved through imports, so `@app.route(...)` with
`app = Flask(...)` is `flask.Flask.route`). Reported at the `def` line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lint_recover import apis
from lint_recover.facts.model import CallRef, FunctionFacts
from lint_recover.findings import Finding
from lint_recover.resolution.values import Function
from lint_recover.rules.context import RuleContext
from lint_recover.rules.registry import Rule, register

ENTRYPOINT = Rule(
    code="RCV401",
    name="entrypoint-not-recovered",
    summary="an API entrypoint (configured by module glob or decorator) is not recovered",
    message="API entrypoint {target} ({where}) is not recovered: an exception there is not "
    "reported as this entrypoint's crash; {remedy}",
    rationale=(
        "Entrypoints are where the outside world calls in (a service's API, a CLI command, a "
        "request handler): like `defer LogOnPanic()` at the top of a Go API function, each one "
        "reports its own unhandled exceptions. Which functions are entrypoints is configured: "
        "`entrypoints` globs select modules whose public top-level functions are entrypoints, "
        "`entrypoint-decorators` select functions by decorator."
    ),
    bad=(
        "# pyproject.toml: [tool.lint-recover] entrypoint-decorators = ['api.endpoint']\n"
        "from api import endpoint\n\n\n"
        "@endpoint\n"
        "def create_order(payload):\n"
        '    raise KeyError("sku")\n'
    ),
    good=(
        "# pyproject.toml: [tool.lint-recover] entrypoint-decorators = ['api.endpoint']\n"
        "from api import endpoint\n"
        "from recover_runtime import recover\n\n\n"
        "@endpoint\n"
        "@recover\n"
        "def create_order(payload):\n"
        '    raise KeyError("sku")\n'
    ),
    fix="Decorate the entrypoint with `@recover` as its innermost decorator.",
)


@lru_cache(maxsize=256)
def glob_pattern(glob: str) -> re.Pattern[str]:
    """A root-relative POSIX glob as a regex: `**/` spans any directories (also none),
    `*` and `?` stay within one path segment."""
    parts: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index):
            parts.append(".*")
            index += 2
        elif glob[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif glob[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(glob[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")


def matches_entrypoints(relative: str, globs: tuple[str, ...]) -> bool:
    """Whether the project-relative path matches one of the `entrypoints` globs (a leading
    `./` is ignored, so `./jobs/*.py` and `jobs/*.py` mean the same)."""
    return any(glob_pattern(glob.removeprefix("./") or glob).match(relative) for glob in globs)


@register(ENTRYPOINT)
def check_entrypoints(context: RuleContext) -> Iterator[Finding]:
    """RCV401 for each unrecovered entry point: the module-level public functions of a file
    matching `entrypoints`, and any function decorated with an `entrypoint-decorators` one.
    Nothing to do (and no resolution) when neither is configured."""
    facts, config = context.facts, context.config
    if not (config.entrypoints or config.entrypoint_decorators):
        return
    whole_module = matches_entrypoints(context.messages.relative(facts.path), config.entrypoints)
    decorators = frozenset(apis.canonical(name) for name in config.entrypoint_decorators)
    for key, known in facts.functions.items():
        public = known.parent_scope == 0 and not known.name.startswith("_")
        if not (whole_module and public) and not _decorated(context, known, decorators):
            continue
        found = context.unrecovered_definition(ENTRYPOINT.code, Function(facts.module, key))
        if found is not None:
            yield found


def _decorated(context: RuleContext, known: FunctionFacts, decorators: frozenset[str]) -> bool:

    if not decorators:
        return False
    for decorator in known.decorators:
        callee = decorator.func if isinstance(decorator, CallRef) else decorator
        value = context.resolver.resolve(context.facts, callee, known.parent_scope, known.line)
        if context.resolver.qualified_name(value) in decorators:
            return True
    return False
