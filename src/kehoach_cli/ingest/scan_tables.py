"""Ruled tables on scanned pages, found from the drawn rules with OpenCV.

A scan has no drawing operators for pdfplumber to read, but the appendix table's rules are still
there as long thin runs of ink. Morphological opening with long thin kernels keeps those runs and
drops the letters; the rules then give the row and column boundaries, and a rule segment missing
inside a row (a section row "I | title over four columns") tells which cells are merged.

Scans are slightly rotated, and a rule tilted by 1° leaves no long horizontal run of ink, so the
page is straightened first with the angle of the long rules found with a short kernel. Lengths are
set in millimetres (through the dpi): letters and rules have a physical size, whatever the page.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from .ink import binarise, px
from .layout import group_lines
from .pages import Word

Transform = tuple[tuple[float, float, float], tuple[float, float, float]]  # an affine map, row by row (OpenCV's 2x3)

SKEW_KERNEL_MM = 6.0  # short enough that a rule tilted by ~1.5° keeps runs this long
SKEW_RULE_SHARE = 0.2  # rules at least this share of the page width measure the skew
MIN_SKEW_DEGREES = 0.05  # below this, straightening moves nothing by more than a pixel
HORIZONTAL_KERNEL_MM = 15.0  # no letter or word has a straight horizontal run of ink this long
VERTICAL_KERNEL_MM = 4.0  # taller than a letter's stem, shorter than a one-line table row
JOIN_MM = 0.6  # rules closer than this are one rule (thick or doubled lines, JPEG blur)
MIN_TABLE_WIDTH_SHARE = 0.15  # a table region spans at least this share of the page width
PAGE_EDGE_MM = 3.0  # a rule network this close to two opposite page edges is the sheet's edge, not a table
RULE_PRESENT_SHARE = 0.7  # share of a cell edge that must be inked for the edge to separate cells
EDGE_MARGIN_MM = 0.8  # cell edges are checked this far in from the crossing rules
CELL_INSET_MM = 0.3  # cell crops start this far inside the rules' centres
CELL_PAD_MM = 1.5  # white margin kept around a cell's ink in the collage
CELL_GAP_MM = 5.0  # white space between cells stacked in the collage: never read as one line
MIN_CELL_INK = 30  # ink pixels below this are speckle, not text
POOL = 4  # rule networks are labelled on a copy this many times smaller (see _pooled_components)
RULE_WIPE_PX = 5  # rules are widened by this before being painted white: their blurred edges go too


@dataclass(frozen=True)
class Cell:
    """A cell of the grid, with the rows and columns it spans when merged."""

    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class TableGrid:
    """Row and column boundaries in the straightened page's pixels, and the cells over them.

    `to_grid` maps a pixel of the page as scanned to the straightened page (a 2x3 affine
    matrix), so that OCR words found on the scan can be placed in the grid.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[Cell, ...]
    to_grid: Transform
    dpi: float

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.ys) - 1, len(self.xs) - 1

    def cell_at(self, x: float, y: float) -> Cell | None:
        """The cell under a point of the straightened page, or None outside the table."""
        row, col = bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1
        rows, cols = self.shape
        if not (0 <= row < rows and 0 <= col < cols):
            return None
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.row_span and cell.col <= col < cell.col + cell.col_span:
                return cell
        return None

    def locate(self, word: Word) -> Cell | None:
        """The cell holding a word (box in PDF points on the scan) by the box's centre. A word
        whose centre falls on the table's outer rule (a last line pressed against the bottom
        rule, "em;" with its semicolon's tail) belongs to the cell inside, if its box reaches in."""
        x, y = self.page_point((word.x0 + word.x1) / 2, (word.top + word.bottom) / 2)
        cell = self.cell_at(x, y)
        if cell is not None:
            return cell
        left, top = self.page_point(word.x0, word.top)
        right, bottom = self.page_point(word.x1, word.bottom)
        if top >= self.ys[-1] or bottom <= self.ys[0] or left >= self.xs[-1] or right <= self.xs[0]:
            return None
        inside = 0.5  # a pixel's half: bisection puts a point on the last rule outside
        return self.cell_at(
            min(max(x, self.xs[0]), self.xs[-1] - inside), min(max(y, self.ys[0]), self.ys[-1] - inside)
        )

    def page_point(self, x_pt: float, y_pt: float) -> tuple[float, float]:
        """A point in PDF points on the scan -> pixels of the straightened page."""
        px, py = x_pt * self.dpi / 72, y_pt * self.dpi / 72
        (a, b, c), (d, e, f) = self.to_grid
        return a * px + b * py + c, d * px + e * py + f

    def corners(self, margin: float = 0.0) -> np.ndarray:
        """The table's four corners on the scan, in pixels, clockwise from the top left,
        `margin` pixels outside the outer rules' centres."""
        inverse = cv2.invertAffineTransform(np.array(self.to_grid, dtype=np.float64))
        (x0, x1), (y0, y1) = (self.xs[0] - margin, self.xs[-1] + margin), (self.ys[0] - margin, self.ys[-1] + margin)
        return np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x1, y1, 1.0], [x0, y1, 1.0]]) @ inverse.T

    def bbox_points(self) -> tuple[float, float, float, float]:
        """The table's box on the scan, in PDF points (x0, top, x1, bottom)."""
        points = self.corners() * 72 / self.dpi
        return (
            float(points[:, 0].min()),
            float(points[:, 1].min()),
            float(points[:, 0].max()),
            float(points[:, 1].max()),
        )


