"""Vietnamese syllable handling: tone split/placement, skeletons, case transfer.

Why: the same syllable is written "hoà" or "hòa" depending on the document's convention, and the
language model must see one form; candidates are found through the skeleton (all marks removed,
đ folded to d) because that is what survives when marks are stripped or mangled.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from kehoach_cli.vietnamese import strip_marks

TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}
TONE_CHARS = {v: k for k, v in TONE_MARKS.items()}
VOWELS = set("aăâeêioôơuưy")
QUALITY_VOWELS = set("ăâêôơư")
FINAL_CONSONANTS = ("ngh", "ng", "nh", "ch", "c", "m", "n", "p", "t")
_SYLLABLE_RE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    r"([aăâeêioôơuưy]{1,3})(ng|nh|ch|[cmnpt])?$"
)
# Vowel nuclei (with glides) that occur in Vietnamese syllables; rejects junk such as "vêê".
NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ"
    " ưu yê iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu".split()
)


@lru_cache(maxsize=200_000)
def split_tone(word: str) -> tuple[str, int]:
    """(word without its tone mark, tone 0..5); quality marks (â, ơ, ư …) are kept."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONE_MARKS:
            tone = TONE_MARKS[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


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
    return base[:pos] + marked + base[pos + 1:]


@lru_cache(maxsize=200_000)
def canonical(word: str) -> str:
    """Lower-case word with tone placement normalised ("Hoà" -> "hòa", "Uỷ" -> "ủy")."""
    low = unicodedata.normalize("NFC", word).lower()
    base, tone = split_tone(low)
    if tone and is_syllable_shape(base):
        return place_tone(base, tone)
    return low


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Lower-case word with every mark removed and đ folded to d."""
    return strip_marks(word.lower())


def is_marked(word: str) -> bool:
    """True when the word carries any Vietnamese mark (tone, quality mark or đ)."""
    return skeleton(word) != word.lower()


def is_syllable_shape(word: str) -> bool:
    """True when a lower-case word (marks allowed) has the shape onset+nucleus+coda of a syllable."""
    return _is_syllable_base(split_tone(word)[0])


_TONE_DELETE = str.maketrans({mark: None for mark in TONE_MARKS})


def syllable_shapes(words: list[str]) -> list[bool]:
    """is_syllable_shape of every word, normalising them all in one pass (a whole vocabulary at start-up)."""
    bases = unicodedata.normalize("NFC", unicodedata.normalize("NFD", "\n".join(words)).translate(_TONE_DELETE))
    return [_is_syllable_base(b) for b in bases.split("\n")] if words else []


def _is_syllable_base(base: str) -> bool:
    """True when a toneless lower-case word is onset+nucleus+coda."""
    m = _SYLLABLE_RE.match(base)
    if not m:
        return False
    nucleus = m.group(2)
    if m.group(1) in ("qu", "gi") and nucleus not in NUCLEI and len(nucleus) > 1:
        nucleus = nucleus[1:]
    return nucleus in NUCLEI


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


def marked_share(words: list[str]) -> float:
    """Share of `words` that are marked, well-formed Vietnamese syllables (about 0.7-0.9 for correct
    Vietnamese, near 0 for stripped text, about 0.1 for English-model OCR)."""
    if not words:
        return 0.0
    forms = Counter(words)  # each distinct form is checked once
    return sum(n for w, n in forms.items() if is_marked(w) and is_syllable_shape(w.lower())) / len(words)
