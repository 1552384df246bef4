"""OCR of page images with tesseract's Vietnamese model.

Pages are independent, so they run in parallel, one tesseract per worker with
OMP_THREAD_LIMIT=1: tesseract's own threading is several times slower on small machines.
Each worker process receives the file once (pool initializer) and renders its pages itself, so a
page image never crosses a process boundary; tesseract reads it from an uncompressed PGM file,
which costs nothing to write, where pytesseract would PNG-encode it (about half a second a page).
A worker takes its pages in runs and has tesseract read a run's images in one process per
model and layout mode (`_read_run`): each process start loads a model.
"""

from __future__ import annotations

import functools
import math
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable, Generator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2
import pytesseract
from PIL import Image

from ..errors import MissingDependencyError
from .image import image_frame
from .ink import paper_whitened
from .layout import TextBlock, blocks_text, reading_blocks
from .ocr_options import (  # noqa: F401 (OCR_DPI, default_jobs re-exported)
    OCR_DPI, PAGE_TIMEOUT_SECONDS, OcrPage, OcrSettings, become_worker, default_jobs, die_with_parent,
    one_thread_per_worker, page_runs, stop_pool)
from .pages import PageText, Table, Word
from .scan_tables import Cell, TableGrid, Transform, cell_collage, cell_images, cells_text, collage_of, scan_rules

OCR_LANGUAGE = "vie"
OSD_LANGUAGE = "osd"
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-vie"
# A page rendered at more pixels than this (A3 at 300 dpi is 17 million) is rendered at a lower dpi:
# the page and the working copies table recovery makes of it stay near 150 MB per worker.
MAX_PAGE_PIXELS = 25_000_000
PAGE_CONFIG = "--psm 3"
CELL_PSM = 6  # the cell collage is one column of text blocks: no page layout to analyse
LOW_CONFIDENCE = 60  # tesseract's word confidence (0-100) below which a word counts as doubtful
# Orientation: text lines make the row profile of a page jagged and its column profile smooth.
ORIENTATION_DPI = 75
EMPTY_PAGE_SHADE = 250  # a PDF page rendered at ORIENTATION_DPI with no pixel darker than this draws nothing
VERTICAL_LINES_RATIO = 0.8  # row/column jaggedness below this: the lines run down the page
UPSIDE_DOWN_SUSPECT_CONFIDENCE = 55  # mean word confidence below this: maybe upside down, ask OSD
MIN_OSD_CONFIDENCE = 2.0
MIN_INK_RUN = 2  # ink pixels a row or column of the small copy needs to count (speckle has fewer)
INK_MARGIN_MM = 4.0  # white kept around the page's ink for tesseract
# Deskew: the small angle that makes text lines sharpest in the row profile.
DESKEW_DPI = 75
DESKEW_MAX_DEGREES = 3.0
DESKEW_STEP_DEGREES = 0.1
MIN_DESKEW_DEGREES = 0.15  # below this, straightening moves nothing at the page's edge by a pixel row
MIN_DESKEW_GAIN = 1.02  # the best angle must sharpen the lines this much over no turn at all
# Row numbers of task tables, read apart (see _reread_numbers).
NUMBER = re.compile(r"^(?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,2})*)\.?$")
NUMBER_CELL_CHARS = 5
NUMBER_LANGUAGE = "eng"
NUMBER_CONFIG = "--psm 6"
ROMAN_LOOKALIKES = str.maketrans({"l": "I", "|": "I"})
STRAY_MARK_HEIGHT = 0.4  # a box this much shorter than the words about it may be a mark read apart
MARK_REACH = 0.25  # ... if it lies within this share of a word's height from the word's box
TABLE_WIPE_MM = 1.5  # tables are painted out this far beyond their outer rules
PAPER_SAMPLE_STEP = 8  # the paper's shade is the median of every 8th pixel of every 8th row


_plain_process_args = pytesseract.pytesseract.subprocess_args


