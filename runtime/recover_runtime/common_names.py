"""The short/common-name rule: which identifying names are too ordinary to replace everywhere.

A user called `app` on a host called `ci`: replacing those letters wherever they appear would
turn the environment `ci-main` into `<host>-main`, `app.py` into `<user>.py` and every "the app
failed" into nonsense, while such a name says next to nothing about whose machine it is. The
same holds for a real name that is an everyday word: for Mark Will, "markdown" and "it will
retry" must survive. So a name of 3 characters or fewer, or an ordinary word from the lists
below, is replaced only where it stands for the account or the machine (see `redaction.py`);
any other name is replaced wherever it appears, inside words included.

The lists are deliberately short (a runtime does not ship a dictionary): the words people
give to service accounts, containers and build machines, and given names and surnames that
are also everyday words likely to occur in code, paths and messages.
"""

from __future__ import annotations

SHORT_NAME_LENGTH = 3

_ACCOUNT_AND_MACHINE_WORDS = """
account accounts admin administrator agent alpha android api app apps application archive
backend backup base beta bin bot box build builder builds cache client cloud cluster code
common compute computer config console container control core daemon data database debian
debug default demo deploy deployer desktop dev devel developer development device docker
docs edge email example fedora frontend gateway git github gitlab guest home host hosts http
image install instance jenkins job jobs kernel lab laptop linux live local localhost login
mac macbook machine mail main manager master media mobile monitor name nginx node nobody
notebook office operator ops owner postgres primary private prod production project
proxy public python redis release remote root router runner sandbox secret server service
services session setup shared shell site source staging station storage student sync
system task temp test tester tests tmp ubuntu unknown user users vagrant web worker
workstation www
"""
_NAMES_THAT_ARE_WORDS = """
amber angel april august autumn baker banks bell berry bill bird black bond brand brown buck
bush butler carter case cash chance chase cherry chip chuck clay cole cook cooper crane crystal
dale dawn dean dell drew duke dusty earl fields fisher ford forest fox frank gates gold golden
grace grant gray green grey hall hardy hart holly hood hope hunt hunter iris ivy jack jade jay
jewel joy june king knight lake lance lane little long lord love major march mark marsh mason
may miles moon noble north page park pearl penny pierce pike pool porter post power price reed
rich river rivers robin rock rose ruby rush sage salt sandy sharp short silver sky small snow
spring star steel sterling stone storm strong summer sunny swift tanner thorn tower turner
walker wall ward warren waters wells west white will winter wolf wood woods young
"""
COMMON_WORDS = frozenset((_ACCOUNT_AND_MACHINE_WORDS + _NAMES_THAT_ARE_WORDS).split())


def is_common(name: str) -> bool:
    """True for a name replaced only where it stands for the account or the machine."""
    return len(name) <= SHORT_NAME_LENGTH or name.lower() in COMMON_WORDS
