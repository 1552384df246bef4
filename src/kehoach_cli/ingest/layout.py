"""Reading order of word boxes: words into text lines, two side-by-side columns one after the other.

Shared by ingest (the page text of native and OCR'd pages, OCR'd table cells) and structure (the
signature column), so it lives on the ingest side of the one-way flow ingest -> structure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .pages import Word

SAME_LINE_OVERLAP = 0.5  # share of the shorter box's height two words must share to sit on one line


def group_lines(words: list[Word]) -> list[str]:
    """Words into text lines by vertical overlap: OCR boxes of marked capitals ("CHỦ") stand
    taller than their neighbours ("KT."), so equal tops cannot be required."""
    return [" ".join(w.text for w in row) for row in word_rows(words)]


def _overlap(row: list[Word], word: Word) -> float:
    """Share of the shorter height `word` has in common with its nearest neighbour on the row.

    The neighbour, not the whole row: one tall box (a dash or a stroke read across two lines, "kỳ"
    taken with the descender below it) must not stretch the row over the next line, which would
    then join it; and a line on a slightly turned scan drifts across the page (a landscape
    heading 11 points from end to end at 0.9°), while neighbouring words stay level.
    """
    neighbour = min(row, key=lambda w: max(w.x0 - word.x1, word.x0 - w.x1, 0.0))
    shared = min(neighbour.bottom, word.bottom) - max(neighbour.top, word.top)
    return shared / max(min(neighbour.bottom - neighbour.top, word.bottom - word.top), 1e-6)


# Two columns side by side on one band of lines, in the layout of administrative documents (Nghị
# định 30/2020/NĐ-CP): at the top the header, issuer over the number on the left, national motto
# over place and date on the right; at the end of the body the recipients ("Nơi nhận:") on the
# left beside the signature block ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / ...) on the right.
# Read line by line across the page, each of these lines would mix the two columns.
MIN_GUTTER = 15.0  # points of blank between the columns; justified body text never gaps this wide
# ... and a gutter stands out from the line's other gaps by this factor: a text layer laid over a
# scan may spread every space of a line to 12-15 points, where a column gutter is 30 and more.
GUTTER_STANDOUT = 2.0
MIN_SHARED_GUTTER = 6.0  # points of blank the gutter keeps when later lines narrow it
BAND_GAP_RATIO = 0.5  # a vertical gap above this share of the line height separates two tiers, or ends a band

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Span = tuple[float, float]  # from x0 to x1, or from top to bottom
Rows = Callable[[list[Word]], list[list[Word]]]  # how a reading path groups words into lines


@dataclass(frozen=True)
class ColumnBand:
    """Consecutive lines split by one blank gutter: its column boundary and its tiers (top, bottom).

    Each tier holds a left block and a right block ("ỦY BAN NHÂN DÂN / TỈNH ..." beside
    "CỘNG HÒA ... / Độc lập ..."; then "Số: ..." beside "..., ngày ..."), read left block first.
    `lines` are the indices of the lines it was found on; `middles` the span of line middles it
    takes, so that it applies to a part of the words it was found in (the prose without small type).
    """

    gutter: float
    tiers: tuple[Span, ...]
    lines: range
    middles: Span
    bottom: float

    @property
    def top(self) -> float:
        return self.tiers[0][0]

    def takes(self, line: list[Word]) -> bool:
        return self.middles[0] <= _middle(line) <= self.middles[1]

    def meets(self, tables: Sequence[Box]) -> bool:
        """Whether the band reaches into a ruled table: column-like rows there are the table's."""
        return any(table[1] < self.bottom and table[3] > self.top for table in tables)

    def region(self, word: Word) -> tuple[int, int]:
        """(tier, side) of one of the band's words, side 0 left and 1 right.

        A word between two tiers (a rule typed as "-----") belongs to the tier above; words below
        the last tier (the recipients list running on past the signature) belong to it."""
        middle = (word.top + word.bottom) / 2
        tier = max((i for i, (tier_top, _) in enumerate(self.tiers) if tier_top <= middle), default=0)
        return tier, int((word.x0 + word.x1) / 2 > self.gutter)


@dataclass(frozen=True)
class TextBlock:
    """Lines read together, placed on the page by their top: one line, or a whole column band."""

    top: float
    lines: tuple[str, ...]


