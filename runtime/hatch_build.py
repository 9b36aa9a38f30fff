"""Build hook: bake the build-time context into the wheel, never into the source tree.

Reads `SENTRY_CONTEXT_NAME`, `SENTRY_CONTEXT_VERSION` and `SENTRY_PRODUCTION` when a wheel is
built, validates them with the runtime's own rules (`recover_runtime/context_values.py`), and
adds a generated `recover_runtime/_build_info.py` to the wheel from a temporary file. An
editable install gets nothing: a source checkout has no baked values. No other variable is
read, so `SENTRY_DSN` set during a build ends up nowhere.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path(__file__).resolve().parent / "recover_runtime"
TARGET = "recover_runtime/_build_info.py"


def _load(name: str) -> ModuleType:
    """Load one stdlib-only module of the package by path (the package is not installed yet)."""
    spec = importlib.util.spec_from_file_location(f"_recover_build_{name}", PACKAGE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


class BakeContextHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        values = _load("context_values")
        baked = _load("baked")
        try:
            content = baked.render_generated_module(
                baked.BakedValues(
                    context_name=values.clean_context_name(
                        "SENTRY_CONTEXT_NAME", os.environ.get("SENTRY_CONTEXT_NAME")
                    ),
                    context_version=values.clean_context_version(
                        "SENTRY_CONTEXT_VERSION", os.environ.get("SENTRY_CONTEXT_VERSION")
                    ),
                    production=values.parse_production_flag(
                        "SENTRY_PRODUCTION", os.environ.get("SENTRY_PRODUCTION")
                    ),
                )
            )
        except ValueError as error:
            raise SystemExit(f"recover-runtime build: {error}") from None
        handle, path = tempfile.mkstemp(prefix="recover_build_info_", suffix=".py")
        with os.fdopen(handle, "w", encoding="utf-8") as generated:
            generated.write(content)
        self._generated = path
        build_data["force_include"][path] = TARGET

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        generated = getattr(self, "_generated", None)
        if generated:
            os.unlink(generated)
