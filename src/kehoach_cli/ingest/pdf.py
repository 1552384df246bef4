"""Native PDF pages: text layer, words with boxes and ruled tables.

pdfium (pypdfium2) opens the file: it says clearly whether a file is encrypted, truncated or not
a PDF at all, where pdfminer raises a zoo of parser exceptions, and it recovers files whose
cross-reference table is broken. pdfium also reads every page's characters and drawn rules (in
C, much faster than pdfminer); pdfplumber's line building, word boxes and ruled-table
finder then work on those objects. Pages pdfium's coordinates cannot stand in for (rotated, or
with a shifted media box) are parsed by pdfplumber itself.

What annotations draw in the blanks of a line (the number and date a digital signature stamps
into "Số: /UBND-KT", "ngày tháng năm 2026") is read from a flattened copy of the page and laid
in among the page's characters, on pages whose coordinates pdfium's stand in for.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Any

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFXRefFallback
from pdfplumber.utils import DEFAULT_Y_TOLERANCE, cluster_objects, extract_words

from ..errors import InputError
from .deadline import TimeLimitExceeded, time_limit
from .layout import reading_text
from .legacy import decode_pdf_chars
from .pages import PageText, Table, Word
from .pdfium_objects import AnnotationText, PdfObject, PdfplumberNeeded, page_objects

MIN_TABLE_COLUMNS = 3  # a ruled box of one or two columns holds paragraphs (a header, a note), not a table
MIN_LAID_OUT_COLUMNS = 6
IMAGE_DEPTH = 2  # a scan's image may sit inside a form XObject
MAX_LAID_OUT_WORDS_PER_CELL = 1.5
# Ruled appendix tables: cells come from drawn lines, never from text alignment, which would
# split multi-line cells into rows.
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}
# Footnotes and their reference marks are set smaller than the body; text below this share of
# the page's dominant size stays out of the prose, where it would cut sentences in two.
SMALL_TEXT_RATIO = 0.85
XREF_DAMAGED = "the file is damaged (cross-reference table): its pages were recovered by pdfium's repair"
PAGE_UNLOADABLE = "cannot be loaded (the page tree is damaged): left empty"
# pdfminer can loop for ever on a hostile file (see ingest/deadline.py): listing the pages, or laying
# out one page, that takes more CPU seconds than this is given up on; pdfium's text stands in.
STRUCTURE_SECONDS = 5.0
PAGE_SECONDS = 30.0
# A stream that inflates past this is a decompression bomb (a 1 MB file can hold a 1 GB stream, which
# pdfium and pdfminer would each hold whole), not a page: a 600 dpi A3 colour scan is 210 MB.
MAX_INFLATED_BYTES = 256 << 20
DEFLATE_MAX_RATIO = 1032  # deflate's best ratio: a stream shorter than limit / ratio cannot reach the limit
STREAM_START = re.compile(rb"stream\r?\n")
FILTER_NAME = re.compile(
    rb"/(?:FlateDecode|Fl|ASCIIHexDecode|AHx|ASCII85Decode|A85|LZWDecode|LZW|RunLengthDecode|RL)\b"
)
ASCII_HEX = re.compile(rb"[0-9A-Fa-f\s]+(?:>[\s\S]*)?")


@dataclass(frozen=True)
class PdfContent:
    """What a PDF gave: its pages, what went wrong on the way, and the bytes to render from
    (the file itself, or its decrypted copy when it needed a password)."""

    pages: list[PageText]
    data: bytes
    warnings: list[str] = field(default_factory=list)


def read_pdf(path: str, data: bytes, password: str | None = None) -> PdfContent:
    """Every page's own text layer; pages without one come back with empty text."""
    with pdfminer_silenced():
        return _read_pdf(path, data, password)


