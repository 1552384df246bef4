"""OCR of the pages of a PDF or image file: which process reads which pages.

Pages are independent, so they run in parallel, one tesseract per worker. Each worker process
receives the file once (pool initializer) and renders its pages itself, so a page image never
crosses a process boundary. A worker takes its pages in runs, and the engine reads a run's images
together (ingest/tesseract.py: one process per model and layout mode). What is read of a page is
the page recipe's (ingest/page_recipe.py), the measures it takes of the page image are
ingest/page_geometry.py's, and the words it gets back are cleaned by ingest/ocr_words.py.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image

from ..errors import MissingDependencyError
from ..parcels import packed, unpacked
from .image import image_frame
from .ocr_engine import OcrEngine
from .ocr_options import (  # noqa: F401 (OCR_DPI, default_jobs re-exported)
    OCR_DPI,
    OcrPage,
    OcrSettings,
    become_worker,
    default_jobs,
    one_thread_per_worker,
    page_runs,
    stop_pool,
)
from .page_geometry import ORIENTATION_DPI
from .page_recipe import page_reading
from .tesseract import TESSERACT, tesseract_status  # noqa: F401 (tesseract_status re-exported)

# A page rendered at more pixels than this (A3 at 300 dpi is 17 million) is rendered at a lower dpi:
# the page and the working copies table recovery makes of it stay near 150 MB per worker.
MAX_PAGE_PIXELS = 25_000_000
EMPTY_PAGE_SHADE = 250  # a PDF page rendered at ORIENTATION_DPI with no pixel darker than this draws nothing


def ocr_pages(
    path: Path,
    kind: str,
    data: bytes,
    page_numbers: list[int],
    jobs: int = 2,
    on_page: Callable[[int, int], None] | None = None,
    settings: OcrSettings = OcrSettings(),
    engine: OcrEngine = TESSERACT,
) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF or image file; returns what came of each, by number.

    `on_page(done, total)` is called as pages finish, in whatever order they finish. A page that
    fails (timeout, tesseract error) comes back with `page` None and a warning; the others go on.
    Pages are read in runs (`page_runs`), each worker one run at a time.
    """
    problem = engine.status()
    if problem:
        raise MissingDependencyError(f"{path}: needs OCR but {problem}")
    report = on_page or (lambda done, total: None)
    # Here, before the pool forks: a forked worker that reconfigures OpenCV's thread pool hangs
    # (the pool's locks are copies of the parent's), so workers inherit the setting instead.
    one_thread_per_worker()
    results: list[OcrPage] = []
    workers = min(jobs, len(page_numbers))
    runs = page_runs(page_numbers, max(1, workers))
    if workers <= 1:
        with PageReader(kind, data) as reader:
            for run in runs:
                results.extend(_read_run(reader, run, settings, engine))
                report(len(results), len(page_numbers))
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(), kind, data))
        try:
            futures = [pool.submit(packed, _read_run_in_worker, run, settings, engine) for run in runs]
            for future in as_completed(futures):
                results.extend(unpacked(future.result()))
                report(len(results), len(page_numbers))
        except BaseException:  # Ctrl-C, SIGTERM: the workers stop now, not after their runs
            stop_pool(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return {result.number: result for result in sorted(results, key=lambda result: result.number)}


class PageReader:
    """Renders the pages of one file, opened once."""

    def __init__(self, kind: str, data: bytes) -> None:
        self.kind = kind
        self.data = data
        self.pdf = pypdfium2.PdfDocument(data) if kind == "pdf" else None

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None

    def grey(self, number: int, dpi: int) -> tuple[np.ndarray, float, list[str]]:
        """Page `number` as one greyscale array, the dpi it was rendered at, and any warning. The
        rendered image is let go: while tesseract reads, a worker holds as few page-sized copies
        as it can (bench/ingest.py measure 5)."""
        image, chosen, warnings = self._image(number, dpi)
        return np.asarray(image.convert("L")), chosen, warnings

    def empty_page_size(self, number: int) -> tuple[float, float] | None:
        """A PDF page's size in points when it draws nothing at all (white all over at a low
        resolution, a few milliseconds): a blank page costs no full rendering, no table search
        and no tesseract (2,000 blank pages took 227 s). None for any other page, or an image."""
        if self.pdf is None:
            return None
        page = self.pdf[number - 1]
        try:
            bitmap = page.render(scale=ORIENTATION_DPI / 72, force_bitmap_format=pypdfium2.raw.FPDFBitmap_Gray)
            if np.asarray(bitmap.to_pil()).min() < EMPTY_PAGE_SHADE:
                return None
            return page.get_size()
        finally:
            page.close()

    def _image(self, number: int, dpi: int) -> tuple[Image.Image, float, list[str]]:
        if self.pdf is None:
            return image_frame(self.data, number - 1, MAX_PAGE_PIXELS)
        page = self.pdf[number - 1]
        try:
            width, height = page.get_size()
            chosen, warnings = render_dpi(number, width, height, dpi)
            # Drawn straight into a one-byte grey bitmap: four times faster than pdfium's grayscale
            # flag, which converts a colour rendering pixel by pixel, and the same pixels.
            bitmap = page.render(scale=chosen / 72, force_bitmap_format=pypdfium2.raw.FPDFBitmap_Gray)
            return bitmap.to_pil(), float(chosen), warnings
        finally:
            page.close()


def render_dpi(
    number: int, width_pt: float, height_pt: float, dpi: int, max_pixels: int = MAX_PAGE_PIXELS
) -> tuple[int, list[str]]:
    """The dpi to render a page at: `dpi`, or less when the page would not fit in `max_pixels`."""
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels <= max_pixels:
        return dpi, []
    lower = max(1, math.floor(dpi * math.sqrt(max_pixels / pixels)))
    size = f"{width_pt * 25.4 / 72:.0f} x {height_pt * 25.4 / 72:.0f} mm"
    return lower, [f"page {number} ({size}) is too large to OCR at {dpi} dpi: read at {lower} dpi"]


# The file a pool worker reads its pages from: set once per worker process by the pool's
# initializer, so that the file is sent to each worker once and not with every page.
_worker_reader: PageReader | None = None


def _start_worker(parent: int, kind: str, data: bytes) -> None:
    global _worker_reader
    become_worker(parent)
    _worker_reader = PageReader(kind, data)


def _read_run_in_worker(numbers: list[int], settings: OcrSettings, engine: OcrEngine) -> list[OcrPage]:
    assert _worker_reader is not None, "pool worker started without its file"
    return _read_run(_worker_reader, numbers, settings, engine)


def _read_run(reader: PageReader, numbers: list[int], settings: OcrSettings, engine: OcrEngine) -> list[OcrPage]:
    """A run of pages, each by the page recipe, their images read together by the engine."""
    languages = engine.languages()
    done = engine.read(
        {number: page_reading(reader, number, settings, languages) for number in numbers}, settings.page_timeout
    )
    return [done[number] for number in numbers]