@dataclass(frozen=True)
class RuledScan:
    """A page's tables, with the straightened page and its ink minus the rules, for cell OCR."""

    grids: list[TableGrid]
    straight: np.ndarray  # greyscale, straightened, rules painted white
    ink: np.ndarray  # binary ink of `straight`: 255 where text is


def find_ruled_tables(image: Image.Image, dpi: float) -> list[TableGrid]:
    """The ruled tables of a greyscale page image, top to bottom."""
    return scan_rules(image, dpi).grids


def scan_rules(image: Image.Image, dpi: float) -> RuledScan:
    """Straighten the page, find its ruled tables and wipe the rules off for cell OCR."""
    grey = np.asarray(image.convert("L"))
    binary = binarise(grey, dpi)
    rules = _short_rules(binary, dpi)
    if not any(w * POOL >= MIN_TABLE_WIDTH_SHARE * binary.shape[1] for w in rules.widths()):
        return RuledScan([], grey, binary)  # no rule as wide as a table: a page of text, as most are
    matrix = _deskew_matrix(rules, binary.shape)
    if matrix is not None:
        size = (binary.shape[1], binary.shape[0])
        binary = cv2.warpAffine(binary, matrix, size, flags=cv2.INTER_NEAREST)
        grey = cv2.warpAffine(grey, matrix, size, flags=cv2.INTER_LINEAR, borderValue=255)
    else:
        matrix = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    horizontal = _open(binary, (px(HORIZONTAL_KERNEL_MM, dpi), 1))
    vertical = _open(binary, (1, px(VERTICAL_KERNEL_MM, dpi)))
    to_grid = tuple(tuple(float(v) for v in row) for row in matrix)
    grids = []
    for x, y, w, h in _table_regions(horizontal, vertical, dpi):
        grid = _grid(horizontal[y : y + h, x : x + w], vertical[y : y + h, x : x + w], (x, y), dpi, to_grid)
        if grid is not None:
            grids.append(grid)
    if not grids:  # nothing to read cell by cell: spare the page-sized copies
        return RuledScan([], grey, binary)
    drawn = cv2.dilate(horizontal | vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (RULE_WIPE_PX, RULE_WIPE_PX)))
    # drawn is 255 on the rules and 0 elsewhere: rules white on the grey page, gone from the ink
    straight, ink = cv2.bitwise_or(grey, drawn), cv2.subtract(binary, drawn)
    return RuledScan(sorted(grids, key=lambda g: g.ys[0]), straight, ink)


def cells_text(grid: TableGrid, words: list[Word]) -> list[list[str | None]]:
    """The table as rows of cell strings, like pdfplumber's: None under a merged cell's span,
    a cell's lines joined with "\\n"."""
    found: dict[Cell, list[Word]] = {cell: [] for cell in grid.cells}
    for word in words:
        cell = grid.locate(word)
        if cell is not None:
            found[cell].append(word)
    rows_count, cols_count = grid.shape
    rows: list[list[str | None]] = [[None] * cols_count for _ in range(rows_count)]
    for cell, inside in found.items():
        rows[cell.row][cell.col] = "\n".join(group_lines(inside))
    return rows


