"""The pre-commit hooks, run by the real `pre-commit` against this repository's working tree.

pre-commit installs a hook repository from git at a revision, so the tree as it is now
(uncommitted work included) is copied into a temporary repository and committed there. The
hook environment is built once (a shared PRE_COMMIT_HOME) with pip from the package index,
exactly as for a user; each test then works in a fresh user repository.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.process import REPO, run

pytestmark = pytest.mark.slow  # the first run builds the hook's virtual environment

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "lint-recover tests",
    "GIT_AUTHOR_EMAIL": "tests@lint-recover.invalid",
    "GIT_COMMITTER_NAME": "lint-recover tests",
    "GIT_COMMITTER_EMAIL": "tests@lint-recover.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}

UNRECOVERED = '''\
"""A worker whose thread target runs without recovery."""

import threading


def poll() -> None:
    raise RuntimeError("the queue is gone")


def start() -> threading.Thread:
    thread = threading.Thread(target=poll)
    thread.start()
    return thread
'''

STUB = "import threading\n\ndef poll() -> None: ...\ndef start() -> threading.Thread: ...\n"


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = run(["git", *args], cwd=cwd, env=GIT_IDENTITY)
    assert result.returncode == 0, result.stderr
    return result


def commit_all(repo: Path) -> str:
    git("add", "--all", cwd=repo)
    git("commit", "--quiet", "--no-verify", "--message", "snapshot", cwd=repo)
    return git("rev-parse", "HEAD", cwd=repo).stdout.strip()


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this working tree's files (tracked and new, not ignored)."""
    clone = tmp_path_factory.mktemp("hook-repository")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO).stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():  # a tracked file may be deleted in the working tree
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    git("init", "--quiet", cwd=clone)
    return clone, commit_all(clone)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def user_repository(tmp_path: Path, hook_repository: tuple[Path, str]) -> Iterator[Path]:
    """A user's project using both hooks, with a finding in `app/` and one in excluded code."""
    hooks, rev = hook_repository
    repo = tmp_path / "project"
    (repo / "app").mkdir(parents=True)
    (repo / "legacy").mkdir()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n"
        "  - id: lint-recover-fix\n  - id: lint-recover\n"
    )
    (repo / "pyproject.toml").write_text('[tool.lint-recover]\nexclude = ["legacy/**"]\n')
    (repo / "app" / "worker.py").write_text(UNRECOVERED)
    (repo / "app" / "worker.pyi").write_text(STUB)  # `types_or: [pyi]` hands it over too
    (repo / "legacy" / "old_worker.py").write_text(UNRECOVERED)
    git("init", "--quiet", cwd=repo)
    commit_all(repo)
    yield repo


