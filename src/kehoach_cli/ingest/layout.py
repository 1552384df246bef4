"""Reading order of word boxes: words into text lines.

Shared by ingest (OCR'd table cells) and structure (the signature column), so it lives on the
ingest side of the one-way flow ingest -> structure.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pages import Word

SAME_LINE_OVERLAP = 0.5  # share of the shorter box's height two words must share to sit on one line


def group_lines(words: list[Word]) -> list[str]:
    """Words into text lines by vertical overlap: OCR boxes of marked capitals ("CHỦ") stand
    taller than their neighbours ("KT."), so equal tops cannot be required."""
    return [" ".join(w.text for w in row) for row in _word_rows(words)]


def _overlap(row: list[Word], word: Word) -> float:
    top, bottom = min(w.top for w in row), max(w.bottom for w in row)
    shared = min(bottom, word.bottom) - max(top, word.top)
    return shared / max(min(bottom - top, word.bottom - word.top), 1e-6)


# The two-column header of an administrative document (Nghị định 30/2020/NĐ-CP): issuer over
# the number on the left, national motto over place and date on the right. Read line by line
# across the page, each header line would mix the two columns.
MIN_GUTTER = 15.0  # points of blank between the columns; justified body text never gaps this wide
MIN_SHARED_GUTTER = 6.0  # points of blank the gutter keeps when later lines narrow it
MAX_HEADER_LINES = 10  # the header is within the first lines of its page
BAND_GAP_RATIO = 0.5  # a vertical gap above this share of the line height separates two header rows


@dataclass(frozen=True)
class ColumnHeader:
    """Where the two-column header sits: its column boundary and its rows (top, bottom).

    Each row holds a left block and a right block ("ỦY BAN NHÂN DÂN / TỈNH ..." beside
    "CỘNG HÒA ... / Độc lập ..."; then "Số: ..." beside "..., ngày ..."), read left block first.
    """

    gutter: float
    bands: tuple[tuple[float, float], ...]

    @property
    def bottom(self) -> float:
        return self.bands[-1][1]

    def region(self, top: float, bottom: float, x0: float, x1: float) -> tuple[int, int] | None:
        """(row, side) of a box inside the header, side 0 left and 1 right; None below it.

        A box between two rows (a rule typed as "-----") belongs to the row above."""
        middle = (top + bottom) / 2
        if middle > self.bottom:
            return None
        band = max((i for i, (band_top, _) in enumerate(self.bands) if band_top <= middle), default=0)
        return band, int((x0 + x1) / 2 > self.gutter)


def column_header(words: list[Word]) -> ColumnHeader | None:
    """The page's two-column header, when its first lines split at one common blank gutter.

    The first line's wide gap starts the gutter; each following line may narrow it (a long
    place-and-date line) but must leave a blank strip; a line across it (the title) ends the header.
    """
    rows = _word_rows(words)[:MAX_HEADER_LINES]
    gutter = _widest_gap(rows[0]) if rows else None
    if gutter is None:
        return None
    kept: tuple[float, float] = gutter
    split_rows = 0
    for count, row in enumerate(rows, start=1):
        middle = (gutter[0] + gutter[1]) / 2
        if any(w.x0 < middle < w.x1 for w in row):
            break
        gutter = (max([gutter[0], *(w.x1 for w in row if w.x1 <= middle)]),
                  min([gutter[1], *(w.x0 for w in row if w.x0 >= middle)]))
        if gutter[1] - gutter[0] < MIN_SHARED_GUTTER:
            break
        if _splits_once(row, gutter):
            split_rows, kept = count, gutter
    if split_rows < 2:
        return None
    return ColumnHeader((kept[0] + kept[1]) / 2, _bands(rows[:split_rows]))


def _word_rows(words: list[Word]) -> list[list[Word]]:
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        if rows and _overlap(rows[-1], word) > SAME_LINE_OVERLAP:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _splits_once(row: list[Word], gutter: tuple[float, float]) -> bool:
    """Words on both sides of the gutter and no other wide gap (a table row has several)."""
    left = [w for w in row if w.x1 <= gutter[0]]
    right = [w for w in row if w.x0 >= gutter[1]]
    if not left or not right:
        return False
    return all(_widest_gap(side) is None for side in (left, right))


def _widest_gap(row: list[Word]) -> tuple[float, float] | None:
    gaps = [(right.x0 - left.x1, left.x1, right.x0) for left, right in zip(row, row[1:])]
    width, start, end = max(gaps, default=(0.0, 0.0, 0.0))
    return (start, end) if width >= MIN_GUTTER else None


def _bands(rows: list[list[Word]]) -> tuple[tuple[float, float], ...]:
    """Merge the rows' vertical extents; a gap wider than half a line starts a new band."""
    spans = sorted((min(w.top for w in row), max(w.bottom for w in row)) for row in rows)
    height = sorted(bottom - top for top, bottom in spans)[len(spans) // 2]
    bands: list[list[float]] = []
    for top, bottom in spans:
        if bands and top - bands[-1][1] <= BAND_GAP_RATIO * height:
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    return tuple((top, bottom) for top, bottom in bands)
