"""Clean-up of the words OCR read: into PDF points in reading order, specks read apart dropped."""

from __future__ import annotations

import unicodedata

from .pages import Word

STRAY_MARK_HEIGHT = 0.4  # a box this much shorter than the words about it may be a mark read apart
MARK_REACH = 0.25  # ... if it lies within this share of a word's height from the word's box


def ocr_words(data: dict[str, list], scale: float, offset: tuple[int, int] = (0, 0)) -> list[Word]:
    """tesseract's words in PDF points, in its order; `offset` is where the image tesseract read lies
    on the page, in pixels. Its lines are not kept: page text is made from word boxes, tesseract may
    take a left and a right column line for one (ingest/layout.py)."""
    words = []
    for i, raw in enumerate(data["text"]):
        token = unicodedata.normalize("NFC", (raw or "").strip())
        if not token:
            continue
        left, top = (data["left"][i] + offset[0]) * scale, (data["top"][i] + offset[1]) * scale
        words.append(Word(token, left, top, left + data["width"][i] * scale, top + data["height"][i] * scale))
    return words


def without_stray_marks(words: list[Word]) -> list[Word]:
    """The words less the marks tesseract read apart from their letter: the hook of a bold "Ủ"
    taken for a word "?" or "2" over it. Such a speck joins the line above to the one below and
    splits a line with a gap of its own: on plan-000's scan it broke the signature block's
    column ("PHÓ ? THƯỜNG" / "CHỦ TỊCH TRỰC"). A speck is a box less than STRAY_MARK_HEIGHT of
    a word's height, within that word's width and touching its top or bottom."""
    speck_height = STRAY_MARK_HEIGHT * _typical_height(words)
    specks = [w for w in words if w.bottom - w.top < speck_height]
    stray = {id(speck) for speck in specks if any(_mark_of(speck, word) for word in words)}
    return [w for w in words if id(w) not in stray] if stray else words


def _typical_height(words: list[Word]) -> float:
    heights = sorted(w.bottom - w.top for w in words)
    return heights[len(heights) // 2] if heights else 0.0


def _mark_of(speck: Word, word: Word) -> bool:
    height = word.bottom - word.top
    if word is speck or speck.bottom - speck.top >= STRAY_MARK_HEIGHT * height:
        return False
    middle = (speck.x0 + speck.x1) / 2
    reach = MARK_REACH * height
    return word.x0 <= middle <= word.x1 and word.top - reach <= speck.bottom and speck.top <= word.bottom + reach
