"""A page's characters and drawn rules read by pdfium, in pdfplumber's object format.

pdfplumber gets its characters from pdfminer, which interprets every content stream in Python:
most of the time of reading a PDF. pdfium does the same in C. Handing pdfium's characters and
path segments to pdfplumber (as the page's `objects`) keeps pdfplumber's line building, word
boxes and ruled-table finding, at a fraction of the cost.

Boxes follow pdfminer's conventions, so pdfplumber's tolerances behave as before: a character
spans its advance width horizontally (to where the next one of its run starts) and `size`
vertically from the font's descent below the baseline. Pages this cannot describe exactly
(slanted or stretched text, rules inside form XObjects) raise PdfplumberNeeded.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

PdfObject = dict[str, Any]


class PdfplumberNeeded(Exception):
    """pdfium's objects cannot stand in for pdfminer's on this page: its text is rotated, slanted
    or stretched (an OCR layer fitted to a skewed scan), or its rules sit in form XObjects."""


_SEGMENT_MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO


def page_objects(page: pypdfium2.PdfPage, height: float, initial_doctop: float) -> dict[str, list[PdfObject]]:
    """The page's chars, lines and curves as pdfplumber's `Page.objects` would hold them.

    Coordinates are PDF user space flipped to pdfplumber's top-left origin; the caller uses this
    only for unrotated pages whose media box starts at the origin, where the two agree.
    """
    paths = []
    for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM], max_depth=0):
        if item.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            raise PdfplumberNeeded  # its paths' matrices are relative to the form's
        paths.append(item)
    chars = _chars(page, height, initial_doctop)
    lines: list[PdfObject] = []
    curves: list[PdfObject] = []
    for path in paths:
        for points in _subpaths(path):
            target = lines if len(points) == 2 else curves
            target.append(_path_object("line" if len(points) == 2 else "curve", points, height, initial_doctop))
    objects: dict[str, list[PdfObject]] = {}
    for kind, items in (("char", chars), ("line", lines), ("curve", curves)):
        if items:
            objects[kind] = items
    return objects


@dataclass(frozen=True)
class _TextObjectStyle:
    """What all chars of one pdfium text object share: font, size, direction and the offset of
    the box bottom below the baseline (the font's descent, scaled as pdfminer scales it)."""

    fontname: str
    size: float
    upright: bool
    descent: float


def _chars(page: pypdfium2.PdfPage, height: float, initial_doctop: float) -> list[PdfObject]:
    textpage = page.get_textpage()
    try:
        return _textpage_chars(textpage.raw, height, initial_doctop)
    finally:
        textpage.close()


def _textpage_chars(handle: Any, height: float, initial_doctop: float) -> list[PdfObject]:
    """Per char only two pdfium calls (its text object and origin): ctypes calls are the cost
    here, so what a text object's chars share is asked once per object."""
    count = pdfium_c.FPDFText_CountChars(handle)
    text = _page_text(handle, count)
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    runs: dict[int, _TextObjectStyle] = {}
    fonts: dict[int, str] = {}
    chars: list[PdfObject] = []
    last_index, last_run = -1, (0, 0.0)  # the previous char's index, text object and baseline
    for index, unicode in enumerate(text):
        if unicode in "\r\n\x00" or (unicode == " " and pdfium_c.FPDFText_IsGenerated(handle, index)):
            continue  # line breaks and spaces pdfium inferred; pdfminer reports only drawn glyphs
        text_object = pdfium_c.FPDFText_GetTextObject(handle, index)
        key = ctypes.addressof(text_object.contents) if text_object else 0
        pdfium_c.FPDFText_GetCharOrigin(handle, index, x_ref, y_ref)
        if chars and last_run != (key, y.value):
            _end_with_box(chars[-1], handle, last_index, box)
        elif chars and chars[-1]["x0"] < x.value:
            _end_at(chars[-1], x.value)  # the previous char's advance, as pdfminer measures it
        run = runs.get(key)
        if run is None:
            run = runs[key] = _new_run(handle, index, text_object, y.value, box, fonts)
        y0 = y.value + run.descent
        top = height - (y0 + run.size)
        chars.append(
            {
                "object_type": "char",
                "text": unicode,
                "fontname": run.fontname,
                "size": run.size,
                "upright": run.upright,
                "x0": x.value,
                "x1": x.value,
                "y0": y0,
                "y1": y0 + run.size,
                "width": 0.0,
                "height": run.size,
                "top": top,
                "bottom": top + run.size,
                "doctop": initial_doctop + top,
            }
        )
        last_index, last_run = index, (key, y.value)
    if chars:
        _end_with_box(chars[-1], handle, last_index, box)
    return chars


def _page_text(handle: Any, count: int) -> str:
    """All chars of the text page in one call, index for index (pdfium counts UTF-16 units)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(handle, 0, count, buffer)
    return bytes(buffer)[: 2 * count].decode("utf-16-le", errors="replace")


def _new_run(
    handle: Any, index: int, text_object: Any, baseline: float, box: Any, fonts: dict[int, str]
) -> _TextObjectStyle:
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(handle, index, matrix)
    if matrix.b or matrix.c or matrix.a <= 0 or abs(matrix.a - matrix.d) > 1e-4:
        raise PdfplumberNeeded
    pdfium_c.FPDFText_GetLooseCharBox(handle, index, box)
    size = pdfium_c.FPDFText_GetFontSize(handle, index) * matrix.d
    return _TextObjectStyle(
        fontname=_font_name(text_object, fonts), size=size, upright=True, descent=box.bottom - baseline
    )


def _end_with_box(char: PdfObject, handle: Any, index: int, box: Any) -> None:
    """The last char of a run ends where pdfium's loose box ends (its advance, or its outline
    where that overhangs: the next char that would say where the advance ends is elsewhere)."""
    pdfium_c.FPDFText_GetLooseCharBox(handle, index, box)
    _end_at(char, max(box.right, char["x0"]))


def _end_at(char: PdfObject, x1: float) -> None:
    char["x1"] = x1
    char["width"] = x1 - char["x0"]


def _font_name(text_object: Any, cache: dict[int, str]) -> str:
    """The character's BaseFont name ("DejaVuSerif", ".VnTime"), looked up once per font."""
    font = pdfium_c.FPDFTextObj_GetFont(text_object) if text_object else None
    key = ctypes.addressof(font.contents) if font else 0
    if key not in cache:
        cache[key] = _base_font_name(font) if font else ""
    return cache[key]


