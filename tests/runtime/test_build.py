"""Build time: the real wheel, built with `python -m build`, installed in a fresh virtualenv."""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.runtime.harness import run_app, sending_env
from tests.support.process import REPO, run
from tests.support.sentry_endpoint import SentryEndpoint

pytestmark = pytest.mark.slow

RUNTIME = REPO / "runtime"
DSN_MARKER = "SECRETDSNKEY0000"
PRODUCTION_BUILD = {
    "SENTRY_CONTEXT_NAME": "  desktop-app ",
    "SENTRY_CONTEXT_VERSION": " 3.1.4 ",
    "SENTRY_PRODUCTION": "true",
    "SENTRY_DSN": f"http://{DSN_MARKER}@example.invalid/1",
}
REPORTING_APP = """
    import recover_runtime as rr
    print(rr.__file__)
    print(rr.init(opted_in=True))
    with rr.recover(reraise=False):
        raise ValueError("from the wheel")
"""


def _build(out: Path, env: dict[str, str]) -> tuple[int, str, Path | None]:
    result = run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, RUNTIME],
        env=env,
        timeout=180,
    )
    wheels = sorted(out.glob("*.whl"))
    return result.returncode, result.stdout + result.stderr, wheels[0] if wheels else None


def _build_or_fail(out: Path, env: dict[str, str]) -> Path:
    code, output, wheel = _build(out, env)
    assert code == 0 and wheel is not None, output
    return wheel


@pytest.fixture(scope="module")
def production_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_or_fail(tmp_path_factory.mktemp("production"), PRODUCTION_BUILD)


@pytest.fixture(scope="module")
def plain_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_or_fail(tmp_path_factory.mktemp("plain"), {})


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new virtualenv without this checkout; each test installs the wheel it needs."""
    venv = tmp_path_factory.mktemp("venv")
    created = run([sys.executable, "-m", "venv", venv], timeout=120)
    assert created.returncode == 0, created.stderr
    yield venv / "bin" / "python"


def _install(python: Path, wheel: Path) -> None:
    installed = run(
        [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--force-reinstall",
         wheel],
        timeout=300,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr


def test_the_dsn_is_written_nowhere_and_the_source_tree_is_untouched(
    production_wheel: Path,
) -> None:
    assert DSN_MARKER.encode() not in production_wheel.read_bytes()
    with zipfile.ZipFile(production_wheel) as wheel:
        for name in wheel.namelist():
            assert DSN_MARKER.encode() not in wheel.read(name), name
        generated = wheel.read("recover_runtime/_build_info.py").decode()
    assert "CONTEXT_NAME: str | None = 'desktop-app'" in generated
    assert not (RUNTIME / "recover_runtime" / "_build_info.py").exists()


def test_a_production_build_reports_as_production_with_its_context(
    production_wheel: Path, fresh_python: Path, endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    _install(fresh_python, production_wheel)
    # ci-pr would drop everything; the build-time production wins over it.
    result = run_app(
        REPORTING_APP,
        python=str(fresh_python),
        cwd=tmp_path,
        env=sending_env(endpoint.dsn, "ci-pr"),
    )

    location, active = result.stdout.split()
    assert Path(location).is_relative_to(fresh_python.parent.parent), location
    assert active == "True", result.stderr
    [event] = endpoint.wait_for_events(1)
    assert event["environment"] == "production"
    assert event["release"] == "3.1.4"
    assert event["tags"] == {"context.name": "desktop-app", "context.version": "3.1.4"}


def test_a_plain_build_ignores_production_given_at_run_time(
    plain_wheel: Path, fresh_python: Path, endpoint: SentryEndpoint, tmp_path: Path
) -> None:
    _install(fresh_python, plain_wheel)
    result = run_app(
        REPORTING_APP,
        python=str(fresh_python),
        cwd=tmp_path,
        env=sending_env(endpoint.dsn, "production"),
    )

    assert result.stdout.split()[1] == "False", result.stderr
    assert endpoint.raw_bodies == []


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SENTRY_PRODUCTION", "yes", "SENTRY_PRODUCTION: expected true, 1, false or 0"),
        ("SENTRY_CONTEXT_VERSION", "1.0 beta", "SENTRY_CONTEXT_VERSION: not a valid version"),
    ],
)
def test_invalid_build_values_fail_the_build_clearly(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    code, output, wheel = _build(tmp_path, {variable: value})

    assert code != 0
    assert wheel is None
    assert message in output