@contextmanager
def pdfminer_silenced() -> Iterator[None]:
    """pdfminer's log messages dropped while it reads, its logger as it was after. It logs what it
    repairs ("Invalid MediaBox in /Page, defaulting to US Letter") as warnings, which Python prints
    on stderr when nothing handles them: one error must stay one line, and what matters of a repair
    reaches quality.warnings."""
    logger = logging.getLogger("pdfminer")
    handler, propagate = logging.NullHandler(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _read_pdf(path: str, data: bytes, password: str | None) -> PdfContent:
    document = open_pdf(path, data, password)
    warnings: list[str] = []
    try:
        if len(document) == 0:
            raise InputError(path, "has no pages")
        encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1
        plumber = None if encrypted else _open_plumber(data)
        if plumber is not None and len(_plumber_pages(plumber)) != len(document):
            _close(plumber)
            plumber = None
        if plumber is None:
            if not encrypted:
                warnings.append(XREF_DAMAGED)
            # pdfium has rebuilt what it could and decrypted what it was given the password for:
            # its copy is what pdfplumber and the OCR renderer can read.
            data = _clean_copy(document)
            plumber = _open_plumber(data)
        pages, page_warnings = _read_pages(document, plumber, AnnotationText(data))
    finally:
        document.close()
    if sum(PAGE_UNLOADABLE in warning for warning in page_warnings) == len(pages):
        raise InputError(path, "has no readable pages (its page tree is damaged)")
    return PdfContent(pages, data, warnings + page_warnings)


def open_pdf(path: str, data: bytes, password: str | None = None) -> pypdfium2.PdfDocument:
    """The document opened by pdfium, or InputError saying why it cannot be."""
    if not data.startswith(b"%PDF"):
        raise InputError(path, "is not a PDF (no %PDF header)")
    if _holds_a_bomb(data):
        raise InputError(
            path,
            f"has a stream that inflates to more than {MAX_INFLATED_BYTES >> 20} MB (a decompression bomb): not read",
        )
    try:
        return pypdfium2.PdfDocument(data, password=password)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_SUCCESS and _pdfminer_page_count(data) == 0:
            raise InputError(path, "has no pages") from exc  # pdfium refuses an empty page tree
        if "password" not in str(exc).lower():
            raise InputError(path, "is damaged or truncated (cannot be parsed as PDF)") from exc
        if password is None:
            raise InputError(path, "is encrypted: a password is needed (give it with --password)") from exc
        raise InputError(path, "is encrypted and the password given (--password) is wrong") from exc


def _holds_a_bomb(data: bytes) -> bool:
    """Whether a stream of the file inflates past MAX_INFLATED_BYTES through its filter chain;
    inflated in bounded pieces and counted, never held. A stream too short to reach the limit in
    one inflation is passed over unless its dictionary names two filters or more (/ASCIIHexDecode
    before /FlateDecode slipped a 2.2 GB bomb past a check of zlib data alone, and /FlateDecode
    twice makes a kilobyte a gigabyte). Streams in other filters, or damaged, are left to pdfium."""
    shortest = MAX_INFLATED_BYTES // DEFLATE_MAX_RATIO
    for match in STREAM_START.finditer(data):
        end = data.find(b"endstream", match.end())
        end = len(data) if end < 0 else end
        header = data[max(0, match.start() - 512) : match.start()].rpartition(b"obj")[2]
        chained = len(FILTER_NAME.findall(header)) >= 2
        if (end - match.end() >= shortest or chained) and _inflated_size(data[match.end() : end]) > MAX_INFLATED_BYTES:
            return True
    return False


def _inflated_size(raw: bytes) -> int:
    """The most bytes a stage of `raw`'s filter chain gives, counted up to just past
    MAX_INFLATED_BYTES: ASCII hex or base-85 text is decoded first, then zlib data inflated, and
    what that gives inflated again when it is zlib data too."""
    first = _Counted(_inflate([_ascii_decoded(raw)]))
    second = _Counted(_inflate(first))
    for stage in (second, first):  # the first stage alone when what it gives is not zlib data
        try:
            for _ in stage:
                if max(first.total, second.total) > MAX_INFLATED_BYTES:
                    break
        except zlib.error:  # not zlib data (another filter), or damaged
            continue
    return max(first.total, second.total)


class _Counted:
    """Pieces passed through, and their total size."""

    def __init__(self, pieces: Iterator[bytes]) -> None:
        self.pieces, self.total = pieces, 0

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.total += len(piece)
            yield piece


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    for chunk in chunks:
        while chunk and not inflater.eof:
            piece = inflater.decompress(chunk, 1 << 24)
            chunk = inflater.unconsumed_tail
            if piece:
                yield piece


def _ascii_decoded(raw: bytes) -> bytes:
    """`raw` decoded from ASCII hex (up to its ">") or ASCII base-85 (up to "~>"); else as it is."""
    text = raw.strip()
    try:
        if ASCII_HEX.fullmatch(text[:64]):
            digits = re.sub(rb"\s", b"", text.partition(b">")[0])
            return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
        if text.endswith(b"~>"):
            return base64.a85decode(text.removeprefix(b"<~"), adobe=False, ignorechars=b" \t\r\n\x00\x0c")
    except (ValueError, binascii.Error):
        pass
    return raw


def _pdfminer_page_count(data: bytes) -> int | None:
    plumber = None
    try:
        with pdfminer_silenced(), time_limit(STRUCTURE_SECONDS):
            plumber = pdfplumber.open(io.BytesIO(data))
            return len(plumber.pages)
    except (Exception, TimeLimitExceeded):  # pdfminer's many parser exceptions: not a PDF it can read either
        return None
    finally:
        if plumber is not None:
            _close(plumber)


def _clean_copy(document: pypdfium2.PdfDocument) -> bytes:
    """The document as pdfium sees it, saved without encryption and with a sound cross-reference
    table, so pdfplumber and the OCR renderer need neither a password nor a repair."""
    buffer = io.BytesIO()
    document.save(buffer, flags=pdfium_c.FPDF_REMOVE_SECURITY)
    return buffer.getvalue()


def _open_plumber(data: bytes) -> pdfplumber.PDF | None:
    """pdfplumber over the file; None when pdfminer cannot read it or had to rebuild its
    cross-reference table by scanning (then pdfium's repaired copy is the better source)."""
    try:
        with time_limit(STRUCTURE_SECONDS):
            plumber = pdfplumber.open(io.BytesIO(data))
    except (Exception, TimeLimitExceeded):  # pdfminer raises many unrelated types for damaged files
        return None
    if not _xref_rebuilt(plumber):
        return plumber
    _close(plumber)
    return None


def _read_pages(
    document: pypdfium2.PdfDocument, plumber: pdfplumber.PDF | None, annotations: AnnotationText
) -> tuple[list[PageText], list[str]]:
    warnings: list[str] = []
    plumber_pages = _plumber_pages(plumber)
    if len(plumber_pages) != len(document):
        warnings.append("pdfplumber cannot read the repaired file: pages have text but no word boxes or tables")
        plumber_pages = []
    pages: list[PageText] = []
    try:
        for index in range(len(document)):
            try:
                pdfium_page = document[index]
            except pypdfium2.PdfiumError:  # a page tree that loops or points nowhere: pdfium counts the page
                warnings.append(f"page {index + 1} {PAGE_UNLOADABLE}")
                pages.append(PageText(number=index + 1, text="", source="native"))
                continue
            try:
                plumber_page = plumber_pages[index] if plumber_pages else None
                with time_limit(PAGE_SECONDS):
                    pages.append(_read_any_page(pdfium_page, plumber_page, index + 1, annotations))
            except (Exception, TimeLimitExceeded) as exc:  # pdfminer on a damaged content stream: one page
                warnings.append(f"page {index + 1}: layout unreadable ({_why(exc)}); text without boxes")
                pages.append(_text_only_page(pdfium_page, index + 1))
            finally:
                pdfium_page.close()
    finally:
        annotations.close()
        if plumber is not None:
            _close(plumber)
    return pages, warnings


def _plumber_pages(plumber: pdfplumber.PDF | None) -> list:
    """pdfplumber's pages, or none when it cannot make them (a media box of two numbers, a page
    object that is not a dictionary): pdfium's text stands in (found by fuzz/fuzz_pdf_ingest.py)."""
    if plumber is None:
        return []
    try:
        with time_limit(STRUCTURE_SECONDS):
            return list(plumber.pages)
    except (Exception, TimeLimitExceeded):  # many unrelated types on damaged page objects; endless references
        return []


def _close(plumber: pdfplumber.PDF) -> None:
    """Close pdfplumber, whose close() makes the pages if they were not made yet: it fails, or
    loops, as making them did; the file's stream is closed all the same."""
    try:
        with time_limit(STRUCTURE_SECONDS):
            plumber.close()
    except (Exception, TimeLimitExceeded):
        plumber.stream.close()


def _why(exc: BaseException) -> str:
    return f"took over {PAGE_SECONDS:g} s" if isinstance(exc, TimeLimitExceeded) else type(exc).__name__


def _xref_rebuilt(plumber: pdfplumber.PDF) -> bool:
    """pdfminer found the cross-reference table unusable and rebuilt it by scanning the file."""
    return any(isinstance(xref, PDFXRefFallback) for xref in plumber.doc.xrefs)


def _read_any_page(
    pdfium_page: pypdfium2.PdfPage, plumber_page: Any, number: int, annotations: AnnotationText
) -> PageText:
    if plumber_page is None:
        return _text_only_page(pdfium_page, number)
    if _pdfium_coordinates_fit(pdfium_page, plumber_page):
        height, doctop = float(plumber_page.height), plumber_page.initial_doctop
        try:
            plumber_page._objects = page_objects(pdfium_page, height, doctop)
        except PdfplumberNeeded:
            pass  # pdfplumber parses the page itself
        if runs := annotations.runs(pdfium_page, number - 1, height, doctop):
            plumber_page.objects["char"] = _with_drawn_text(plumber_page.chars, runs)
    return replace(_read_page(plumber_page, number), image_cover=image_cover(pdfium_page))


def image_cover(pdfium_page: pypdfium2.PdfPage) -> float:
    """The share of the page its largest image covers (a scanned page is one image, whole)."""
    width, height = pdfium_page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    largest = 0.0
    for image in pdfium_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=IMAGE_DEPTH):
        left, bottom, right, top = image.get_bounds()
        covered = max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
        largest = max(largest, covered / (width * height))
    return min(largest, 1.0)


