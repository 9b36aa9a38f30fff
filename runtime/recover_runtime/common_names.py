"""The short/common-name rule: which identifying names are too ordinary to replace everywhere.

A user called `app` on a host called `ci`: replacing those letters wherever they appear would
turn the environment `ci-main` into `<host>-main`, `app.py` into `<user>.py` and every "the app
failed" into nonsense, while such a name says next to nothing about whose machine it is. So a
name of 3 characters or fewer, or an ordinary word of the kind people give to service accounts,
containers and build machines, is replaced only where it stands as a whole path segment (see
`redaction.py`); any other name is replaced wherever it appears, inside words included.

The list is deliberately small (a runtime cannot ship a dictionary): words that are at the
same time common account or host names and words that occur in code, paths and messages.
"""

from __future__ import annotations

SHORT_NAME_LENGTH = 3

_WORDS = """
account accounts admin administrator agent alpha android api app apps application archive
backend backup base beta bin bot box build builder builds cache client cloud cluster code
common compute computer config console container control core daemon data database debian
debug default demo deploy deployer desktop dev devel developer development device docker
docs edge example fedora frontend gateway git github gitlab guest home host hosts http
image install instance jenkins job jobs kernel lab laptop linux live local localhost login
mac macbook machine mail main manager master media mobile monitor nginx node nobody
notebook office operator ops owner pi postgres primary private prod production project
proxy public python redis release remote root router runner sandbox secret server service
services session setup shared shell site source staging station storage student sync
system task temp test tester tests tmp ubuntu unknown user users vagrant web worker
workstation www
"""
COMMON_WORDS = frozenset(_WORDS.split())


def is_common(name: str) -> bool:
    """True for a name replaced only as a whole path segment (short or an ordinary word)."""
    return len(name) <= SHORT_NAME_LENGTH or name.lower() in COMMON_WORDS
