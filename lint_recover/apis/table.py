"""The table of spawn APIs a check uses: the standard library's rows, the configured ones
and those of the presets the configuration leaves on, looked up by canonical name.

Everything that must agree with the rows is derived here, so it cannot drift: the words the
text screen and the facts walk look for (the last name of every API), the methods that
consume a result (`.result()`, `.get()`) or pass it on (`addCallback`), the methods run as
work by subclasses, what calling a library's functions gives, and the spellings known by
convention. A preset's words, consuming methods and conventions count only in a module
where the preset is on (`text.presets`): a module that never names a library is screened,
walked and matched as if the preset did not exist.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

from lint_recover.apis import LOOP, RETURNS, THREAD, TIMER
from lint_recover.apis.model import Preset, SpawnApi, WorkMethod
from lint_recover.apis.presets import BY_NAME
from lint_recover.apis.stdlib import ROWS, WORK_METHODS

# asyncio's own naming convention: an object held as `loop`, `_loop` or `event_loop` (a
# parameter, a local, `self._loop`) is an event loop, whatever bound it.
_LOOP_RECEIVERS: Mapping[str, str] = {name: LOOP for name in ("loop", "_loop", "event_loop")}


@dataclass(frozen=True, slots=True)
class Conventions:
    """Spawn APIs known by their spelling where resolution cannot tell (`rules.matching`):
    `methods` maps a method's name to the APIs it may be, each with the prefixes of the
    library whose objects it is recognised on (the first preset's, when the receiver tells
    nothing); `receivers` maps a receiver's name to its class."""

    methods: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]]
    receivers: Mapping[str, str]


@dataclass(frozen=True, slots=True, eq=False)
class SpawnTable:
    """Spawn API rows by canonical name (one name may have several rows: a work argument
    and a callback argument of the same call), and the presets whose rows it holds."""

    rows: tuple[SpawnApi, ...]
    by_name: Mapping[str, tuple[SpawnApi, ...]]
    # Last names of the standard rows and of the configured rows: the words a call site of
    # one of them must spell (a preset's count where it is on: `in_module`).
    standard_words: frozenset[str]
    extra_words: frozenset[str]
    # Keywords handing a `Thread`/`Timer` its target: a project subclass constructed with one
    # (`Worker(target=poll)`) is judged like the class it extends.
    target_keywords: frozenset[str]
    # The standard and configured rows: they count in every module.
    always: tuple[SpawnApi, ...]
    presets: Mapping[str, Preset]
    work_methods: tuple[WorkMethod, ...]
    # What calling these gives, for resolution (`asyncio.get_running_loop` -> a loop).
    returns: Mapping[str, str]

    def rows_for(self, name: str) -> tuple[SpawnApi, ...]:
        return self.by_name.get(name, ())

    @property
    def words(self) -> frozenset[str]:
        """The words of a module where no preset is on."""
        return self.standard_words | self.extra_words

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(row.code for row in self.rows)

    def active(self, presets: Collection[str]) -> tuple[Preset, ...]:
        """The presets of this table among `presets` (names), in the table's order."""
        return tuple(preset for name, preset in self.presets.items() if name in presets)

    def in_module(self, presets: Collection[str]) -> ModuleApis:
        """What counts in a module where `presets` (names) are on."""
        return _in_module(self, frozenset(presets) & frozenset(self.presets))


@dataclass(frozen=True, slots=True)
class ModuleApis:
    """The table as one module sees it, with the presets that are on there.

    `words`: the last names its call sites of spawn APIs spell; `consuming_methods`: method
    names whose call on a kept result consumes it (`fut.result()`); `chaining_methods`:
    those whose call returns what carries the result's exception (`d.addCallback(cb)`);
    `work_methods`: names of the methods run as work by subclasses (`run`); `conventions`:
    the spellings known without resolution (`rules.matching`)."""

    presets: frozenset[str]
    words: frozenset[str]
    consuming_methods: frozenset[str]
    chaining_methods: frozenset[str]
    work_methods: frozenset[str]
    conventions: Conventions


@cache
def _in_module(table: SpawnTable, presets: frozenset[str]) -> ModuleApis:
    active = table.active(presets)
    rows = (*table.always, *(row for preset in active for row in preset.rows))
    methods: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    receivers = dict(_LOOP_RECEIVERS)
    for preset in active:
        for method, api in preset.methods.items():
            methods[method] = (*methods.get(method, ()), (api, preset.prefixes))
        for receiver, cls in preset.receivers.items():
            receivers.setdefault(receiver, cls)
    origins = {"standard library", *presets}
    return ModuleApis(
        presets=presets,
        words=table.words.union(*(_preset_words(preset) for preset in active)),
        consuming_methods=frozenset(
            form[1:] for row in rows for form in row.consumed_by if form[:1] == "."
        ),
        chaining_methods=frozenset(method for row in rows for method in row.chained_by),
        work_methods=frozenset(w.method for w in table.work_methods if w.origin in origins),
        conventions=Conventions(methods, receivers),
    )


def _last_name(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _preset_words(preset: Preset) -> frozenset[str]:
    return frozenset(_last_name(row.name) for row in preset.rows) | frozenset(preset.methods)


@cache
def spawn_table(extra: tuple[SpawnApi, ...] = (), presets: tuple[str, ...] = ()) -> SpawnTable:
    """The standard rows plus `extra` (configured spawners) and the rows of `presets` (names
    of built-in presets); built once per combination. A configured spawner replaces the
    preset rows of the same API: the team said how it behaves."""
    configured = {row.name for row in extra}
    chosen = {name: _without(BY_NAME[name], configured) for name in presets}
    rows = (*ROWS, *extra, *(row for preset in chosen.values() for row in preset.rows))
    by_name: dict[str, list[SpawnApi]] = {}
    for row in rows:
        by_name.setdefault(row.name, []).append(row)
    return SpawnTable(
        rows=rows,
        by_name={name: tuple(found) for name, found in by_name.items()},
        standard_words=frozenset(_last_name(row.name) for row in ROWS),
        extra_words=frozenset(_last_name(row.name) for row in extra),
        target_keywords=frozenset(
            row.keyword for row in ROWS if row.name in (THREAD, TIMER) and row.keyword
        ),
        always=(*ROWS, *extra),
        presets=chosen,
        work_methods=(*WORK_METHODS, *(w for p in chosen.values() for w in p.work_methods)),
        returns={**RETURNS, **{k: v for p in chosen.values() for k, v in p.returns.items()}},
    )


def _without(preset: Preset, names: Collection[str]) -> Preset:
    """`preset` without its rows for the APIs `names`."""
    if not any(row.name in names for row in preset.rows):
        return preset
    return replace(preset, rows=tuple(row for row in preset.rows if row.name not in names))


STANDARD = spawn_table()


def codes_of(rows: Iterable[SpawnApi]) -> list[str]:
    return sorted({row.code for row in rows})