def _tesseract_process_args(include_stdout: bool = True) -> dict[str, Any]:
    """pytesseract's arguments for starting tesseract, and one more: tesseract dies with the
    process that started it, so a worker killed (or the command) leaves no tesseract running."""
    return {**_plain_process_args(include_stdout), "preexec_fn": functools.partial(die_with_parent, os.getpid())}


pytesseract.pytesseract.subprocess_args = _tesseract_process_args


class PageTimeout(Exception):
    """tesseract ran past the page's time limit."""


def tesseract_status() -> str | None:
    """None when tesseract with the Vietnamese model is usable, else what is missing and what to install."""
    if shutil.which("tesseract") is None:
        return f"tesseract is not installed (Debian: apt-get install {DEBIAN_PACKAGES})"
    languages = _languages()
    if not languages:
        return f"tesseract does not run (Debian: apt-get install --reinstall {DEBIAN_PACKAGES})"
    if OCR_LANGUAGE not in languages:
        return f"tesseract has no Vietnamese model (Debian: apt-get install {DEBIAN_PACKAGES})"
    return None


def ocr_pages(path: Path, kind: str, data: bytes, page_numbers: list[int], jobs: int = 2,
              on_page: Callable[[int, int], None] | None = None,
              settings: OcrSettings = OcrSettings()) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF or image file; returns what came of each, by number.

    `on_page(done, total)` is called as pages finish, in whatever order they finish. A page that
    fails (timeout, tesseract error) comes back with `page` None and a warning; the others go on.
    Pages are read in runs (`page_runs`), each worker one run at a time.
    """
    problem = tesseract_status()
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
        with _PageReader(kind, data) as reader:
            for run in runs:
                results.extend(_read_run(reader, run, settings))
                report(len(results), len(page_numbers))
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(os.getpid(), kind, data))
        try:
            futures = [pool.submit(_read_run_in_worker, run, settings) for run in runs]
            for future in as_completed(futures):
                results.extend(future.result())
                report(len(results), len(page_numbers))
        except BaseException:  # Ctrl-C, SIGTERM: the workers stop now, not after their runs
            stop_pool(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    return {result.number: result for result in sorted(results, key=lambda result: result.number)}


class _PageReader:
    """Renders the pages of one file, opened once, and gives tesseract a scratch folder."""

    def __init__(self, kind: str, data: bytes) -> None:
        self.kind = kind
        self.data = data
        self.pdf = pypdfium2.PdfDocument(data) if kind == "pdf" else None
        self.scratch = tempfile.TemporaryDirectory(prefix="kehoach-ocr-")

    def __enter__(self) -> _PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None
        self.scratch.cleanup()

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


def render_dpi(number: int, width_pt: float, height_pt: float, dpi: int,
               max_pixels: int = MAX_PAGE_PIXELS) -> tuple[int, list[str]]:
    """The dpi to render a page at: `dpi`, or less when the page would not fit in `max_pixels`."""
    pixels = (width_pt * dpi / 72) * (height_pt * dpi / 72)
    if pixels <= max_pixels:
        return dpi, []
    lower = max(1, math.floor(dpi * math.sqrt(max_pixels / pixels)))
    size = f"{width_pt * 25.4 / 72:.0f} x {height_pt * 25.4 / 72:.0f} mm"
    return lower, [f"page {number} ({size}) is too large to OCR at {dpi} dpi: read at {lower} dpi"]


# The file a pool worker reads its pages from: set once per worker process by the pool's
# initializer, so that the file is sent to each worker once and not with every page.
_worker_reader: _PageReader | None = None


def _start_worker(parent: int, kind: str, data: bytes) -> None:
    global _worker_reader
    become_worker(parent)
    _worker_reader = _PageReader(kind, data)


def _read_run_in_worker(numbers: list[int], settings: OcrSettings) -> list[OcrPage]:
    assert _worker_reader is not None, "pool worker started without its file"
    return _read_run(_worker_reader, numbers, settings)


@dataclass(frozen=True)
class _Read:
    """What a page asks tesseract to read: an image, in a language, with a page layout mode."""

    image: np.ndarray
    language: str
    config: str


@dataclass(frozen=True)
class _Orientation:
    """A page asks tesseract's orientation detection about its image."""

    image: np.ndarray


