"""What resolution answers: the kinds of thing a `Ref` can turn out to refer to.

Rules decide on these (a project `Function` can be decorated, an `External` only wrapped,
`Recovered` and `CannotRaise` need nothing), so they are their own module, apart from the
`Resolver` that produces them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lint_recover.facts.model import Ref


@dataclass(frozen=True, slots=True)
class Function:
    """A `def` of the project: `key` indexes `ModuleFacts.functions` of `module`."""

    module: str
    key: str


@dataclass(frozen=True, slots=True)
class Class:
    """A class of the project: `qualname` indexes `ModuleFacts.classes` of `module`."""

    module: str
    qualname: str


@dataclass(frozen=True, slots=True)
class Instance:
    """An object of a project class (`Pump()`, or `self` in its methods)."""

    cls: Class


@dataclass(frozen=True, slots=True)
class Module:
    """A module or package of the project."""

    name: str


@dataclass(frozen=True, slots=True)
class External:
    """Something outside the project (or a known API), by canonical qualified name."""

    name: str


@dataclass(frozen=True, slots=True)
class ExternalInstance:
    """An object of an outside class (an executor, a loop, a future, a `Queue`...)."""

    cls: str


@dataclass(frozen=True, slots=True)
class Called:
    """The result of calling a project function (for an `async def`, its coroutine)."""

    function: Function


@dataclass(frozen=True, slots=True)
class Partial:
    """`functools.partial(inner, ...)`."""

    inner: Value


@dataclass(frozen=True, slots=True)
class Recovered:
    """A call-site wrap: `recover(f)`, `recover(job())`."""


@dataclass(frozen=True, slots=True)
class CannotRaise:
    """A callable that cannot raise (`lambda: None`): it needs no recovery."""


@dataclass(frozen=True, slots=True)
class Lambda:
    """A lambda written in `scope` of `module`: `escapes` are the calls whose raising alone
    would escape it (judged by the rules where it was written), or None when it may raise."""

    module: str
    scope: int
    line: int
    escapes: tuple[Ref, ...] | None


@dataclass(frozen=True, slots=True)
class Unknown:
    """What resolution could not follow (a cycle, the depth bound, a dynamic expression); a
    spawn target resolving to it is reported or not as `unresolved` says."""


Value = (
    Function
    | Class
    | Instance
    | Module
    | External
    | ExternalInstance
    | Called
    | Partial
    | Recovered
    | CannotRaise
    | Lambda
    | Unknown
)
UNKNOWN = Unknown()