def _base_font_name(font: Any) -> str:
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("utf-8", errors="replace")


def _subpaths(path: pypdfium2.PdfObject) -> list[list[tuple[float, float]]]:
    """The path's subpaths as point lists in page space (closed ones end where they began).

    pdfminer splits a path at each move-to too, then makes a line of two points, a curve of more.
    """
    matrix = path.get_matrix()
    handle = path.raw
    x, y = ctypes.c_float(), ctypes.c_float()
    result: list[list[tuple[float, float]]] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(handle)):
        segment = pdfium_c.FPDFPath_GetPathSegment(handle, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = matrix.on_point(x.value, y.value)
        if pdfium_c.FPDFPathSegment_GetType(segment) == _SEGMENT_MOVETO or not result:
            result.append([point])
        else:
            result[-1].append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and result[-1][0] != point:
            result[-1].append(result[-1][0])
    return [points for points in result if len(points) >= 2]


def _path_object(kind: str, points: list[tuple[float, float]], height: float, initial_doctop: float) -> PdfObject:
    flipped = [(px, height - py) for px, py in points]
    xs = [p[0] for p in flipped]
    tops = [p[1] for p in flipped]
    top, bottom = min(tops), max(tops)
    return {
        "object_type": kind,
        "pts": flipped,
        "x0": min(xs),
        "x1": max(xs),
        "y0": height - bottom,
        "y1": height - top,
        "top": top,
        "bottom": bottom,
        "doctop": initial_doctop + top,
        "width": max(xs) - min(xs),
        "height": bottom - top,
    }


# Annotations whose appearance is no part of what the page says: a link's frame, a pop-up note window.
_NOT_PAGE_CONTENT = {pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP}


class AnnotationText:
    """The text annotations draw on pages: a digital signature stamps the number and the date into
    the blanks the text layer leaves ("Số: /UBND-KT", "ngày tháng năm 2026") as its widgets'
    appearance streams, which the page's own text does not hold.

    pdfium flattens a page (draws every visible annotation's appearance into its content) and its
    text page then reads those characters where they are drawn. Flattening changes the page, so it
    is done on a copy of the document, opened from `data` when a page first has such annotations.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._copy: pypdfium2.PdfDocument | None = None

    def runs(self, page: pypdfium2.PdfPage, index: int, height: float, initial_doctop: float) -> list[list[PdfObject]]:
        """The characters the annotations of `page` (the `index`-th) draw, in pdfplumber's format,
        in runs: the upright characters of one text object on one baseline."""
        if not _draws_annotations(page):
            return []
        try:
            if self._copy is None:
                self._copy = pypdfium2.PdfDocument(self._data)
            return _flattened_runs(self._copy, index, height, initial_doctop)
        except pypdfium2.PdfiumError:  # the copy or its page does not load: the text layer as it is
            return []

    def close(self) -> None:
        if self._copy is not None:
            self._copy.close()
            self._copy = None


def _draws_annotations(page: pypdfium2.PdfPage) -> bool:
    """Whether an annotation of the page has an appearance of its own that is page content."""
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        if not annotation:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annotation) not in _NOT_PAGE_CONTENT and pdfium_c.FPDFAnnot_HasKey(
                annotation, b"AP"
            ):
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    return False


def _flattened_runs(
    copy: pypdfium2.PdfDocument, index: int, height: float, initial_doctop: float
) -> list[list[PdfObject]]:
    page = copy[index]
    try:
        kept = pdfium_c.FPDFPage_CountObjects(page.raw)
        flattened = pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_SUCCESS
    finally:
        page.close()
    if not flattened:
        return []
    page = copy[index]  # loaded again: its content now ends with a form drawing the annotations
    try:
        drawn: set[int] = set()
        for position in range(kept, pdfium_c.FPDFPage_CountObjects(page.raw)):
            _collect_text_objects(pdfium_c.FPDFPage_GetObject(page.raw, position), drawn)
        if not drawn:
            return []
        textpage = page.get_textpage()
        try:
            return _drawn_runs(textpage.raw, drawn, height, initial_doctop)
        finally:
            textpage.close()
    finally:
        page.close()


def _collect_text_objects(item: Any, found: set[int]) -> None:
    kind = pdfium_c.FPDFPageObj_GetType(item)
    if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
        found.add(ctypes.cast(item, ctypes.c_void_p).value or 0)
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        for position in range(pdfium_c.FPDFFormObj_CountObjects(item)):
            _collect_text_objects(pdfium_c.FPDFFormObj_GetObject(item, position), found)


def _drawn_runs(handle: Any, drawn: set[int], height: float, initial_doctop: float) -> list[list[PdfObject]]:
    """The characters of the text objects in `drawn`, in runs. A character spans its advance: to
    where the next one of its run starts, the last one its loose box without the slant of italic
    type (an italic date's box leans over the word after the blank)."""
    count = pdfium_c.FPDFText_CountChars(handle)
    text = _page_text(handle, count)
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    fonts: dict[int, str] = {}
    runs: list[list[PdfObject]] = []
    last_run = None
    for index, unicode in enumerate(text):
        if unicode in "\r\n\x00" or (unicode == " " and pdfium_c.FPDFText_IsGenerated(handle, index)):
            continue
        text_object = pdfium_c.FPDFText_GetTextObject(handle, index)
        key = ctypes.cast(text_object, ctypes.c_void_p).value if text_object else None
        if key not in drawn:
            continue
        pdfium_c.FPDFText_GetMatrix(handle, index, matrix)
        if matrix.b or matrix.a <= 0 or matrix.d <= 0:
            continue  # turned or mirrored type: not the line it lies on
        pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, box)
        slant = matrix.c / matrix.d
        size = pdfium_c.FPDFText_GetFontSize(handle, index) * matrix.d
        top = height - (box.bottom + size)
        char = {
            "object_type": "char",
            "text": unicode,
            "fontname": _font_name(text_object, fonts),
            "size": size,
            "upright": True,
            "x0": x.value,
            "y0": box.bottom,
            "y1": box.bottom + size,
            "height": size,
            "top": top,
            "bottom": top + size,
            "doctop": initial_doctop + top,
        }
        _end_at(char, x.value + (box.right - box.left) - slant * (box.top - box.bottom))
        if runs and last_run == (key, y.value):
            _end_at(runs[-1][-1], max(x.value, runs[-1][-1]["x0"]))
            runs[-1].append(char)
        else:
            runs.append([char])
        last_run = (key, y.value)
    return runs
