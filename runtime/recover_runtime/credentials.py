"""Credentials and addresses recognised by their shape, whoever they belong to.

Each finder reads lower-cased text and returns the spans to replace with their placeholder
(`text_spans.py`); it looks for the plain word its shape needs (`://`, `@`, `password`...)
and runs its regex only where that word is, so text without any costs a few substring scans.

- URL user-info: `https://alice:pw@host/` → `https://<secret>@host/`;
- e-mail addresses, also with `%40` for `@` → `<email>`;
- values of credential-named keys: `password=...`, `token:...`, `'api_key': '...'`,
  `secret = "..."` → the value becomes `<secret>`. A bare value counts only right after `=`
  or `:` (no space), so `password: str` in a signature and `token = make_token()` in a source
  line are left alone; a quoted value counts after spaces too;
- `Bearer ...` tokens → `Bearer <secret>`.

No pattern here can match NUL: the redactor joins an event's strings with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from recover_runtime.text_spans import Span, find_all, non_overlapping

SECRET = "<secret>"
EMAIL = "<email>"

Finder = Callable[[str], list[Span]]

_USER_INFO = re.compile(r"[^\s/?#@'\"<>\x00]+@")
_EMAIL_DOMAIN = re.compile(r"(?:@|%40)[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_EMAIL_LOCAL = re.compile(r"[\w.+-]+\Z")
# How far back an e-mail's local part is looked for (RFC 5321 allows 64 characters).
_LOCAL_PART_LIMIT = 64
# The words a credential-named key starts with, and the key with its value.
_KEY_STARTS = (
    "passw",
    "passphrase",
    "secret",
    "token",
    "api",
    "access",
    "private",
    "auth",
    "credential",
    "cookie",
    "session",
)
_KEY_VALUE = re.compile(
    r"(?:passw(?:or)?d|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key"
    r"|auth(?:orization)?|credentials?|cookie|session(?:[_-]?id)?)"
    # the rest of the key, in parts (`_hash`, `-token`), so `tokenizer` or `author` is no key
    r"(?:[_.-][a-z0-9]+)*(?![a-z0-9])"
    r"""(?:['"]?\s*[=:]\s*(?:'(?P<single>[^'\x00]+)'|"(?P<double>[^"\x00]+)")"""
    r"""|[=:](?P<bare>[^\s'"&,;<>(){}\[\]\x00]+))"""
)
_BEARER = re.compile(r"bearer\s+(?P<token>[a-z0-9._~+/=-]{6,})")


def user_info(low: str) -> list[Span]:
    """`scheme://user:password@` → `scheme://<secret>@`."""
    spans = []
    for position in find_all(low, "://"):
        match = _USER_INFO.match(low, position + 3)
        if match is not None:
            spans.append((match.start(), match.end() - 1, SECRET))
    return spans


def emails(low: str) -> list[Span]:
    """Found from their `@`, the local part read backwards from there."""
    spans = []
    for at in (*find_all(low, "@"), *find_all(low, "%40")):
        domain = _EMAIL_DOMAIN.match(low, at)
        if domain is None:
            continue
        local = _EMAIL_LOCAL.search(low, max(0, at - _LOCAL_PART_LIMIT), at)
        if local is None:
            continue
        start = local.start()
        if start > 0 and low[start - 1] == "%":  # `mailto%3Azed@`: `3a` ends an escape
            start += 2
        if start < at:
            spans.append((start, domain.end(), EMAIL))
    return non_overlapping(spans)


def key_values(low: str) -> list[Span]:
    """The values of credential-named keys (`password=hunter2` → `password=<secret>`)."""
    spans = []
    for start in _KEY_STARTS:
        for position in find_all(low, start):
            match = _KEY_VALUE.match(low, position)
            if match is not None:
                group = match.lastgroup or "bare"
                spans.append((match.start(group), match.end(group), SECRET))
    return non_overlapping(spans)


def bearer_tokens(low: str) -> list[Span]:
    """`Authorization: Bearer abc...` → `Authorization: Bearer <secret>`."""
    spans = []
    for position in find_all(low, "bearer"):
        match = _BEARER.match(low, position)
        if match is not None:
            spans.append((match.start("token"), match.end("token"), SECRET))
    return spans


# In this order: user-info before e-mail (`https://al:pw@host.org` is not an address).
FINDERS: tuple[Finder, ...] = (user_info, emails, key_values, bearer_tokens)
