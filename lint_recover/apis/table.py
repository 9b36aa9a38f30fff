"""The table of spawn APIs a check uses: the standard library's rows, then the configured
ones, looked up by canonical name.

Everything that must agree with the rows is derived here, so it cannot drift: the words the
text screen and the facts walk look for (the last name of every API), the methods that
consume a result (`.result()`, `.get()`), and the loop methods recognised by a receiver's
name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from lint_recover.apis import LOOP, THREAD, TIMER
from lint_recover.apis.model import SpawnApi
from lint_recover.apis.stdlib import ROWS


@dataclass(frozen=True, slots=True)
class SpawnTable:
    """Spawn API rows by canonical name (one name may have several rows: a work argument
    and a callback argument of the same call)."""

    rows: tuple[SpawnApi, ...]
    by_name: Mapping[str, tuple[SpawnApi, ...]]
    # Last names of the standard rows and of the other (configured, preset) rows: the words
    # a call site of one of them must spell.
    standard_words: frozenset[str]
    extra_words: frozenset[str]
    # Method names whose call on a kept result consumes it (`fut.result()`).
    consuming_methods: frozenset[str]
    # Keywords handing a `Thread`/`Timer` its target: a project subclass constructed with one
    # (`Worker(target=poll)`) is judged like the class it extends.
    target_keywords: frozenset[str]
    # Methods of an event loop, recognised on a receiver named like a loop.
    loop_methods: frozenset[str]

    def rows_for(self, name: str) -> tuple[SpawnApi, ...]:
        return self.by_name.get(name, ())

    @property
    def words(self) -> frozenset[str]:
        return self.standard_words | self.extra_words

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(row.code for row in self.rows)


def _last_name(name: str) -> str:
    return name.rsplit(".", 1)[-1]


@cache
def spawn_table(extra: tuple[SpawnApi, ...] = ()) -> SpawnTable:
    """The standard rows plus `extra` (configured spawners, presets); built once per set."""
    rows = (*ROWS, *extra)
    by_name: dict[str, list[SpawnApi]] = {}
    for row in rows:
        by_name.setdefault(row.name, []).append(row)
    return SpawnTable(
        rows=rows,
        by_name={name: tuple(found) for name, found in by_name.items()},
        standard_words=frozenset(_last_name(row.name) for row in ROWS),
        extra_words=frozenset(_last_name(row.name) for row in extra),
        consuming_methods=frozenset(
            form[1:] for row in rows for form in row.consumed_by if form.startswith(".")
        ),
        target_keywords=frozenset(
            row.keyword for row in ROWS if row.name in (THREAD, TIMER) and row.keyword
        ),
        loop_methods=frozenset(
            _last_name(row.name) for row in ROWS if row.name.startswith(f"{LOOP}.")
        ),
    )


STANDARD = spawn_table()


def codes_of(rows: Iterable[SpawnApi]) -> list[str]:
    return sorted({row.code for row in rows})
