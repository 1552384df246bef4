"""OCR of page images with tesseract's Vietnamese model.

Pages are independent, so they run in parallel, one tesseract per worker with
OMP_THREAD_LIMIT=1: tesseract's own threading is several times slower on small machines.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytesseract

from PIL import Image

from ..errors import MissingDependencyError
from .image import image_frame
from .pages import PageText, Word

OCR_DPI = 300
OCR_LANGUAGE = "vie"


@dataclass(frozen=True)
class OcrJob:
    kind: str  # "pdf" or "image": how to get the page's picture out of `data`
    data: bytes
    page_number: int


def tesseract_status() -> str | None:
    """None when tesseract with the Vietnamese model is usable, else what to install."""
    if shutil.which("tesseract") is None:
        return "tesseract is not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError) as exc:
        return f"tesseract does not run ({exc})"
    if OCR_LANGUAGE not in languages:
        return "tesseract has no Vietnamese model (Debian: apt-get install tesseract-ocr-vie)"
    return None


def ocr_pages(path: Path, kind: str, data: bytes, page_numbers: list[int], jobs: int = 2) -> dict[int, PageText]:
    """OCR the given 1-based pages of a PDF or image file; returns the pages keyed by number."""
    problem = tesseract_status()
    if problem:
        raise MissingDependencyError(f"{path}: needs OCR but {problem}")
    work = [OcrJob(kind, data, number) for number in page_numbers]
    if jobs <= 1 or len(work) == 1:
        results = [_ocr_one(job) for job in work]
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            results = list(pool.map(_ocr_one, work))
    return {page.number: page for page in results}


def _ocr_one(job: OcrJob) -> PageText:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # this worker's own environment: one thread per tesseract
    image, dpi = _page_image(job)
    data = pytesseract.image_to_data(image, lang=OCR_LANGUAGE, config="--psm 3",
                                     output_type=pytesseract.Output.DICT)
    words, text = _words_and_text(data, scale=72 / dpi)
    return PageText(number=job.page_number, text=text, source="ocr", words=words,
                    width=image.width * 72 / dpi, height=image.height * 72 / dpi)


def _page_image(job: OcrJob) -> tuple[Image.Image, float]:
    if job.kind == "image":
        return image_frame(job.data, job.page_number - 1)
    document = pypdfium2.PdfDocument(job.data)
    try:
        page = document[job.page_number - 1]
        return page.render(scale=OCR_DPI / 72, grayscale=True).to_pil(), float(OCR_DPI)
    finally:
        document.close()


def _words_and_text(data: dict[str, list], scale: float) -> tuple[list[Word], str]:
    """Words in PDF points, and the text with tesseract's own line structure."""
    words: list[Word] = []
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, raw in enumerate(data["text"]):
        token = unicodedata.normalize("NFC", (raw or "").strip())
        if not token:
            continue
        left, top = data["left"][i] * scale, data["top"][i] * scale
        words.append(Word(token, left, top, left + data["width"][i] * scale, top + data["height"][i] * scale))
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(token)
    return words, "\n".join(" ".join(tokens) for tokens in lines.values())
