"""Atomic file replacement: a reader, or a crash, never sees half a file.

Ctrl-C can land between any two steps, so the temporary file's name is chosen before it is
created and every step that follows sits inside the block that removes it: an interrupted write
leaves neither a stray ".name.xxxx" file nor an open descriptor behind.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


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
    tmp = os.path.join(path.parent, temporary_name(path))
    fd = -1
    try:
        fd = os.open(tmp, _CREATE, 0o666)  # the umask applies, as for any file the user creates
        _write_all(fd, content)
        os.fsync(fd)  # the bytes are on disk before the name points at them
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


def temporary_name(path: Path) -> str:
    """ ".<name>.<12 hex digits>", the name cut short (by bytes) so that the whole fits in the
    file system's limit on a name (255 bytes on most): an output named with 242 bytes or more
    failed after all the work was done."""
    suffix = f".{secrets.token_hex(6)}"
    room = name_limit(path.parent) - 1 - len(suffix)
    return "." + cut_name(path.name, room) + suffix


def name_limit(folder: Path) -> int:
    """The longest file name, in bytes, the file system holding `folder` takes."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def cut_name(name: str, room: int) -> str:
    """`name` cut to at most `room` bytes, not inside a UTF-8 character."""
    encoded = os.fsencode(name)
    if len(encoded) <= room:
        return name
    room = max(0, room)
    while room and encoded[room] & 0xC0 == 0x80:  # a continuation byte: the cut would split its character
        room -= 1
    return os.fsdecode(encoded[:room])


def _write_all(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view) :]


@contextmanager
def replaced_atomically(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` for a file built in place rather than written from one
    value (sqlite3 writes its database to a path; the report is written piece by piece, so its
    size does not have to fit in memory): synced and renamed over `path` when the block ends,
    deleted if the block fails."""
    tmp = path.parent / temporary_name(path)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