_Request = tuple[_Read, ...] | _Orientation
PageReading = Generator[_Request, Any, OcrPage]


def _read_run(reader: _PageReader, numbers: list[int], settings: OcrSettings) -> list[OcrPage]:
    """Read a run of pages, each page's tesseract work shared out in rounds.

    Each page is read by a generator (`_page_reading`) that yields what it needs tesseract to
    read and receives tesseract's data. In each round, the images of all the run's pages asked
    for in one language and layout mode are read by one tesseract process, from a list of image
    files (its pages are read one by one, as apart: the same words as one call each). A call
    costs a model load, a tenth of a second, as much as the pages' own work on a short table
    page: a table page needed three calls (its prose, its cells, its row numbers in English).
    """
    run = _Run(Path(reader.scratch.name), {number: _Budget(settings.page_timeout) for number in numbers})
    pages = {number: _page_reading(reader, number, settings) for number in numbers}
    try:
        for number in numbers:
            run.advance(number, pages[number])
        while run.waiting:
            asked, run.waiting = run.waiting, {}
            for number, (answer, error) in _answer(asked, run.scratch, run.budgets).items():
                run.advance(number, pages[number], answer, error)
    finally:
        run.discard()
    return [run.done[number] for number in numbers]


@dataclass
class _Run:
    """The state of a run: the images its pages wait to have read (as files, (language, mode,
    path) each), and the pages done."""

    scratch: Path
    budgets: dict[int, _Budget]
    waiting: dict[int, list[tuple[str, str, Path]]] = field(default_factory=dict)
    done: dict[int, OcrPage] = field(default_factory=dict)

    def advance(self, number: int, page: PageReading, answer: Any = None, error: BaseException | None = None) -> None:
        """Run the page on until it is done or waits for tesseract to read images, which are
        written out at once: no image of a page stays in memory while the others are prepared."""
        while True:
            try:
                request = page.throw(error) if error is not None else page.send(answer)
            except StopIteration as stop:
                self.done[number] = stop.value
                return
            if not isinstance(request, _Orientation):
                self.waiting[number] = [(read.language, read.config, _scratch_image(self.scratch, read.image))
                                        for read in request]
                return
            answer, error = self._orientation(number, request)

    def _orientation(self, number: int, request: _Orientation) -> tuple[Any, BaseException | None]:
        try:
            return _Tesseract(self.scratch, self.budgets[number]).osd(request.image), None
        except (PageTimeout, pytesseract.TesseractError, OSError) as exc:
            return None, exc

    def discard(self) -> None:
        for reads in self.waiting.values():
            for _, _, path in reads:
                path.unlink(missing_ok=True)


def _answer(asked: dict[int, list[tuple[str, str, Path]]], scratch: Path,
            budgets: dict[int, _Budget]) -> dict[int, tuple[Any, BaseException | None]]:
    """tesseract's answers to one round of reads, by page: (the data of each of its images, None),
    or (None, the error) for a page whose reading failed. The image files are gone after."""
    groups: dict[tuple[str, str], list[tuple[int, int, Path]]] = {}
    for number, reads in asked.items():
        for index, (language, config, path) in enumerate(reads):
            groups.setdefault((language, config), []).append((number, index, path))
    found: dict[int, list[dict | None]] = {number: [None] * len(reads) for number, reads in asked.items()}
    errors: dict[int, BaseException] = {}
    try:
        for (language, config), members in groups.items():
            for (number, index, _), data in zip(members, _read_group(members, language, config, scratch, budgets)):
                if isinstance(data, BaseException):
                    errors.setdefault(number, data)
                else:
                    found[number][index] = data
    finally:
        for members in groups.values():
            for _, _, path in members:
                path.unlink(missing_ok=True)
    return {number: (None, errors[number]) if number in errors else (tuple(data), None)
            for number, data in found.items()}


