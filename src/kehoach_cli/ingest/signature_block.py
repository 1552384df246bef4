"""The signature block of a scanned page read again, with the stamp's and the signature's inks taken
out, where the page's OCR lost the signer's name.

A signature block (Nghị định 30/2020/NĐ-CP) stands in the right column beside "Nơi nhận:": the
position ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"), the signature, the red stamp over its left part, and the
name in print below. Tesseract reading the whole page takes that column for a picture and often
returns nothing of it, or the position without the name. Here the column is cropped from the page
rendered in colour, every coloured stroke whitened (red stamps; blue and violet ink), and what is
left read as lines of text at two sizes. A block in black only (a greyscale scan, or no stamp) is
left as the page's OCR read it.

A line is kept when it is a position (people.py: a list of them) read alike at both sizes or with
confidence, or a person's name read alike at both sizes and with confidence; without a name at the
first size nothing more is read. The lines the page's words lack are added where they stand, and to
its text after its last position line (or after its text). A name that cannot be read stays
unread: a wrong signer is worse than none.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

import cv2
import numpy as np
import pytesseract

from ..people import is_position, person_name_shape
from ..vietnamese import fold
from .layout import group_lines
from .page_colour import page_colour
from .pages import PageText, Word

LANGUAGE = "vie"
CONFIG = "--psm 6"  # one column of lines: the block
READ_SCALES = (1.0, 1.5)
MIN_CONFIDENCE = 60  # tesseract's word confidence (0-100) the name's best reading must reach
COLUMN_SHARE = 0.45  # the block lies right of this share of the page's width
LEFT_SHARE = 0.4  # "Nơi nhận:" opens a line left of this share
ABOVE_PT = 30.0  # the block may open a little above "Nơi nhận:" or its first position word
REACH_PT = 230.0  # and ends within 8 cm: position lines, 3 cm of signature, the name
# Ink, OpenCV's scales: darker than this grey is ink; a saturated pixel that is not dark is a
# coloured stroke (dark print reads saturated in a colour scan, so darkness spares it).
INK_GREY = 170
COLOURED_SATURATION = 70
COLOURED_VALUE = 90
PAD_PX = 12
MIN_COLOURED_SHARE = 0.001  # of the crop's pixels: less, and there is no stamp or pen to take out
OVERLAP_SHARE = 0.5  # of a line's height, shared with a word the page read there
QUOTES = "“”\"'‘’"
POSITION_WORDS = ("TỊCH", "ĐỐC", "TRƯỞNG", "TƯỚNG", "TM.", "KT.")


def reread_signature(kind: str, data: bytes, page: PageText) -> PageText:
    """`page` with the lines of its signature block that OCR lost read again; the page as it was
    when it has no signature block, its words already hold a name there, or nothing is sure."""
    if page.source != "ocr" or not page.words or not page.width:
        return page
    top = _block_top(page)
    if top is None or _has_name(page, top):
        return page
    try:
        image, scale = page_colour(kind, data, page, top, top + REACH_PT)
    except Exception:  # noqa: BLE001 - the page's own reading stands
        return page
    if image is None or not image.size:
        return page
    left = int(page.width * COLUMN_SHARE * scale)
    crop = image[:, left:]
    coloured = _coloured(crop)
    if coloured.mean() < MIN_COLOURED_SHARE:
        return page  # no stamp or pen to take out: the page's OCR saw what there is to see
    lines = _sure_lines(_black_ink(crop, coloured))
    place = _Placement(left / scale, top, scale)
    return _with_lines(page, [(text, [place.word(box) for box in boxes]) for text, boxes in lines])


@dataclass(frozen=True)
class _Placement:
    """From pixels of the padded crop to the page's points."""

    left: float  # points
    top: float
    scale: float  # pixels a point

    def word(self, box: tuple[str, int, int, int, int]) -> Word:
        text, x, y, width, height = box
        x0, top = self.left + (x - PAD_PX) / self.scale, self.top + (y - PAD_PX) / self.scale
        return Word(text, x0, top, x0 + width / self.scale, top + height / self.scale)


def _block_top(page: PageText) -> float | None:
    """Where the signature block may begin: at "Nơi nhận:" or the first position word of the right
    column, whichever is higher; None when the page has neither."""
    tops = [w.top for w in _recipients_label(page.words, page.width)]
    tops += [w.top for w in page.words if w.x0 > COLUMN_SHARE * page.width and w.text in POSITION_WORDS]
    return min(tops) - ABOVE_PT if tops else None


def _recipients_label(words: list[Word], width: float) -> list[Word]:
    """The "Nơi" of each "Nơi nhận:" that opens a line of the left column."""
    found = []
    for first, second in zip(words, words[1:]):
        if (
            first.x0 < LEFT_SHARE * width
            and fold(first.text) == "noi"
            and fold(second.text).startswith("nhan:")
            and abs(first.top - second.top) < first.bottom - first.top
        ):
            found.append(first)
    return found


