"""Restore stage: repair Vietnamese text whose diacritics were stripped or mangled.

Entry points:
- `restore_text(text)`  -> RestoredText (text with the same line breaks, per-token detail)
- `vietnamese_score(text)` -> share of tokens that are valid, marked Vietnamese syllables (0..1),
  which the pipeline uses to decide whether a page's text needs restoring.

Until the restoration model lands this stage only normalises Unicode to NFC.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RestoredToken:
    """One word-like token: where it was, what it was, what it became."""

    start: int
    end: int
    original: str
    restored: str
    confidence: float


@dataclass(frozen=True)
class RestoredText:
    text: str
    tokens: list[RestoredToken] = field(default_factory=list)

    @property
    def restored_tokens(self) -> int:
        return sum(1 for t in self.tokens if t.restored != t.original)

    def low_confidence_tokens(self, threshold: float = 0.6) -> int:
        return sum(1 for t in self.tokens if t.confidence < threshold)


def restore_text(text: str) -> RestoredText:
    """Return `text` repaired; line breaks are kept exactly."""
    return RestoredText(text=unicodedata.normalize("NFC", text))


def vietnamese_score(text: str) -> float:
    """Share of alphabetic tokens carrying a Vietnamese mark; a crude stand-in for the model's detector."""
    words = [w for w in unicodedata.normalize("NFC", text).split() if w.isalpha()]
    if not words:
        return 0.0
    marked = sum(1 for w in words if any(unicodedata.decomposition(c) or c in "đĐ" for c in w))
    return marked / len(words)
