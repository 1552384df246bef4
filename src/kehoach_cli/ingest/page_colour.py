"""A band of a scanned page in colour, for the fields read again with their inks apart (the header's
number and date, the signature block's name)."""

from __future__ import annotations

import numpy as np

from .pages import PageText

READ_DPI = 300
FRAME_SLACK = 0.03  # the page's words lie in the rendered frame when the sizes agree this closely


def page_colour(kind: str, data: bytes, page: PageText, top: float, bottom: float) -> tuple[np.ndarray | None, float]:
    """The band of `page` between `top` and `bottom` (points) in colour, and its pixels a point;
    None when the page's words do not lie in its frame (a page OCR turned a quarter)."""
    top, bottom = max(0.0, top), min(page.height, bottom) if page.height else bottom
    if kind == "pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(data)
        try:
            pdf_page = pdf[page.number - 1]
            width, height = pdf_page.get_size()
            if abs(width - page.width) > FRAME_SLACK * width or abs(height - page.height) > FRAME_SLACK * height:
                return None, 0.0
            bitmap = pdf_page.render(scale=READ_DPI / 72, crop=(0, height - min(height, bottom), 0, top))
            return np.asarray(bitmap.to_pil().convert("RGB")), READ_DPI / 72
        finally:
            pdf.close()
    if kind == "image":
        from .image import image_frame
        from .ocr import MAX_PAGE_PIXELS

        frame, dpi, _ = image_frame(data, page.number - 1, MAX_PAGE_PIXELS)
        scale = dpi / 72
        if abs(frame.width / scale - page.width) > FRAME_SLACK * page.width:
            return None, 0.0
        rgb = np.asarray(frame.convert("RGB"))
        return rgb[int(top * scale) : int(bottom * scale) + 1], scale
    return None, 0.0