def reading_text(
    words: list[Word], tables: Sequence[Box] = (), rows: Rows | None = None, layout: list[Word] | None = None
) -> str:
    """The words as text lines in reading order (see `reading_blocks`)."""
    return blocks_text(reading_blocks(words, tables, rows, layout))


def blocks_text(blocks: list[TextBlock]) -> str:
    """The blocks' lines, one after the other."""
    return "\n".join(line for block in blocks for line in block.lines)


def reading_blocks(
    words: list[Word], tables: Sequence[Box] = (), rows: Rows | None = None, layout: list[Word] | None = None
) -> list[TextBlock]:
    """The words as lines from top to bottom, each column band left block first.

    Lines come from word boxes, not from what drew or recognised them: tesseract may take a left
    and a right column line for one line. `rows` groups words into lines (`word_rows` unless
    given: a native page keeps pdfplumber's grouping, which its text layer was checked against).
    Bands are found in `layout`, the whole page's words, when `words` are only part of them: the
    recipients in small type, left out of the prose, are what shows the signature block's column.
    A band that reaches into a ruled table (`tables`, the tables' boxes) is read line by line.
    """
    group = rows or word_rows
    lines = group(words)
    found = column_bands(lines if layout is None else group(layout))
    bands = [band for band in found if not band.meets(tables)]
    slots: list[TextBlock | int] = []
    taken: dict[int, list[Word]] = {}
    for line in lines:
        owner = next((index for index, band in enumerate(bands) if band.takes(line)), None)
        if owner is None:
            slots.append(_line_block(line))
            continue
        if owner not in taken:
            slots.append(owner)
        taken.setdefault(owner, []).extend(line)
    return [slot if isinstance(slot, TextBlock) else _band_block(bands[slot], taken[slot], group) for slot in slots]


def column_bands(lines: list[list[Word]]) -> list[ColumnBand]:
    """The column bands among a page's lines, from the top down."""
    rows = [sorted(line, key=lambda w: w.x0) for line in lines]
    bands: list[ColumnBand] = []
    index = 0
    while index < len(rows):
        band = _band_at(rows, index)
        bands.extend([band] if band else [])
        index = band.lines.stop if band else index + 1
    return bands


def _band_at(rows: list[list[Word]], start: int) -> ColumnBand | None:
    """The column band whose first line is `rows[start]`, if one starts there.

    The first line's column gap starts the gutter; each following line may narrow it (a long
    place-and-date line, a recipient reaching right) but must leave a blank strip; a line across
    it (the title, the closing sentence) ends the band. At least two lines must split at the
    gutter. Lines after the last split one stay in the band while they follow on closely (the
    recipients list goes on below the signature block); a blank gap ends it (the title "KẾ
    HOẠCH" under the header). Rows of an unruled table split at a gutter too, but the table's
    other rows, among them or close above or below, have several wide gaps.
    """
    gutter = _column_gap(rows[start])
    if gutter is None:
        return None
    shared = _shared_gutters(rows[start:], gutter)
    splits = [start + i for i, strip in enumerate(shared) if _column_gap(rows[start + i], strip)]
    if len(splits) < 2:
        return None
    height = _line_height(rows[start : splits[-1] + 1])
    end = _run_on(rows, splits[-1] + 1, start + len(shared), height)
    if any(_table_row(row) for row in rows[start:end]) or _table_beside(rows, start, end, height):
        return None
    strip = shared[end - 1 - start]
    middles = (_middle_between(rows, start - 1, -math.inf), _middle_between(rows, end - 1, math.inf))
    return ColumnBand(
        (strip[0] + strip[1]) / 2,
        _tiers(rows[start : splits[-1] + 1]),
        range(start, end),
        middles,
        max(_bottom(row) for row in rows[start:end]),
    )


def _middle_between(rows: list[list[Word]], index: int, beyond: float) -> float:
    """Halfway between the middles of lines `index` and `index + 1`; `beyond` past either end."""
    if index < 0 or index + 1 >= len(rows):
        return beyond
    return (_middle(rows[index]) + _middle(rows[index + 1])) / 2


