"""What the rest of the program needs to know about OCR without loading it: its settings, what
it gives back for a page, and how many workers to run. ingest/ocr.py loads OpenCV and pytesseract
(a third of a second): a native PDF or a Word file never needs them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass

from .pages import PageText

OCR_DPI = 300
RUN_PAGES = 12  # pages a worker prepares before tesseract reads them, in one process (tesseract.TesseractEngine)
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


# OCR runs one page per worker and as many workers as cores: what a worker runs must not add
# threads of its own. tesseract's OpenMP threads are several times slower here: each tesseract
# process is started with this in its environment (the worker's own environment is left alone).
ONE_THREAD_ENVIRONMENT = {
    name: "1" for name in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
}


def one_thread_per_worker() -> None:
    """OpenCV on one thread in this process: its threads spent a quarter more CPU on a page's table
    rules than one thread does (tesseract's: ONE_THREAD_ENVIRONMENT)."""
    import cv2  # here, not at the top: this module must not load OpenCV (see the docstring)

    cv2.setNumThreads(1)


def page_runs(numbers: list[int], workers: int) -> list[list[int]]:
    """The pages dealt into runs of at most RUN_PAGES, at least one run per worker: a worker
    prepares a run's pages, then one tesseract process reads them all (tesseract.TesseractEngine).
    Dealt like cards, so that the workers' runs mix the prose pages and the heavier table pages."""
    count = min(len(numbers), max(workers, -(-len(numbers) // RUN_PAGES)))
    return [numbers[start::count] for start in range(count)]


# ---------------------------------------------------------------- worker processes end with their parent

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Loaded in the parent: a child between fork and exec must not open a library (it may lock).
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def die_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send `sig` to this process when `parent`, its parent, ends however it ends
    (SIGKILL included: no handler of the parent's can do this). Linux only (PR_SET_PDEATHSIG).
    Called in a pool worker's initializer and, for tesseract, between fork and exec."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request was made
        os.kill(os.getpid(), sig)


def become_worker(parent: int) -> None:
    """In a pool worker, first thing: its temporary files (page images for tesseract, tesseract's
    own output files) go into a folder of its own, removed whenever it ends: at a normal exit,
    and on SIGTERM or SIGHUP, which it gets from the kernel when the parent ends (die_with_parent)
    or from the parent stopping it. Its tesseract processes die with it (tesseract_preexec)."""
    root = tempfile.mkdtemp(prefix="kehoach-worker-")
    tempfile.tempdir = root

    def remove() -> None:
        shutil.rmtree(root, ignore_errors=True)

    def end(signum: int, frame: object) -> None:
        remove()
        os._exit(128 + signum)

    from multiprocessing.util import Finalize

    Finalize(None, remove, exitpriority=0)  # run by multiprocessing as the worker exits
    signal.signal(signal.SIGTERM, end)
    signal.signal(signal.SIGHUP, end)
    die_with_parent(parent, signal.SIGTERM)


def stop_pool(executor: object) -> None:
    """Stop a ProcessPoolExecutor's running tasks now: its queued tasks are cancelled and its
    workers sent SIGTERM (become_worker removes their files; their tesseract dies with them).
    concurrent.futures has no public way to do this before Python 3.14 (terminate_workers)."""
    workers = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]
    for process in workers:
        process.terminate()
