"""Expressions as `Ref`s: the symbolic shapes that resolution follows later.

Facts never hold `ast` nodes (they are cached and shared between processes), so every
expression a rule may need to resolve (a callee, a target, a decorator, a base class, an
annotation) is converted here to a small tree of `NameRef`/`AttrRef`/`CallRef`, or to an
`OpaqueRef` saying what kind of thing it was when no reader could follow it.
"""

from __future__ import annotations

import ast

from lint_recover.facts.consumption import last_name
from lint_recover.facts.model import AttrRef, CallRef, NameRef, OpaqueRef, Ref

# Container displays and comprehensions, as the builtin they build.
_DISPLAYS: dict[type[ast.expr], str] = {
    ast.List: "list",
    ast.ListComp: "list",
    ast.Set: "set",
    ast.SetComp: "set",
    ast.Dict: "dict",
    ast.DictComp: "dict",
}
_MAX_REF_DEPTH = 24


def to_ref(node: ast.expr, depth: int = 0) -> Ref:
    """The symbolic shape of an expression, as far as resolution can follow it (a shape
    deeper than any reader would follow is opaque, which keeps facts small and shallow)."""
    if depth > _MAX_REF_DEPTH:
        return OpaqueRef("expression")
    if isinstance(node, ast.Name):
        return NameRef(node.id)
    if isinstance(node, ast.Attribute):
        return AttrRef(to_ref(node.value, depth + 1), node.attr)
    if isinstance(node, ast.Call):
        first = node.args[0] if node.args else None
        usable = first is not None and not isinstance(first, ast.Starred)
        return CallRef(
            to_ref(node.func, depth + 1), to_ref(first, depth + 1) if usable and first else None
        )
    if isinstance(node, ast.Constant) and node.value is None:
        return OpaqueRef("none")
    display = _DISPLAYS.get(type(node))
    if display is not None:  # `[]` is a new list, as `list()` is
        return CallRef(NameRef(display))
    if isinstance(node, ast.BoolOp):  # `loop or get_running_loop()`: the fallback's kind
        return to_ref(node.values[-1], depth + 1)
    return OpaqueRef("expression")


def annotation_ref(node: ast.expr, depth: int = 0) -> Ref:
    """The class an annotation says a name holds: `X` for `X`, `X | None`, `Optional[X]`,
    `Union[X, None]`, `X[int]` and the string `"X"`; opaque when it names several."""
    if depth > _MAX_REF_DEPTH:
        return OpaqueRef("expression")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):  # not a Python name
            return OpaqueRef("expression")
    options: list[ast.expr] = [node]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        options = [node.left, node.right]
    elif isinstance(node, ast.Subscript) and last_name(node.value) in ("Optional", "Union"):
        inner = node.slice
        options = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
    elif isinstance(node, ast.Subscript):  # a generic class: `asyncio.Future[int]`
        return annotation_ref(node.value, depth + 1)
    options = [o for o in options if not (isinstance(o, ast.Constant) and o.value is None)]
    if len(options) != 1:
        return OpaqueRef("expression")
    return to_ref(node) if options[0] is node else annotation_ref(options[0], depth + 1)