def _read_group(members: list[tuple[int, int, Path]], language: str, config: str, scratch: Path,
                budgets: dict[int, _Budget]) -> list[dict | BaseException]:
    """One tesseract process for all the images; should it fail, or take longer than the most
    time a page of them has left, each image again on its own, so that only the page at fault
    fails (its time limit whole: a run of a dozen pages takes half a minute, the limit is minutes).
    """
    if len(members) > 1:
        handle, name = tempfile.mkstemp(suffix=".txt", dir=scratch)
        os.close(handle)
        listing = Path(name)
        listing.write_text("".join(f"{path}\n" for _, _, path in members), encoding="utf-8")
        pages = {number: budgets[number] for number, _, _ in members}
        shared = _Budget(max(budget.left for budget in pages.values()))
        try:
            data = _Tesseract(scratch, shared).data_of(listing, language, config)
            for budget in pages.values():
                budget.spent += shared.spent / len(pages)
            return _split_by_image(data, len(members))
        except (PageTimeout, pytesseract.TesseractError, OSError):
            pass
        finally:
            listing.unlink(missing_ok=True)
    found: list[dict | BaseException] = []
    for number, _, path in members:
        try:
            found.append(_Tesseract(scratch, budgets[number]).data_of(path, language, config))
        except (PageTimeout, pytesseract.TesseractError, OSError) as exc:
            found.append(exc)
    return found


def _split_by_image(data: dict[str, list], count: int) -> list[dict[str, list]]:
    """tesseract's data for a list of images, image by image (its page_num counts them from 1)."""
    split: list[dict[str, list]] = [{key: [] for key in data} for _ in range(count)]
    for row in range(len(data["page_num"])):
        image = split[int(data["page_num"][row]) - 1]
        for key, values in data.items():
            image[key].append(values[row])
    return split


def _scratch_image(scratch: Path, image: np.ndarray) -> Path:
    """The image as an uncompressed file for tesseract (PNG would cost half a second a page)."""
    handle, name = tempfile.mkstemp(suffix=".pgm", dir=scratch)
    os.close(handle)
    Image.fromarray(image).save(name, format="PPM")
    return Path(name)


def _page_reading(reader: _PageReader, number: int, settings: OcrSettings) -> PageReading:
    """One page, failures included: a timeout or a tesseract error fails this page only."""
    try:
        return (yield from _read_page(reader, number, settings))
    except PageTimeout:
        return OcrPage(number, None, warnings=(
            f"page {number}: OCR failed: tesseract took longer than {settings.page_timeout:g} s",))
    except (pytesseract.TesseractError, pypdfium2.PdfiumError, OSError, ValueError) as exc:  # this page only
        return OcrPage(number, None, warnings=(f"page {number}: OCR failed: {exc}".strip(),))


def _read_page(reader: _PageReader, number: int, settings: OcrSettings) -> PageReading:
    """Render, turn upright, straighten; ruled tables are read cell by cell, the rest as a page.
    The rendered page is not kept while tesseract reads (a run holds several pages): a page
    read again upside down is rendered again."""
    if size := reader.empty_page_size(number):  # nothing drawn: not even rendered at full size
        return OcrPage(number, PageText(number=number, text="", source="ocr", width=size[0], height=size[1]))
    grey, dpi, warnings = reader.grey(number, settings.dpi)
    if _ink_box(grey, dpi) is None:  # blank (a scan's grain at most): what tesseract would read of it
        height, width = grey.shape
        return OcrPage(number, PageText(number=number, text="", source="ocr", width=width * 72 / dpi,
                                        height=height * 72 / dpi), 0, tuple(warnings))
    turned = (yield from _quarter_turns_to_upright(grey)) if _lines_run_vertically(grey, dpi) else 0
    reading = _read_upright(np.ascontiguousarray(np.rot90(grey, -turned)) if turned else grey, dpi, number)
    del grey
    page, data = yield from reading
    if not turned and _mean_confidence(data) < UPSIDE_DOWN_SUSPECT_CONFIDENCE:
        grey = reader.grey(number, settings.dpi)[0]
        turned = yield from _quarter_turns_to_upright(grey)
        if turned:  # kept only if tesseract is surer of the turned page's words
            reading = _read_upright(np.ascontiguousarray(np.rot90(grey, -turned)), dpi, number)
            del grey
            again, again_data = yield from reading
            if _mean_confidence(again_data) > _mean_confidence(data):
                page, data = again, again_data
            else:
                turned = 0
    if turned:
        warnings.append(f"page {number} was rotated by {90 * turned}°: read upright")
    low = sum(1 for text, conf in zip(data["text"], data["conf"]) if text.strip() and 0 <= float(conf) < LOW_CONFIDENCE)
    return OcrPage(number, page, low, tuple(warnings))