def _has_name(page: PageText, top: float) -> bool:
    """Whether the page's words already hold a name on one line of the block's column."""
    column = [w for w in page.words if w.x0 > COLUMN_SHARE * page.width and top <= w.top <= top + REACH_PT]
    return any(person_name_shape(line) for line in group_lines(column))


def _coloured(rgb: np.ndarray) -> np.ndarray:
    """Pixels of coloured ink: saturated and not dark."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    return (hsv[..., 1] >= COLOURED_SATURATION) & (hsv[..., 2] >= COLOURED_VALUE)


def _black_ink(rgb: np.ndarray, coloured: np.ndarray) -> np.ndarray:
    """The crop in grey with its coloured strokes (`coloured`, its mask) and paper white."""
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    kept = (grey < INK_GREY) & ~coloured
    out = np.where(kept, grey, 255).astype(np.uint8)
    return cv2.copyMakeBorder(out, PAD_PX, PAD_PX, PAD_PX, PAD_PX, cv2.BORDER_CONSTANT, value=255)


def _sure_lines(image: np.ndarray) -> list[tuple[str, list[tuple[str, int, int, int, int]]]]:
    """The positions and names read alike at every size, top to bottom, with their words' boxes (in
    pixels of the first size)."""
    first = _read_lines(image, READ_SCALES[0])
    if not any(person_name_shape(line.text) for line in first):
        return []  # nothing to add without a name: the other sizes are not read
    readings = [first, *(_read_lines(image, scale) for scale in READ_SCALES[1:])]
    others = [{line.text: line.confidence for line in reading} for reading in readings[1:]]
    sure = []
    for line in readings[0]:
        agreed = all(line.text in other for other in others)
        best = max([line.confidence, *(other.get(line.text, 0.0) for other in others)])
        if is_position(line.text) and (agreed or best >= MIN_CONFIDENCE):
            sure.append((line.text, line.boxes))  # a position is checked against the list of them
        elif person_name_shape(line.text) and agreed and best >= MIN_CONFIDENCE:
            sure.append((line.text, line.boxes))
    return sure


@dataclass(frozen=True)
class _ReadLine:
    text: str
    confidence: float  # the least of its words'
    boxes: list[tuple[str, int, int, int, int]]  # each word and its box: x, y, width, height


def _read_lines(image: np.ndarray, scale: float) -> list[_ReadLine]:
    """Tesseract's lines of the crop at `scale`, specks before a name dropped."""
    if scale != 1.0:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    try:
        data = pytesseract.image_to_data(
            image, lang=LANGUAGE, config=CONFIG, output_type=pytesseract.Output.DICT, timeout=30
        )
    except (pytesseract.TesseractError, RuntimeError, OSError):
        return []
    lines: dict[tuple[int, int, int], list[tuple[str, float, tuple[int, int, int, int]]]] = {}
    for index, text in enumerate(data["text"]):
        if text.strip():
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            box = tuple(round(data[k][index] / scale) for k in ("left", "top", "width", "height"))
            word = unicodedata.normalize("NFC", text.strip())
            lines.setdefault(key, []).append((word, float(data["conf"][index]), box))
    out = []
    for words in lines.values():
        while len(words) > 1 and not words[0][0][:1].isalpha():
            words = words[1:]  # a speck of the signature before the name
        cleaned = [(word.strip(QUOTES), confidence, box) for word, confidence, box in words]
        cleaned = [word for word in cleaned if word[0]]
        if cleaned:
            out.append(
                _ReadLine(
                    " ".join(word for word, _, _ in cleaned),
                    min(confidence for _, confidence, _ in cleaned),
                    [(word, *box) for word, _, box in cleaned],
                )
            )
    return out


def _with_lines(page: PageText, lines: list[tuple[str, list[Word]]]) -> PageText:
    """The page with the lines its text lacks: as words where they stand, and in its text after its
    last position line, or after its text."""
    column = [w for w in page.words if w.x0 > COLUMN_SHARE * page.width]
    new = [(text, words) for text, words in lines if words and not _read_there(column, words)]
    if not any(person_name_shape(text) for text, _ in new):
        return page
    added = [text for text, _ in new]
    words = [*page.words, *(word for _, line in new for word in line)]
    text_lines = page.text.split("\n")
    text = "\n".join(_inserted(text_lines, added))
    prose = "\n".join(_inserted(page.prose.split("\n"), added)) if page.prose is not None else None
    return replace(page, text=text, prose=prose, words=words)


def _read_there(column: list[Word], line: list[Word]) -> bool:
    """Whether the page's OCR read words at the height of this line (then its reading stands)."""
    top, bottom = min(w.top for w in line), max(w.bottom for w in line)
    least = OVERLAP_SHARE * (bottom - top)
    return any(min(bottom, w.bottom) - max(top, w.top) > least for w in column)


def _inserted(lines: list[str], added: list[str]) -> list[str]:
    after = max((i for i, line in enumerate(lines) if is_position(line.strip())), default=len(lines) - 1)
    return [*lines[: after + 1], *added, *lines[after + 1 :]]
