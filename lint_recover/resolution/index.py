"""The project index: which modules belong to the project, and their facts, on demand.

status-go's linter asks gopls where a goroutine's function is defined; here the index
answers the same question for Python. Module names map to files under the source roots
(`source-roots`, default the project root and `src/`); facts of another module are built
(or fetched from the CLI's cache through `load_facts`) the first time a resolution needs
them, and kept. (The engine records which module names a check asked about, so that its
cache re-checks only the dependants of a change.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lint_recover.config import Config
from lint_recover.facts import ModuleFacts, module_facts
from lint_recover.text.source import ParsedSource, read_source

LoadFacts = Callable[[Path], ModuleFacts | None]


class ProjectIndex:
    """Modules of one project (one `Config`), their files and their facts."""

    def __init__(self, config: Config, load_facts: LoadFacts | None = None) -> None:
        self.config = config
        self.roots = tuple(
            root
            for root in dict.fromkeys(
                (config.root / name).resolve() for name in config.source_roots
            )
            if root.is_dir()
        )
        self.load_facts = load_facts
        self._facts: dict[str, ModuleFacts | None] = {}
        self._paths: dict[str, Path | None] = {}

    def module_name_for(self, path: Path) -> str:
        """The dotted module name of `path` under the deepest source root containing it
        (`pkg/__init__.py` is `pkg`); a file outside every root is named by its stem."""
        resolved = path.resolve()
        best: tuple[str, ...] | None = None
        for root in self.roots:
            if resolved.is_relative_to(root):
                parts = resolved.relative_to(root).with_suffix("").parts
                if best is None or len(parts) < len(best):
                    best = parts
        if not best:
            return path.stem
        if best[-1] == "__init__" and len(best) > 1:
            best = best[:-1]
        return ".".join(best)

    def path_for(self, module: str) -> Path | None:
        """The file of `module` in the project (a namespace package is its directory)."""
        if module in self._paths:
            return self._paths[module]
        found: Path | None = None
        if module and all(part.isidentifier() for part in module.split(".")):
            relative = Path(*module.split("."))
            for root in self.roots:
                for candidate in (root / relative / "__init__.py", root / f"{relative}.py"):
                    if candidate.is_file():
                        found = candidate
                        break
                if found is None and (root / relative).is_dir():
                    found = root / relative
                if found is not None:
                    break
        self._paths[module] = found
        return found

    def is_module(self, module: str) -> bool:
        """Whether `module` is the project's (a file or a namespace package directory), so
        resolution follows it instead of calling it external."""
        return self.path_for(module) is not None

    def add(self, facts: ModuleFacts) -> None:
        """Serve `facts` for their module (the file being checked, built by the caller)."""
        self._facts[facts.module] = facts

    def facts(self, module: str) -> ModuleFacts | None:
        """Facts of a project module, built once; None outside the project or unreadable."""
        if module not in self._facts:
            self._facts[module] = self._load(module)
        return self._facts[module]

    def _load(self, module: str) -> ModuleFacts | None:
        path = self.path_for(module)
        if path is None or not path.is_file():
            return None
        if self.load_facts is not None:
            return self.load_facts(path)
        parsed = read_source(path)
        if not isinstance(parsed, ParsedSource):
            return None
        return module_facts(parsed, module, self.config)
