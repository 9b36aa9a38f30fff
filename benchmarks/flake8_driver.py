"""flake8's own `main`, with this project's plugin discovered or not: `python
benchmarks/flake8_driver.py on|off [flake8 arguments]`.

`--select` cannot switch a plugin off (flake8 runs every installed plugin and only filters
what it reports), and the benchmark must not uninstall anything; dropping the distribution's
entry point from flake8's plugin discovery is the one difference between the two runs.
Nothing of `lint_recover` is imported here, so the "off" run pays nothing for it.
"""

from __future__ import annotations

import sys
from typing import Any

from flake8.main.cli import main as flake8_main
from flake8.plugins import finder

DISTRIBUTION = "lint-recover"


def run(plugin: str, argv: list[str]) -> int:
    if plugin == "off":
        discover_all = finder.find_plugins

        def without_this_plugin(*args: Any, **kwargs: Any) -> list[finder.Plugin]:
            return [p for p in discover_all(*args, **kwargs) if p.package != DISTRIBUTION]

        finder.find_plugins = without_this_plugin
    return int(flake8_main(argv))


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2:]))
