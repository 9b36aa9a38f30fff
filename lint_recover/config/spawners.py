"""The `spawners` key: a team's own spawn APIs, as rows of the same table as the standard
library's (`apis.model.SpawnApi`).

The short form names the callable, where its work is and the code (`{ name = "jobs.run",
arg = 0 }`, `keyword = "job"`, `code = "RCV201"`); the code decides how the work's exception
comes back, as it does for the standard APIs of that code (an executor job or a task through
what the call returns, to whoever awaits or reads it; anything else never). The long form says
it itself: `returns = "never" | "result"`, `consumed-by = ["await", ".result", ...]`,
`work = "callable" | "coroutine"`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lint_recover.apis.model import FUTURE_FORMS, SpawnApi
from lint_recover.apis.table import STANDARD
from lint_recover.config.errors import DOTTED, ConfigError, kind

# The codes a spawner may report: those of the standard spawn APIs.
SPAWN_CODES = tuple(sorted(STANDARD.codes))
_RESULT_CODES = frozenset({"RCV201", "RCV301"})
_FIELDS = ("name", "arg", "keyword", "code", "returns", "consumed-by", "work")
_FORM = "'await', 'iterate', 'return' or a method like '.result'"


def parse_spawners(source: str, key: str, value: Any) -> tuple[SpawnApi, ...]:
    if not isinstance(value, list):
        raise ConfigError(source, key, f"expected a list of tables, got {kind(value)}")
    return tuple(_spawner(source, f"{key}[{index}]", item) for index, item in enumerate(value))


def _spawner(source: str, key: str, item: Any) -> SpawnApi:
    if not isinstance(item, Mapping):
        raise ConfigError(source, key, f"expected a table, got {kind(item)}")
    unknown = sorted(set(item) - set(_FIELDS))
    if unknown:
        raise ConfigError(
            source, key, f"unknown field {unknown[0]!r} (fields: {', '.join(_FIELDS)})"
        )
    name = item.get("name")
    if not isinstance(name, str) or not DOTTED.match(name):
        raise ConfigError(source, key, "'name' must be a dotted name like 'gevent.spawn'")
    code = item.get("code", "RCV101")
    if code not in SPAWN_CODES:
        raise ConfigError(
            source, key, f"'code' must be one of {', '.join(SPAWN_CODES)}, got {code!r}"
        )
    position, keyword = _where(source, key, item)
    returns = item.get("returns", "result" if code in _RESULT_CODES else "never")
    if returns not in ("never", "result"):
        raise ConfigError(source, key, f"'returns' must be 'never' or 'result', got {returns!r}")
    work = item.get("work", "coroutine" if code == "RCV301" else "callable")
    if work not in ("callable", "coroutine"):
        raise ConfigError(source, key, f"'work' must be 'callable' or 'coroutine', got {work!r}")
    consumed_by = _forms(source, key, item.get("consumed-by"), returns)
    return SpawnApi(
        name,
        code,
        position,
        keyword,
        returns=returns,
        consumed_by=consumed_by,
        work=work,
        origin="configuration",
    )


def _where(source: str, key: str, item: Mapping[str, Any]) -> tuple[int | None, str | None]:
    position = item.get("arg")
    if position is not None and (type(position) is not int or position < 0):
        raise ConfigError(source, key, f"'arg' must be a non-negative integer, got {position!r}")
    keyword = item.get("keyword")
    if keyword is not None and (not isinstance(keyword, str) or not keyword.isidentifier()):
        raise ConfigError(source, key, f"'keyword' must be an identifier, got {keyword!r}")
    if position is None and keyword is None:
        raise ConfigError(source, key, "needs 'arg' (a position) or 'keyword' to find the target")
    return position, keyword


def _forms(source: str, key: str, value: Any, returns: str) -> frozenset[str]:
    if value is None:
        return FUTURE_FORMS if returns == "result" else frozenset()
    if not isinstance(value, list) or not all(isinstance(form, str) for form in value):
        raise ConfigError(source, key, f"'consumed-by' must be a list of {_FORM}")
    for form in value:
        method = form[1:] if form.startswith(".") else ""
        if form not in ("await", "iterate", "return") and not method.isidentifier():
            raise ConfigError(source, key, f"'consumed-by' holds {form!r}; each is {_FORM}")
    return frozenset(value)
