"""The number ("Số: 589/KH-…") and the day ("ngày 02 tháng 10 năm 2026") of a scan's header, read
again with care.

Offices print the header with blanks and fill them by hand or with a numbering stamp, often in
blue ink, and their red stamp may lie over it. The page's OCR, a Vietnamese language model reading
a page of prose, turns those digits into "Só:đÓ6" or "ngày A‡ tháng". Here the blanks are found
through the page's OCR word boxes (the printed "Số" before the blank, the printed symbol
"/KH-UBND" after it; "ngày", "tháng", "năm" around the day and the month), cropped from page 1
rendered in colour, their inks separated in HSV (red stamp ink dropped; coloured handwriting read
alone when the blank holds some) and read again by tesseract as one line of digits.

A value is taken only when tesseract reads the same digits at three sizes with a median confidence
that is not doubtful, and the value is consistent (a number of 1 to 5 digits after a well-formed
printed symbol, a real date not after today, no contradiction with the page's own reading). A
number or day the page read as black digits stands as it is: no OCR is spent on it again.
Otherwise a blank filled by hand is left unread: the page text loses the garbled digits, so the
number or date comes out null, and a warning says so. A wrong number is worse than none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

import cv2
import numpy as np
import pytesseract

from ..vietnamese import fold
from .page_colour import page_colour
from .pages import PageText, Word

HEADER_SHARE = 0.45  # the number and the date lie in the top part of page 1
DIGITS_LANGUAGE = "eng"
DIGITS_CONFIG = "--psm 7 -c tessedit_char_whitelist=0123456789"
# The blank is read at three sizes; a value stands only if all three readings agree (a reading
# that flips with the size is a guess), and their median confidence is not doubtful.
READ_SCALES = (1.0, 0.8, 1.5)
SYMBOL_CONFIG = "--psm 7"
# tesseract's word confidence (0-100) a re-read value must reach: the page's own words count as
# doubtful below it (ocr.LOW_CONFIDENCE).
MIN_CONFIDENCE = 60
MAX_NUMBER_DIGITS = 5
# Luminance and HSV, OpenCV's scales (hue 0-179): ink is darker than the paper, coloured ink saturated.
INK_VALUE = 170  # black print and grey: darker than this
PAPER_VALUE = 235  # coloured ink: darker than the paper
COLOUR_SATURATION = 70  # below: black or grey ink (print, photocopy); above: coloured ink
RED_HUES = (12, 165)  # hue below the first or above the second: red (stamps), dropped
BLUE_HUES = (85, 165)  # blue to violet: ballpoint and fountain pen, numbering stamps
BAND_REACH = 0.7  # handwriting rises above and drops below the printed line: line heights kept
PAD_PX = 12  # white around a crop given to tesseract
# Widths of printed words in digit widths (a digit is half an em in Times New Roman, the font
# Decree 30 sets): what a word's box may span before the blank's marks must have joined it.
LABEL_DIGITS = {"so": 2.7, "ngay": 3.9, "thang": 4.5, "nam": 3.5}
WIDTH_SLACK = 1.25
DIGIT_HEIGHT_SHARE = 0.5  # without a printed year: a digit's width from the label's height
SLASH_MARGIN = 0.5  # the blank ends this share of a digit's width before the symbol's slash
MIN_STROKE_COLOUR = 0.5  # a mark is handwriting in colour when most of its pixels are coloured
MIN_STROKE_SHARE = 0.02  # a mark smaller than this share of the line-height square is a speck
# The symbol after the number, as metadata.DOC_NUMBER reads it; its type code is checked apart.
SYMBOL = re.compile(
    r"^[/⁄∕]\s*((?:\d{4}/)?([A-ZĐ][A-ZĐa-zđ]{0,5})"
    r"(?:\s*-\s*[A-ZĐ0-9][A-ZĐa-zđ0-9&]{0,11}){0,3}(?:\([A-ZĐ0-9]{1,10}\))?)"
)


@dataclass(frozen=True)
class HeaderFields:
    """Page 1 with its header blanks as read again, and what could not be read."""

    page: PageText
    warnings: tuple[str, ...] = ()


def reread_header(kind: str, data: bytes, page: PageText, today: date | None = None) -> HeaderFields:
    """Page 1 of a scan (OCR'd: words in points) with the number and the day read again from its
    image; the page as it was when its header has no such fields or cannot be rendered."""
    if page.source != "ocr" or not page.words:
        return HeaderFields(page)
    dated, number = _date_line(page), _number_line(page)
    if dated is None and number is None:
        return HeaderFields(page)
    lowest = max(w.bottom for found in (dated, number) if found for w in _words_of(found))
    try:
        image, scale = page_colour(
            kind,
            data,
            page,
            0.0,
            lowest
            + 2 * BAND_REACH * (lowest - min(w.top for found in (dated, number) if found for w in _words_of(found))),
        )
    except Exception:  # noqa: BLE001 - the page's own reading stands
        return HeaderFields(page)
    if image is None:
        return HeaderFields(page)
    reader = _Reader(image, scale)
    lines = page.prose_text.split("\n")
    warnings: list[str] = []
    today = today or date.today()
    if number is not None:
        digit = dated.digit_width if dated else DIGIT_HEIGHT_SHARE * (number.label.bottom - number.label.top)
        lines = _fix_number(reader, number, lines, warnings, digit)
    if dated is not None:
        lines = _fix_date(reader, dated, lines, warnings, today)
    text = "\n".join(lines)
    if text == page.prose_text:
        return HeaderFields(page, tuple(warnings))
    if page.prose is None:
        fixed = replace(page, text=text)
    else:  # the page text interleaves the prose's lines with table rows: the lines changed, in it too
        whole = page.text
        for before, after in zip(page.prose_text.split("\n"), lines):
            if before != after:
                whole = whole.replace(before, after, 1)
        fixed = replace(page, prose=text, text=whole)
    return HeaderFields(fixed, tuple(warnings))


# ---------------------------------------------------------------- where the fields are


@dataclass(frozen=True)
class _NumberLine:
    label: Word  # "Số:", or "Số:đÓ6" when the blank's marks joined it
    symbol: Word  # "/KH-UBND"
    code: str  # the symbol as printed, "KH-UBND", or "" when its OCR is not well formed


@dataclass(frozen=True)
class _DateLine:
    day_word: Word  # "ngày", or "ngày44tháng"
    month_word: Word  # "tháng"
    year_word: Word  # "năm"
    year: int
    digit_width: float  # a printed digit's width, from the year
    year_x0: float  # where the year's digits start


def _same_line(a: Word, b: Word) -> bool:
    middle = (b.top + b.bottom) / 2
    return a.top <= middle <= a.bottom or b.top <= (a.top + a.bottom) / 2 <= b.bottom


def _header_words(page: PageText) -> list[Word]:
    return [w for w in page.words if w.bottom <= page.height * HEADER_SHARE]


def _number_line(page: PageText) -> _NumberLine | None:
    """The printed "Số" and the symbol after the blank ("/KH-UBND"), on one line in the header's
    left half."""
    words = _header_words(page)
    for label in words:
        if not fold(label.text).startswith("so") or label.x0 > page.width / 2 or len(label.text) > 10:
            continue
        after = sorted(
            (
                w
                for w in words
                if w is not label
                and w.x0 >= label.x1 - 1
                and _same_line(label, w)
                and w.x0 - label.x1 < 6 * (label.bottom - label.top)
            ),
            key=lambda w: w.x0,
        )
        symbol = next((w for w in after if w.text[:1] in "/⁄∕" and any(c.isalpha() for c in w.text)), None)
        if symbol is None:
            continue
        rest = " ".join(w.text for w in after if w.x0 >= symbol.x0 and w.x0 < page.width / 2)
        return _NumberLine(label, symbol, _well_formed_symbol(rest))
    return None


def _well_formed_symbol(text: str) -> str:
    """The symbol after the number ("/TTr- CAT-PC04" -> "TTr-CAT-PC04") when its type code is one
    a document carries; "" otherwise (an OCR-damaged "/LIr-CAT-PC04")."""
    from ..structure.metadata import doc_types

    match = SYMBOL.match(text.strip())
    if not match or match[2] not in {kind.code for kind in doc_types()}:
        return ""
    return re.sub(r"\s+", "", match[1])


def _date_line(page: PageText) -> _DateLine | None:
    """The "ngày … tháng … năm 2026" line of the header's right side."""
    words = _header_words(page)
    for day_word in words:
        if not fold(day_word.text).startswith("ngay") or day_word.x1 < page.width / 3:
            continue
        line = sorted((w for w in words if _same_line(day_word, w) and w.x0 >= day_word.x0), key=lambda w: w.x0)
        month_word = next((w for w in line if "thang" in fold(w.text)), None)
        year_word = next((w for w in line if fold(w.text) == "nam"), None)
        if month_word is None or year_word is None or year_word.x0 < month_word.x0:
            continue
        digits = next((w for w in line if w.x0 > year_word.x0), None)
        if digits is not None and re.fullmatch(r"(19|20)\d\d", digits.text.strip(".,")):
            year = digits.text.strip(".,")
            width = (digits.x1 - digits.x0) / len(digits.text)
            return _DateLine(day_word, month_word, year_word, int(year), width, digits.x0)
    return None


# ---------------------------------------------------------------- reading a blank


class _Reader:
    """Crops of page 1 in colour, their inks separated, read as digits by tesseract."""

    def __init__(self, image: np.ndarray, scale: float) -> None:
        self.scale = scale  # pixels a point of `image`, the RGB of page 1's top part
        hsv = cv2.cvtColor(image, cv2.COLOR_RGB2HSV)
        hue, saturation = hsv[..., 0], hsv[..., 1]
        # Darkness by luminance, not HSV's value: pure blue ink has the value of white paper.
        self.grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        ink = self.grey < INK_VALUE
        coloured = saturation >= COLOUR_SATURATION
        red = coloured & ((hue < RED_HUES[0]) | (hue > RED_HUES[1]))
        self.ink = ink & ~red
        self.black = ink & ~coloured
        # Coloured ink may be paler than black print's threshold (a thin blue ballpoint).
        self.colour = (self.grey < PAPER_VALUE) & coloured & (hue >= BLUE_HUES[0]) & (hue <= BLUE_HUES[1])

    def box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[slice, slice]:
        height, width = self.ink.shape
        rows = slice(max(0, int(top * self.scale)), min(height, int(np.ceil(bottom * self.scale))))
        columns = slice(max(0, int(x0 * self.scale)), min(width, int(np.ceil(x1 * self.scale))))
        return rows, columns

    def has_handwriting(self, where: tuple[slice, slice], height: float) -> bool:
        return bool(self.handwriting(where, height)[where].any())

    def handwriting(self, where: tuple[slice, slice], height: float) -> np.ndarray:
        """The strokes of coloured handwriting: the marks (connected ink, red dropped) mostly in
        colour. Black print is not, though a colour scan gives its letters coloured fringes; a
        blue stroke is, though its darkest pixels may come out black."""
        mask = np.zeros_like(self.colour)
        marks = (self.ink[where] | self.colour[where]).astype(np.uint8)
        count, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
        coloured = np.bincount(labels.ravel(), weights=self.colour[where].ravel(), minlength=count)
        least = MIN_STROKE_SHARE * (height * self.scale) ** 2
        keep = (stats[:, cv2.CC_STAT_AREA] >= least) & (coloured >= MIN_STROKE_COLOUR * stats[:, cv2.CC_STAT_AREA])
        keep[0] = False
        mask[where] = keep[labels]
        return mask

    def digits(self, mask: np.ndarray, where: tuple[slice, slice]) -> tuple[str, float] | None:
        """The digits tesseract reads in the masked ink of a crop, with its least word confidence."""
        reads: list[tuple[str, float]] = []
        for scale in READ_SCALES:  # stops at the first reading that is no number or disagrees
            read = self._read(mask, where, DIGITS_CONFIG, scale=scale)
            if read is None or not read[0].isdigit() or (reads and read[0] != reads[0][0]):
                return None if not reads else (reads[0][0], -1.0)
            reads.append(read)
        return reads[0][0], float(np.median([read[1] for read in reads]))

    def text(self, mask: np.ndarray, where: tuple[slice, slice]) -> tuple[str, float] | None:
        return self._read(mask, where, SYMBOL_CONFIG, language="vie")

    def _read(
        self,
        mask: np.ndarray,
        where: tuple[slice, slice],
        config: str,
        language: str = DIGITS_LANGUAGE,
        scale: float = 1.0,
    ) -> tuple[str, float] | None:
        kept = mask[where]
        if not kept.any():
            return None
        # The ink's own shades, with the soft edges of its strokes; paper and dropped inks white.
        edge = cv2.dilate(kept.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        # Stretched so that the ink's darkest shade is black: pale blue reads as well as print.
        darkness = 255.0 - self.grey[where].astype(np.float32)
        full = max(1.0, float(np.percentile(darkness[kept], 90)))
        crop: np.ndarray = np.where(edge, 255.0 - np.clip(darkness * (255.0 / full), 0, 255), 255).astype(np.uint8)
        if scale != 1.0:
            smooth = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=smooth)
        crop = cv2.copyMakeBorder(crop, PAD_PX, PAD_PX, PAD_PX, PAD_PX, cv2.BORDER_CONSTANT, value=255)
        try:
            data = pytesseract.image_to_data(
                crop, lang=language, config=config, output_type=pytesseract.Output.DICT, timeout=30
            )
        except (pytesseract.TesseractError, RuntimeError, OSError):
            return None
        found = [(t.strip(), float(c)) for t, c in zip(data["text"], data["conf"]) if t.strip()]
        if not found:
            return None
        return unicodedata.normalize("NFC", "".join(t for t, _ in found)), min(c for _, c in found)


def _words_of(found: _NumberLine | _DateLine) -> tuple[Word, ...]:
    if isinstance(found, _NumberLine):
        return found.label, found.symbol
    return found.day_word, found.month_word, found.year_word


# ---------------------------------------------------------------- the number


def _fix_number(reader: _Reader, found: _NumberLine, lines: list[str], warnings: list[str], digit: float) -> list[str]:
    label, symbol = found.label, found.symbol
    height = max(label.bottom - label.top, symbol.bottom - symbol.top)
    top = min(label.top, symbol.top) - BAND_REACH * height
    bottom = max(label.bottom, symbol.bottom) + BAND_REACH * height
    end = _gap_near(reader, top, bottom, symbol.x0 - SLASH_MARGIN * digit, digit)
    blank = reader.box(label.x0, top, end, bottom)
    handwritten = reader.has_handwriting(blank, height)
    index, line = _line_with(lines, label.text, symbol.text)
    if index is None:
        return lines
    start = line.find(label.text)
    end_at = line.find(symbol.text, start + 1) if start >= 0 else -1
    if end_at < 0:
        return lines
    current = _printed_number(line[start:])
    if current is not None and not handwritten:
        return lines  # typed or stamped in black: the page's reading stands, no OCR spent again
    # Read twice when the blank holds colour: its coloured strokes alone, and all its ink right of
    # the printed label. Two sure readings that differ leave the number unread.
    reads = [reader.digits(reader.handwriting(blank, height), blank)] if handwritten else []
    alone, width = _printed(label, "so", digit)
    left = _gap_near(reader, top, bottom, label.x1 if alone else label.x0 + width, digit)
    reads.append(reader.digits(reader.ink, reader.box(left, top, end, bottom)))
    sure = {read[0] for read in reads if read and _sure_number(*read)}
    number = sure.pop() if len(sure) == 1 else None
    code = found.code
    if number and not code:  # the symbol's OCR is damaged: read it again, clean of stamps
        span = reader.box(symbol.x0, top, symbol.x1 + 0.1 * height, bottom)
        again = reader.text(reader.ink, span)
        code = _well_formed_symbol(again[0]) if again and again[1] >= MIN_CONFIDENCE else ""
        if not code:
            number = None
    disagree = len(sure) > 1 or bool(number and current and number != current)
    if disagree:
        number = None  # two readings disagree: neither is sure
    if number:
        if code == found.code:
            lines[index] = line[:start] + f"Số: {number} " + line[end_at:]
        else:
            lines[index] = line[:start] + f"Số: {number}/{code} " + line[end_at + len(symbol.text) :]
        return lines
    filled = handwritten or bool(reader.ink[reader.box(left, top, end, bottom)].any())
    if current is not None or _has_marks(line[start + len(label.text) : end_at]) or filled:
        lines[index] = line[:start] + "Số: " + line[end_at:]
        warnings.append("page 1: the handwritten number ('Số: … " + symbol.text + "') could not be read: left null")
    return lines


def _printed_number(text: str) -> str | None:
    from ..structure.metadata import DOC_NUMBER

    match = DOC_NUMBER.match(text)
    return match[1] if match else None


def _has_marks(text: str) -> bool:
    return bool(text.strip(" :.…"))


def _sure_number(text: str, confidence: float) -> bool:
    return (
        text.isdigit()
        and 1 <= len(text) <= MAX_NUMBER_DIGITS
        and not text.startswith("0")
        and confidence >= MIN_CONFIDENCE
    )


def _printed(word: Word, label: str, digit: float) -> tuple[bool, float]:
    """Whether `word` is the printed label alone ("Số:", "ngày"), its box no wider than the label
    prints, and the width the label prints at."""
    width = LABEL_DIGITS[label] * digit
    return fold(word.text).rstrip(":.") == label and word.x1 - word.x0 <= WIDTH_SLACK * width, width


def _gap_near(reader: _Reader, top: float, bottom: float, x: float, digit: float) -> float:
    """The column free of ink nearest to `x` (points) within a digit's width, on the line between
    `top` and `bottom`: where a printed word ends and a blank's marks begin. The word boxes come
    from the page as straightened for OCR, the image not: a box may lie a point or two away."""
    rows, columns = reader.box(x - digit, top, x + digit, bottom)
    profile = reader.ink[rows, columns].sum(axis=0)
    free = np.flatnonzero(profile == 0)
    if free.size == 0:
        return x
    target = x * reader.scale - columns.start
    return float(columns.start + free[np.argmin(np.abs(free - target))]) / reader.scale


def _line_with(lines: list[str], *pieces: str) -> tuple[int | None, str]:
    for index, line in enumerate(lines):
        if all(piece in line for piece in pieces):
            return index, line
    return None, ""


# ---------------------------------------------------------------- the date


def _fix_date(reader: _Reader, found: _DateLine, lines: list[str], warnings: list[str], today: date) -> list[str]:
    day_word, month_word, year_word = found.day_word, found.month_word, found.year_word
    height = max(w.bottom - w.top for w in (day_word, month_word, year_word))
    top = min(w.top for w in (day_word, month_word, year_word)) - BAND_REACH * height
    bottom = max(w.bottom for w in (day_word, month_word, year_word)) + BAND_REACH * height
    index, line = _line_with(lines, day_word.text, month_word.text, year_word.text)
    if index is None:
        return lines
    match = re.search(r"ngày\s*(\S*?)\s*tháng\s*(\S*?)\s*năm\s+" + str(found.year), line)
    if not match:
        return lines
    day_printed, month_printed = match[1], match[2]
    # Where the printed words lie: a word's box, or its end or start when the blank's marks joined
    # it ("ngày44tháng", "năm" whose box took the month's "02" in), by the width the word prints at.
    digit = found.digit_width
    day_alone, day_width = _printed(day_word, "ngay", digit)
    month_alone, month_width = _printed(month_word, "thang", digit)
    year_alone, year_width = _printed(year_word, "nam", digit)
    if month_alone:
        month_start, month_end = month_word.x0, month_word.x1
    elif fold(month_word.text).endswith("thang"):
        month_start, month_end = month_word.x1 - month_width, month_word.x1
    else:
        month_start, month_end = month_word.x0, month_word.x0 + month_width
    day_start = day_word.x1 if day_alone else day_word.x0 + day_width
    year_start = year_word.x0 if year_alone else year_word.x1 - year_width
    day_start = _gap_near(reader, top, bottom, day_start, digit)
    month_start = _gap_near(reader, top, bottom, month_start, digit)
    month_end = _gap_near(reader, top, bottom, month_end, digit)
    year_start = _gap_near(reader, top, bottom, year_start, digit)
    day_blank = reader.box(day_start, top, month_start, bottom)
    month_blank = reader.box(month_end, top, max(month_end, year_start), bottom)
    day_blanks, month_blanks = [(day_blank, reader.ink)], [(month_blank, reader.ink)]
    if reader.has_handwriting(reader.box(day_word.x0, top, found.year_x0, bottom), height):
        # Coloured handwriting is read alone too, the print dropped: its blanks reach from the
        # "ngày" to the middle of the printed "tháng" (its black ink), whatever their boxes took in,
        # and on to the year.
        middle = _black_middle(reader, month_word, top, bottom)
        handwriting = reader.handwriting(reader.box(day_word.x0, top, found.year_x0, bottom), height)
        day_blanks.insert(0, (reader.box(day_word.x0, top, middle, bottom), handwriting))
        month_blanks.insert(0, (reader.box(middle, top, found.year_x0, bottom), handwriting))
    day = _read_part(reader, day_blanks, day_printed, 31)
    month = _read_part(reader, month_blanks, month_printed, 12)
    if day.value is None and not day.filled and month.value is None and not month.filled:
        return lines  # a blank date (a draft) or one printed and read well
    valid = day.value is not None and month.value is not None and _real_date(found.year, month.value, day.value, today)
    if valid:
        replaced = f"ngày {day.value:02d} tháng {month.value:02d} năm {found.year}"
        lines[index] = line[: match.start()] + replaced + line[match.end() :]
        return lines
    if day.printed_ok and month.printed_ok:
        return lines
    parts = [name for name, part in (("day", day), ("month", month)) if part.value is None and part.filled]
    what = " and ".join(parts) or "date"
    warnings.append(f"page 1: the handwritten {what} of the date ('{match[0]}') could not be read: left null")
    lines[index] = line[: match.start()] + f"ngày … tháng … năm {found.year}" + line[match.end() :]
    return lines


@dataclass(frozen=True)
class _Part:
    value: int | None  # the day or month as read, None when unread
    filled: bool  # the blank holds handwriting or marks the page's OCR could not read as digits
    printed_ok: bool  # the page's own OCR read plain digits here


def _black_middle(reader: _Reader, word: Word, top: float, bottom: float) -> float:
    """The middle of the black print in a word's box (points): a printed word's middle even when
    its box took in handwriting beside it."""
    rows, columns = reader.box(word.x0, top, word.x1, bottom)
    filled = np.flatnonzero(reader.black[rows, columns].any(axis=0))
    if filled.size == 0:
        return (word.x0 + word.x1) / 2
    return (columns.start + (filled[0] + filled[-1]) / 2) / reader.scale


def _read_part(reader: _Reader, blanks: list[tuple[tuple[slice, slice], np.ndarray]], printed: str, most: int) -> _Part:
    """A day (most 31) or a month (12) from its blank read with each ink mask; `printed` is what
    the page's own OCR read there."""
    printed_ok = printed.isdigit() and 1 <= int(printed) <= most
    coloured = len(blanks) > 1 and bool(blanks[0][1][blanks[0][0]].any())  # handwriting in colour here
    if printed_ok and not coloured:
        return _Part(int(printed), False, True)  # typed or stamped in black: the page's reading stands
    values = {
        int(read[0])
        for read in (reader.digits(mask, blank) for blank, mask in blanks)
        if read and read[0].isdigit() and len(read[0]) <= 2 and read[1] >= MIN_CONFIDENCE and 1 <= int(read[0]) <= most
    }
    if printed_ok and not coloured and (not values or values == {int(printed)}):
        return _Part(int(printed), False, True)  # printed digits the page read (and the reading agrees)
    if len(values) == 1:
        return _Part(values.pop(), True, printed_ok)
    filled = coloured or bool(printed.strip(" .…")) or any(mask[blank].any() for blank, mask in blanks)
    return _Part(None, filled, False)


def _real_date(year: int, month: int, day: int, today: date) -> bool:
    try:
        return date(year, month, day) <= today
    except ValueError:
        return False
