"""Reading order of word boxes: words into text lines.

Shared by ingest (OCR'd table cells) and structure (the signature column), so it lives on the
ingest side of the one-way flow ingest -> structure.
"""

from __future__ import annotations

from .pages import Word

SAME_LINE_OVERLAP = 0.5  # share of the shorter box's height two words must share to sit on one line


def group_lines(words: list[Word]) -> list[str]:
    """Words into text lines by vertical overlap: OCR boxes of marked capitals ("CHỦ") stand
    taller than their neighbours ("KT."), so equal tops cannot be required."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        if rows and _overlap(rows[-1], word) > SAME_LINE_OVERLAP:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [" ".join(w.text for w in sorted(row, key=lambda w: w.x0)) for row in rows]


def _overlap(row: list[Word], word: Word) -> float:
    top, bottom = min(w.top for w in row), max(w.bottom for w in row)
    shared = min(bottom, word.bottom) - max(top, word.top)
    return shared / max(min(bottom - top, word.bottom - word.top), 1e-6)