@dataclass(frozen=True)
class Piece:
    """A cell's crop placed in the collage: collage rows [top, bottom) show the straightened
    page from (x0, y0) on, shifted right by the collage's padding."""

    top: int
    bottom: int
    x0: int
    y0: int


@dataclass(frozen=True)
class Collage:
    """Where the cells stacked in one image for one tesseract call came from (`cell_collage`).

    One call per cell costs a model load each (a quarter second); OCR of the whole page misses
    the short text of narrow cells ("1", "I") and reads rules as "|". In the collage each cell
    stands alone, rules wiped, separated from the next by white space.
    """

    pieces: tuple[Piece, ...]
    pad: int
    to_grid: Transform
    dpi: float

    def page_words(self, words: list[Word]) -> list[Word]:
        """Words read on the collage (boxes in collage pixels) -> words on the scan, in points."""
        inverse = cv2.invertAffineTransform(np.array(self.to_grid, dtype=np.float64))
        tops = [piece.top for piece in self.pieces]
        placed = []
        for word in words:
            index = bisect_right(tops, (word.top + word.bottom) / 2) - 1
            if index < 0:
                continue
            piece = self.pieces[index]
            dx, dy = piece.x0 - self.pad, piece.y0 - piece.top
            corners = np.array([[word.x0 + dx, word.top + dy, 1.0], [word.x1 + dx, word.bottom + dy, 1.0]])
            (x0, top), (x1, bottom) = corners @ inverse.T * 72 / self.dpi
            placed.append(Word(word.text, float(x0), float(top), float(x1), float(bottom)))
        return placed


def cell_collage(scan: RuledScan, dpi: float) -> tuple[np.ndarray, Collage] | None:
    """The page's non-empty cells stacked top to bottom, and where each came from; None when
    there are none."""
    crops = [crop for _, _, crop in cell_images(scan, dpi)]
    return collage_of(crops, scan.grids[0].to_grid, dpi) if crops else None


def collage_of(crops: list[tuple[int, int, np.ndarray]], to_grid: Transform, dpi: float) -> tuple[np.ndarray, Collage]:
    """Cell crops ((x0, y0, grey crop) on the straightened page) stacked in one image, and where
    each came from."""
    canvas, spans = _stacked([image for _, _, image in crops], dpi)
    pieces = tuple(Piece(top, bottom, x0, y0) for (top, bottom), (x0, y0, _) in zip(spans, crops))
    return canvas, Collage(pieces, px(CELL_PAD_MM, dpi), to_grid, dpi)


def cell_images(
    scan: RuledScan,
    dpi: float,
    keep: Callable[[int, Cell], bool] = lambda grid, cell: True,
) -> list[tuple[int, Cell, tuple[int, int, np.ndarray]]]:
    """The non-empty cells `keep(grid index, cell)` accepts, row by row: (grid index, cell,
    (x0, y0, the grey crop of its text))."""
    inset, pad = px(CELL_INSET_MM, dpi), px(CELL_PAD_MM, dpi)
    found = []
    for index, grid in enumerate(scan.grids):
        for cell in sorted((c for c in grid.cells if keep(index, c)), key=lambda c: (c.row, c.col)):
            crop = _ink_crop(scan, _cell_box(grid, cell, inset), pad)
            if crop is not None:
                found.append((index, cell, crop))
    return found


