"""The page recipe: what OCR reads of a page, and how, and how the page is put together again.

A page is rendered, turned upright, straightened; its ruled tables are found by their rules and
read cell by cell (all cells of a page in one collage), the rest of the page as prose with the
tables painted out, and short first-column cells that are not numbers read again as numbers with
the English model. A page that reads badly is tried upside down. The recipe is a generator
(ocr_engine.PageReading): it asks the engine for what it needs read, so that the engine can read
the requests of a whole run of pages together.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np
import pypdfium2
import pytesseract
from PIL import Image

from .ink import paper_whitened
from .layout import TextBlock, blocks_text, reading_blocks
from .ocr_engine import ImageRead, OrientationQuery, PageReading, PageTimeout, Request, WordData
from .ocr_options import OcrPage, OcrSettings
from .ocr_words import ocr_words, without_stray_marks
from .page_geometry import ink_box, lines_run_vertically, straightened, without_tables
from .pages import PageText, Table
from .scan_tables import Cell, TableGrid, Transform, cell_collage, cell_images, cells_text, collage_of, scan_rules
from .tesseract import OCR_LANGUAGE

if TYPE_CHECKING:
    from .ocr import PageReader

PAGE_CONFIG = "--psm 3"
CELL_PSM = 6  # the cell collage is one column of text blocks: no page layout to analyse
LOW_CONFIDENCE = 60  # tesseract's word confidence (0-100) below which a word counts as doubtful
UPSIDE_DOWN_SUSPECT_CONFIDENCE = 55  # mean word confidence below this: maybe upside down, ask OSD
MIN_OSD_CONFIDENCE = 2.0
# Row numbers of task tables, read apart (see _reread_numbers).
NUMBER = re.compile(r"^(?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,2})*)\.?$")
NUMBER_CELL_CHARS = 5
NUMBER_LANGUAGE = "eng"
NUMBER_CONFIG = "--psm 6"
ROMAN_LOOKALIKES = str.maketrans({"l": "I", "|": "I"})


def page_reading(reader: PageReader, number: int, settings: OcrSettings, languages: frozenset[str]) -> PageReading:
    """One page, failures included: a timeout or a tesseract error fails this page only."""
    try:
        return (yield from _read_page(reader, number, settings, languages))
    except PageTimeout:
        return OcrPage(
            number,
            None,
            warnings=(f"page {number}: OCR failed: tesseract took longer than {settings.page_timeout:g} s",),
        )
    except (pytesseract.TesseractError, pypdfium2.PdfiumError, OSError, ValueError) as exc:  # this page only
        return OcrPage(number, None, warnings=(f"page {number}: OCR failed: {exc}".strip(),))


def _read_page(reader: PageReader, number: int, settings: OcrSettings, languages: frozenset[str]) -> PageReading:
    """Render, turn upright, straighten; ruled tables are read cell by cell, the rest as a page.
    The rendered page is not kept while tesseract reads (a run holds several pages): a page
    read again upside down is rendered again."""
    if size := reader.empty_page_size(number):  # nothing drawn: not even rendered at full size
        return OcrPage(number, PageText(number=number, text="", source="ocr", width=size[0], height=size[1]))
    grey, dpi, warnings = reader.grey(number, settings.dpi)
    if ink_box(grey, dpi) is None:  # blank (a scan's grain at most): what tesseract would read of it
        height, width = grey.shape
        return OcrPage(
            number,
            PageText(number=number, text="", source="ocr", width=width * 72 / dpi, height=height * 72 / dpi),
            0,
            tuple(warnings),
        )
    turned = (yield from _quarter_turns_to_upright(grey)) if lines_run_vertically(grey, dpi) else 0
    reading = _read_upright(np.ascontiguousarray(np.rot90(grey, -turned)) if turned else grey, dpi, number, languages)
    del grey
    page, data = yield from reading
    if not turned and _mean_confidence(data) < UPSIDE_DOWN_SUSPECT_CONFIDENCE:
        grey = reader.grey(number, settings.dpi)[0]
        turned = yield from _quarter_turns_to_upright(grey)
        if turned:  # kept only if tesseract is surer of the turned page's words
            reading = _read_upright(np.ascontiguousarray(np.rot90(grey, -turned)), dpi, number, languages)
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


def _read_upright(
    grey: np.ndarray, dpi: float, number: int, languages: frozenset[str]
) -> Generator[Request, Any, tuple[PageText, WordData]]:
    """OCR of an upright page: the page's words, and tesseract's data for all its words.

    A page with ruled tables is straightened by its rules (scan_rules) for the cells; one without
    by its text lines, which a second interpolation on top of the first would only blur. Its
    prose and its cells are asked for together; the page images are let go before they are read.
    """
    image = Image.fromarray(grey)
    scan = scan_rules(image, dpi)
    if not scan.grids:
        image = Image.fromarray(straightened(grey, dpi))
    del grey
    reads: list[ImageRead] = []
    prose_input, offset = _prose_input(image, scan.grids, dpi)
    has_prose = prose_input is not None
    if prose_input is not None:
        reads.append(ImageRead(prose_input, OCR_LANGUAGE, PAGE_CONFIG))
    del prose_input
    canvas, collage = cell_collage(scan, dpi) or (None, None)
    if canvas is not None:
        reads.append(ImageRead(canvas, OCR_LANGUAGE, f"--psm {CELL_PSM}"))
    del canvas
    # copies: a crop is a view that would keep the whole straightened page alive until the end
    first_column = [
        (grid, cell, (x0, y0, crop.copy()))
        for grid, cell, (x0, y0, crop) in cell_images(scan, dpi, keep=lambda grid, cell: cell.col == 0)
    ]
    grids, to_grid, width, height = scan.grids, scan.grids[0].to_grid if scan.grids else None, image.width, image.height
    del image, scan
    answers = list((yield _handed_over(reads)) if reads else ())
    data = answers.pop(0) if has_prose else _NO_WORDS
    prose_words = without_stray_marks(ocr_words(data, scale=72 / dpi, offset=offset))
    cell_data = answers.pop(0) if collage else {}
    cell_words = collage.page_words(ocr_words(cell_data, scale=1.0)) if collage else []
    rows = [cells_text(grid, cell_words) for grid in grids]
    rows = yield from _reread_numbers(grids, rows, languages, first_column, to_grid, dpi)
    tables = [Table(table_rows, grid.bbox_points()) for table_rows, grid in zip(rows, grids)]
    prose = reading_blocks(prose_words, [t.bbox for t in tables])
    page = PageText(
        number=number,
        text=page_text(prose, tables),
        source="ocr",
        words=prose_words + cell_words,
        tables=tables,
        width=width * 72 / dpi,
        height=height * 72 / dpi,
        prose=blocks_text(prose) if tables else None,
    )
    return page, {key: data[key] + cell_data.get(key, []) for key in ("text", "conf")}


def _handed_over(reads: list[ImageRead]) -> tuple[ImageRead, ...]:
    """The reads to yield, the list emptied: while tesseract reads a run, its pages' generators
    must not hold their images (a dozen pages of a run, 30 MB each, in each worker)."""
    request = tuple(reads)
    reads.clear()
    return request


def _prose_input(image: Image.Image, grids: list[TableGrid], dpi: float) -> tuple[np.ndarray | None, tuple[int, int]]:
    """What tesseract reads of the page outside its tables (None for nothing), and where it lies."""
    rest = without_tables(image, grids)
    box = ink_box(np.asarray(rest), dpi)
    if box is None:
        return None, (0, 0)
    return paper_whitened(np.asarray(rest.crop(box)), dpi), box[:2]


_NO_WORDS: dict[str, list] = {key: [] for key in ("text", "conf", "left", "top", "width", "height")}


def _quarter_turns_to_upright(grey: np.ndarray) -> Generator[Request, Any, int]:
    """Quarter turns clockwise that make the page upright, by tesseract's orientation detection
    (osd.traineddata); 0 when it is unsure or finds too little text."""
    try:
        osd = yield OrientationQuery(grey)
    except pytesseract.TesseractError:  # "Too few characters": nothing to turn
        return 0
    if float(osd.get("orientation_conf", 0)) < MIN_OSD_CONFIDENCE:
        return 0
    return (int(osd.get("rotate", 0)) // 90) % 4


def _mean_confidence(data: dict[str, list]) -> float:
    confidences = [float(c) for t, c in zip(data["text"], data["conf"]) if t.strip() and float(c) >= 0]
    return sum(confidences) / len(confidences) if confidences else 100.0


def _reread_numbers(
    grids: list[TableGrid],
    rows: list[list[list[str | None]]],
    languages: frozenset[str],
    first_column: list[tuple[int, Cell, tuple[int, int, np.ndarray]]],
    to_grid: Transform | None,
    dpi: float,
) -> Generator[Request, Any, list[list[list[str | None]]]]:
    """Read again the short first-column cells that are not numbers, as numbers only.

    The row numbers of a task table stand alone in a narrow cell, without the context the
    Vietnamese model leans on: bold "II" comes out "H", "I" as "lÍ". The English model limited
    to digits and roman numerals reads them right; its answer is kept only if it is a number.
    Each table's suspects are stacked in an image of their own (read in one tesseract process
    with the others, as apart: tesseract's reading of a stack depends on what else is in it).
    """
    if NUMBER_LANGUAGE not in languages:
        return rows
    stacks = []
    for index, table_rows in enumerate(rows):
        suspects = {
            r
            for r, row in enumerate(table_rows)
            if row and row[0] and len(row[0]) <= NUMBER_CELL_CHARS and not NUMBER.match(row[0])
        }
        crops = [crop for grid, cell, crop in first_column if grid == index and cell.row in suspects]
        if crops and to_grid is not None:
            stacks.append((index, suspects, *collage_of(crops, to_grid, dpi)))
    if not stacks:
        return rows
    reads = [ImageRead(canvas, NUMBER_LANGUAGE, NUMBER_CONFIG) for _, _, canvas, _ in stacks]
    answers = yield _handed_over(reads)
    rows = [list(table_rows) for table_rows in rows]
    for (index, suspects, _, collage), data in zip(stacks, answers):
        reread = cells_text(grids[index], collage.page_words(ocr_words(data, scale=1.0)))
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


def page_text(prose: list[TextBlock], tables: list[Table]) -> str:
    """The whole page in reading order: the prose's blocks (a column band block by block, see
    ingest/layout.py) and table rows (cells side by side), placed by height."""
    blocks = [(block.top, "\n".join(block.lines)) for block in prose]
    for table in tables:
        rows = [" ".join(" ".join(cell.split()) for cell in row if cell) for row in table.rows]
        blocks.append((table.bbox[1], "\n".join(row for row in rows if row)))
    return "\n".join(text for _, text in sorted(blocks, key=lambda block: block[0]))
