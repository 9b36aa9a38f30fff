"""Decorate or wrap: the fix that changes nothing for the definition's other callers, and
edits only the files it may.

Decorating a definition with `@recover` changes what every direct caller sees: an exception
a caller handles arrives as a crash report too, a coroutine awaited elsewhere reports what its
awaiter would have handled. So a definition is decorated only when the project uses it nowhere
but at the spawn sites being fixed; otherwise each of those sites is wrapped instead
(`Thread(target=recover(poll))`), which recovers the same work and nothing else.

Uses are counted by name, as a reader searching the project would: every occurrence of the
definition's name in the code (comments and strings aside) of the Python files that can refer
to it, minus the definitions of that name (`def name`), its imports (the uses that follow
count, under the name it is imported as) and one mention for each spawn site being fixed. A
module-level function can be referred to from its own module and from modules that name its
module (an import); a method from anywhere. A name that also means something else there
counts as a use: the fix then wraps every such target, which is always safe. A function a
Cython `.pxd` beside its module declares is never decorated: Cython compiles the declaration
and drops the decorator without a word.

A fix also edits only the files it may (`Scope`): with paths given (`fix src/`, the files a
codemod runner is handed), only files within them; with `--same-file` (the pre-commit hook:
pre-commit stashes unstaged work, so an edit anywhere else is left out of the commit or rolled
back), only the file holding each finding. A definition elsewhere is recovered at the call
site instead.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from lint_recover.findings import DecorateDef, Finding


@dataclass(frozen=True, slots=True)
class Scope:
    """Which files a fix may edit: those within `paths` (every file when empty), and with
    `same_file` only the file holding each finding."""

    paths: tuple[Path, ...] = ()
    same_file: bool = False

    def allows(self, plan: DecorateDef, finding: Finding) -> bool:
        target = Path(plan.path).absolute()
        if self.same_file and target != Path(finding.path).absolute():
            return False
        return not self.paths or any(target.is_relative_to(p.absolute()) for p in self.paths)


EVERYWHERE = Scope()


def choose_plans(
    findings: Sequence[Finding], files: Iterable[Path], scope: Scope = EVERYWHERE
) -> list[Finding]:
    """`findings` with each decoration that other uses of its definition forbid, or that
    `scope` does not allow, replaced by its call-site wrap, and every decoration stripped of
    its alternative."""
    plans = [f.fix for f in findings if isinstance(f.fix, DecorateDef) and f.fix.instead]
    groups = Counter(_group(plan) for plan in plans)
    texts = _texts(files) if groups else {}
    others = {group: _other_uses(group, sites, texts) for group, sites in groups.items()}
    chosen = []
    for finding in findings:
        plan = finding.fix
        if isinstance(plan, DecorateDef) and plan.instead is not None:
            name = plan.qualname.rsplit(".", 1)[-1]
            forbidden = others[_group(plan)] or not scope.allows(plan, finding)
            if forbidden or _declared_in_pxd(Path(plan.path), name):
                finding = replace(finding, fix=plan.instead)
            else:
                finding = replace(finding, fix=replace(plan, instead=None))
        chosen.append(finding)
    return chosen


# Definitions judged together, by name and where they can be named from: a method from
# anywhere (any object may be its receiver: None), a module-level function from its module and
# its importers (the module's name), a nested function from its own file (its path).
_Group = tuple[str, str | None, Path | None]


def _group(plan: DecorateDef) -> _Group:
    qualname = plan.qualname
    name = qualname.rsplit(".", 1)[-1]
    path = Path(plan.path)
    if "<locals>" in qualname:
        return name, None, path
    if "." in qualname:
        return name, None, None
    return name, path.parent.name if path.stem == "__init__" else path.stem, None


def _texts(files: Iterable[Path]) -> dict[Path, str]:
    texts = {}
    for path in files:
        try:
            texts[path] = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return texts


def _other_uses(group: _Group, sites: int, texts: dict[Path, str]) -> bool:
    """Whether the name of `group` is used in code where it can refer to such a definition,
    other than by its definitions and its `sites` spawn sites being fixed."""
    name, module, own_file = group
    mentions = definitions = 0
    for path, text in texts.items():
        if name not in text or (own_file is not None and path != own_file):
            continue
        if module is not None and path.stem != module and module not in text:
            continue  # cannot import it
        found = _names(text)
        mentions += found.names[name] + sum(found.names[alias] for alias in found.aliases[name])
        if module is None and own_file is None:  # a method: read as an attribute too
            mentions += found.attributes[name]
        elif module is not None:  # a function: named, or an attribute of its module
            modules = (module, *found.aliases[module])
            mentions += sum(found.qualified[(spelled, name)] for spelled in modules)
        definitions += found.defined[name]
    return mentions - definitions - sites > 0


@dataclass(slots=True)
class _Names:
    """How often each name occurs in the code of one text: as a name, as an attribute
    (`x.name`), as an attribute of a given name (`module.name`), defined (`def name`); and
    the other names each is imported under (`import name as other`), whose uses are its."""

    names: Counter[str] = field(default_factory=Counter)
    attributes: Counter[str] = field(default_factory=Counter)
    qualified: Counter[tuple[str, str]] = field(default_factory=Counter)
    defined: Counter[str] = field(default_factory=Counter)
    aliases: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


@lru_cache(maxsize=1024)
def _names(text: str) -> _Names:
    """The names of `text`'s code (text the tokenizer cannot read is taken to name every
    word in it, in every way)."""
    found = _Names()
    before, previous = "", ""
    starting, importing = True, False  # at a statement's start; within an import statement
    imported: str | None = None  # a name just imported
    renamed: str | None = None  # a name being renamed (`import name as other`)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            renaming = imported if token.string == "as" else None
            imported = None
            if token.type == tokenize.NAME:
                if importing and previous == "as" and renamed is not None:
                    found.aliases[renamed].add(token.string)
                elif importing and previous in ("import", ",", "("):
                    imported = token.string
                elif previous == ".":
                    found.attributes[token.string] += 1
                    found.qualified[(before, token.string)] += 1
                else:
                    found.names[token.string] += 1
                if previous in ("def", "class"):
                    found.defined[token.string] += 1
            if token.type == tokenize.NEWLINE or token.string == ";":
                importing, starting = False, True
            elif token.type not in _LAYOUT:
                importing = importing or (starting and token.string in ("import", "from"))
                starting = False
                before, previous, renamed = previous, token.string, renaming
    except (tokenize.TokenError, SyntaxError):
        every = Counter(re.findall(r"\w+", text))
        return _Names(every, every, Counter(), Counter())
    return found


_LAYOUT = frozenset(
    {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}
)


def _declared_in_pxd(path: Path, name: str) -> bool:
    pxd = path.with_suffix(".pxd")
    try:
        text = pxd.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(rf"\b{re.escape(name)}\b", text) is not None