def _with_drawn_text(chars: list[PdfObject], runs: list[list[PdfObject]]) -> list[PdfObject]:
    """The page's characters and those its annotations draw in the blanks of its lines (`AnnotationText`).

    The blank a signature stamps its number into is a row of spaces in the text layer, or a gap
    between two words: a run drawn elsewhere (the signature's own "Ký bởi: ..." box, the text of a
    stamp over a scan that has no text layer, which OCR must still read) is left out. Spaces under
    a run are dropped, or they would split its digits; a run is set apart from the page's words by
    a space at either end: the stamped "01" may touch the "năm" after its blank.
    """
    runs = [run for run in runs if _fills_a_blank(_span(run), chars)]
    if not runs:
        return chars
    spans = [_span(run) for run in runs]
    merged = [char for char in chars if not (char["text"].isspace() and any(_under(char, span) for span in spans))]
    for run in runs:
        merged.append(_space_at(run[0]))
        merged.extend(run)
        merged.append(_space_at(run[-1]))
    return merged


Span = tuple[float, float, float, float]  # x0, top, x1, bottom


def _span(run: list[PdfObject]) -> Span:
    return run[0]["x0"], min(c["top"] for c in run), run[-1]["x1"], max(c["bottom"] for c in run)


def _under(char: PdfObject, span: Span) -> bool:
    """Whether the middle of `char` lies in the box `span`."""
    x0, top, x1, bottom = span
    return x0 <= (char["x0"] + char["x1"]) / 2 <= x1 and top <= (char["top"] + char["bottom"]) / 2 <= bottom


