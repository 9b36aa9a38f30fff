"""`entrypoints` globs: root-relative, `**` spans directories, a leading `./` is ignored and
nothing else is (a glob starting with a dot names a hidden directory)."""

from __future__ import annotations

import pytest

from lint_recover.rules.families.entrypoints import matches_entrypoints


@pytest.mark.parametrize(
    ("path", "globs", "matched"),
    [
        ("api/orders.py", ("api/*.py",), True),
        ("api/orders.py", ("./api/*.py",), True),
        ("api/v1/users.py", ("api/**/*.py",), True),
        ("api/users.py", ("api/**/*.py",), True),
        ("api/v1/users.py", ("api/*.py",), False),
        ("api/orders.py", (".api/*.py",), False),
        (".api/orders.py", (".api/*.py",), True),
        ("papi/orders.py", ("api/*.py",), False),
    ],
)
def test_globs_match_as_documented(path: str, globs: tuple[str, ...], matched: bool) -> None:
    assert matches_entrypoints(path, globs) is matched
