"""OCR of page images with tesseract's Vietnamese model.

Pages are independent, so they run in parallel, one tesseract per worker with
OMP_THREAD_LIMIT=1: tesseract's own threading is several times slower on small machines.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2
import pytesseract

from PIL import Image

from ..errors import MissingDependencyError
from .image import image_frame
from .pages import PageText, Table, Word
from .scan_tables import RuledScan, TableGrid, cell_collage, cells_text, scan_rules

OCR_DPI = 300
OCR_LANGUAGE = "vie"
CELL_PSM = 6  # the cell collage is one column of text blocks: no page layout to analyse
# Row numbers of task tables, read apart (see _reread_numbers).
NUMBER = re.compile(r"^(?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,2})*)\.?$")
NUMBER_CELL_CHARS = 5
NUMBER_LANGUAGE = "eng"
NUMBER_CONFIG = "--psm 6"
ROMAN_LOOKALIKES = str.maketrans({"l": "I", "|": "I"})
TABLE_WIPE_MM = 1.5  # tables are painted out this far beyond their outer rules


@dataclass(frozen=True)
class OcrJob:
    kind: str  # "pdf" or "image": how to get the page's picture out of `data`
    data: bytes
    page_number: int


def tesseract_status() -> str | None:
    """None when tesseract with the Vietnamese model is usable, else what to install."""
    if shutil.which("tesseract") is None:
        return "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError) as exc:
        return f"tesseract does not run ({exc})"
    if OCR_LANGUAGE not in languages:
        return "tesseract has no Vietnamese model (Debian: apt-get install tesseract-ocr-vie)"
    return None


def ocr_pages(path: Path, kind: str, data: bytes, page_numbers: list[int], jobs: int = 2,
              on_page: Callable[[int, int], None] | None = None) -> dict[int, PageText]:
    """OCR the given 1-based pages of a PDF or image file; returns the pages keyed by number.

    `on_page(done, total)` is called as pages finish, in whatever order they finish.
    """
    problem = tesseract_status()
    if problem:
        raise MissingDependencyError(f"{path}: needs OCR but {problem}")
    work = [OcrJob(kind, data, number) for number in page_numbers]
    report = on_page or (lambda done, total: None)
    results: list[PageText] = []
    if jobs <= 1 or len(work) == 1:
        for job in work:
            results.append(_ocr_one(job))
            report(len(results), len(work))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            for future in as_completed([pool.submit(_ocr_one, job) for job in work]):
                results.append(future.result())
                report(len(results), len(work))
    return {page.number: page for page in sorted(results, key=lambda page: page.number)}


def _ocr_one(job: OcrJob) -> PageText:
    """One page: ruled tables are read cell by cell, the rest of the page as a whole."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # this worker's own environment: one thread per tesseract
    image, dpi = _page_image(job)
    scan = scan_rules(image, dpi)
    page_image = _without_tables(image, scan.grids)
    data = pytesseract.image_to_data(page_image, lang=OCR_LANGUAGE, config="--psm 3",
                                     output_type=pytesseract.Output.DICT)
    lines = _ocr_lines(data, scale=72 / dpi)
    cell_words = _read_cells(scan, dpi)
    tables = [Table(_reread_numbers(scan, index, cells_text(grid, cell_words), dpi), grid.bbox_points())
              for index, grid in enumerate(scan.grids)]
    words = [word for line in lines for word in line] + cell_words
    return PageText(number=job.page_number, text=_page_text(lines, tables), source="ocr", words=words,
                    tables=tables, width=image.width * 72 / dpi, height=image.height * 72 / dpi,
                    prose=_text(lines) if tables else None)


def _without_tables(image: Image.Image, grids: list[TableGrid]) -> Image.Image:
    """The page with its tables painted white: their cells are read apart, and whole-page OCR
    would only read rules as "|" and run text across columns."""
    if not grids:
        return image
    page = np.array(image.convert("L"))
    for grid in grids:
        corners = grid.corners(margin=TABLE_WIPE_MM * grid.dpi / 25.4)
        cv2.fillPoly(page, [np.round(corners).astype(np.int32)], 255)
    return Image.fromarray(page)


