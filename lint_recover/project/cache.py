"""The persistent cache: `.lint-recover-cache/` in the project root.

It exists so an unchanged tree re-checks almost at once and a change to one module
re-checks only what depends on it. Per file it keeps the content digest (with size and
mtime as a cheap first test), the module's facts, and the file's findings together with the
digests of every other module the check consulted: findings stay valid only while the file
and all of those modules are unchanged.

Trust and robustness:
- one file, written to a temporary name and renamed, so concurrent runs never see half a
  cache (the last writer wins, and what it wrote is whole);
- the header names the tool version, a digest of the tool's own source, the Python version
  (the `ast` differs between them), the configuration fingerprint and the project root; any
  mismatch starts afresh;
- anything unreadable (truncated, garbage, another format) is an empty cache, never an error;
- unpickling is restricted to this package's plain data classes and a few builtins, so a
  planted cache file cannot run code.
"""

from __future__ import annotations

import copyreg
import dataclasses
import functools
import hashlib
import io
import operator
import os
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint_recover import __version__
from lint_recover.config import Config
from lint_recover.findings import Finding

DIRECTORY = ".lint-recover-cache"
_FILE = "files.pickle"
_FORMAT = 2
_SAFE_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict", "str", "int", "bytes"})


def digest(data: bytes) -> bytes:
    """The content key of a file: fast, and collision-free for any practical purpose."""
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(slots=True)
class FileEntry:
    """What the cache knows about one file, valid while its content digest matches.

    `facts` stays pickled until a check needs it, so a warm run that only reuses findings
    never pays for deserialising every module's facts (empty when the file could not be
    analysed: its findings are then final). `noqa` keeps the lines that mention noqa, so a
    re-check caused by another module needs no re-read of this one. `consulted` maps every
    module name the check asked the index about to that module's state at the time (its
    digest; empty when it was not in the project), so findings are reused only while those
    answers would be the same. `screened`: the text showed that no rule can report anything
    in this file (`screen.screen`), so its findings are final and empty, and its facts
    are built only if another module's check consults them.
    """

    size: int
    mtime_ns: int
    digest: bytes
    facts: bytes
    findings: tuple[Finding, ...] | None = None
    noqa: dict[int, str] = field(default_factory=dict)
    consulted: dict[str, bytes] = field(default_factory=dict)
    screened: bool = False


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so readers see the old or the new file, never a mix.

    The file gets the mode any new file of the user's would (mkstemp's is 0600, which would
    hide a committed baseline from the rest of the team).
    """
    import tempfile  # here: start-up (random, shutil) that a run without writes skips

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@functools.cache
def _umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it, so put it straight back
    os.umask(mask)
    return mask


class _RestrictedUnpickler(pickle.Unpickler):
    """Resolves only the data classes `dumps` writes and a few builtin containers.

    The cache sits in the checked project, so a checkout can plant one: any other global
    (even one reached through a module of this package, such as `lint_recover.project.cache` +
    `os.system`) would let unpickling run code.
    """

    def find_class(self, module: str, name: str) -> Any:
        allowed = _allowed_classes().get((module, name))
        if allowed is not None:
            return allowed
        if module == "builtins" and name in _SAFE_BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


@functools.cache
def _allowed_classes() -> dict[tuple[str, str], type]:
    return {(cls.__module__, cls.__qualname__): cls for cls in _cached_classes()}


def loads(data: bytes) -> Any:
    """Unpickle cache data, refusing any class outside this package's plain data."""
    return _RestrictedUnpickler(io.BytesIO(data)).load()


def dumps(value: Any) -> bytes:
    """Pickle this package's plain data about three times faster than pickle's default.

    Slotted dataclasses otherwise pickle through `dataclasses`' Python-level
    `__getstate__`, which looks up the fields again for every one of the many objects a
    module's facts hold; here each class is reduced by a C `attrgetter` to its constructor
    arguments.
    """
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(value)
    return stream.getvalue()


Reducer = Callable[[Any], Any]


def _cached_classes() -> list[type]:
    """The data classes a cache file holds: its entries, findings and module facts."""
    from lint_recover import findings
    from lint_recover.facts import model

    classes = [FileEntry, *vars(model).values(), *vars(findings).values()]
    return [
        value for value in classes if isinstance(value, type) and dataclasses.is_dataclass(value)
    ]


@functools.cache
def _dispatch_table() -> dict[type, Reducer]:
    table: dict[type, Reducer] = dict(copyreg.dispatch_table)
    table.update((cls, _reducer(cls)) for cls in _cached_classes())
    return table


@functools.cache
def _code_digest() -> str:
    """A digest of this package's own source: facts and findings are what this code made of
    a file, so a cache written by other code (an upgrade, or a development checkout under the
    same version number, whose cached classes or rules changed) is recomputed, never reused or
    unpickled into the wrong fields. Reading the package costs a few milliseconds."""
    package = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=8)
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _reducer(cls: type) -> Reducer:
    names = [field.name for field in dataclasses.fields(cls)]
    if len(names) == 1:
        return lambda value: (cls, (getattr(value, names[0]),))
    get = operator.attrgetter(*names)
    return lambda value: (cls, get(value))


class Cache:
    """The file entries of one project under one configuration; `save` persists changes."""

    def __init__(self, config: Config) -> None:
        self.directory = config.root / DIRECTORY
        self._header = (
            _FORMAT,
            __version__,
            _code_digest(),
            sys.version_info[:2],
            config.fingerprint(),
            str(config.root),
        )
        self.entries: dict[str, FileEntry] = {}
        self.status = "empty"
        self._dirty = False

    def load(self) -> None:
        """Read the cache from disk; a missing, stale or corrupt file leaves it empty."""
        try:
            data = (self.directory / _FILE).read_bytes()
        except OSError:
            return
        try:
            header, entries = loads(data)
            if header != self._header or not isinstance(entries, dict):
                self.status = "stale"
                return
            if not all(isinstance(entry, FileEntry) for entry in entries.values()):
                raise TypeError("unexpected entry")
        except Exception:  # any damage at all: recompute rather than fail
            self.status = "corrupt"
            return
        self.entries = entries
        self.status = "loaded"

    def put(self, path: str, entry: FileEntry) -> None:
        self.entries[path] = entry
        self._dirty = True

    def forget_except(self, keep: set[str]) -> None:
        """Drop entries of files that no longer exist in a whole-project run."""
        gone = self.entries.keys() - keep
        for path in gone:
            del self.entries[path]
        self._dirty = self._dirty or bool(gone)

    def save(self) -> bool:
        """Persist if anything changed; a read-only project is not an error (returns False)."""
        if not self._dirty:
            return True
        try:
            self.directory.mkdir(exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by lint-recover: the cache is never committed\n*\n")
            blob = dumps((self._header, self.entries))
            write_atomically(self.directory / _FILE, blob)
        except OSError:
            return False
        self._dirty = False
        return True
