"""Issue 15: the handwritten or stamped number and date of a scan's header, read again from page 1's
image (ingest/header_fields.py), on the real scans of ../shared/real (read in place)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from kehoach_cli.ingest.header_fields import reread_header
from kehoach_cli.ingest.ocr import ocr_pages, tesseract_status
from kehoach_cli.structure.metadata import DOC_NUMBER, PLACE_DATE

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"

pytestmark = [
    pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the checkout"),
    pytest.mark.skipif(tesseract_status() is not None, reason="tesseract with its Vietnamese model is needed"),
]


@functools.cache
def _page_one(name: str):
    path = REAL / name
    data = path.read_bytes()
    page = ocr_pages(path, "pdf", data, [1], jobs=1)[1].page
    return page, reread_header("pdf", data, page)


def _number(text: str) -> str | None:
    match = DOC_NUMBER.search(text)
    return match[1] + "/" + re.sub(r"\s+", "", match[2]) if match else None


def _day_month(text: str) -> tuple[str, str] | None:
    match = PLACE_DATE.search(DOC_NUMBER.sub(" ", text))
    return (match[2], match[3]) if match else None


def test_a_stamped_number_and_day_over_the_blanks_are_read():
    """Quảng Ngãi QĐ 84: "84" and "03" stamped dark in the blanks; the page's OCR made "#4", "ngày8$"."""
    page, header = _page_one("quangngai_qd84_kh_trandau_scan.pdf")
    assert _number(page.text) is None
    assert _number(header.page.text) == "84/QĐ-UBND"
    assert _day_month(header.page.text) == ("03", "02")
    assert header.warnings == ()


def test_a_number_in_blue_ink_is_read_and_an_unsure_date_left_null_with_a_warning():
    """Bộ Công an KH 996: "996" in blue ink read; the day "24" and month "02" written over the print
    are not read surely: no date rather than a wrong one, and a warning."""
    page, header = _page_one("bca_kh996_kiemsoat_matuy_2026_scan.pdf")
    assert _number(header.page.text) == "996/KH-TCTLNTW-C04"
    day_month = _day_month(header.page.text)
    assert day_month is None or not day_month[0].isdigit()
    assert any("date" in warning and "could not be read" in warning for warning in header.warnings)


def test_a_handwritten_number_not_read_surely_is_left_null_with_a_warning():
    """Chỉ thị 16 of Quảng Ngãi: the "16" written by hand reads "46" at best; left null."""
    _, header = _page_one("quangngai_ct16_2021_tet_scan.pdf")
    assert _number(header.page.text) is None
    assert "/CT-UBND" in header.page.text  # the printed symbol stays
    assert any("number" in warning and "could not be read" in warning for warning in header.warnings)


def test_typed_number_and_date_are_kept_without_reading_again(monkeypatch):
    """The Kon Tum sample scan's typed "Số: 501/KH-UBND" and "ngày 17 tháng 02 năm 2025": the page's
    reading stands and no tesseract call is spent on the header (bench-ingest's speed)."""
    import pytesseract

    sample = Path(__file__).resolve().parent.parent / "samples" / "kon-tum-501-scan.pdf"
    data = sample.read_bytes()
    page = ocr_pages(sample, "pdf", data, [1], jobs=1)[1].page
    calls = []
    monkeypatch.setattr(pytesseract, "image_to_data", lambda *args, **kwargs: calls.append(args))
    header = reread_header("pdf", data, page)
    assert header.page == page and header.warnings == () and calls == []
    assert _number(page.text) == "501/KH-UBND" and _day_month(page.text) == ("17", "02")


def test_a_batch_reads_the_header_again_as_extract_does(tmp_path):
    """A batch OCRs a scan's pages as tasks of its pool, then finishes the document in another task:
    that step too reads the stamped number and date again from page 1's image (it once had no file
    bytes there, and the batch's JSON lost the number that extract gives)."""
    import json

    from conftest import run_kehoach

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "qd84.pdf").write_bytes((REAL / "quangngai_qd84_kh_trandau_scan.pdf").read_bytes())
    out = tmp_path / "out"
    run_kehoach("batch", str(folder), "-o", str(out), "--jobs", "2", "-q")
    metadata = json.loads((out / "qd84.pdf.json").read_text(encoding="utf-8"))["metadata"]
    assert (metadata["doc_number"], metadata["issued_date"]) == ("84/QĐ-UBND", "2025-02-03")
