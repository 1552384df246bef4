"""Ink and paper (ingest/ink.py): the scan's paper is whitened for tesseract, its ink left as it is."""

from __future__ import annotations

import numpy as np
import pypdfium2
from conftest import SAMPLES

from kehoach_cli.ingest.ink import binarise, paper_whitened


def _scanned_page(number: int = 2, dpi: int = 300) -> np.ndarray:
    document = pypdfium2.PdfDocument(str(SAMPLES / "kon-tum-501-scan.pdf"))
    try:
        return np.asarray(document[number - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    finally:
        document.close()


def test_the_paper_goes_white_and_the_ink_keeps_its_grey_and_soft_edges():
    page = _scanned_page()
    ink = binarise(page, 300) > 0
    whitened = paper_whitened(page, 300)
    assert np.array_equal(whitened[ink], page[ink])
    grain = (page < 250) & ~ink  # paper grain and shading: most of the page is not pure white on the scan
    assert grain.mean() > 0.5
    kept_grain = (whitened < 250) & ~ink
    assert kept_grain.mean() < 0.2 * grain.mean()
    # the strokes' soft edges, one or two pixels beside the ink, keep their grey
    beside = np.zeros_like(ink)
    beside[:, 1:] |= ink[:, :-1]
    beside &= ~ink
    assert np.array_equal(whitened[beside], page[beside])


def test_blank_grey_paper_comes_out_white_but_for_rare_specks():
    rng = np.random.default_rng(0)
    paper = np.clip(rng.normal(225, 4, size=(400, 300)), 0, 255).astype(np.uint8)
    assert (paper == 255).mean() < 0.01
    assert (paper_whitened(paper, 300) == 255).mean() > 0.99


def test_letters_with_strokes_wider_than_the_threshold_window_stay_solid():
    """A poster read at 50 dpi: the local threshold sees only the edges of its strokes."""
    page = np.full((300, 300), 230, dtype=np.uint8)
    page[50:250, 100:160] = 20  # one stroke 60 pixels wide: 30 mm at 50 dpi
    assert (paper_whitened(page, 50)[50:250, 100:160] == 20).all()
