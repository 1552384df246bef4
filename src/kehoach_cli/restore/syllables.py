"""Vietnamese syllable handling: tone split/placement, skeletons, case transfer.

Why: the same syllable is written "hoà" or "hòa" depending on the document's convention, and the
language model must see one form; candidates are found through the skeleton (all marks removed,
đ folded to d) because that is what survives when marks are stripped or mangled.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from kehoach_cli.vietnamese import (  # noqa: F401 (re-exported: the restorer's syllable vocabulary)
    NUCLEI,
    TONE_MARKS,
    is_marked,
    is_syllable_base,
    is_syllable_shape,
    marked_share,
    skeleton,
    split_tone,
)

TONE_CHARS = {v: k for k, v in TONE_MARKS.items()}
VOWELS = set("aăâeêioôơuưy")
QUALITY_VOWELS = set("ăâêôơư")
FINAL_CONSONANTS = ("ngh", "ng", "nh", "ch", "c", "m", "n", "p", "t")


def _tone_position(base: str) -> int:
    """Index of the vowel that carries the tone under the convention used for training (hòa, thủy, not hoà, thuỷ)."""
    start = 0
    if base.startswith("qu"):
        start = 2
    elif base.startswith("gi") and any(c in VOWELS for c in base[2:]):
        start = 2
    idx = [i for i in range(start, len(base)) if base[i] in VOWELS]
    if not idx:
        idx = [i for i in range(len(base)) if base[i] in VOWELS]
    if not idx:
        return -1
    run = [idx[0]]
    for i in idx[1:]:
        if i == run[-1] + 1:
            run.append(i)
    quality = [i for i in run if base[i] in QUALITY_VOWELS]
    if quality:
        return quality[-1]
    has_final = run[-1] + 1 < len(base)
    if has_final or len(run) == 1:
        return run[-1]
    if len(run) == 3:
        return run[1]
    return run[0]


@lru_cache(maxsize=200_000)
def place_tone(base: str, tone: int) -> str:
    """Put `tone` on `base` (lower case) following the training convention (hòa, thủy)."""
    if tone == 0:
        return base
    pos = _tone_position(base)
    if pos < 0:
        return base
    marked = unicodedata.normalize("NFC", base[pos] + TONE_CHARS[tone])
    return base[:pos] + marked + base[pos + 1 :]


@lru_cache(maxsize=200_000)
def canonical(word: str) -> str:
    """Lower-case word with tone placement normalised ("Hoà" -> "hòa", "Uỷ" -> "ủy")."""
    low = unicodedata.normalize("NFC", word).lower()
    base, tone = split_tone(low)
    if tone and is_syllable_shape(base):
        return place_tone(base, tone)
    return low


_TONE_DELETE = str.maketrans({mark: None for mark in TONE_MARKS})


def syllable_shapes(words: list[str]) -> list[bool]:
    """is_syllable_shape of every word, normalising them all in one pass (a whole vocabulary at start-up)."""
    bases = unicodedata.normalize("NFC", unicodedata.normalize("NFD", "\n".join(words)).translate(_TONE_DELETE))
    return [is_syllable_base(b) for b in bases.split("\n")] if words else []


def transfer_case(original: str, restored: str) -> str:
    """Give `restored` (lower case) the capitalisation pattern of `original`.

    ALL-CAPS stays ALL-CAPS and a capitalised word stays capitalised; capitals inside a lower-case word
    ("cAp", "sO", "kV") are English-OCR readings of marked vowels (ấ, ở, ỹ), not case, so they are dropped.
    """
    letters = [c for c in original if c.isalpha()]
    if not letters or not any(c.isupper() for c in letters):
        return restored
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return restored.upper()
    if original[0].isupper() or (not original[0].isalpha() and letters[0].isupper()):
        return restored[:1].upper() + restored[1:]
    return restored
