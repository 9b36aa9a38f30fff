"""The flake8 plugin (`RCV` entry point): the same checker, on the tree flake8 already has.

flake8 parses each file once and hands the plugin its `tree` and `lines`; the plugin builds
facts from that tree (never parsing again), resolves across the project with one
`ProjectIndex` per project root and configuration, kept for the life of the process, and
yields flake8's tuples. A module whose text cannot yield a finding (`screen.screen`)
is skipped without building its facts: that walk is most of what the plugin adds to flake8.
flake8 itself applies `# noqa`, `--select`, `--extend-ignore`; the plugin applies the table's
`exclude`, `select`, `ignore` and `per-file-ignores` with the CLI's own decisions
(`config.excludes`, `config.selection`), so the project's table means the same in both.

Configuration: `[tool.lint-recover]` of the pyproject.toml governing each file, overridden by
the `--recover-*` options (also read from `setup.cfg`, `tox.ini` or `.flake8` as
`recover-functions = ...`). A broken configuration stops flake8 with one line on stderr and
exit status 2 when it governs the directory flake8 runs in; one that governs only some
checked files is reported on those files as RCV001 at line 1.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

from lint_recover import __version__
from lint_recover.config import Config, ConfigError, load_config
from lint_recover.config.excludes import Excluder
from lint_recover.facts import module_facts
from lint_recover.findings import Finding
from lint_recover.resolution.index import ProjectIndex
from lint_recover.rules.checker import check_module
from lint_recover.rules.families.unanalysable import UNANALYSABLE
from lint_recover.rules.registry import check_codes
from lint_recover.text.screen import screen
from lint_recover.text.source import ParsedSource

_OPTIONS = {
    "recover_functions": (
        "--recover-functions",
        "comma-separated qualified names of recover functions (default: recover_runtime.recover)",
    ),
    "entrypoints": (
        "--recover-entrypoints",
        "comma-separated globs (relative to the project root) of modules whose public "
        "functions are API entrypoints",
    ),
    "entrypoint_decorators": (
        "--recover-entrypoint-decorators",
        "comma-separated qualified names of decorators that make a function an API entrypoint",
    ),
    "presets": (
        "--recover-presets",
        "comma-separated name=mode items turning a library's preset off or on everywhere "
        "(gevent=off,tornado=on; mode auto, on or off)",
    ),
}

Report = tuple[int, int, str, type[Any]]


class Plugin:
    """flake8 calls `add_options`/`parse_options` once, then `run()` per file."""

    name = "lint-recover"
    version = __version__
    overrides: ClassVar[dict[str, Any]] = {}
    _configs: ClassVar[dict[Path, Config | ConfigError]] = {}
    _indexes: ClassVar[dict[tuple[Path, str], ProjectIndex]] = {}
    _excluders: ClassVar[dict[Config, Excluder]] = {}

    def __init__(self, tree: ast.Module, filename: str, lines: Sequence[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, manager: Any) -> None:
        for option, help_text in _OPTIONS.values():
            manager.add_option(
                option, parse_from_config=True, comma_separated_list=True, help=help_text
            )
        manager.add_option(
            "--recover-unresolved",
            parse_from_config=True,
            choices=("report", "ignore"),
            help="report a lambda or an unresolvable spawn target at the call site (report, "
            "the default) or not (ignore)",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.overrides = {
            key: getattr(options, _dest(option), None) or None
            for key, (option, _) in _OPTIONS.items()
        }
        cls.overrides["unresolved"] = getattr(options, "recover_unresolved", None)
        cls._configs.clear()
        cls._indexes.clear()
        governing = cls.config_for(Path.cwd())
        if isinstance(governing, ConfigError):
            print(f"flake8: lint-recover: {governing}", file=sys.stderr)
            raise SystemExit(2)

    @classmethod
    def config_for(cls, directory: Path) -> Config | ConfigError:
        """The configuration governing `directory`, with the flake8 overrides applied."""
        if directory not in cls._configs:
            try:
                loaded = load_config(directory).with_overrides(**cls.overrides)
                check_codes(loaded)
                config: Config | ConfigError = loaded
            except ConfigError as error:
                config = error
            cls._configs[directory] = config
        return cls._configs[directory]

    @classmethod
    def excluder_for(cls, config: Config) -> Excluder:
        if config not in cls._excluders:
            cls._excluders[config] = Excluder(config)
        return cls._excluders[config]

    @classmethod
    def index_for(cls, config: Config) -> ProjectIndex:
        key = (config.root, config.fingerprint())
        if key not in cls._indexes:
            cls._indexes[key] = ProjectIndex(config)
        return cls._indexes[key]

    def run(self) -> Iterator[Report]:
        path = Path(self.filename)
        config = self.config_for(path.resolve().parent)
        if isinstance(config, ConfigError):
            message = UNANALYSABLE.message.format(reason=f"configuration error: {config}")
            yield 1, 0, f"{UNANALYSABLE.code} {message}", type(self)
            return
        if self.excluder_for(config).skips(path.absolute()):
            return  # `exclude` governs flake8 as it governs the CLI
        source = ParsedSource(path, "".join(self.lines), tuple(self.lines), self.tree)
        if not screen(source.text, config):
            return
        index = self.index_for(config)
        facts = module_facts(source, index.module_name_for(path), config)
        index.add(facts)
        selection = config.selection()
        absolute = path.resolve()
        for finding in check_module(facts, index, config):
            if selection.chooses(finding.code, absolute):
                yield _report(finding, type(self))


def _dest(option: str) -> str:
    """argparse's attribute for `--recover-x-y`: `recover_x_y`."""
    return option.removeprefix("--").replace("-", "_")


def _report(finding: Finding, plugin: type[Any]) -> Report:
    return finding.line, finding.col, f"{finding.code} {finding.message}", plugin