def _read_upright(grey: np.ndarray, dpi: float, number: int) -> Generator[_Request, Any, tuple[PageText, dict]]:
    """OCR of an upright page: the page's words, and tesseract's data for all its words.

    A page with ruled tables is straightened by its rules (scan_rules) for the cells; one without
    by its text lines, which a second interpolation on top of the first would only blur. Its
    prose and its cells are asked for together; the page images are let go before they are read.
    """
    image = Image.fromarray(grey)
    scan = scan_rules(image, dpi)
    if not scan.grids:
        image = Image.fromarray(_straightened(grey, dpi))
    del grey
    reads: list[_Read] = []
    prose_input, offset = _prose_input(image, scan.grids, dpi)
    has_prose = prose_input is not None
    if has_prose:
        reads.append(_Read(prose_input, OCR_LANGUAGE, PAGE_CONFIG))
    del prose_input
    canvas, collage = cell_collage(scan, dpi) or (None, None)
    if canvas is not None:
        reads.append(_Read(canvas, OCR_LANGUAGE, f"--psm {CELL_PSM}"))
    del canvas
    # copies: a crop is a view that would keep the whole straightened page alive until the end
    first_column = [(grid, cell, (x0, y0, crop.copy()))
                    for grid, cell, (x0, y0, crop) in cell_images(scan, dpi, keep=lambda grid, cell: cell.col == 0)]
    grids, to_grid, width, height = scan.grids, scan.grids[0].to_grid if scan.grids else None, image.width, image.height
    del image, scan
    answers = list((yield _handed_over(reads)) if reads else ())
    data = answers.pop(0) if has_prose else _NO_WORDS
    prose_words = without_stray_marks(_ocr_words(data, scale=72 / dpi, offset=offset))
    cell_data = answers.pop(0) if collage else {}
    cell_words = collage.page_words(_ocr_words(cell_data, scale=1.0)) if collage else []
    rows = [cells_text(grid, cell_words) for grid in grids]
    rows = yield from _reread_numbers(grids, rows, first_column, to_grid, dpi)
    tables = [Table(table_rows, grid.bbox_points()) for table_rows, grid in zip(rows, grids)]
    prose = reading_blocks(prose_words, [t.bbox for t in tables])
    page = PageText(number=number, text=_page_text(prose, tables), source="ocr",
                    words=prose_words + cell_words, tables=tables, width=width * 72 / dpi,
                    height=height * 72 / dpi,
                    prose=blocks_text(prose) if tables else None)
    return page, {key: data[key] + cell_data.get(key, []) for key in ("text", "conf")}


def _handed_over(reads: list[_Read]) -> tuple[_Read, ...]:
    """The reads to yield, the list emptied: while tesseract reads a run, its pages' generators
    must not hold their images (a dozen pages of a run, 30 MB each, in each worker)."""
    request = tuple(reads)
    reads.clear()
    return request


def _prose_input(image: Image.Image, grids: list[TableGrid], dpi: float) -> tuple[np.ndarray | None, tuple[int, int]]:
    """What tesseract reads of the page outside its tables (None for nothing), and where it lies."""
    rest = _without_tables(image, grids)
    box = _ink_box(np.asarray(rest), dpi)
    if box is None:
        return None, (0, 0)
    return paper_whitened(np.asarray(rest.crop(box)), dpi), box[:2]


