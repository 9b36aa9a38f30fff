"""`[tool.lint-recover]`: discovery from a path upward, validation, overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_recover.apis.model import FUTURE_FORMS, SpawnApi
from lint_recover.config import Config, ConfigError, find_pyproject, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_pyproject(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.root == tmp_path.resolve()
    assert config.recover_functions == ("recover_runtime.recover",)
    assert config.source_roots == (".", "src")
    assert config.unresolved == "ignore"
    assert config.source == "defaults"


def test_table_found_from_a_nested_file_upward(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        """
[tool.lint-recover]
recover-functions = ["app.crash.recover", "recover_runtime.recover"]
entrypoints = ["app/api/**/*.py"]
entrypoint-decorators = ["app.web.route"]
unresolved = "report"
exclude = ["migrations/**"]
source-roots = ["src"]
spawners = [{ name = "gevent.spawn", arg = 0, code = "RCV101" },
            { name = "app.bg.run_in_background", keyword = "job", code = "RCV201" }]
""",
    )
    nested = write(tmp_path / "src" / "app" / "worker.py", "")
    config = load_config(nested)
    assert config.root == tmp_path.resolve()
    assert config.recover_functions == ("app.crash.recover", "recover_runtime.recover")
    assert config.entrypoints == ("app/api/**/*.py",)
    assert config.entrypoint_decorators == ("app.web.route",)
    assert config.unresolved == "report"
    assert config.exclude == ("migrations/**",)
    assert config.source_roots == ("src",)
    assert config.spawners == (
        SpawnApi("gevent.spawn", "RCV101", 0, None),
        SpawnApi(
            "app.bg.run_in_background",
            "RCV201",
            None,
            "job",
            returns="result",
            consumed_by=FUTURE_FORMS,
        ),
    )


def test_nearest_table_wins_over_a_nearer_pyproject_without_one(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.lint-recover]\nunresolved = "report"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "sub"\n')
    assert find_pyproject(tmp_path / "sub") == tmp_path.resolve() / "pyproject.toml"
    assert load_config(tmp_path / "sub").unresolved == "report"


def test_pyproject_without_table_sets_the_root(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    (tmp_path / "pkg").mkdir()
    config = load_config(tmp_path / "pkg")
    assert config.root == tmp_path.resolve()
    assert config.unresolved == "ignore"


@pytest.mark.parametrize(
    ("body", "key", "reason"),
    [
        ("recover-function = []", "recover-function", "unknown key"),
        ("recover-functions = 3", "recover-functions", "expected a list of strings, got int"),
        ("recover-functions = []", "recover-functions", "needs at least one"),
        ('recover-functions = ["not a name"]', "recover-functions", "is not a dotted name"),
        ('unresolved = "warn"', "unresolved", "expected 'report' or 'ignore'"),
        ('exclude = "a"', "exclude", "expected a list of strings, got str"),
        ("entrypoints = [1]", "entrypoints", "got 1 in it"),
        ("[tool.lint-recover.x]\ny = 1", "x", "unknown key"),
        ("spawners = {}", "spawners", "expected a list of tables, got dict"),
        ('spawners = [{ name = "x.y" }]', "spawners[0]", "needs 'arg'"),
        ('spawners = [{ name = "x.y", arg = -1 }]', "spawners[0]", "non-negative integer"),
        ('spawners = [{ name = "x.y", arg = 0, code = "RCV999" }]', "spawners[0]", "'code'"),
        ('spawners = [{ name = "x.y", arg = 0, where = 1 }]', "spawners[0]", "unknown field"),
        ('presets = "off"', "presets", 'expected a table like { gevent = "off" }, got str'),
        ('presets = { gevnt = "off" }', "presets.gevnt", "unknown preset (known presets: dask,"),
        ("presets = { gevent = false }", "presets.gevent", "expected 'auto', 'on' or 'off'"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path: Path, body: str, key: str, reason: str) -> None:
    pyproject = write(tmp_path / "pyproject.toml", f"[tool.lint-recover]\n{body}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    message = str(raised.value)
    assert message.startswith(f"{pyproject}: [tool.lint-recover] {key}: ")
    assert reason in message
    assert "\n" not in message


def test_broken_toml_is_one_line(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[tool.lint-recover\n")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert str(raised.value).startswith(f"{pyproject}: is not valid TOML (")
    assert "\n" not in str(raised.value)


def test_overrides_are_validated_like_the_file(tmp_path: Path) -> None:
    base = Config(root=tmp_path)
    changed = base.with_overrides(recover_functions="a.recover, b.recover", unresolved=None)
    assert changed.recover_functions == ("a.recover", "b.recover")
    assert changed.unresolved == "ignore"
    with pytest.raises(ConfigError, match="unresolved"):
        base.with_overrides(unresolved="sometimes")


def test_presets_are_read_from_the_file_and_from_flake8_items(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.lint-recover]\npresets = { gevent = "off" }\n')
    config = load_config(tmp_path)
    assert config.presets == (("gevent", "off"),)
    assert "gevent" not in config.table().presets
    assert "twisted" in config.table().presets
    overridden = config.with_overrides(presets=["tornado=on"])
    assert overridden.presets == (("gevent", "off"), ("tornado", "on"))
    assert overridden.forced_presets() == {"tornado"}
    assert "gevent" not in overridden.table().presets  # the presets not named stay
    with pytest.raises(ConfigError, match=r"presets: expected name=mode items, got 'gevent'"):
        config.with_overrides(presets="gevent")


def test_a_declared_library_turns_its_preset_on_unless_the_table_names_it(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[project]\ndependencies = ["Twisted[tls]>=24", "requests"]\n'
        '[project.optional-dependencies]\nui = ["PySide6_Essentials==6.7"]\n'
        '[tool.lint-recover]\npresets = { tornado = "auto" }\n',
    )
    write(tmp_path / "requirements-dev.txt", "# tools\n-r base.txt\ngevent==24.2.1\ntornado\n")
    write(tmp_path / "setup.cfg", "[options]\ninstall_requires =\n    dask[distributed]\n")
    config = load_config(tmp_path)
    assert config.forced_presets() == {"twisted", "pyside6", "gevent", "dask"}
    assert ("tornado", "auto") in config.presets  # named in the table: per module still
    write(tmp_path / "setup.cfg", "[options\nbroken")
    assert "dask" not in load_config(tmp_path).forced_presets()  # the project's file: no error


def test_fingerprint_follows_settings_not_location(tmp_path: Path) -> None:
    one = Config(root=tmp_path / "a")
    two = Config(root=tmp_path / "b")
    assert one.fingerprint() == two.fingerprint()
    assert one.fingerprint() != one.with_overrides(unresolved="report").fingerprint()
