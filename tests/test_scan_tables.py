"""Ruled tables recovered from scanned pages: the grid from the drawn rules, the cells by OCR."""

from __future__ import annotations

import json
import time
import unicodedata

import cv2
import numpy as np
import pytest
from conftest import KON_TUM_PROSE_DUTIES, KON_TUM_SCAN, KON_TUM_TASKS, ROOT, run_kehoach
from PIL import Image, ImageDraw
from rapidfuzz import fuzz

from kehoach_cli.ingest import Word
from kehoach_cli.ingest.scan_tables import Cell, cells_text, find_ruled_tables

DPI = 300
COLUMNS = (150, 300, 1200, 1600, 1900)  # x of the vertical rules, pixels
ROWS = (200, 320, 420, 640, 740, 960)  # y of the horizontal rules, pixels
SECTION_ROWS = (1, 3)  # "I | title over the other three columns"

# Measured on samples/kon-tum-501-scan.pdf: 25 rows, section and stt all right, 24/25 lead
# agencies ("Thương bỉnh" once), mean task similarity 99.94; about 60-90 s on 2 busy cores.
MIN_LEADS_EQUAL = 23
MIN_MEAN_TASK_RATIO = 97.0


def drawn_table(degrees: float) -> Image.Image:
    """A ruled 5x4 table like an appendix page, scanned a little askew, grey and blurred."""
    image = Image.new("L", (2100, 1200), 240)
    draw = ImageDraw.Draw(image)
    for y in ROWS:
        draw.line([(COLUMNS[0], y), (COLUMNS[-1], y)], fill=30, width=4)
    for r, (top, bottom) in enumerate(zip(ROWS, ROWS[1:])):
        for i, x in enumerate(COLUMNS):
            if r in SECTION_ROWS and 1 < i < len(COLUMNS) - 1:
                continue  # the merged title cell has no inner rules
            draw.line([(x, top), (x, bottom)], fill=30, width=4)
    draw.line([(150, 1100), (700, 1100)], fill=30, width=3)  # a footnote rule: not a table
    page = np.asarray(image)
    matrix = cv2.getRotationMatrix2D((page.shape[1] / 2, page.shape[0] / 2), degrees, 1.0)
    page = cv2.warpAffine(page, matrix, (page.shape[1], page.shape[0]), borderValue=240)
    return Image.fromarray(cv2.GaussianBlur(page, (0, 0), 0.8))


@pytest.mark.parametrize("degrees", [0.0, 0.9, -1.0])
def test_grid_shape_and_merged_cells(degrees):
    grids = find_ruled_tables(drawn_table(degrees), DPI)
    assert len(grids) == 1
    grid = grids[0]
    assert grid.shape == (len(ROWS) - 1, len(COLUMNS) - 1)
    merged = sorted((c for c in grid.cells if c.col_span > 1 or c.row_span > 1), key=lambda c: c.row)
    assert merged == [Cell(row, 1, 1, len(COLUMNS) - 2) for row in SECTION_ROWS]
    assert len(grid.cells) == 5 * 4 - 2 * 2


def test_words_land_in_their_cells():
    grid = find_ruled_tables(drawn_table(0.9), DPI)[0]
    to_points = 72 / DPI

    def word(text: str, x: float, y: float) -> Word:
        # A word box around (x, y) in pixels of the unrotated drawing; 0.9° moves it < 15 px.
        return Word(text, (x - 20) * to_points, (y - 12) * to_points, (x + 20) * to_points, (y + 12) * to_points)

    words = [
        word("STT", 225, 260),
        word("I", 225, 370),
        word("Tham", 700, 370),
        word("gia", 1750, 370),
        word("1", 225, 530),
        word("Nghiên", 700, 480),
        word("cứu", 700, 560),
        word("Sở", 1400, 530),
        word("ngoài", 1000, 1050),
    ]
    rows = cells_text(grid, words)
    assert rows[0] == ["STT", "", "", ""]
    assert rows[1] == ["I", "Tham gia", None, None]
    assert rows[2] == ["1", "Nghiên\ncứu", "Sở", ""]
    left, top, right, bottom = grid.bbox_points()
    assert abs(left - 150 * to_points) < 5 and abs(bottom - 960 * to_points) < 8


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


