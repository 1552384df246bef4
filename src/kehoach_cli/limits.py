"""Limits on what one input may cost, each raised with `--limit NAME=VALUE`.

A hostile or accidental input must end in seconds with one line saying which limit it passed,
never take the machine's memory or hours: a 1 MB .docx holding 1 GiB of zeros, a 200 MB text
of one line, 100,000 blank pages, `extract /dev/zero`. The defaults are far above any plan and
keep the whole process tree under 1 GB for any input of 20 MB or less (bench/hardening.py
measures it).

The limits in force are process-wide (`current()`): the command sets them once, and a batch
hands them to its workers with each task, so that ingest code deep down reads them without
every signature in between carrying them.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from types import FrameType
from typing import Any

from .errors import InputError

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    file_mb: int = 256  # any input file's size (standard input's too)
    text_mb: int = 4  # a text file's size: restoration of a stripped text takes ~150 bytes a byte
    line_chars: int = 1 << 20  # one line of a text file
    docx_mb: int = 256  # a .docx archive's parts, uncompressed, together
    part_mb: int = 64  # one part of a .docx uncompressed (memory and time grow many times its XML's size)
    pages: int = 5000  # pages of one document
    image_mb: int = 400  # an image page decoded (pixels x bytes a pixel)
    seconds: int = 1800  # wall time for one document (in a batch: for each of its tasks)
    follow_links: bool = True  # False in a batch: a file swapped for a link after discovery is not followed

    def describe(self) -> dict[str, int]:
        return {key: value for key, value in asdict(self).items() if key != "follow_links"}


_current = Limits()


def current() -> Limits:
    return _current


def use(limits: Limits) -> None:
    global _current
    _current = limits


def parse(values: list[str]) -> Limits:
    """`NAME=VALUE` settings (names as in the messages: pages, text-mb, ...) over the defaults;
    ValueError with the reason for a name or value that is not one."""
    names = {item.name.replace("_", "-"): item.name for item in fields(Limits) if item.name != "follow_links"}
    limits = Limits()
    for value in values:
        name, _, number = value.partition("=")
        if name not in names:
            raise ValueError(f"'{name}' is not a limit (one of {', '.join(names)})")
        try:
            amount = int(number)
        except ValueError:
            raise ValueError(f"'{value}': the value is not a whole number") from None
        if amount <= 0:
            raise ValueError(f"'{value}': a limit is more than 0")
        change: dict[str, Any] = {names[name]: amount}  # a whole number: never follow_links, left out of names
        limits = replace(limits, **change)
    return limits


class LimitError(InputError):
    """An input over one of the limits: one line naming the limit and how to raise it."""

    def __init__(self, path: str, what: str, name: str, limit: int, unit: str = "") -> None:
        super().__init__(
            path, f"{what} (more than the limit of {limit:,}{unit}: raise it with --limit {name.replace('_', '-')}=N)"
        )
        self.limit_name = name


def check(path: str, amount: float, name: str, what: str, unit: str = "", scale: int = 1) -> None:
    """LimitError when `amount` is over the limit `name` (in units of `scale`)."""
    limit = getattr(_current, name)
    if amount > limit * scale:
        raise LimitError(path, what, name, limit, unit)


class DocumentTimeout(BaseException):
    """The document's time budget ran out (a BaseException: no `except Exception` on the way may
    swallow it and go on)."""


@contextmanager
def time_budget(path: str) -> Iterator[None]:
    """LimitError when the block runs longer than the `seconds` limit (wall time, SIGALRM; the main
    thread only, and not inside another budget)."""
    seconds = _current.seconds
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except DocumentTimeout:
        raise LimitError(path, "was given up: it took too long", "seconds", seconds, " s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_pages(path: Path, password: str | None, data: bytes | None = None) -> None:
    """LimitError for a PDF of more pages than the pages limit, from its page tree's count (read
    without the pages: reading or OCR'ing them is what the limit spares).
    Anything else (not a regular file, not a PDF, not readable) is left to ingest to judge.
    `data`: the bytes already read (standard input, which cannot be read twice), checked instead."""
    import pypdfium2

    try:
        if data is None:
            if not os.path.isfile(path):  # a FIFO would block here
                return
            with open(path, "rb") as handle:
                if handle.read(4) != b"%PDF":
                    return
        document = pypdfium2.PdfDocument(str(path) if data is None else data, password=password)
    except (OSError, pypdfium2.PdfiumError):
        return
    try:
        check(str(path), len(document), "pages", f"has {len(document):,} pages", " pages")
    finally:
        document.close()


@contextmanager
def document_limits(path: Path, password: str | None) -> Iterator[None]:
    """The limits on a whole document around its extraction: its pages, then its time budget."""
    if str(path) != "-":
        check_pages(path, password)
    with time_budget(str(path)):
        yield
