"""Typed errors and the exit codes they map to, in one place."""

from __future__ import annotations

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


class MissingDependencyError(KehoachError):
    """An external program (tesseract) is needed for this input but is not installed."""


def one_line(message: str) -> str:
    """`message` with control characters and line separators escaped (a file named "a\\nb.pdf"
    prints as a\\nb.pdf), so that each message stays one line on stderr whatever names it holds;
    the bytes of a name that is not UTF-8 as \\xNN (see `printable_name`)."""
    return "".join(char.encode("unicode_escape").decode("ascii") if _breaks_lines(char) else char
                   for char in printable_name(message))


def printable_name(name: str) -> str:
    """A file name as text that can be written out: the bytes of a name that is not UTF-8 (which
    Python holds as lone surrogates, os.fsdecode's surrogateescape) shown as \\xNN, as in
    "k\\xe9 ho\\xa1ch.txt" for a Latin-1 name from a Windows zip archive. Other names are unchanged."""
    if not any(0xDC80 <= ord(char) <= 0xDCFF for char in name):
        return name
    return "".join(f"\\x{ord(char) - 0xDC00:02x}" if 0xDC80 <= ord(char) <= 0xDCFF else char for char in name)


def _breaks_lines(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")
