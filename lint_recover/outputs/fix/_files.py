"""Writing fixed files without ever losing one, and showing a fix as a unified diff.

The bytes written are exactly the bytes libcst printed, so encoding (cookie or BOM) and
line endings are those of the original; new lines take the file's first line ending. A
write goes to a temporary file in the same directory that replaces the original in one
`os.replace`, with the original's permission bits, and only if the file still holds the
bytes the fix was computed from (an editor may have saved it in the meantime).
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from pathlib import Path

from lint_recover.outputs.fix._module import ModuleFix

_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class ChangedOnDisk(Exception):
    """The file no longer holds the bytes the fix was computed from; nothing was written."""


def write_fix(fix: ModuleFix) -> None:
    """Replace `fix.path` atomically with the fixed bytes (symlinks: their target)."""
    target = fix.path.resolve()
    if target.read_bytes() != fix.before:
        raise ChangedOnDisk(f"{fix.path}: changed on disk since it was read")
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(fix.after)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def unified_diff(fix: ModuleFix, name: str | None = None, context: int = 3) -> bytes:
    """The fix as a unified diff of `name` (default: the fix's path), with the `a/` and `b/`
    prefixes `git apply` expects.

    It is bytes, as `git diff` is: lines keep their own endings and encoding (a latin-1 or
    BOM file gets a patch that applies to its real bytes), so nothing is re-encoded.
    """
    label = os.fsencode(Path(name or fix.path).as_posix())  # a non-UTF-8 name: its own bytes
    before = _LINE.findall(fix.before)
    after = _LINE.findall(fix.after)
    lines = difflib.diff_bytes(
        difflib.unified_diff, before, after, b"a/" + label, b"b/" + label, n=context
    )
    return b"".join(_terminated(line) for line in lines)


def _terminated(line: bytes) -> bytes:
    if line.endswith((b"\n", b"\r")):
        return line
    return line + b"\n\\ No newline at end of file\n"
