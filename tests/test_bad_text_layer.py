"""A scan OCR'd earlier with tesseract's English model: the PDF has a text layer, but it is
not Vietnamese ("S6: 501 /KH-UBND", "Uy ban vé quyen tré em"). kehoach must notice and redo
the page with the Vietnamese model, or restore the text when OCR is off."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pypdfium2
import pytest
from conftest import KON_TUM_SCAN, run_kehoach


@pytest.fixture(scope="module")
def english_ocr_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("eng")
    document = pypdfium2.PdfDocument(str(KON_TUM_SCAN))
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil()
    document.close()
    image.save(folder / "page.png", dpi=(200, 200))
    subprocess.run(
        ["tesseract", str(folder / "page.png"), str(folder / "page"), "-l", "eng", "pdf"],
        check=True,
        capture_output=True,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    )
    return folder / "page.pdf"


def test_the_fixture_really_has_an_english_text_layer(kehoach, english_ocr_pdf):
    layer = kehoach("text", english_ocr_pdf, "--ocr", "never", "--no-restore").text
    assert "KH-UBND" in layer and "Số" not in layer


def test_bad_text_layer_is_redone_with_the_vietnamese_model(english_ocr_pdf):
    run = run_kehoach("extract", english_ocr_pdf)
    assert run.code == 0, run.stderr
    plan = json.loads(run.text)
    assert plan["source"]["page_sources"] == ["ocr"]
    meta = plan["metadata"]
    assert (meta["doc_number"], meta["issued_date"], meta["province"]) == ("501/KH-UBND", "2025-02-17", "Kon Tum")


def test_without_ocr_the_bad_layer_is_restored(english_ocr_pdf):
    plan = json.loads(run_kehoach("extract", english_ocr_pdf, "--ocr", "never").text)
    assert plan["source"]["page_sources"] == ["restored"]
