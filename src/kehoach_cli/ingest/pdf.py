"""Native PDF pages: text layer, words with boxes and ruled tables, via pdfplumber.

pypdfium2 opens the file first: it says clearly whether a file is encrypted, truncated or not a
PDF at all, where pdfminer raises a zoo of parser exceptions.
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2

from ..errors import InputError
from .legacy import decode_pdf_chars
from .pages import PageText, Table, Word

# Ruled appendix tables: cells come from drawn lines, never from text alignment, which would
# split multi-line cells into rows.
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}
# Footnotes and their reference marks are set smaller than the body; text below this share of
# the page's dominant size stays out of the prose, where it would cut sentences in two.
SMALL_TEXT_RATIO = 0.85


def check_pdf(path: Path, data: bytes) -> int:
    """Return the page count, or raise InputError saying why the file cannot be read."""
    if not data.startswith(b"%PDF"):
        raise InputError(str(path), "is not a PDF (no %PDF header)")
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError(str(path), "is encrypted (password protected)") from exc
        raise InputError(str(path), "is damaged or truncated (cannot be parsed as PDF)") from exc
    try:
        return len(document)
    finally:
        document.close()


def read_pdf(path: Path, data: bytes) -> list[PageText]:
    """Every page's own text layer; pages without one come back with empty text."""
    page_count = check_pdf(path, data)
    if page_count == 0:
        raise InputError(str(path), "has no pages")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_read_page(page, number) for number, page in enumerate(pdf.pages, start=1)]
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged content streams
        raise InputError(str(path), f"is damaged ({type(exc).__name__}: {exc})") from exc


def _read_page(page: pdfplumber.page.Page, number: int) -> PageText:
    if (unicode_chars := decode_pdf_chars(page.chars)) is not None:
        page.objects["char"] = unicode_chars  # text in legacy fonts (.VnTime, VNI-Times): ingest/legacy.py
    text = _nfc(page.extract_text() or "")
    words = [
        Word(_nfc(w["text"]), float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]
    found = page.find_tables(TABLE_SETTINGS)
    tables = [
        Table(rows=[[_nfc(cell) if cell is not None else None for cell in row] for row in table.extract()],
              bbox=tuple(float(v) for v in table.bbox))
        for table in found
    ]
    prose = _prose_text(page, found)
    return PageText(number=number, text=text, source="native", words=words, tables=tables,
                    width=float(page.width), height=float(page.height), prose=prose)


def _prose_text(page: pdfplumber.page.Page, tables: list) -> str | None:
    """The page's text without tables and small type, or None when that is the whole text
    (laying out a page's characters is the costly part of reading a PDF: do it once if we can)."""
    size = _dominant_size(page)
    small = size is not None and any(c["size"] < SMALL_TEXT_RATIO * size for c in page.chars)
    if not tables and not small:
        return None
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    if small:
        outside = outside.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] >= SMALL_TEXT_RATIO * size)
    return _nfc(outside.extract_text() or "")


def _dominant_size(page: pdfplumber.page.Page) -> float | None:
    """The font size most characters on the page are set in (the body text)."""
    sizes = Counter(round(char["size"], 1) for char in page.chars if not char["text"].isspace())
    return sizes.most_common(1)[0][0] if sizes else None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
