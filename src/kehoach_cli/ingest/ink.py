"""Ink and paper on a greyscale page image: what table recovery and tesseract are given.

Lengths are in millimetres, through the dpi: a stroke or a letter has a physical size, whatever
the resolution of the scan.
"""

from __future__ import annotations

import cv2
import numpy as np

MM_PER_INCH = 25.4
THRESHOLD_BLOCK_MM = 3.0  # adaptive threshold window: wider than a stroke, narrower than a letter gap
THRESHOLD_OFFSET = 15  # grey levels below the local mean that count as ink
# Grey kept around the ink when the paper is whitened: the soft edges of the strokes, which the
# recogniser reads marks by (cut at the threshold, "thực" came out "thúc", "237" as "27").
INK_EDGE_MM = 0.2
WHITE = 255
INK_SAMPLE_STEP = 4  # ink and paper shades are taken from every 4th pixel of every 4th row


def px(mm: float, dpi: float) -> int:
    """A length in pixels, at least one."""
    return max(1, round(mm * dpi / MM_PER_INCH))


def binarise(grey: np.ndarray, dpi: float) -> np.ndarray:
    """Ink as 255 on 0: a local threshold copes with uneven paper and faded ink."""
    block = px(THRESHOLD_BLOCK_MM, dpi) | 1
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, THRESHOLD_OFFSET)


def paper_whitened(grey: np.ndarray, dpi: float) -> np.ndarray:
    """The page with its paper pure white away from the ink; the ink and its soft edges keep
    their grey.

    Why: tesseract spends its time on the scan's paper too: its grain, shading and JPEG noise
    slow it down on a text page, and nothing of what it reads is there.
    """
    ink = binarise(grey, dpi)
    edge = 2 * px(INK_EDGE_MM, dpi) + 1
    near_ink = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (edge, edge)))
    paper = (near_ink == 0) & (grey > _ink_paper_divide(grey, ink))
    return np.where(paper, np.uint8(WHITE), grey).astype(np.uint8)


def _ink_paper_divide(grey: np.ndarray, ink: np.ndarray) -> float:
    """The grey level halfway between the page's ink and its paper (medians of a sample): the
    local threshold finds the edges of strokes wider than its window but not their middle (a
    poster's letters read at 50 dpi), which is ink all the same. -1 for a page without writing."""
    sample, marked = grey[::INK_SAMPLE_STEP, ::INK_SAMPLE_STEP], ink[::INK_SAMPLE_STEP, ::INK_SAMPLE_STEP] > 0
    if not marked.any() or marked.all():
        return -1.0
    ink_shade, paper_shade = float(np.median(sample[marked])), float(np.median(sample[~marked]))
    if paper_shade - ink_shade < 2 * THRESHOLD_OFFSET:  # specks of grain, no writing
        return -1.0
    return (ink_shade + paper_shade) / 2