@dataclass
class _Budget:
    """A page's time limit and what its tesseract calls have spent of it."""

    limit: float
    spent: float = field(default=0.0)

    @property
    def left(self) -> float:
        return self.limit - self.spent


@dataclass
class _Tesseract:
    """tesseract calls charged to one time budget (a page's); images go through uncompressed files."""

    scratch: Path
    budget: _Budget

    def data_of(self, path: Path, language: str, config: str) -> dict[str, list]:
        """tesseract's words in an image file, or in each image of a list file (page_num says which)."""
        return self._run(lambda timeout: pytesseract.image_to_data(
            str(path), lang=language, config=config, output_type=pytesseract.Output.DICT, timeout=timeout))

    def osd(self, image: np.ndarray) -> dict[str, float]:
        path = _scratch_image(self.scratch, image)
        try:
            return self._run(lambda timeout: pytesseract.image_to_osd(
                str(path), lang=OSD_LANGUAGE, output_type=pytesseract.Output.DICT, timeout=timeout))
        finally:
            path.unlink(missing_ok=True)

    def _run(self, call: Callable[[float], dict]) -> dict:
        left = self.budget.left
        if left <= 0:
            raise PageTimeout
        start = time.perf_counter()
        try:
            return call(left)
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise PageTimeout from exc
            raise
        finally:
            self.budget.spent += time.perf_counter() - start


_NO_WORDS: dict[str, list] = {key: [] for key in ("text", "conf", "left", "top", "width", "height")}


def _ink_box(grey: np.ndarray, dpi: float) -> tuple[int, int, int, int] | None:
    """The part of the page with ink on it, plus a margin (left, top, right, bottom), or None for
    a blank page: tesseract's page analysis costs by the pixel, margins and all (half a second for
    an empty A4 page at 300 dpi)."""
    binary = _small_binary(grey, dpi, ORIENTATION_DPI)
    rows, columns = np.flatnonzero(binary.sum(axis=1) >= MIN_INK_RUN), np.flatnonzero(binary.sum(axis=0) >= MIN_INK_RUN)
    if rows.size == 0 or columns.size == 0:
        return None
    scale = grey.shape[0] / binary.shape[0]
    margin = INK_MARGIN_MM * dpi / 25.4
    left, top = max(0, int(columns[0] * scale - margin)), max(0, int(rows[0] * scale - margin))
    right = min(grey.shape[1], int((columns[-1] + 1) * scale + margin))
    bottom = min(grey.shape[0], int((rows[-1] + 1) * scale + margin))
    return left, top, right, bottom


def _lines_run_vertically(grey: np.ndarray, dpi: float) -> bool:
    """Whether the page's text lines run up and down (a page turned by 90 or 270°).

    Text lines alternate with white space across their direction: the ink profile taken across
    the lines is jagged, the one along them smooth. A dozen milliseconds on a small copy, where
    tesseract's orientation detection takes two seconds: it is asked only when this says so.
    """
    binary = _small_binary(grey, dpi, ORIENTATION_DPI)
    across_rows, across_columns = _jaggedness(binary), _jaggedness(binary.T)
    return across_columns > 0 and across_rows / across_columns < VERTICAL_LINES_RATIO