def _stacked(images: list[np.ndarray], dpi: float) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Grey crops stacked top to bottom on white, far enough apart never to be read as one line:
    the canvas, and the rows [top, bottom) each crop's words fall in."""
    pad, gap = px(CELL_PAD_MM, dpi), px(CELL_GAP_MM, dpi)
    width = max(image.shape[1] for image in images) + 2 * pad
    height = sum(image.shape[0] + gap for image in images) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    spans, cursor = [], gap
    for image in images:
        canvas[cursor : cursor + image.shape[0], pad : pad + image.shape[1]] = image
        spans.append((cursor - gap // 2, cursor + image.shape[0] + gap // 2))
        cursor += image.shape[0] + gap
    return canvas, spans


def _cell_box(grid: TableGrid, cell: Cell, inset: int) -> tuple[int, int, int, int]:
    """The inside of a cell (x0, y0, x1, y1) in straightened-page pixels."""
    return (
        round(grid.xs[cell.col]) + inset,
        round(grid.ys[cell.row]) + inset,
        round(grid.xs[cell.col + cell.col_span]) - inset,
        round(grid.ys[cell.row + cell.row_span]) - inset,
    )


def _ink_crop(scan: RuledScan, box: tuple[int, int, int, int], pad: int) -> tuple[int, int, np.ndarray] | None:
    """The cell's text, trimmed to its ink plus a margin: (x0, y0, grey crop), or None if blank.
    Its paper keeps its grain: tesseract's reading of the collage depends on it (whitened, bold
    header words are misread, and a column whose header is lost is lost with it)."""
    x0, y0, x1, y1 = box
    ink = scan.ink[y0:y1, x0:x1]
    if ink.size == 0 or int(np.count_nonzero(ink)) < MIN_CELL_INK:
        return None
    left, top, width, height = cv2.boundingRect(cv2.findNonZero(ink))
    left, top, right, bottom = x0 + left, y0 + top, x0 + left + width, y0 + top + height
    left, top, right, bottom = max(left - pad, x0), max(top - pad, y0), min(right + pad, x1), min(bottom + pad, y1)
    return left, top, scan.straight[top:bottom, left:right]


def _open(binary: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


@dataclass(frozen=True)
class ShortRules:
    """Horizontal runs of ink a few millimetres long on the page as scanned (still tilted), and
    their connected components on the pooled copy: rules survive the opening, letters do not."""

    rules: np.ndarray
    labels: np.ndarray
    stats: np.ndarray

    def widths(self) -> list[int]:
        """Width of each component, in pooled pixels."""
        return [int(w) for w in self.stats[1:, cv2.CC_STAT_WIDTH]]


def _short_rules(binary: np.ndarray, dpi: float) -> ShortRules:
    rules = _open(binary, (px(SKEW_KERNEL_MM, dpi), 1))
    _, labels, stats = _pooled_components(rules)
    return ShortRules(rules, labels, stats)


def _deskew_matrix(found: ShortRules, shape: tuple[int, ...]) -> np.ndarray | None:
    """The rotation that makes the long rules horizontal, or None when there is none to make.

    Each long rule's angle is the slope of a line fitted through its pixels; the median over
    rules ignores a stray underline.
    """
    height, width = shape[:2]
    angles = []
    for label in range(1, len(found.stats)):
        x, y, w, h = (int(v) for v in found.stats[label][:4])
        if w * POOL >= SKEW_RULE_SHARE * width:
            mine = np.repeat(np.repeat(found.labels[y : y + h, x : x + w] == label, POOL, axis=0), POOL, axis=1)
            box = found.rules[y * POOL : (y + h) * POOL, x * POOL : (x + w) * POOL]
            ys, xs = np.nonzero(box.astype(bool) & mine[: box.shape[0], : box.shape[1]])
            angles.append(math.degrees(math.atan(np.polyfit(xs, ys, 1)[0])))
    if not angles or abs(float(np.median(angles))) < MIN_SKEW_DEGREES:
        return None
    return cv2.getRotationMatrix2D((width / 2, height / 2), float(np.median(angles)), 1.0)


def _pooled_components(binary: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Connected components of the ink on a copy POOL times smaller (a block is ink if any of its
    pixels is): labelling a whole 300-dpi page costs a tenth of a second or more, twice a page;
    rules are long, and their components and boxes (to POOL pixels) come out the same.
    Returns (count, labels, stats) in pooled pixels."""
    height, width = binary.shape
    padded = np.zeros((-(-height // POOL) * POOL, -(-width // POOL) * POOL), dtype=np.uint8)
    padded[:height, :width] = binary
    # the mean of each POOL x POOL block (area interpolation by a whole factor): not 0 where any ink is
    pooled = cv2.resize(padded, (padded.shape[1] // POOL, padded.shape[0] // POOL), interpolation=cv2.INTER_AREA)
    pooled = (pooled > 0).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pooled)
    return count, labels, stats


def _table_regions(horizontal: np.ndarray, vertical: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes (x, y, w, h) of connected rule networks wide and tall enough to be tables."""
    join = px(JOIN_MM, dpi)
    rules = cv2.dilate(horizontal | vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (join, join)))
    count, _, stats = _pooled_components(rules)
    regions = []
    for label in range(1, count):
        x, y, w, h = (int(v) * POOL for v in stats[label][:4])
        w, h = min(w, horizontal.shape[1] - x), min(h, horizontal.shape[0] - y)
        if (
            w >= MIN_TABLE_WIDTH_SHARE * horizontal.shape[1]
            and h >= 2 * px(VERTICAL_KERNEL_MM, dpi)
            and not _frames_the_sheet((x, y, w, h), horizontal.shape, px(PAGE_EDGE_MM, dpi))
        ):
            regions.append((x, y, w, h))
    return regions


def _frames_the_sheet(box: tuple[int, int, int, int], shape: tuple[int, ...], edge: int) -> bool:
    """Rules that reach two opposite edges of the image are the sheet's edges or the scanner's shadow
    around it: a printed table keeps inside the page's margins."""
    x, y, w, h = box
    height, width = shape[:2]
    return (x <= edge and x + w >= width - edge) or (y <= edge and y + h >= height - edge)


def _grid(
    horizontal: np.ndarray, vertical: np.ndarray, origin: tuple[int, int], dpi: float, to_grid: tuple
) -> TableGrid | None:
    """The grid of one table region; None when its rules do not make at least one cell."""
    join = px(JOIN_MM, dpi)
    ys = _boundaries(horizontal.sum(axis=1) / 255, px(HORIZONTAL_KERNEL_MM, dpi), join)
    xs = _boundaries(vertical.sum(axis=0) / 255, px(VERTICAL_KERNEL_MM, dpi), join)
    if len(ys) < 2 or len(xs) < 2:
        return None
    cells = _cells(horizontal, vertical, xs, ys, dpi)
    ox, oy = origin
    return TableGrid(
        xs=tuple(float(x + ox) for x in xs),
        ys=tuple(float(y + oy) for y in ys),
        cells=tuple(cells),
        to_grid=to_grid,
        dpi=dpi,
    )


def _boundaries(profile: np.ndarray, min_ink: int, join: int) -> list[int]:
    """Centres of the runs of the projection profile where rules are: one boundary per rule."""
    marked = np.flatnonzero(profile >= min_ink)
    if marked.size == 0:
        return []
    runs = np.split(marked, np.flatnonzero(np.diff(marked) > join) + 1)
    return [int(round(float(np.average(run, weights=profile[run])))) for run in runs]


def _cells(horizontal: np.ndarray, vertical: np.ndarray, xs: list[int], ys: list[int], dpi: float) -> list[Cell]:
    """Grid slots merged wherever the rule between two neighbours is missing."""
    margin, half = px(EDGE_MARGIN_MM, dpi), px(JOIN_MM, dpi)
    rows, cols = len(ys) - 1, len(xs) - 1
    owner = [[(r, c) for c in range(cols)] for r in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _inked(
                vertical[ys[r] + margin : ys[r + 1] - margin, xs[c + 1] - half : xs[c + 1] + half + 1], across=1
            ):
                owner[r][c + 1] = owner[r][c]
            if r + 1 < rows and not _inked(
                horizontal[ys[r + 1] - half : ys[r + 1] + half + 1, xs[c] + margin : xs[c + 1] - margin], across=0
            ):
                owner[r + 1][c] = owner[r][c]
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            spans.setdefault(owner[r][c], []).append((r, c))
    return [
        Cell(r, c, max(s[0] for s in slots) - r + 1, max(s[1] for s in slots) - c + 1)
        for (r, c), slots in spans.items()
    ]


def _inked(strip: np.ndarray, across: int) -> bool:
    """Whether a rule runs along the strip: enough of its length has ink somewhere across it
    (`across` is the strip's short axis)."""
    if strip.size == 0:
        return False
    along = strip.max(axis=across) > 0
    return float(along.mean()) >= RULE_PRESENT_SHARE
