"""Atomic file replacement: a reader, or a crash, never sees half a file.

Ctrl-C can land between any two steps, so the temporary file's name is chosen before it is
created and every step that follows sits inside the block that removes it: an interrupted write
leaves neither a stray ".name.xxxx" file nor an open descriptor behind.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path` (os.replace)."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(6)}")
    fd = -1
    try:
        fd = os.open(tmp, _CREATE, 0o666)  # the umask applies, as for any file the user creates
        _write_all(fd, content)
        closing, fd = fd, -1  # forgotten before the call: an interrupt after it must not close it twice
        os.close(closing)
        os.replace(tmp, path)
    except BaseException:
        # Inline, not a helper, and the unlink first: a second Ctrl-C is raised on returning from a
        # call, so only the last step of the clean-up may be cut short.
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if fd >= 0:
            os.close(fd)
        raise


def _write_all(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view):]

