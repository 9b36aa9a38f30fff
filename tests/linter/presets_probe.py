"""Checks one preset against the library it describes, in a fresh interpreter of its own
(`python -m tests.linter.presets_probe NAME`; Qt's bindings cannot share one process, and
importing twisted's reactor installs it): every name the preset uses exists in the installed
library, and every row's work position and keyword fit the callable's real signature (read by
`inspect`, else from the signature lines a compiled binding writes into its docstring, one
per overload). Prints `{"checked": N, "problems": [...]}` as JSON."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
import sys
import warnings
from collections.abc import Callable
from typing import Any

from lint_recover.apis.model import Preset, SpawnApi
from lint_recover.apis.presets import BY_NAME

P = inspect.Parameter
# One parameter: its name and kind (`inspect.Parameter.POSITIONAL_ONLY`, ...).
Param = tuple[str, Any]
_POSITIONAL = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
_BY_KEYWORD = (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY)


def resolve(name: str) -> Any:
    """The object a qualified name names: the longest importable module, then attributes."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            found = getattr(found, part)
        return found
    raise ImportError(name)


def signatures(obj: Any, method: bool) -> list[list[Param]]:
    """The parameter lists `obj` can be called with (after the instance, for a `method`)."""
    try:
        found = [[(p.name, p.kind) for p in inspect.signature(obj).parameters.values()]]
    except (TypeError, ValueError):
        found = _documented(obj)
    return [
        params[1:] if method and params[:1] == [("self", params[0][1])] else params
        for params in found
    ]


def _documented(obj: Any) -> list[list[Param]]:
    """Signatures from docstring lines `name(params) -> ...` (sip and shiboken write them)."""
    name = getattr(obj, "__name__", "")
    found = []
    for line in (getattr(obj, "__doc__", None) or "").splitlines():
        match = re.match(rf"^\s*{re.escape(name)}\((.*)\)(\s*->.*)?$", line)
        if match is None:
            continue
        try:
            arguments = ast.parse(f"def f({match[1]}): pass").body[0].args  # type: ignore[attr-defined]
        except SyntaxError:
            continue
        found.append(_params(arguments))
    return found


def _params(arguments: ast.arguments) -> list[Param]:
    params: list[Param] = [(a.arg, P.POSITIONAL_ONLY) for a in arguments.posonlyargs]
    params += [(a.arg, P.POSITIONAL_OR_KEYWORD) for a in arguments.args]
    if arguments.vararg is not None:
        params.append((arguments.vararg.arg, P.VAR_POSITIONAL))
    params += [(a.arg, P.KEYWORD_ONLY) for a in arguments.kwonlyargs]
    return params


def fits(row: SpawnApi, params: list[Param]) -> bool:
    """Whether a call with `params` takes its work where `row` says: at `position` (a
    positional parameter there, or a `*args` that starts at or before it, then without a
    keyword), and as `keyword` when the row names one (that parameter's name)."""
    if row.position is None:
        return any(name == row.keyword and kind in _BY_KEYWORD for name, kind in params)
    if row.position < len(params) and params[row.position][1] in _POSITIONAL:
        name, kind = params[row.position]
        return row.keyword is None or (name == row.keyword and kind in _BY_KEYWORD)
    starred = [index for index, (_, kind) in enumerate(params) if kind == P.VAR_POSITIONAL]
    return bool(starred) and starred[0] <= row.position and row.keyword is None


def check(preset: Preset) -> tuple[int, list[str]]:
    """How many names were checked, and what does not hold."""
    checks: list[tuple[str, Callable[[], bool]]] = []
    rows = {row.name for row in preset.rows}
    for row in preset.rows:
        checks.append((f"row {row.name} at {row.position}/{row.keyword}", _row_check(row)))
    for work in preset.work_methods:
        checks.append(
            (f"work method {work.cls}.{work.method}", _method_check(work.cls, work.method))
        )
    for call, cls in preset.returns.items():
        checks.append((f"returns {call}", lambda c=call: callable(resolve(c))))
        checks.append((f"returned class {cls}", lambda c=cls: isinstance(resolve(c), type)))
    for private, public in preset.modules.items():
        checks.append((f"module {private} -> {public}", lambda a=private, b=public: _modules(a, b)))
    for method, api in preset.methods.items():
        checks.append((f"convention {method} -> {api}", lambda a=api: a in rows))
    for cls in set(preset.receivers.values()):
        checks.append((f"receiver class {cls}", lambda c=cls: isinstance(resolve(c), type)))
    for name in preset.cannot_raise:
        checks.append((f"cannot raise {name}", lambda n=name: callable(resolve(n))))
    problems = []
    for what, holds in checks:
        try:
            if not holds():
                problems.append(what)
        except Exception as error:  # a missing name: the problem to report
            problems.append(f"{what}: {type(error).__name__}: {error}")
    return len(checks), problems


def _row_check(row: SpawnApi) -> Callable[[], bool]:
    return lambda: any(fits(row, params) for params in signatures(resolve(row.name), row.method))


def _method_check(cls: str, method: str) -> Callable[[], bool]:
    return lambda: isinstance(resolve(cls), type) and callable(getattr(resolve(cls), method))


def _modules(private: str, public: str) -> bool:
    return bool(importlib.import_module(private) and importlib.import_module(public))


if __name__ == "__main__":
    warnings.simplefilter("ignore")  # eventlet's deprecation notice, Qt's, dask's
    checked, problems = check(BY_NAME[sys.argv[1]])
    print(json.dumps({"checked": checked, "problems": problems}))