def _fills_a_blank(span: Span, chars: list[PdfObject]) -> bool:
    """Whether the run `span` is drawn in a blank of a line of the page: over its spaces, or in the
    gap between two of its words; never over a printed letter."""
    x0, top, x1, bottom = span
    middle = (top + bottom) / 2
    line = [char for char in chars if char["top"] <= middle <= char["bottom"]]
    under = [char for char in line if _under(char, span)]
    if any(not char["text"].isspace() for char in under):
        return False
    printed = [char for char in line if not char["text"].isspace()]
    return bool(under) or (any(char["x1"] <= x0 for char in printed) and any(char["x0"] >= x1 for char in printed))


def _space_at(char: PdfObject) -> PdfObject:
    """A space of no width where `char` starts: sorted beside it, it ends or begins a word there."""
    return {**char, "text": " ", "x1": char["x0"], "width": 0.0}


def _pdfium_coordinates_fit(pdfium_page: pypdfium2.PdfPage, plumber_page: Any) -> bool:
    """pdfium's page space is pdfplumber's, flipped: the page is unrotated and its media box,
    which pdfplumber measures from, starts at the origin and is the crop box too."""
    mediabox = tuple(plumber_page.mediabox)
    return (
        pdfium_page.get_rotation() == 0
        and plumber_page.rotation == 0
        and mediabox[:2] == (0, 0)
        and tuple(plumber_page.bbox) == mediabox
    )


def _text_only_page(pdfium_page: pypdfium2.PdfPage, number: int) -> PageText:
    """A page pdfminer could not read in a damaged file: pdfium's text, without boxes."""
    textpage = pdfium_page.get_textpage()
    try:
        text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
    finally:
        textpage.close()
    width, height = pdfium_page.get_size()
    return PageText(number=number, text=_nfc(text), source="native", width=float(width), height=float(height))