def _quarter_turns_to_upright(grey: np.ndarray) -> Generator[_Request, Any, int]:
    """Quarter turns clockwise that make the page upright, by tesseract's orientation detection
    (osd.traineddata); 0 when it is unsure or finds too little text."""
    try:
        osd = yield _Orientation(grey)
    except pytesseract.TesseractError:  # "Too few characters": nothing to turn
        return 0
    if float(osd.get("orientation_conf", 0)) < MIN_OSD_CONFIDENCE:
        return 0
    return (int(osd.get("rotate", 0)) // 90) % 4


def _straightened(grey: np.ndarray, dpi: float) -> np.ndarray:
    """The page turned by the small angle (within ±3°) at which its text lines are sharpest."""
    binary = _small_binary(grey, dpi, DESKEW_DPI)
    centre = (binary.shape[1] / 2, binary.shape[0] / 2)

    def sharpness(degrees: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
        return _jaggedness(cv2.warpAffine(binary, matrix, binary.shape[::-1], flags=cv2.INTER_NEAREST))

    coarse = np.arange(-DESKEW_MAX_DEGREES, DESKEW_MAX_DEGREES + 1e-9, 4 * DESKEW_STEP_DEGREES)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 3 * DESKEW_STEP_DEGREES, best + 3 * DESKEW_STEP_DEGREES + 1e-9, DESKEW_STEP_DEGREES)
    angle = float(max(fine, key=sharpness))
    if abs(angle) < MIN_DESKEW_DEGREES or sharpness(angle) < MIN_DESKEW_GAIN * sharpness(0.0):
        return grey  # no text lines to speak of, or straight already
    matrix = cv2.getRotationMatrix2D((grey.shape[1] / 2, grey.shape[0] / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, grey.shape[::-1], flags=cv2.INTER_LINEAR, borderValue=255)


def _small_binary(grey: np.ndarray, dpi: float, target_dpi: float) -> np.ndarray:
    """Ink as 1 on 0, on a copy reduced to about `target_dpi`."""
    scale = min(1.0, target_dpi / dpi)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    return cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 15)


def _jaggedness(binary: np.ndarray) -> float:
    """Sum of squared steps of the row ink profile, per pixel: high when rows alternate ink/white."""
    profile = binary.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(profile) ** 2)) / max(1, binary.size)


def _mean_confidence(data: dict[str, list]) -> float:
    confidences = [float(c) for t, c in zip(data["text"], data["conf"]) if t.strip() and float(c) >= 0]
    return sum(confidences) / len(confidences) if confidences else 100.0


def _without_tables(image: Image.Image, grids: list[TableGrid]) -> Image.Image:
    """The page with its tables painted over in the paper's own shade: their cells are read apart,
    and whole-page OCR would only read rules as "|" and run text across columns. White paint on
    grey paper would leave the table's outline as ink, and the rest of the page would be read
    margin to margin for a page number."""
    if not grids:
        return image
    page = np.array(image.convert("L"))
    paper = int(np.median(page[::PAPER_SAMPLE_STEP, ::PAPER_SAMPLE_STEP]))
    for grid in grids:
        corners = grid.corners(margin=TABLE_WIPE_MM * grid.dpi / 25.4)
        cv2.fillPoly(page, [np.round(corners).astype(np.int32)], paper)
    return Image.fromarray(page)


def _reread_numbers(grids: list[TableGrid], rows: list[list[list[str | None]]],
                    first_column: list[tuple[int, Cell, tuple[int, int, np.ndarray]]],
                    to_grid: Transform | None, dpi: float) -> Generator[_Request, Any, list[list[list[str | None]]]]:
    """Read again the short first-column cells that are not numbers, as numbers only.

    The row numbers of a task table stand alone in a narrow cell, without the context the
    Vietnamese model leans on: bold "II" comes out "H", "I" as "lÍ". The English model limited
    to digits and roman numerals reads them right; its answer is kept only if it is a number.
    Each table's suspects are stacked in an image of their own (read in one tesseract process
    with the others, as apart: tesseract's reading of a stack depends on what else is in it).
    """
    if NUMBER_LANGUAGE not in _languages():
        return rows
    stacks = []
    for index, table_rows in enumerate(rows):
        suspects = {r for r, row in enumerate(table_rows) if row and row[0] and len(row[0]) <= NUMBER_CELL_CHARS
                    and not NUMBER.match(row[0])}
        crops = [crop for grid, cell, crop in first_column if grid == index and cell.row in suspects]
        if crops and to_grid is not None:
            stacks.append((index, suspects, *collage_of(crops, to_grid, dpi)))
    if not stacks:
        return rows
    reads = [_Read(canvas, NUMBER_LANGUAGE, NUMBER_CONFIG) for _, _, canvas, _ in stacks]
    stacks = [(index, suspects, collage) for index, suspects, _, collage in stacks]
    answers = yield _handed_over(reads)
    rows = [list(table_rows) for table_rows in rows]
    for (index, suspects, collage), data in zip(stacks, answers):
        reread = cells_text(grids[index], collage.page_words(_ocr_words(data, scale=1.0)))
        for r in suspects:
            number = _as_number(reread[r][0] or "")
            if number:
                rows[index][r] = [number, *rows[index][r][1:]]
    return rows


