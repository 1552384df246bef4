"""Folding Vietnamese text for comparisons: the document's own wording is never replaced by these."""

from __future__ import annotations

import re
import unicodedata

# Vietnamese tone and vowel marks (all combining), deleted in one pass: the per-character filter
# below is then needed only for text with other non-ASCII characters.
_VIETNAMESE_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]+")


def strip_marks(text: str) -> str:
    """Remove tone and vowel marks ("Đảng" -> "Dang"), keeping case and everything else (NFC)."""
    # str.replace, not str.translate: translate with a table is much slower on such text, and the
    # database folds a copy of every task.
    decomposed = _VIETNAMESE_MARKS.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))
    if decomposed.isascii():
        return decomposed
    return unicodedata.normalize("NFC", _NON_ASCII.sub(_without_combining, decomposed))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_combining(match: re.Match[str]) -> str:
    return "".join(c for c in match.group() if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case, unmarked, single-spaced form used to match headings, keywords and names."""
    return " ".join(strip_marks(text).lower().split())
