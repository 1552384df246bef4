"""Generate the scanned samples that exercise OCR decisions, from the Kon Tum plan.

Run from the repository root after ``samples/make_samples.py`` (``make samples`` runs both)::

    .venv/bin/python samples/make_ocr_samples.py

Outputs (in ``samples/``):

* ``kon-tum-501-eng-layer.pdf``  the Kon Tum scan with an invisible text layer from tesseract's
  *English* model, as many archives hold them ("S6: 501 /KH-UBND", "Uy ban vé quyen tré em"):
  each scanned page read by ``tesseract page.jpg out -l eng pdf``, the pages merged.
* ``kon-tum-501-rotated.pdf``    the first three scanned pages, the second one turned by 90°
  (fed sideways into the scanner), image only.

The page images are those of ``kon-tum-501-scan.pdf``: the native PDF rendered and degraded with
the same seed. Requires tesseract with the ``eng`` model.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_samples import (  # noqa: E402  (the sibling script, imported as a module)
    KON_TUM_PDF,
    SAMPLES_DIR,
    SCAN_DPI,
    SCAN_JPEG_QUALITY,
    SCAN_SEED,
    SOURCE_DATE_EPOCH,
    degrade,
    render_pages,
    report,
    save_image_pdf,
)

ENGLISH_LAYER_PDF = SAMPLES_DIR / "kon-tum-501-eng-layer.pdf"
ROTATED_PDF = SAMPLES_DIR / "kon-tum-501-rotated.pdf"
KON_TUM_SEED = SCAN_SEED + 1  # make_samples builds plan 000 first, Kon Tum second
ROTATED_PAGES = 3
ROTATED_PAGE = 2  # 1-based; turned a quarter clockwise


def scanned_pages(native: Path = KON_TUM_PDF, seed: int = KON_TUM_SEED) -> list[Image.Image]:
    """The page images of the committed scan, made again the same way."""
    rng = np.random.default_rng(seed)
    return [Image.fromarray(degrade(page, rng), mode="L") for page in render_pages(native)]


def english_layer_pdf(pages: list[Image.Image], path: Path) -> Path:
    """Each page through `tesseract -l eng pdf` (image plus invisible text), merged into one PDF."""
    merged = pdfium.PdfDocument.new()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as folder:
        for number, image in enumerate(pages, start=1):
            jpeg = Path(folder) / f"page-{number:03d}.jpg"
            image.save(jpeg, quality=SCAN_JPEG_QUALITY, dpi=(SCAN_DPI, SCAN_DPI))
            subprocess.run(
                ["tesseract", str(jpeg), str(jpeg.with_suffix("")), "-l", "eng", "pdf"],
                check=True,
                capture_output=True,
                env=env,
            )
            single = pdfium.PdfDocument(str(jpeg.with_suffix(".pdf")))
            merged.import_pages(single)
            single.close()
        merged.save(str(path))
    merged.close()
    path.write_bytes(fixed_stamps(path.read_bytes()))
    return path


PDFIUM_DATE = re.compile(rb"/CreationDate\(D:\d{14}")
PDFIUM_ID = re.compile(rb"/ID\[<([0-9A-F]{32})><([0-9A-F]{32})>\]")


def fixed_stamps(pdf: bytes) -> bytes:
    """pdfium stamps a saved PDF with the time and a random /ID: replace both, with strings of
    the same length (the cross-reference offsets stay right), so the sample is reproducible."""
    date = time.strftime("%Y%m%d%H%M%S", time.gmtime(SOURCE_DATE_EPOCH)).encode()
    pdf = PDFIUM_DATE.sub(b"/CreationDate(D:" + date, pdf)
    digest = hashlib.md5(PDFIUM_ID.sub(b"", pdf)).hexdigest().upper().encode()
    return PDFIUM_ID.sub(b"/ID[<" + digest + b"><" + digest + b">]", pdf)


def rotated_scan(pages: list[Image.Image], path: Path) -> Path:
    """The first pages of the scan, one of them turned by 90° clockwise, as an image-only PDF."""
    chosen = pages[:ROTATED_PAGES]
    chosen[ROTATED_PAGE - 1] = chosen[ROTATED_PAGE - 1].transpose(Image.Transpose.ROTATE_270)
    save_image_pdf(chosen, path, f"{KON_TUM_PDF.stem} (scanned, page {ROTATED_PAGE} sideways)")
    return path


def main() -> None:
    pages = scanned_pages()
    report(english_layer_pdf(pages, ENGLISH_LAYER_PDF))
    report(rotated_scan(pages, ROTATED_PDF))


if __name__ == "__main__":
    main()
