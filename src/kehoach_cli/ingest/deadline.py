"""A limit on the CPU time of pure-Python parsing: pdfminer follows a hostile file's references in an
endless loop (an object that refers to itself, found by fuzz/fuzz_pdf_ingest.py), and nothing but a
signal interrupts a loop that never returns to us.

The timer counts this process's CPU time (ITIMER_VIRTUAL, SIGVTALRM), not wall time: an endless
loop spends CPU, a busy machine does not make a sound page look endless, and the wall-clock timer
(SIGALRM) stays free for whoever runs us (libFuzzer keeps its own time-out there).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(BaseException):
    """Raised inside the limited block. A BaseException, so that a library's `except Exception`
    around its own loop cannot swallow it and go on looping."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` of CPU time.

    Signals reach the main thread only, and the process has one such timer: elsewhere, or inside
    another limit, the block runs without one."""
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_VIRTUAL)[0]:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
