"""Atomic file replacement: a reader, or a crash, never sees half a file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_output_file(path: Path, data: str | bytes) -> None:
    """Write an output the user named: a device or a pipe (/dev/stdout, a FIFO) is written into,
    since replacing it would put a regular file where the device was; a file is replaced atomically."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0  # not there yet (or a dangling link): a new file
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        with path.open("wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        return
    write_atomically(path, data)


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path` (os.replace)."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())  # the bytes are on disk before the name points at them
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # mkstemp's 0600 would hide outputs from others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it; set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