@pytest.fixture(scope="module")
def scanned_plan():
    started = time.monotonic()
    run = run_kehoach("extract", KON_TUM_SCAN)
    assert run.code == 0, run.stderr
    print(f"scanned extract: {time.monotonic() - started:.1f} s")
    return json.loads(run.text)


@pytest.fixture(scope="module")
def scanned_tasks(scanned_plan):
    return [t for t in scanned_plan["tasks"] if t["origin"] == "table"]


def test_scanned_plan_metadata_and_prose_match_the_native_one(scanned_plan):
    meta = scanned_plan["metadata"]
    assert (meta["doc_number"], meta["issued_date"], meta["province"], meta["issuer"]) == (
        "501/KH-UBND",
        "2025-02-17",
        "Kon Tum",
        "Ủy ban nhân dân tỉnh Kon Tum",
    )
    assert [d["day"] for d in meta["reporting_deadlines"]] == [10, 5]
    prose = [t for t in scanned_plan["tasks"] if t["origin"] == "prose"]
    assert [(t["stt"], t["is_request"]) for t in prose] == KON_TUM_PROSE_DUTIES
    assert scanned_plan["quality"]["ocr_pages"] == 11


def test_scanned_appendix_rows_and_numbers(scanned_tasks):
    expected = json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))
    assert [(t["section"], t["stt"]) for t in scanned_tasks] == [(e["section"], e["stt"]) for e in expected]


def test_scanned_appendix_cell_text(scanned_tasks):
    expected = json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))
    assert len(scanned_tasks) == len(expected)
    leads = sum(_norm(t["lead_agency"]) == _norm(e["lead_agency"]) for t, e in zip(scanned_tasks, expected))
    ratios = [fuzz.ratio(_norm(t["task"]), _norm(e["task"])) for t, e in zip(scanned_tasks, expected)]
    assert leads >= MIN_LEADS_EQUAL
    assert sum(ratios) / len(ratios) >= MIN_MEAN_TASK_RATIO


def test_a_last_line_pressed_against_the_bottom_rule_stays_in_its_cell():
    """Page 6 of the Kon Tum scan ends with a task cell broken by the page break; its last line
    touches the table's bottom rule and tesseract's box of "em;" (the semicolon's tail) is centred
    on the rule: the word was dropped as outside the table."""
    from kehoach_cli.ingest.ocr import ocr_pages

    page = ocr_pages(KON_TUM_SCAN, "pdf", KON_TUM_SCAN.read_bytes(), [6], jobs=1)[6].page
    assert page.tables[-1].rows[-1][1].endswith("về quyền trẻ em; phòng, chống")


REAL_SCAN = ROOT.parent / "shared" / "real" / "bca_kh996_kiemsoat_matuy_2026_scan.pdf"


@pytest.mark.skipif(not REAL_SCAN.is_file(), reason="../shared/real is not beside the checkout")
def test_the_sheets_edge_on_a_real_scan_is_no_table():
    """Page 3 of Kế hoạch 996 (Bộ Công an, 2026) shows the sheet's edge as dark lines around the page. Read
    as a two-column table, the page's text became one cell and its headings and items one line."""
    import pypdfium2 as pdfium

    pages = pdfium.PdfDocument(str(REAL_SCAN))
    image = pages[2].render(scale=300 / 72).to_pil()
    assert find_ruled_tables(image, 300) == []
    first = pages[0].render(scale=300 / 72).to_pil()
    assert len(find_ruled_tables(first, 300)) == 1  # the received stamp's box in the margin stays found
