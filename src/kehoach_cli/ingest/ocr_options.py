"""What the rest of the program needs to know about OCR without loading it: its settings, what
it gives back for a page, and how many workers to run. ingest/ocr.py loads OpenCV and pytesseract
(a third of a second): a native PDF or a Word file never needs them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .pages import PageText

OCR_DPI = 300
RUN_PAGES = 12  # pages a worker prepares before tesseract reads them, in one process (ocr._read_run)
PAGE_TIMEOUT_SECONDS = 180.0  # a page that takes longer has hung tesseract: it fails, the rest goes on


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = OCR_DPI
    page_timeout: float = PAGE_TIMEOUT_SECONDS


@dataclass(frozen=True)
class OcrPage:
    """What OCR made of one page: the page (None when OCR failed), its doubtful words, warnings."""

    number: int
    page: PageText | None
    low_confidence_words: int = 0
    warnings: tuple[str, ...] = ()


def default_jobs() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def one_thread_per_worker() -> None:
    """OCR runs one page per worker and as many workers as cores: the libraries a worker calls
    must not add threads of their own. tesseract's OpenMP threads are several times slower here;
    OpenCV's spent a quarter more CPU on a page's table rules than one thread does."""
    for name in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    import cv2  # here, not at the top: this module must not load OpenCV (see the docstring)

    cv2.setNumThreads(1)


def page_runs(numbers: list[int], workers: int) -> list[list[int]]:
    """The pages dealt into runs of at most RUN_PAGES, at least one run per worker: a worker
    prepares a run's pages, then one tesseract process reads them all (ocr._read_run). Dealt
    like cards, so that the workers' runs mix the prose pages and the heavier table pages."""
    count = min(len(numbers), max(workers, -(-len(numbers) // RUN_PAGES)))
    return [numbers[start::count] for start in range(count)]
