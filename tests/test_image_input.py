"""A plan photographed or scanned to an image file: OCR'd page by page (multi-page TIFF too)."""

from __future__ import annotations

import json

import pypdfium2
import pytest
from conftest import KON_TUM_SCAN, run_kehoach


@pytest.fixture(scope="module")
def first_pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("images")
    document = pypdfium2.PdfDocument(str(KON_TUM_SCAN))
    images = [document[i].render(scale=200 / 72, grayscale=True).to_pil() for i in range(2)]
    document.close()
    png = folder / "page-1.png"
    images[0].save(png, dpi=(200, 200))
    tiff = folder / "pages.tif"
    images[0].save(tiff, save_all=True, append_images=images[1:], dpi=(200, 200), compression="tiff_lzw")
    return png, tiff


def test_png_page_gives_the_plan_identity(first_pages):
    png, _ = first_pages
    plan = json.loads(run_kehoach("extract", png).text)
    assert plan["source"]["kind"] == "image" and plan["source"]["page_sources"] == ["ocr"]
    meta = plan["metadata"]
    assert (meta["doc_number"], meta["issued_date"], meta["province"]) == ("501/KH-UBND", "2025-02-17", "Kon Tum")


def test_multi_page_tiff_is_one_document(first_pages):
    _, tiff = first_pages
    plan = json.loads(run_kehoach("extract", tiff).text)
    assert plan["source"]["pages"] == 2 and plan["quality"]["ocr_pages"] == 2


def test_a_broken_image_is_one_clear_line(kehoach, tmp_path):
    broken = tmp_path / "scan.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    run = kehoach("extract", broken)
    assert run.code == 1 and run.stdout == b""
    assert run.stderr.strip() == f"kehoach: error: {broken}: is not a readable image"


def test_an_image_not_ocrd_says_its_page_has_no_text(first_pages, kehoach):
    """With OCR off, an image page has no text at all: its source says so (it said "ocr" before),
    and `kehoach text` tells on stderr why the page is empty instead of printing nothing silently."""
    png, _ = first_pages
    plan = json.loads(run_kehoach("extract", png, "--ocr", "never").text)
    assert plan["source"]["page_sources"] == ["none"] and plan["quality"]["ocr_pages"] == 0
    run = kehoach("text", png, "--ocr", "never")
    assert run.code == 0 and run.text.strip() == ""
    assert f"kehoach: warning: {png}: page 1 has no usable text layer and was not OCR'd" in run.stderr