def _read_page(page: pdfplumber.page.Page, number: int) -> PageText:
    if (unicode_chars := decode_pdf_chars(page.chars)) is not None:
        page.objects["char"] = unicode_chars  # text in legacy fonts (.VnTime, VNI-Times): ingest/legacy.py
    # One word pass gives both the word boxes and the text: the word pass is most of the layout cost.
    words = _words(extract_words(page.chars))
    found, tables = [], []
    for table in page.find_tables(TABLE_SETTINGS):
        rows = _cell_texts(table, words)
        if not is_laid_out_text(rows):
            found.append(table)
            x0, top, x1, bottom = (float(v) for v in table.bbox)
            tables.append(Table(rows=rows, bbox=(x0, top, x1, bottom)))
    boxes = [table.bbox for table in tables]
    text = reading_text(words, boxes, _plumber_rows)
    prose = _prose_text(page, found, boxes, words)
    return PageText(
        number=number,
        text=text,
        source="native",
        words=words,
        tables=tables,
        width=float(page.width),
        height=float(page.height),
        prose=prose,
    )


def is_laid_out_text(rows: list[list[str | None]]) -> bool:
    """Prose inside rules, not a table: a box of one or two columns around paragraphs, or lines that
    strokes drawn under or between their words cut into "cells" (a word or none a cell, a dozen cells
    a line, or a single such line). Their words stay in the prose, where paragraphs are read."""
    width = max((len(row) for row in rows), default=0)
    if width < MIN_TABLE_COLUMNS:
        return True
    cells = [cell for row in rows for cell in row if cell and cell.strip()]
    if not cells or not (width >= MIN_LAID_OUT_COLUMNS or len(rows) == 1):
        return False
    return sum(len(cell.split()) for cell in cells) / len(cells) < MAX_LAID_OUT_WORDS_PER_CELL


def _cell_texts(table: Any, words: list[Word]) -> list[list[str | None]]:
    """The table's rows as cell strings (None under a merged cell's span), lines joined with "\n".

    What pdfplumber's `Table.extract` gives, from the page's words already laid out: a word
    belongs to the cell its centre is in. `extract` lays out the characters of every cell again,
    a third of the time of reading a native plan.
    """
    rows: list[list[str | None]] = []
    for row in table.rows:
        rows.append([None if box is None else _lines_in(box, words) for box in row.cells])
    return rows


def _lines_in(box: tuple[float, float, float, float], words: list[Word]) -> str:
    x0, top, x1, bottom = box
    inside = [w for w in words if x0 <= (w.x0 + w.x1) / 2 < x1 and top <= (w.top + w.bottom) / 2 < bottom]
    return "\n".join(" ".join(w.text for w in line) for line in _plumber_rows(inside))


def _words(raw_words: list[dict]) -> list[Word]:
    return [
        Word(_nfc(w["text"]), float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"])) for w in raw_words
    ]


def _plumber_rows(words: list[Word]) -> list[list[Word]]:
    """Words into lines as pdfplumber's `extract_text` does: tops within 3 points share a line.
    (Grouping by overlap instead would differ on text layers laid over scans, whose boxes vary.)"""
    return cluster_objects(words, attrgetter("top"), DEFAULT_Y_TOLERANCE)  # type: ignore[type-var]  # any object with a top


def _prose_text(
    page: pdfplumber.page.Page, tables: list, boxes: Sequence[tuple[float, float, float, float]], words: list[Word]
) -> str | None:
    """The page's text without tables and small type, or None when that is the whole text
    (laying out a page's characters is the costly part of reading a PDF: do it once if we can).
    Its column bands are the page's (`words`): the small type left out may be what shows them."""
    size = _dominant_size(page)
    small = size is not None and any(c["size"] < SMALL_TEXT_RATIO * size for c in page.chars)
    if not tables and not small:
        return None
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    if small and size is not None:
        outside = outside.filter(lambda obj: obj.get("object_type") != "char" or obj["size"] >= SMALL_TEXT_RATIO * size)
    return reading_text(_words(extract_words(outside.chars)), boxes, _plumber_rows, layout=words)


def _dominant_size(page: pdfplumber.page.Page) -> float | None:
    """The font size most characters on the page are set in (the body text)."""
    sizes = Counter(round(char["size"], 1) for char in page.chars if not char["text"].isspace())
    return sizes.most_common(1)[0][0] if sizes else None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
