"""Page images (scans saved as PNG, JPEG or multi-page TIFF): pages without text, for OCR.

Image sizes are checked here, before any pixel is decoded: a 50 kB PNG can claim 20,000 x 20,000
pixels (a decompression bomb). Pillow's own check warns on stderr, then fails with an exception
of its own type; this module replaces it with a refusal naming the size (`MAX_IMAGE_PIXELS`, the
same limit) and, below that, reads a page over the OCR budget at a lower resolution with a warning,
as a PDF page too large is rendered at a lower dpi.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from .. import limits
from ..errors import InputError
from .pages import PageText

DEFAULT_DPI = 300.0
MAX_IMAGE_PIXELS = 2 * 89_478_485  # Pillow's decompression-bomb limit (2 x its MAX_IMAGE_PIXELS)


@contextmanager
def _sizes_checked_here() -> Iterator[None]:
    """Pillow's own size check off while this module reads an image (it checks sizes itself, and
    says why in one line), and back on after for any other reader of images in the process."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def read_image(path: Path, data: bytes) -> list[PageText]:
    """One empty page per frame, sized in points, so OCR can fill them in; a frame OCR does not
    reach (--ocr never, tesseract missing, a page that timed out) stays a page with no text."""
    try:
        with _sizes_checked_here(), Image.open(io.BytesIO(data)) as image:
            pages = []
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                _check_size(path, frame)
                dpi = _dpi(frame)
                pages.append(
                    PageText(
                        number=number,
                        text="",
                        source="none",
                        width=frame.width * 72 / dpi,
                        height=frame.height * 72 / dpi,
                    )
                )
        with _sizes_checked_here(), Image.open(io.BytesIO(data)) as image:
            image.verify()  # chunk checksums and ends, without decoding: a truncated file fails here
        return pages
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InputError(str(path), "is not a readable image") from exc


def image_frame(data: bytes, index: int, max_pixels: int) -> tuple[Image.Image, float, list[str]]:
    """Frame `index` (0-based) of an image file as greyscale, with its resolution in dpi, reduced
    to at most `max_pixels` (JPEG is then decoded at the lower size directly); a warning says so."""
    with _sizes_checked_here(), Image.open(io.BytesIO(data)) as image:
        image.seek(index)
        dpi = _dpi(image)
        width, height = image.size
        if width * height <= max_pixels:
            return image.convert("L"), dpi, []
        scale = math.sqrt(max_pixels / (width * height))
        image.thumbnail((max(1, math.floor(width * scale)), max(1, math.floor(height * scale))))
        lower = dpi * image.width / width
        warning = (
            f"page {index + 1} ({width} x {height} pixels) is too large to OCR at {dpi:.0f} dpi: "
            f"read at {lower:.0f} dpi"
        )
        return image.convert("L"), lower, [warning]


def _check_size(path: Path, frame: Image.Image) -> None:
    """Too many pixels (a bomb), or more bytes decoded than the image-mb limit: Pillow holds a colour
    pixel in 4 bytes, so a colour PNG just under the pixel limit took 1 GB to decode and convert."""
    if frame.width * frame.height > MAX_IMAGE_PIXELS:
        raise InputError(
            str(path),
            f"is an image of {frame.width} x {frame.height} pixels: too large to read "
            f"(more than {MAX_IMAGE_PIXELS:,} pixels)",
        )
    decoded = frame.width * frame.height * _bytes_per_pixel(frame.mode)
    limits.check(
        str(path),
        decoded,
        "image_mb",
        f"is an image of {frame.width} x {frame.height} pixels, {decoded / limits.MB:,.0f} MB decoded",
        " MB",
        limits.MB,
    )


def _bytes_per_pixel(mode: str) -> int:
    """What Pillow holds a pixel of this mode in, plus the greyscale copy OCR makes of it."""
    held = 1 if mode in ("1", "L", "P") else 2 if mode in ("LA", "I;16", "I;16B", "I;16L") else 4
    return held + (0 if mode == "L" else 1)


def _dpi(image: Image.Image) -> float:
    return float(image.info.get("dpi", (DEFAULT_DPI,))[0] or DEFAULT_DPI)
