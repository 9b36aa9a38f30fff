"""Decorate or wrap: the fix that changes nothing for the definition's other callers.

Decorating a definition with `@recover` changes what every direct caller sees: an exception
a caller handles arrives as a crash report too, a coroutine awaited elsewhere reports what its
awaiter would have handled. So a definition is decorated only when the project uses it nowhere
but at the spawn sites being fixed; otherwise each of those sites is wrapped instead
(`Thread(target=recover(poll))`), which recovers the same work and nothing else.

Uses are counted by name, as a reader searching the project would: every occurrence of the
definition's name in the code (comments and strings aside) of the Python files that can refer
to it, minus the definitions of that name (`def name`) and the one mention at each spawn site
being fixed whose target has that name. A module-level function can be referred to from its
own module and from modules that name its module (an import); a method from anywhere. A name
that also means something else there counts as a use: the fix then wraps every such target,
which is always safe. A function a
Cython `.pxd` beside its module declares is never decorated: Cython compiles the declaration
and drops the decorator without a word.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from lint_recover.findings import DecorateDef, Finding


def choose_plans(findings: Sequence[Finding], files: Iterable[Path]) -> list[Finding]:
    """`findings` with each decoration that other uses of its definition forbid replaced by
    its call-site wrap, and every decoration stripped of its alternative."""
    plans = [f.fix for f in findings if isinstance(f.fix, DecorateDef) and f.fix.instead]
    groups = Counter(_group(plan) for plan in plans)
    texts = _texts(files) if groups else {}
    others = {group: _other_uses(group, sites, texts) for group, sites in groups.items()}
    chosen = []
    for finding in findings:
        plan = finding.fix
        if isinstance(plan, DecorateDef) and plan.instead is not None:
            name = plan.qualname.rsplit(".", 1)[-1]
            if others[_group(plan)] or _declared_in_pxd(Path(plan.path), name):
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
        mentions += found.names[name]
        if module is None and own_file is None:  # a method: read as an attribute too
            mentions += found.attributes[name]
        elif module is not None:  # a function: named, or an attribute of its module
            mentions += found.qualified[(module, name)]
        definitions += found.defined[name]
    return mentions - definitions - sites > 0


@dataclass(slots=True)
class _Names:
    """How often each name occurs in the code of one text: as a name, as an attribute
    (`x.name`), as an attribute of a given name (`module.name`), and defined (`def name`)."""

    names: Counter[str] = field(default_factory=Counter)
    attributes: Counter[str] = field(default_factory=Counter)
    qualified: Counter[tuple[str, str]] = field(default_factory=Counter)
    defined: Counter[str] = field(default_factory=Counter)


@lru_cache(maxsize=1024)
def _names(text: str) -> _Names:
    """The names of `text`'s code (text the tokenizer cannot read is taken to name every
    word in it, in every way)."""
    found = _Names()
    before, previous = "", ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.NAME:
                if previous == ".":
                    found.attributes[token.string] += 1
                    found.qualified[(before, token.string)] += 1
                else:
                    found.names[token.string] += 1
                if previous in ("def", "class"):
                    found.defined[token.string] += 1
            if token.type not in _LAYOUT:
                before, previous = previous, token.string
    except (tokenize.TokenError, SyntaxError):
        every = Counter(re.findall(r"\w+", text))
        return _Names(every, every, Counter(), Counter())
    return found


_LAYOUT = frozenset({tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT})


def _declared_in_pxd(path: Path, name: str) -> bool:
    pxd = path.with_suffix(".pxd")
    try:
        text = pxd.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(rf"\b{re.escape(name)}\b", text) is not None