def _as_number(text: str) -> str | None:
    """A row number read by the English model, its lowercase "l" for a serif capital "I" mended."""
    text = text.strip()
    if re.search(r"[IVX]", text) and not re.search(r"\d", text):
        text = text.translate(ROMAN_LOOKALIKES)
    return text if NUMBER.match(text) else None


def _languages() -> frozenset[str]:
    """tesseract's installed models, asked once per process and model folder (`tesseract
    --list-langs` runs the program): every table page asked again before; forked OCR workers
    inherit the answer."""
    return _installed_languages(os.environ.get("TESSDATA_PREFIX"))


@functools.lru_cache(maxsize=None)
def _installed_languages(tessdata: str | None) -> frozenset[str]:
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return frozenset()


def _page_text(prose: list[TextBlock], tables: list[Table]) -> str:
    """The whole page in reading order: the prose's blocks (a column band block by block, see
    ingest/layout.py) and table rows (cells side by side), placed by height."""
    blocks = [(block.top, "\n".join(block.lines)) for block in prose]
    for table in tables:
        rows = [" ".join(" ".join(cell.split()) for cell in row if cell) for row in table.rows]
        blocks.append((table.bbox[1], "\n".join(row for row in rows if row)))
    return "\n".join(text for _, text in sorted(blocks, key=lambda block: block[0]))


def without_stray_marks(words: list[Word]) -> list[Word]:
    """The words less the marks tesseract read apart from their letter: the hook of a bold "Ủ"
    taken for a word "?" or "2" over it. Such a speck joins the line above to the one below and
    splits a line with a gap of its own: on plan-000's scan it broke the signature block's
    column ("PHÓ ? THƯỜNG" / "CHỦ TỊCH TRỰC"). A speck is a box less than STRAY_MARK_HEIGHT of
    a word's height, within that word's width and touching its top or bottom."""
    speck_height = STRAY_MARK_HEIGHT * _typical_height(words)
    specks = [w for w in words if w.bottom - w.top < speck_height]
    stray = {id(speck) for speck in specks if any(_mark_of(speck, word) for word in words)}
    return [w for w in words if id(w) not in stray] if stray else words


def _typical_height(words: list[Word]) -> float:
    heights = sorted(w.bottom - w.top for w in words)
    return heights[len(heights) // 2] if heights else 0.0


def _mark_of(speck: Word, word: Word) -> bool:
    height = word.bottom - word.top
    if word is speck or speck.bottom - speck.top >= STRAY_MARK_HEIGHT * height:
        return False
    middle = (speck.x0 + speck.x1) / 2
    reach = MARK_REACH * height
    return word.x0 <= middle <= word.x1 and word.top - reach <= speck.bottom and speck.top <= word.bottom + reach


def _ocr_words(data: dict[str, list], scale: float, offset: tuple[int, int] = (0, 0)) -> list[Word]:
    """tesseract's words in PDF points, in its order; `offset` is where the image tesseract read lies
    on the page, in pixels. Its lines are not kept: page text is made from word boxes, tesseract may
    take a left and a right column line for one (ingest/layout.py)."""
    words = []
    for i, raw in enumerate(data["text"]):
        token = unicodedata.normalize("NFC", (raw or "").strip())
        if not token:
            continue
        left, top = (data["left"][i] + offset[0]) * scale, (data["top"][i] + offset[1]) * scale
        words.append(Word(token, left, top, left + data["width"][i] * scale, top + data["height"][i] * scale))
    return words
