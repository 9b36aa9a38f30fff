"""Decorate or wrap, across files: an import is not a use of a definition, the uses that
follow it are, under the name it is imported as; a direct call anywhere that can name the
definition keeps it as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import write
from tests.support.process import lint_recover

JOBS = "def poll():\n    raise RuntimeError\n"
SPAWN = "import threading\n\n{import_line}\n\nthreading.Thread(target={name}).start()\n"


@pytest.mark.parametrize(
    ("import_line", "name", "other", "decorated"),
    [
        ("from jobs import poll", "poll", "", True),
        ("from jobs import (\n    poll,\n)", "poll", "", True),
        ("import jobs", "jobs.poll", "", True),
        ("from jobs import poll as p", "p", "", True),
        ("from jobs import poll as p\n\np()", "p", "", False),
        ("from jobs import poll", "poll", "import jobs as j\n\nj.poll()\n", False),
        ("from jobs import poll", "poll", "from jobs import poll\n\npoll()\n", False),
        ("from jobs import poll", "poll", "import jobs\n\njobs.poll()\n", False),
        ("from jobs import poll", "poll", "from jobs import poll as fetch\n", True),
        ("from jobs import poll", "poll", "from jobs import poll as fetch\n\nfetch()\n", False),
        ("from jobs import poll", "poll", "# poll() is started in start.py\n", True),
    ],
)
def test_a_definition_is_decorated_only_without_other_uses(
    tmp_path: Path, import_line: str, name: str, other: str, decorated: bool
) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": "[tool.lint-recover]\n",
            "jobs.py": JOBS,
            "start.py": SPAWN.format(import_line=import_line, name=name),
            "other.py": other,
        },
    )
    result = lint_recover("fix", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("@recover\ndef poll():" in (tmp_path / "jobs.py").read_text()) is decorated
    assert (f"target=recover({name})" in (tmp_path / "start.py").read_text()) is not decorated
    assert lint_recover("check", cwd=tmp_path).returncode == 0
