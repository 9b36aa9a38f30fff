"""The built-in presets: each is checked against the real library it describes, each row is
screened, recorded and reported like a standard one (engine and real flake8), each is on only
where its library is named and can be turned off or on, and the documentation lists it."""

from __future__ import annotations

import json
import re
import sys
import threading
from pathlib import Path

import pytest

from lint_recover.apis.model import SpawnApi
from lint_recover.apis.presets import BY_NAME, NAMES, PRESETS
from lint_recover.apis.table import spawn_table
from lint_recover.config import Config
from lint_recover.outputs.docs import api_list
from lint_recover.text.presets import active_presets, import_lines
from lint_recover.text.screen import screen
from tests.linter import presets_probe
from tests.linter.test_table import call_of
from tests.support.checking import check_files
from tests.support.process import REPO, flake8, run

# PyGObject is published as source only, and building it needs the cairo and GObject-
# introspection development libraries, which the package registry cannot install: its preset
# is tested by rule cases (fixtures/rules/presets/pygobject_glib.py) and the table tests here.
INSTALLED = [name for name in NAMES if name != "pygobject"]
# eventlet is installed apart from the environment by .ci/run (see there).
ISOLATED = {"eventlet": Path(sys.prefix) / "isolated" / "eventlet"}
EVERY = Config(root=REPO)
_FLAKE8_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RCV\d{3}) ")


@pytest.mark.parametrize("name", INSTALLED)
def test_every_name_exists_in_the_installed_library_with_its_signature(name: str) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    if name in ISOLATED:
        assert ISOLATED[name].is_dir(), f"{name} is installed apart by .ci/run: run it once"
        env["PYTHONPATH"] = str(ISOLATED[name])
    result = run([sys.executable, "-m", "tests.linter.presets_probe", name], cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["problems"] == []
    assert report["checked"] >= len(BY_NAME[name].rows)


def test_the_probe_finds_a_wrong_name_position_or_keyword() -> None:
    """The probe's own checks can fail (on the standard library, in this process)."""
    timer = presets_probe.signatures(threading.Timer, method=False)
    assert presets_probe.fits(SpawnApi("threading.Timer", "RCV101", 1, "function"), timer[0])
    assert not presets_probe.fits(SpawnApi("threading.Timer", "RCV101", 1, "target"), timer[0])
    assert not presets_probe.fits(SpawnApi("threading.Timer", "RCV101", 0, "function"), timer[0])
    with pytest.raises(AttributeError):
        presets_probe.resolve("threading.Thred")
    soon = presets_probe.signatures(presets_probe.resolve("asyncio.BaseEventLoop.call_soon"), True)
    assert presets_probe.fits(SpawnApi("", "RCV302", 0, "callback"), soon[0])


def generated_module() -> tuple[str, dict[int, str]]:
    """A module calling every preset row once with failing work (the standard table's test
    shape) and subclassing every work method's class, with the code expected on each line."""
    rows = [row for preset in PRESETS for row in preset.rows]
    modules = sorted({row.name.split(".")[0] for row in rows})
    lines = [f"import {module}" for module in modules]
    lines += ["", "", "def job():", "    1 / 0", "", "", "async def coro():", "    1 / 0"]
    expected: dict[int, str] = {}
    for number, row in enumerate(rows):
        lines += ["", "", *call_of(row, number).splitlines()]
        expected[len(lines)] = row.code
    works = [work for preset in PRESETS for work in preset.work_methods]
    for number, work in enumerate(works):
        lines += ["", "", f"class Work{number}({work.cls}):", f"    def {work.method}(self):"]
        expected[len(lines)] = work.code
        lines += ["        1 / 0"]
    return "\n".join(lines) + "\n", expected


def test_every_row_and_work_method_is_reported_by_the_engine_and_flake8(tmp_path: Path) -> None:
    source, expected = generated_module()
    path = tmp_path / "libraries.py"
    path.write_text(source, encoding="utf-8")
    found = {f.line: f.code for f in check_files([path], Config(root=tmp_path))}
    assert found == expected, source
    result = flake8("libraries.py", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    reported = {}
    for line in result.stdout.splitlines():
        match = _FLAKE8_LINE.match(line)
        assert match, line
        reported[int(match["line"])] = match["code"]
    assert reported == expected


def test_a_preset_turned_off_reports_nothing_and_its_library_costs_nothing(tmp_path: Path) -> None:
    source, expected = generated_module()
    path = tmp_path / "libraries.py"
    path.write_text(source, encoding="utf-8")
    off = Config(root=tmp_path, presets=tuple((name, "off") for name in NAMES))
    assert {f.code for f in check_files([path], off)} == set()
    assert {"RCV701", "RCV702", "RCV703"} <= set(expected.values())


@pytest.mark.parametrize(
    ("text", "library", "preset"),
    [
        ("loop.spawn_callback(refresh)\n", "tornado", "tornado"),
        ("d.addCallback(store)\nreactor.callLater(1, tick)\n", "twisted", "twisted"),
        ("button.clicked.connect(save)\n", "PyQt5", "pyqt5"),
        ("widget.after(100, poll)\n", "tkinter", "tkinter"),
        ("class Poller(Base):\n    def _run(self):\n        pass\n", "gevent", "gevent"),
    ],
)
def test_a_module_that_imports_no_library_is_screened_as_without_presets(
    text: str, library: str, preset: str
) -> None:
    assert not screen(text, EVERY)
    assert not screen(f"# unlike {library}'s own\n{text}", EVERY)  # named, not imported
    assert screen(f"import {library}\n{text}", EVERY)
    assert screen(f"def f():\n    from {library}.x import y\n{text}", EVERY)
    assert screen(text, Config(root=REPO, presets=((preset, "on"),)))
    assert not screen(f"import {library}\n{text}", Config(root=REPO, presets=((preset, "off"),)))


def test_import_lines_are_the_lines_spelling_import() -> None:
    text = 'from gi.repository import (\n    GLib,\n)\n"""import gevent"""\nx = 1\nimport dask'
    assert import_lines(text) == 'from gi.repository import (\n"""import gevent"""\nimport dask'
    assert import_lines("x = 1\n") == ""
    assert active_presets(text, EVERY) == {"pygobject", "gevent", "dask"}


def test_a_configured_spawner_replaces_the_preset_rows_of_its_api() -> None:
    mine = SpawnApi("gevent.spawn", "RCV101", 0, None, origin="configuration")
    table = spawn_table((mine,), NAMES)
    assert table.rows_for("gevent.spawn") == (mine,)
    assert table.rows_for("gevent.spawn_later")  # the preset's other rows stay


@pytest.mark.parametrize("code", ["RCV701", "RCV702", "RCV703"])
def test_the_documentation_lists_every_preset_row_and_work_method(code: str) -> None:
    listed = "\n".join(api_list(code))
    for preset in PRESETS:
        for row in preset.rows:
            if row.code == code:
                method = row.name.rsplit(".", 1)[-1]
                assert f".{method}`" in listed or f"`{row.name}`" in listed, row.name
        for work in preset.work_methods:
            if work.code == code:
                assert f"`{work.method}()` of a subclass of `{work.cls}`" in listed
