"""Page images (scans saved as PNG, JPEG or multi-page TIFF): pages without text, for OCR."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from ..errors import InputError
from .pages import PageText

DEFAULT_DPI = 300.0


def read_image(path: Path, data: bytes) -> list[PageText]:
    """One empty page per frame, sized in points, so OCR can fill them in; a frame OCR does not
    reach (--ocr never, tesseract missing, a page that timed out) stays a page with no text."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            pages = []
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                dpi = float(frame.info.get("dpi", (DEFAULT_DPI,))[0] or DEFAULT_DPI)
                pages.append(PageText(number=number, text="", source="none",
                                      width=frame.width * 72 / dpi, height=frame.height * 72 / dpi))
            return pages
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(str(path), "is not a readable image") from exc


def image_frame(data: bytes, index: int) -> tuple[Image.Image, float]:
    """Frame `index` (0-based) of an image file as greyscale, with its resolution in dpi."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(index)
        dpi = float(image.info.get("dpi", (DEFAULT_DPI,))[0] or DEFAULT_DPI)
        return image.convert("L"), dpi
