"""Folding Vietnamese text for comparisons (the document's own wording is never replaced by these),
and telling Vietnamese text from text stripped of its marks or read by an English OCR model."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

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


# ---------------------------------------------------------------- is this text Vietnamese?
# Here, beside fold, and not in restore/: ingest and the pipeline judge a text layer by this score,
# and they must not load the restorer to do so.

# Symbols that English-model OCR emits in place of Vietnamese letters ("S@" Sở, "K¢" Kế, "k¥" kỹ).
OCR_LETTER_SYMBOLS = "@¢¥€£©®§&"
WORD_PATTERN = rf"(?:[^\W_]|[{OCR_LETTER_SYMBOLS}])+"
# Spans no word of them is restored: URLs, e-mails, file names ("91.pdf", "kh_kmt_2026_scan.pdf") and identifiers
# of three parts or more joined by underscores ("lamdong_kh_cchc"; one underscore may be an OCR speck): their
# letters are a name's, not stripped Vietnamese.
FILE_EXTENSIONS = r"(?:pdf|docx?|odt|rtf|xlsx?|ods|txt|md|html?|csv|json|xml|zip|rar|png|jpe?g|tiff?)"
PROTECTED_PATTERN = (
    r"(?:https?://|www\.)[^\s<>\"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    rf"|[\w-]+(?:\.[\w-]+)*\.{FILE_EXTENSIONS}\b|[A-Za-z0-9]+(?:_[A-Za-z0-9]+){{2,}}"
)
TOKEN_RE = re.compile(rf"(?P<keep>{PROTECTED_PATTERN})|(?P<word>{WORD_PATTERN})")
WORD_RE = re.compile(WORD_PATTERN)
# No protected span can match without one of these.
PROTECTED_HINT = re.compile(rf"@|https?://|www\.|_|\.{FILE_EXTENSIONS}\b")

TONE_MARKS = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}
_SYLLABLE_RE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    r"([aăâeêioôơuưy]{1,3})(ng|nh|ch|[cmnpt])?$"
)
# Vowel nuclei (with glides) that occur in Vietnamese syllables; rejects junk such as "vêê".
NUCLEI = frozenset(
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ"
    " ưu yê iêu oai oay oeo uây uôi uya uyê uyu ươi ươu yêu".split()
)


def vietnamese_score(text: str) -> float:
    """Share of alphabetic word tokens that are marked, well-formed Vietnamese syllables (0..1).

    Correct Vietnamese scores about 0.7-0.8 (some syllables carry no mark); stripped or English-OCR'd
    Vietnamese and other languages score low, which tells the pipeline to restore (or leave alone).
    """
    return marked_share([word for word in _words(unicodedata.normalize("NFC", text)) if word.isalpha()])


def _words(text: str) -> list[str]:
    """The word and number tokens of `text` (restore.tokens.tokenize's), URLs and e-mails left out."""
    if not PROTECTED_HINT.search(text):  # the usual case: no e-mail attempt at every word
        return WORD_RE.findall(text)
    return [m.group() for m in TOKEN_RE.finditer(text) if m.lastgroup == "word"]


def marked_share(words: list[str]) -> float:
    """Share of `words` that are marked, well-formed Vietnamese syllables (about 0.7-0.9 for correct
    Vietnamese, near 0 for stripped text, about 0.1 for English-model OCR)."""
    if not words:
        return 0.0
    forms = Counter(words)  # each distinct form is checked once
    return sum(n for w, n in forms.items() if is_marked(w) and is_syllable_shape(w.lower())) / len(words)


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """Lower-case word with every mark removed and đ folded to d."""
    return strip_marks(word.lower())


def is_marked(word: str) -> bool:
    """True when the word carries any Vietnamese mark (tone, quality mark or đ)."""
    return skeleton(word) != word.lower()


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


def is_syllable_shape(word: str) -> bool:
    """True when a lower-case word (marks allowed) has the shape onset+nucleus+coda of a syllable."""
    return is_syllable_base(split_tone(word)[0])


def is_syllable_base(base: str) -> bool:
    """True when a toneless lower-case word is onset+nucleus+coda."""
    m = _SYLLABLE_RE.match(base)
    if not m:
        return False
    nucleus = m.group(2)
    if m.group(1) in ("qu", "gi") and nucleus not in NUCLEI and len(nucleus) > 1:
        nucleus = nucleus[1:]
    return nucleus in NUCLEI
