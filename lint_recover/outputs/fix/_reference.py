"""How a fixed module refers to the recover function, and which import that needs.

The fix must read like code a person wrote: reuse the module's own import of a recover
function (alias included), else add one import of the first configured function. A name
that the module already uses for anything else is never taken over, because a decorator
`@recover` that silently resolves to a local `recover` would be worse than no fix at all;
the qualified form (`import recover_runtime` + `recover_runtime.recover`) or a free alias is
used instead.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecoverReference:
    """The expression naming the recover function in one module (`recover`, `rc`,
    `recover_runtime.recover`) and the import statement to add for it, if any."""

    expression: str
    import_statement: str | None

    def expression_tree(self) -> ast.expr:
        """The reference as an `ast` expression, for recognising it in trees."""
        return ast.parse(self.expression, mode="eval").body


def choose_reference(
    tree: ast.Module, recover_functions: Sequence[str], first_edit_line: int
) -> RecoverReference:
    """Pick the reference for `tree`: an existing import that is bound before
    `first_edit_line` and never rebound, else a new import under a free name."""
    names = _names_in(tree, recover_functions)
    existing = _existing_reference(tree, recover_functions, first_edit_line, names)
    if existing is not None:
        return existing
    return _new_reference(recover_functions[0], names)


def recover_references(tree: ast.Module, recover_functions: Sequence[str]) -> set[str]:
    """Every expression text that names a recover function in `tree` through its imports
    (used to see that a definition or argument is already recovered)."""
    references = set(recover_functions)
    for statement in tree.body:
        for expression, _ in _import_references(statement, recover_functions):
            references.add(expression)
    return references


def _existing_reference(
    tree: ast.Module, recover_functions: Sequence[str], first_edit_line: int, names: _Names
) -> RecoverReference | None:
    for statement in tree.body:
        if statement.lineno >= first_edit_line:
            break
        for expression, bound_name in _import_references(statement, recover_functions):
            if bound_name not in names.rebound:
                return RecoverReference(expression, None)
    return None


def _new_reference(function: str, names: _Names) -> RecoverReference:
    module, _, name = function.rpartition(".")
    if not module:  # a bare name (a builtin-like hook): nothing to import
        return RecoverReference(name, None)
    if name not in names.used:
        return RecoverReference(name, f"from {module} import {name}")
    top = module.split(".")[0]
    if top not in names.rebound:  # free, or already this very package
        return RecoverReference(function, f"import {module}")
    alias = next(
        candidate
        for candidate in _alias_candidates(name)
        if candidate not in names.used and candidate != top
    )
    return RecoverReference(alias, f"from {module} import {name} as {alias}")


def _alias_candidates(name: str) -> Iterable[str]:
    yield f"{name}_"
    yield f"_{name}"
    index = 2
    while True:
        yield f"{name}_{index}"
        index += 1


def _import_references(
    statement: ast.stmt, recover_functions: Sequence[str]
) -> Iterable[tuple[str, str]]:
    """(expression, name the import binds) for each recover function `statement` imports."""
    if isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
        for alias in statement.names:
            if f"{statement.module}.{alias.name}" in recover_functions:
                bound = alias.asname or alias.name
                yield bound, bound
    elif isinstance(statement, ast.Import):
        for alias in statement.names:
            for function in recover_functions:
                module, _, name = function.rpartition(".")
                if module and alias.name == module:
                    if alias.asname:
                        yield f"{alias.asname}.{name}", alias.asname
                    else:
                        yield function, module.split(".")[0]


@dataclass(frozen=True, slots=True)
class _Names:
    """Identifiers of a module in any scope: every one `used` (bound or read), and those
    `rebound` by something other than an import of a recover function or its package.

    Deliberately coarse: a name that is only read comes from a star import or the
    builtins, so it is taken too, and a new import never shadows it.
    """

    used: frozenset[str]
    rebound: frozenset[str]


def _names_in(tree: ast.Module, recover_functions: Sequence[str]) -> _Names:
    recover_modules = {function.rpartition(".")[0] for function in recover_functions}
    recover_packages = {module.split(".")[0] for module in recover_modules if module}
    used: set[str] = set()
    rebound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                used.add(bound)
                if not _imports_recover(node, alias, recover_functions, recover_packages):
                    rebound.add(bound)
        elif isinstance(node, ast.Name):
            used.add(node.id)
            if not isinstance(node.ctx, ast.Load):
                rebound.add(node.id)
        else:
            bound_names = list(_bound_names(node))
            used.update(bound_names)
            rebound.update(bound_names)
    return _Names(frozenset(used), frozenset(rebound))


def _imports_recover(
    statement: ast.Import | ast.ImportFrom,
    alias: ast.alias,
    recover_functions: Sequence[str],
    recover_packages: set[str],
) -> bool:
    if isinstance(statement, ast.ImportFrom):
        return statement.level == 0 and f"{statement.module}.{alias.name}" in recover_functions
    if alias.asname:
        return any(function.startswith(f"{alias.name}.") for function in recover_functions)
    return alias.name.split(".")[0] in recover_packages


def _bound_names(node: ast.AST) -> Iterable[str]:
    match node:
        case ast.arg(arg=name):
            yield name
        case ast.FunctionDef(name=name) | ast.AsyncFunctionDef(name=name) | ast.ClassDef(name=name):
            yield name
        case ast.Global(names=names) | ast.Nonlocal(names=names):
            yield from names
        case ast.ExceptHandler(name=str(name)) | ast.MatchAs(name=str(name)):
            yield name
        case ast.MatchStar(name=str(name)) | ast.MatchMapping(rest=str(name)):
            yield name