def pre_commit(repo: Path, home: Path, *hook: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit run [HOOK] --all-files`, as a developer or CI would run it."""
    return run(
        [sys.executable, "-m", "pre_commit", "run", *hook, "--all-files", "--color", "never"],
        cwd=repo,
        env={**GIT_IDENTITY, "PRE_COMMIT_HOME": str(home)},
        timeout=600,
    )


def test_check_hook_fails_on_a_finding_and_honours_excludes(
    user_repository: Path, pre_commit_home: Path
) -> None:
    result = pre_commit(user_repository, pre_commit_home, "lint-recover")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "app/worker.py:11:" in output and "RCV101" in output, output
    assert "legacy/" not in output, "a file excluded in [tool.lint-recover] was reported"
    assert "worker.pyi" not in output, "a stub has no bodies to recover"


def test_fix_hook_repairs_and_fails_once_then_everything_passes(
    user_repository: Path, pre_commit_home: Path
) -> None:
    legacy = (user_repository / "legacy" / "old_worker.py").read_bytes()
    stub = (user_repository / "app" / "worker.pyi").read_bytes()

    fixed = pre_commit(user_repository, pre_commit_home, "lint-recover-fix")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr
    assert "files were modified by this hook" in fixed.stdout
    worker = (user_repository / "app" / "worker.py").read_text()
    assert "from recover_runtime import recover" in worker
    assert "@recover\ndef poll()" in worker
    assert (user_repository / "legacy" / "old_worker.py").read_bytes() == legacy
    assert (user_repository / "app" / "worker.pyi").read_bytes() == stub

    again = pre_commit(user_repository, pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr


def test_commit_is_blocked_once_then_goes_through_after_review(
    user_repository: Path, pre_commit_home: Path
) -> None:
    """The README's workflow: commit, the fix hook repairs and stops it, `git add`, commit."""
    env = {**GIT_IDENTITY, "PRE_COMMIT_HOME": str(pre_commit_home)}
    installed = run([sys.executable, "-m", "pre_commit", "install"], cwd=user_repository, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    (user_repository / "app" / "timer.py").write_text(
        "import threading\n\n\ndef tick() -> None:\n    raise OSError('clock')\n\n\n"
        "threading.Timer(1.0, tick).start()\n"
    )
    head = git("rev-parse", "HEAD", cwd=user_repository).stdout
    commit = ["git", "commit", "--quiet", "--message", "add a timer"]

    git("add", "app/timer.py", cwd=user_repository)
    blocked = run(commit, cwd=user_repository, env=env, timeout=600)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert git("rev-parse", "HEAD", cwd=user_repository).stdout == head
    assert "@recover\ndef tick()" in (user_repository / "app" / "timer.py").read_text()

    git("add", "app/timer.py", cwd=user_repository)
    accepted = run(commit, cwd=user_repository, env=env, timeout=600)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git("rev-parse", "HEAD", cwd=user_repository).stdout != head


JOBS = '''\
"""Background jobs."""

import logging

LOG = logging.getLogger(__name__)


def poll() -> None:
    raise RuntimeError("the queue is gone")
'''
START = "import threading\n\nfrom app.jobs import poll\n\n\ndef start() -> None:\n"
START += "    threading.Thread(target=poll).start()\n"


def test_a_definition_in_a_partly_staged_file_is_recovered_at_the_call_site(
    user_repository: Path, pre_commit_home: Path
) -> None:
    """pre-commit stashes unstaged work while hooks run and rolls a hook's edits back when
    they collide with it, so decorating `poll` in its partly staged file failed the commit
    on every attempt. The fix hook edits only the files it is given: the call site, in the
    file being committed, is wrapped; the file with work in progress is left alone."""
    env = {**GIT_IDENTITY, "PRE_COMMIT_HOME": str(pre_commit_home)}
    installed = run([sys.executable, "-m", "pre_commit", "install"], cwd=user_repository, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    jobs, start = user_repository / "app" / "jobs.py", user_repository / "app" / "start.py"
    jobs.write_text(JOBS)
    commit_all(user_repository)

    start.write_text(START)
    jobs.write_text(JOBS + "\n\ndef drain() -> int:\n    return 0\n")  # staged
    git("add", "app/start.py", "app/jobs.py", cwd=user_repository)
    work_in_progress = jobs.read_text().replace("import logging\n", "import logging\nimport os\n")
    jobs.write_text(work_in_progress)  # unstaged, next to where an import would go
    commit = ["git", "commit", "--quiet", "--message", "start the poller"]

    blocked = run(commit, cwd=user_repository, env=env, timeout=600)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "Rolling back fixes" not in output
    assert "threading.Thread(target=recover(poll))" in start.read_text()
    assert jobs.read_text() == work_in_progress

    git("add", "app/start.py", cwd=user_repository)
    accepted = run(commit, cwd=user_repository, env=env, timeout=600)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert jobs.read_text() == work_in_progress
    committed = git("show", "HEAD:app/jobs.py", cwd=user_repository).stdout
    assert "def drain()" in committed and "import os" not in committed
