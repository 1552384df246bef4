"""Typed errors and the exit codes they map to, in one place."""

from __future__ import annotations

import signal
import unicodedata
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    DOCUMENT_FAILED = 1
    USAGE = 2
    INTERRUPTED = 130  # Ctrl-C: 128 + SIGINT, as shells report it


class KehoachError(Exception):
    """An error a user can act on; printed as one line, never as a traceback."""

    exit_code = ExitCode.DOCUMENT_FAILED


class InputError(KehoachError):
    """The input file is missing, unreadable or not what its name says."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


class Terminated(BaseException):
    """SIGTERM or SIGHUP reached the command (`timeout`, a closed terminal): raised where the
    command is, as Ctrl-C is, so that it cleans up (temporary files, workers; a batch keeps what
    it finished and rebuilds its combined files), then exits with 128 + the signal's number.
    Not a KeyboardInterrupt: the CLI framework would turn that into "Aborted!" and status 1."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def raise_on_termination() -> None:
    """SIGTERM and SIGHUP raise Terminated in the main thread; a second one while the first is
    being cleaned up after is ignored (SIGKILL remains, and the workers die with the command)."""

    def terminated(signum: int, frame: object) -> None:
        for each in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(each, signal.SIG_IGN)
        raise Terminated(signum)

    for each in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(each, terminated)


class MissingDependencyError(KehoachError):
    """An external program (tesseract) is needed for this input but is not installed."""


def one_line(message: str) -> str:
    """`message` with control characters and line separators escaped (a file named "a\\nb.pdf"
    prints as a\\nb.pdf), so that each message stays one line on stderr whatever names it holds;
    the bytes of a name that is not UTF-8 as \\xNN (see `printable_name`)."""
    return "".join(
        char.encode("unicode_escape").decode("ascii") if _breaks_lines(char) else char
        for char in printable_name(message)
    )


def printable_name(name: str) -> str:
    """A file name as text that can be written out: the bytes of a name that is not UTF-8 (which
    Python holds as lone surrogates, os.fsdecode's surrogateescape) shown as \\xNN, as in
    "k\\xe9 ho\\xa1ch.txt" for a Latin-1 name from a Windows zip archive. Other names are unchanged."""
    if not any(0xDC80 <= ord(char) <= 0xDCFF for char in name):
        return name
    return "".join(f"\\x{ord(char) - 0xDC00:02x}" if 0xDC80 <= ord(char) <= 0xDCFF else char for char in name)


def _breaks_lines(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")