def _read_cells(scan: RuledScan, dpi: float) -> list[Word]:
    """Every table cell's words, read in one tesseract call on the page's cell collage."""
    collage = cell_collage(scan, dpi)
    if collage is None:
        return []
    data = pytesseract.image_to_data(collage.image, lang=OCR_LANGUAGE, config=f"--psm {CELL_PSM}",
                                     output_type=pytesseract.Output.DICT)
    return collage.page_words([word for line in _ocr_lines(data, scale=1.0) for word in line])


def _reread_numbers(scan: RuledScan, index: int, rows: list[list[str | None]], dpi: float) -> list[list[str | None]]:
    """Read again the short first-column cells that are not numbers, as numbers only.

    The row numbers of a task table stand alone in a narrow cell, without the context the
    Vietnamese model leans on: bold "II" comes out "H", "I" as "lÍ". The English model limited
    to digits and roman numerals reads them right; its answer is kept only if it is a number.
    """
    suspects = {r for r, row in enumerate(rows) if row and row[0] and len(row[0]) <= NUMBER_CELL_CHARS
                and not NUMBER.match(row[0])}
    if not suspects or NUMBER_LANGUAGE not in _languages():
        return rows
    collage = cell_collage(scan, dpi, keep=lambda g, c: g == index and c.col == 0 and c.row in suspects)
    if collage is None:
        return rows
    data = pytesseract.image_to_data(collage.image, lang=NUMBER_LANGUAGE, config=NUMBER_CONFIG,
                                     output_type=pytesseract.Output.DICT)
    words = collage.page_words([word for line in _ocr_lines(data, scale=1.0) for word in line])
    reread = cells_text(scan.grids[index], words)
    for r in suspects:
        number = _as_number(reread[r][0] or "")
        if number:
            rows[r] = [number, *rows[r][1:]]
    return rows


def _as_number(text: str) -> str | None:
    """A row number read by the English model, its lowercase "l" for a serif capital "I" mended."""
    text = text.strip()
    if re.search(r"[IVX]", text) and not re.search(r"\d", text):
        text = text.translate(ROMAN_LOOKALIKES)
    return text if NUMBER.match(text) else None


def _languages() -> set[str]:
    try:
        return set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return set()


def _page_text(lines: list[list[Word]], tables: list[Table]) -> str:
    """The whole page in reading order: prose lines and table rows (cells side by side) by height."""
    blocks = [(min(w.top for w in line), " ".join(w.text for w in line)) for line in lines if line]
    for table in tables:
        rows = [" ".join(" ".join(cell.split()) for cell in row if cell) for row in table.rows]
        blocks.append((table.bbox[1], "\n".join(row for row in rows if row)))
    return "\n".join(text for _, text in sorted(blocks, key=lambda block: block[0]))


def _page_image(job: OcrJob) -> tuple[Image.Image, float]:
    if job.kind == "image":
        return image_frame(job.data, job.page_number - 1)
    document = pypdfium2.PdfDocument(job.data)
    try:
        page = document[job.page_number - 1]
        return page.render(scale=OCR_DPI / 72, grayscale=True).to_pil(), float(OCR_DPI)
    finally:
        document.close()


def _ocr_lines(data: dict[str, list], scale: float) -> list[list[Word]]:
    """Words in PDF points, in tesseract's own lines (its reading order)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for i, raw in enumerate(data["text"]):
        token = unicodedata.normalize("NFC", (raw or "").strip())
        if not token:
            continue
        left, top = data["left"][i] * scale, data["top"][i] * scale
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(
            Word(token, left, top, left + data["width"][i] * scale, top + data["height"][i] * scale))
    return list(lines.values())


def _text(lines: list[list[Word]]) -> str:
    return "\n".join(" ".join(w.text for w in line) for line in lines if line)
