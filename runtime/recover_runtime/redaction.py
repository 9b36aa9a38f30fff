"""Redaction of identifying text: every string of an event, in one pass per rule.

Placeholders: `~` for the home directory, `<user>` for the account's name, `<name>` for the
words of its real name, `<host>` for the machine's names, `<secret>` for credentials (values
of credential-named variables and keys, URL user-info, bearer tokens), `<email>` for e-mail
addresses. Everything is matched whatever its case, and also in its URL-encoded form.

- The home directory is replaced on path boundaries only: with `HOME=/home/al`, `/home/al/x`
  and `%2Fhome%2Fal` become `~/x` and `~`, `/home/alice/app.py` stays.
- A distinctive name (4 characters or more and not an ordinary word) is replaced wherever it
  appears, inside words and identifiers too: `zedcrash_tools`, `ZedcrashError`.
- A short or common name (`common_names.py`) is replaced only where it stands in the place of
  an account or machine name: the directory under a homes folder (`/home/al/`, `/Users/al/`,
  `C:\\Users\\al\\`), either side of `@` (`app@ci`) and the host of a URL (`http://ci:8080/`).
  Elsewhere it is left alone, so `ci-main`, `app.py` and "the app failed" keep their meaning.

Speed: the values are read and prepared once per redactor (per reporter). An event's strings
are joined with NUL (which no rule can match) and each rule runs once over the whole text,
looking for plain words with `str.find` rather than regex alternations (`text_spans.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from recover_runtime.common_names import is_common
from recover_runtime.credentials import EMAIL, FINDERS, SECRET
from recover_runtime.identity import Identity
from recover_runtime.text_spans import (
    Span,
    find_all,
    is_name_char,
    lower,
    non_overlapping,
    splice,
    stands_alone,
)

HOME = "~"
USER = "<user>"
NAME = "<name>"
HOST = "<host>"
PLACEHOLDERS = (USER, NAME, HOST, SECRET, EMAIL)

_JOIN = "\x00"
_SEPARATORS = ("/", "\\", "%2f", "%5c")
# A homes folder (whose entries are accounts' homes) with its separators, ending where a
# short/common name would start: `/home/`, `\Users\`, `%2Fhome%2F`.
_AFTER_HOMES_FOLDER = re.compile(r"(?:[/\\]|%2f|%5c)(?:home|homes|users)(?:[/\\]|%2f|%5c)\Z")
# The longest text `_AFTER_HOMES_FOLDER` can match.
_HOMES_FOLDER_REACH = 11


class Verbatim:
    """Marks a part of an event that is never redacted (the runtime's own values)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Redactor:
    """Replaces identifying text; built once per reporter from an `Identity`."""

    def __init__(self, identity: Identity) -> None:
        named = list(_named_values(identity))
        # Distinctive values (and their URL-encoded forms) → placeholder, replaced anywhere.
        self._anywhere: dict[str, str] = {}
        # Short/common names → placeholder, replaced only in an account's or machine's place.
        self._placed: dict[str, str] = {}
        for value, marker in named:
            table = self._placed if marker != SECRET and is_common(value) else self._anywhere
            for form in (value, _url_encoded(value)):
                table.setdefault(form.lower(), marker)
        self._homes = sorted({form for home in identity.homes for form in _home_forms(home)})
        # A value inside a placeholder (a password `secret`) must not break the placeholder.
        self._keep = [p for p in PLACEHOLDERS if any(value in p for value in self._anywhere)]

    @classmethod
    def for_this_process(cls) -> Redactor:
        """The redactor of this process's account, host and environment."""
        return cls(Identity.of_this_process())

    def text(self, value: str) -> str:
        """`value` with every identifying part replaced by its placeholder."""
        low = lower(value)
        for finder in FINDERS:
            value, low = splice(value, low, finder(low))
        value, low = splice(value, low, self._literal_spans(low))
        value, low = splice(value, low, self._placed_spans(low))
        return value

    def tree(self, value: Any) -> Any:
        """A copy of nested dicts and lists with every string value redacted; `Verbatim`
        parts are unwrapped, untouched. Dict keys are the event's structure (`post_context`,
        `type`) and are kept: someone called Post must not break frames. Each distinct string
        is redacted once (frames of one file repeat its path and share source lines)."""
        distinct: dict[str, None] = {}
        _collect(value, distinct)
        unique = list(distinct)
        joined = _JOIN.join(unique)
        if joined.count(_JOIN) == len(unique) - 1:
            redacted = self.text(joined).split(_JOIN) if unique else []
        else:  # a string holds NUL itself: one at a time
            redacted = [self.text(string) for string in unique]
        replacement = dict(zip(unique, redacted, strict=True))
        return _rebuild(value, replacement)

    def _literal_spans(self, low: str) -> list[Span]:
        """Placeholders (kept as they are), homes on path boundaries, distinctive values."""
        spans = [(at, at + len(p), p) for p in self._keep for at in find_all(low, p)]
        for home in self._homes:
            spans += [
                (at, at + len(home), HOME)
                for at in find_all(low, home)
                if stands_alone(low, at, at + len(home))
            ]
        for value, marker in self._anywhere.items():
            spans += [(at, at + len(value), marker) for at in find_all(low, value)]
        return non_overlapping(spans)

    def _placed_spans(self, low: str) -> list[Span]:
        """Short/common names under a homes folder, either side of `@`, or as a URL's host."""
        spans = []
        for name, marker in self._placed.items():
            for at in find_all(low, name):
                end = at + len(name)
                if _in_account_place(low, at, end):
                    spans.append((at, end, marker))
        return non_overlapping(spans)


def _in_account_place(low: str, start: int, end: int) -> bool:
    if low.startswith(("@", "%40"), end):
        return not is_name_char(low, start - 1)
    if is_name_char(low, end):
        return False
    return low.endswith(("@", "%40", "://"), 0, start) or bool(
        _AFTER_HOMES_FOLDER.search(low, max(0, start - _HOMES_FOLDER_REACH), start)
    )


def _named_values(identity: Identity) -> Iterator[tuple[str, str]]:
    """(value, placeholder) of every name, most specific kind first (a value that is both a
    user and a host name gets the first)."""
    for values, marker in (
        (identity.secrets, SECRET),
        (identity.users, USER),
        (identity.hosts, HOST),
        (identity.real_name_words, NAME),
    ):
        for value in values:
            yield value, marker


def _url_encoded(value: str) -> str:
    """Percent-encoded as a URL would carry it; a value read from undecodable bytes (the
    environment keeps them as surrogates) is encoded back to those bytes, never an error."""
    return quote(value, safe="", errors="surrogateescape")


def _home_forms(home: str) -> Iterable[str]:
    """The home, lower-cased, written with each kind of separator, and URL-encoded."""
    segments = re.split(r"[/\\]", home.lower())
    if len(segments) < 2:
        return []
    encoded = {_url_encoded(separator.join(segments)).lower() for separator in "/\\"}
    return encoded | {separator.join(segments) for separator in _SEPARATORS}


# The walks below handle plain `str` leaves inline (most of an event) and call themselves only
# for containers: a function call per string would cost more than the redaction itself.


def _collect(value: Any, distinct: dict[str, None]) -> None:
    """Every string in `value`, once, into `distinct` (a dict keeps them in order)."""
    if isinstance(value, str):
        distinct[value] = None
    elif isinstance(value, dict):
        for item in value.values():
            if type(item) is str:
                distinct[item] = None
            else:
                _collect(item, distinct)
    elif isinstance(value, list | tuple):
        for item in value:
            if type(item) is str:
                distinct[item] = None
            else:
                _collect(item, distinct)


def _rebuild(value: Any, replacement: dict[str, str]) -> Any:
    """The same shape with each string replaced; a subclass of str, dict, list or tuple
    (an enum, an OrderedDict) becomes the plain type, which is all JSON keeps anyway."""
    if isinstance(value, str):
        return replacement[value]
    if isinstance(value, dict):
        return {
            key: replacement[item] if type(item) is str else _rebuild(item, replacement)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [
            replacement[item] if type(item) is str else _rebuild(item, replacement)
            for item in value
        ]
    if isinstance(value, Verbatim):
        return value.value
    return value