def _shared_gutters(rows: list[list[Word]], gutter: Span) -> list[Span]:
    """The blank strip the lines share, narrowed line by line, up to the first line that leaves none."""
    shared: list[Span] = []
    for row in rows:
        blanks = [(-math.inf, row[0].x0), *((a.x1, b.x0) for a, b in zip(row, row[1:])), (row[-1].x1, math.inf)]
        strip = max(((max(gutter[0], x0), min(gutter[1], x1)) for x0, x1 in blanks), key=lambda s: s[1] - s[0])
        if strip[1] - strip[0] < MIN_SHARED_GUTTER:
            break
        gutter = strip
        shared.append(gutter)
    return shared


def _column_gap(row: list[Word], strip: Span | None = None) -> Span | None:
    """The line's gap between two columns: the gap over `strip` (else its widest), when it is
    wide and stands out from every other gap of the line (a table row has several wide ones)."""
    gaps = [(b.x0 - a.x1, a.x1, b.x0) for a, b in zip(row, row[1:])]
    across = [g for g in gaps if strip is None or g[1] <= strip[0] and g[2] >= strip[1]]
    if not across:
        return None
    width, x0, x1 = max(across)
    others = [g[0] for g in gaps if g[1:] != (x0, x1)]
    if width < MIN_GUTTER or any(o >= MIN_GUTTER or o * GUTTER_STANDOUT > width for o in others):
        return None
    return x0, x1


def _run_on(rows: list[list[Word]], start: int, stop: int, height: float) -> int:
    """Where the lines that follow on closely from `rows[start - 1]` end (at most `stop`)."""
    index = start
    while index < stop and _follows(rows[index - 1], rows[index], height):
        index += 1
    return index


def _follows(above: list[Word], below: list[Word], height: float) -> bool:
    return _top(below) - _bottom(above) <= BAND_GAP_RATIO * height


def _table_beside(rows: list[list[Word]], start: int, end: int, height: float) -> bool:
    """Whether the line just above the band or just below it is a table row close by."""
    above = start > 0 and _follows(rows[start - 1], rows[start], height) and _table_row(rows[start - 1])
    below = end < len(rows) and _follows(rows[end - 1], rows[end], height) and _table_row(rows[end])
    return above or below


def _table_row(row: list[Word]) -> bool:
    return sum(b.x0 - a.x1 >= MIN_GUTTER for a, b in zip(row, row[1:])) >= 2


def _band_block(band: ColumnBand, words: list[Word], group: Rows) -> TextBlock:
    """The band's text, tier by tier, left block then right, each block's lines from its own
    words (a left and a right line side by side need not share a baseline)."""
    blocks: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        blocks.setdefault(band.region(word), []).append(word)
    texts = [" ".join(w.text for w in row) for region in sorted(blocks) for row in group(blocks[region])]
    return TextBlock(band.top, tuple(texts))


def _line_block(row: list[Word]) -> TextBlock:
    return TextBlock(_top(row), (" ".join(w.text for w in row),))


def _top(row: list[Word]) -> float:
    return min(w.top for w in row)


def _bottom(row: list[Word]) -> float:
    return max(w.bottom for w in row)


def _middle(row: list[Word]) -> float:
    return (_top(row) + _bottom(row)) / 2


def _line_height(rows: list[list[Word]]) -> float:
    """The median height of the lines: the band's type size, whatever a tall box does."""
    return sorted(_bottom(row) - _top(row) for row in rows)[len(rows) // 2]


def word_rows(words: list[Word]) -> list[list[Word]]:
    """Words into lines by vertical overlap (see `group_lines`), each line left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        if rows and _overlap(rows[-1], word) > SAME_LINE_OVERLAP:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _tiers(rows: list[list[Word]]) -> tuple[tuple[float, float], ...]:
    """Merge the lines' vertical extents; a gap wider than half a line starts a new tier."""
    spans = sorted((_top(row), _bottom(row)) for row in rows)
    height = _line_height(rows)
    tiers: list[list[float]] = []
    for top, bottom in spans:
        if tiers and top - tiers[-1][1] <= BAND_GAP_RATIO * height:
            tiers[-1][1] = max(tiers[-1][1], bottom)
        else:
            tiers.append([top, bottom])
    return tuple((top, bottom) for top, bottom in tiers)
