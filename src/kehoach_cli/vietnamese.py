"""Folding Vietnamese text for comparisons: the document's own wording is never replaced by these."""

from __future__ import annotations

import unicodedata

_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def strip_marks(text: str) -> str:
    """Remove tone and vowel marks ("Đảng" -> "Dang"), keeping case and everything else (NFC)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def fold(text: str) -> str:
    """Lower-case, unmarked, single-spaced form used to match headings, keywords and names."""
    return " ".join(strip_marks(text).lower().split())
