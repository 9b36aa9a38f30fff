"""The README's advice for ruff users, proven with the real ruff and the real lint-recover.

ruff's RUF100 fix rewrites a `noqa` directive that lists an unused code; unless `RCV` is
declared `external`, it drops our codes with it and the suppressed finding returns.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.support.process import lint_recover, run

SUPPRESSED = '''\
"""A fire-and-forget thread, silenced on purpose."""

import threading


def beat() -> None:
    raise RuntimeError("heartbeat lost")


threading.Thread(target=beat).start()  # noqa: RCV101, E501
'''


@pytest.mark.parametrize("external", [True, False], ids=["external", "not-external"])
def test_ruff_keeps_rcv_noqa_only_when_declared_external(tmp_path: Path, external: bool) -> None:
    ruff_table = '[tool.ruff.lint]\nselect = ["E", "RUF100"]\n'
    if external:
        ruff_table += 'external = ["RCV"]\n'
    (tmp_path / "pyproject.toml").write_text(ruff_table + "\n[tool.lint-recover]\n")
    module = tmp_path / "heartbeat.py"
    module.write_text(SUPPRESSED)

    ruff = run([sys.executable, "-m", "ruff", "check", "--fix", "--no-cache", "."], cwd=tmp_path)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    assert "E501" not in module.read_text(), "ruff should have removed the unused E501"

    checked = lint_recover("check", "heartbeat.py", cwd=tmp_path)
    if external:
        assert "# noqa: RCV101\n" in module.read_text()
        assert checked.returncode == 0, checked.stdout + checked.stderr
    else:
        assert "noqa" not in module.read_text()
        assert checked.returncode == 1 and "RCV101" in checked.stdout, checked.stdout
