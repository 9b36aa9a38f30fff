"""The cache file: survives damage, refuses foreign pickles, starts afresh when stale."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from lint_recover.config import Config
from lint_recover.findings import Finding
from lint_recover.project import cache as cache_module
from lint_recover.project.cache import DIRECTORY, Cache, FileEntry, digest


def _saved_cache(root: Path) -> Path:
    cache = Cache(Config(root=root))
    finding = Finding(str(root / "a.py"), 1, 0, "RCV101", "m", "t")
    cache.put(str(root / "a.py"), FileEntry(1, 2, digest(b"x"), b"", (finding,)))
    assert cache.save()
    return root / DIRECTORY / "files.pickle"


def test_save_then_load_round_trips_and_ignores_itself_in_git(tmp_path: Path) -> None:
    _saved_cache(tmp_path)
    cache = Cache(Config(root=tmp_path))
    cache.load()
    assert cache.status == "loaded"
    assert cache.entries[str(tmp_path / "a.py")].findings[0].code == "RCV101"  # type: ignore[index]
    assert (tmp_path / DIRECTORY / ".gitignore").read_text().splitlines()[-1] == "*"
    assert [p.name for p in (tmp_path / DIRECTORY).iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: b"garbage" + data,
        lambda data: b"",
        lambda data: pickle.dumps(["not", "a", "cache"]),
    ],
)
def test_damaged_cache_is_empty_not_an_error(tmp_path: Path, damage: object) -> None:
    path = _saved_cache(tmp_path)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    cache = Cache(Config(root=tmp_path))
    cache.load()
    assert cache.entries == {}
    assert cache.status == "corrupt"


def test_a_planted_pickle_cannot_run_code(tmp_path: Path) -> None:
    path = _saved_cache(tmp_path)

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, ("touch pwned",))

    path.write_bytes(pickle.dumps(Exploit()))
    cache = Cache(Config(root=tmp_path))
    cache.load()
    assert cache.status == "corrupt"
    assert not (tmp_path / "pwned").exists()


def test_a_planted_pickle_cannot_reach_code_through_a_module_of_ours(tmp_path: Path) -> None:
    """`lint_recover.project.cache` imports `os`, so the global `os.system` resolves through it."""
    path = _saved_cache(tmp_path)
    marker = tmp_path / "pwned"

    def text(value: str) -> bytes:  # pickle's SHORT_BINUNICODE
        data = value.encode()
        return b"\x8c" + bytes([len(data)]) + data

    # protocol 4: module, name, STACK_GLOBAL, one argument, TUPLE1, REDUCE, STOP
    planted = b"\x80\x04" + text("lint_recover.project.cache") + text("os.system") + b"\x93"
    path.write_bytes(planted + text(f"touch {marker}") + b"\x85R.")
    cache = Cache(Config(root=tmp_path))
    cache.load()
    assert cache.status == "corrupt"
    assert not marker.exists()


def test_another_configuration_starts_afresh(tmp_path: Path) -> None:
    _saved_cache(tmp_path)
    cache = Cache(Config(root=tmp_path, unresolved="report"))
    cache.load()
    assert (cache.status, cache.entries) == ("stale", {})


def test_read_only_project_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / DIRECTORY
    blocker.write_text("a file where the cache directory would go")
    cache = Cache(Config(root=tmp_path))
    cache.put("a.py", FileEntry(1, 2, b"", b""))
    assert cache.save() is False


def test_a_cache_written_by_other_code_starts_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A development checkout changes rules under one version number: its cache is not reused."""
    _saved_cache(tmp_path)
    monkeypatch.setattr(cache_module, "_code_digest", lambda: "other code")
    cache = Cache(Config(root=tmp_path))
    cache.load()
    assert (cache.status, cache.entries) == ("stale", {})
