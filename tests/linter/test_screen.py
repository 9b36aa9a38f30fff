"""The text screen that lets the flake8 plugin skip modules that cannot yield a finding: it
must never skip one that can (every fixture with a finding passes it), and it must skip the
ordinary module."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from lint_recover.apis.model import SpawnApi
from lint_recover.config import Config, load_config
from lint_recover.text.screen import screen
from tests.support.checking import check_files
from tests.support.process import FIXTURES

FIXTURE_FILES = sorted((FIXTURES / "rules").rglob("*.py")) + sorted(
    (FIXTURES / "projects").rglob("*.py")
)
PLAIN = Config(root=Path.cwd())


def passes(text: str, config: Config) -> bool:
    """The screen lets a module with this text through to the facts walk."""
    return screen(text, config)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda path: path.name)
def test_every_module_with_a_finding_passes_the_screen(path: Path) -> None:
    config = load_config(path)
    if check_files([path], config):
        assert passes(path.read_text(encoding="utf-8"), config)


@pytest.mark.parametrize(
    "text",
    [
        "import threading\nthreading.Thread(target=f).start()\n",
        "from threading import Thread as T\nT(target=f)\n",
        "results = pool.map(job, items)\n",
        "spawn = pool.map\n",
        "from jobs import (\n    first,\n    map,\n)\n",
        "from jobs import first, map\n",
        "class Worker(Base):\n    def run(self):\n        pass\n",
        "loop.call_soon(tick)\n",
        "class Worker(Base):\n    async def  run(self):\n        pass\n",
        "jobs = pool . map (job, items)\n",
        "import jobs.map as m\n",
        "class W(Base):\n    def __init__(self):\n        super().__init__(target=poll)\n",
        "class W(Base):\n    def __init__(self):\n        super().__init__(None, poll)\n",
        "class W(Base):\n    def __init__(self):\n        Base.__init__(self, None, self.poll)\n",
        "class W(Base):\n    def __init__(self):\n        super().__init__(*a, function=f)\n",
        "init = super().__init__\ninit(None, poll)\n",
        "from workers import Worker\nWorker(target=poll).start()\n",
        "Ticker(5.0, function = poll)\n",
    ],
)
def test_text_that_can_spawn_passes(text: str) -> None:
    assert passes(text, PLAIN)


@pytest.mark.parametrize(
    "text",
    [
        "names = list(map(str, items))\n",
        "names = map (str, items)\n",
        "def runner():\n    return 'run'\n",
        "ThreadLocal = ProcessGroup = None\n",
        "def running():\n    return mapping['threads']\n",
        "print('no work is started here')\n",
        "class W(Base):\n    def __init__(self, name):\n        super().__init__(name)\n",
        "class W(Base):\n    def __init__(self):\n        super().__init__()\n",
        "class W(Base):\n    def __init__(self, *a, **k):\n        super().__init__(*a, **k)\n",
        "class W(Base):\n    def __init__(self, **k):\n        Base.__init__(self)\n",
        "if target == function:\n    pass\n",
    ],
)
def test_text_that_cannot_spawn_is_skipped(text: str) -> None:
    assert not passes(text, PLAIN)


def test_configured_spawners_and_entrypoints_widen_the_screen() -> None:
    text = "greenlets.spawn(work)\n"
    assert not passes(text, PLAIN)
    spawning = replace(PLAIN, spawners=(SpawnApi("greenlets.spawn", "RCV101", 0, None),))
    assert passes(text, spawning)
    running = replace(PLAIN, spawners=(SpawnApi("jobs.run", "RCV101", 0, None),))
    assert passes("jobs.run(work)\n", running)
    assert not passes("jobs.run(work)\n", PLAIN)
    assert passes("def handler():\n    pass\n", replace(PLAIN, entrypoints=("*.py",)))
