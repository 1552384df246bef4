"""Page geometry for OCR: where a scanned page's ink is, which way its lines run, the small turn
that straightens them, and its ruled tables painted out. Measured on small binary copies of the
page: far cheaper than asking tesseract, whose work costs by the pixel.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from .scan_tables import TableGrid

# Orientation and ink: measured on a copy at about this resolution.
ORIENTATION_DPI = 75
VERTICAL_LINES_RATIO = 0.8  # row/column jaggedness below this: the lines run down the page
MIN_INK_RUN = 2  # ink pixels a row or column of the small copy needs to count (speckle has fewer)
INK_MARGIN_MM = 4.0  # white kept around the page's ink for tesseract
# Deskew: the small angle that makes text lines sharpest in the row profile.
DESKEW_DPI = 75
DESKEW_MAX_DEGREES = 3.0
DESKEW_STEP_DEGREES = 0.1
MIN_DESKEW_DEGREES = 0.15  # below this, straightening moves nothing at the page's edge by a pixel row
MIN_DESKEW_GAIN = 1.02  # the best angle must sharpen the lines this much over no turn at all
TABLE_WIPE_MM = 1.5  # tables are painted out this far beyond their outer rules
PAPER_SAMPLE_STEP = 8  # the paper's shade is the median of every 8th pixel of every 8th row


def ink_box(grey: np.ndarray, dpi: float) -> tuple[int, int, int, int] | None:
    """The part of the page with ink on it, plus a margin (left, top, right, bottom), or None for
    a blank page: tesseract's page analysis costs by the pixel, margins and all (half a second for
    an empty A4 page at 300 dpi)."""
    binary = small_binary(grey, dpi, ORIENTATION_DPI)
    rows, columns = np.flatnonzero(binary.sum(axis=1) >= MIN_INK_RUN), np.flatnonzero(binary.sum(axis=0) >= MIN_INK_RUN)
    if rows.size == 0 or columns.size == 0:
        return None
    scale = grey.shape[0] / binary.shape[0]
    margin = INK_MARGIN_MM * dpi / 25.4
    left, top = max(0, int(columns[0] * scale - margin)), max(0, int(rows[0] * scale - margin))
    right = min(grey.shape[1], int((columns[-1] + 1) * scale + margin))
    bottom = min(grey.shape[0], int((rows[-1] + 1) * scale + margin))
    return left, top, right, bottom


def lines_run_vertically(grey: np.ndarray, dpi: float) -> bool:
    """Whether the page's text lines run up and down (a page turned by 90 or 270°).

    Text lines alternate with white space across their direction: the ink profile taken across
    the lines is jagged, the one along them smooth. A dozen milliseconds on a small copy, where
    tesseract's orientation detection takes two seconds: it is asked only when this says so.
    """
    binary = small_binary(grey, dpi, ORIENTATION_DPI)
    across_rows, across_columns = jaggedness(binary), jaggedness(binary.T)
    return across_columns > 0 and across_rows / across_columns < VERTICAL_LINES_RATIO


def straightened(grey: np.ndarray, dpi: float) -> np.ndarray:
    """The page turned by the small angle (within ±3°) at which its text lines are sharpest."""
    binary = small_binary(grey, dpi, DESKEW_DPI)
    centre = (binary.shape[1] / 2, binary.shape[0] / 2)

    def sharpness(degrees: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
        return jaggedness(cv2.warpAffine(binary, matrix, binary.shape[::-1], flags=cv2.INTER_NEAREST))

    coarse = np.arange(-DESKEW_MAX_DEGREES, DESKEW_MAX_DEGREES + 1e-9, 4 * DESKEW_STEP_DEGREES)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 3 * DESKEW_STEP_DEGREES, best + 3 * DESKEW_STEP_DEGREES + 1e-9, DESKEW_STEP_DEGREES)
    angle = float(max(fine, key=sharpness))
    if abs(angle) < MIN_DESKEW_DEGREES or sharpness(angle) < MIN_DESKEW_GAIN * sharpness(0.0):
        return grey  # no text lines to speak of, or straight already
    matrix = cv2.getRotationMatrix2D((grey.shape[1] / 2, grey.shape[0] / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, grey.shape[::-1], flags=cv2.INTER_LINEAR, borderValue=255)


def small_binary(grey: np.ndarray, dpi: float, target_dpi: float) -> np.ndarray:
    """Ink as 1 on 0, on a copy reduced to about `target_dpi`."""
    scale = min(1.0, target_dpi / dpi)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    return cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 15)


def jaggedness(binary: np.ndarray) -> float:
    """Sum of squared steps of the row ink profile, per pixel: high when rows alternate ink/white."""
    profile = binary.sum(axis=1, dtype=np.float64)
    return float(np.sum(np.diff(profile) ** 2)) / max(1, binary.size)


def without_tables(image: Image.Image, grids: list[TableGrid]) -> Image.Image:
    """The page with its tables painted over in the paper's own shade: their cells are read apart,
    and whole-page OCR would only read rules as "|" and run text across columns. White paint on
    grey paper would leave the table's outline as ink, and the rest of the page would be read
    margin to margin for a page number."""
    if not grids:
        return image
    page = np.array(image.convert("L"))
    paper = int(np.median(page[::PAPER_SAMPLE_STEP, ::PAPER_SAMPLE_STEP]))
    for grid in grids:
        corners = grid.corners(margin=TABLE_WIPE_MM * grid.dpi / 25.4)
        cv2.fillPoly(page, [np.round(corners).astype(np.int32)], paper)
    return Image.fromarray(page)
