"""`FastNodeVisitor`: `ast.NodeVisitor`'s walk at two thirds of its cost.

Facts extraction walks every node of every module, so the walk itself was a third of a cold
`check` (profiled on the standard library: 1.2 million `generic_visit` calls). The standard
visitor pays per node for things a walk does not need: it builds the method name and looks it
up by string, iterates fields through the `iter_fields` generator, calls a visit for every
`Load`/`Store` context and operator node (which have nothing inside), and routes every
constant through its deprecated `visit_Num`/`visit_Str` shim. This one looks each node class's
method up once per visitor class, reads `_fields` directly, and does not descend into node
classes that have no AST inside and no visit method of the subclass. Same order, same calls
of the subclass's `visit_*` methods; the deprecated `visit_Num`-style names are not supported.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any, ClassVar

VisitMethod = Callable[[Any, ast.AST], Any]

# Node classes with nothing to walk inside: contexts and operators (no fields), constants,
# names (only a context) and import aliases.
_LEAVES = frozenset(
    cls
    for cls in vars(ast).values()
    if isinstance(cls, type) and issubclass(cls, ast.AST) and not cls._fields
) | {ast.Constant, ast.Name, ast.alias}


class FastNodeVisitor(ast.NodeVisitor):
    """Subclass it like `ast.NodeVisitor`: define `visit_<NodeClass>` methods, call
    `self.generic_visit(node)` inside them to descend."""

    _methods: ClassVar[dict[type[ast.AST], VisitMethod | None]] = {}
    _skipped: ClassVar[frozenset[type[ast.AST]]] = _LEAVES

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Give each subclass its own method cache, and skip only the leaves it has no
        `visit_*` method for (a subclass may want to see every `Name`)."""
        super().__init_subclass__(**kwargs)
        cls._methods = {}
        cls._skipped = frozenset(leaf for leaf in _LEAVES if _own_method(cls, leaf) is None)

    def visit(self, node: ast.AST) -> Any:
        """Call the subclass's `visit_<NodeClass>`, looked up once per class, else descend."""
        kind = type(node)
        try:
            method = self._methods[kind]
        except KeyError:
            method = self._methods[kind] = _own_method(type(self), kind)
        if method is None:
            return self.generic_visit(node)
        return method(self, node)

    def generic_visit(self, node: ast.AST) -> None:
        """Visit the child nodes in field order, as `ast.NodeVisitor` does, minus the leaves."""
        skipped = self._skipped
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST) and type(item) not in skipped:
                        self.visit(item)
            elif isinstance(value, ast.AST) and type(value) not in skipped:
                self.visit(value)


def _own_method(visitor: type[ast.NodeVisitor], kind: type[ast.AST]) -> VisitMethod | None:
    """The `visit_<kind>` a subclass defines (not the standard visitor's deprecated shim)."""
    name = "visit_" + kind.__name__
    method: VisitMethod | None = getattr(visitor, name, None)
    if method is None or method is getattr(ast.NodeVisitor, name, None):
        return None
    return method
