"""Restore stage: repair Vietnamese text whose diacritics were stripped or mangled.

Entry points:
- `restore_text(text)`  -> RestoredText (text with the same line breaks, per-token detail)
- `repair_ocr_text(text)` -> RestoredText, the repair of text tesseract's Vietnamese model read: tone
  marks, and words a letter or mark away from a syllable the context wants

The work is a noisy-channel decoder: candidates per token from the syllable inventory (candidates.py),
a KN trigram LM and learned OCR channel (model.py, built by diacritics/build_model.py), Viterbi search
(decoder.py). Only word tokens change; every other character is copied through.

The repair of OCR'd text is the same decoder over a narrower channel. Why not restoration: tesseract's
`vie` model keeps most letters and marks right and slips on a few ("để nghị" for đề nghị, "quyển trẻ em"
for quyền, "Sở Giúo dục" for Giáo, "hoàn hành" for hoàn thành); many slips are well-formed syllables,
which restoration keeps, and restoration's wide channel would throw away the letters that are right.
There each word may only change its tone mark, or become a syllable one letter or mark away
(neighbours.py); the OCR reading is evidence (keeping it is free, a change costs nats, see
candidates.TONE_CHANGE and neighbours.MARK_EDIT / LETTER_EDIT) and the language model has to outweigh
that cost for a word to change.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable, NamedTuple

from kehoach_cli.restore.tokens import Token, split_text, token_kind

if TYPE_CHECKING:
    from kehoach_cli.restore.decoder import Decoder


class RestoredToken(NamedTuple):
    """One word-like token: where it was, what it was, what it became."""

    start: int
    end: int
    original: str
    restored: str
    confidence: float


@dataclass(frozen=True)
class RestoredText:
    """The restored text; per-token detail is built only when asked for (most callers need the text).

    `gaps` and `originals`: the text before each token (and after the last) and each token's text, as
    `split_text` gives them; `source` (tokens with positions) is derived from them on first use.
    """

    text: str
    gaps: list[str] = field(default_factory=list, repr=False)
    originals: list[str] = field(default_factory=list, repr=False)
    restored: list[str] = field(default_factory=list, repr=False)
    confidence: list[float] = field(default_factory=list, repr=False)

    @cached_property
    def source(self) -> list[Token]:
        out = []
        end = 0
        for gap, word in zip(self.gaps, self.originals):
            start = end + len(gap)
            end = start + len(word)
            out.append(Token(start, end, word, token_kind(word)))
        return out

    @cached_property
    def tokens(self) -> list[RestoredToken]:
        return [
            RestoredToken(t.start, t.end, t.text, r, c) for t, r, c in zip(self.source, self.restored, self.confidence)
        ]

    @property
    def restored_tokens(self) -> int:
        return sum(1 for t, r in zip(self.originals, self.restored) if r != t)

    def low_confidence_tokens(self, threshold: float = 0.6) -> int:
        return sum(1 for c in self.confidence if c < threshold)


@lru_cache(maxsize=1)
def default_decoder() -> Decoder:
    """The decoder over the packaged model, built on first use; imported then too, because the
    decoder brings numpy and the model while scoring a native page's text layer needs neither."""
    from kehoach_cli.restore.decoder import Decoder
    from kehoach_cli.restore.model import default_model

    return Decoder(default_model())


# Letters tesseract prints for a Vietnamese one that looks the same: Icelandic eth for Đ/đ.
LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


def restore_text(text: str) -> RestoredText:
    """Return `text` repaired; line breaks and every non-word character are kept exactly.

    `start`/`end` of each token index the NFC-normalised input (the text that was restored).
    """
    return _decoded(unicodedata.normalize("NFC", text), default_decoder().decode_split)


def repair_ocr_text(text: str) -> RestoredText:
    """`text` with the words the language model finds misread put right (a tone mark, or a letter or
    mark of a word: candidates.CandidateGenerator.repair_options), and look-alike letters (Ð) made
    Vietnamese; everything else as it was. Lines that are not Vietnamese are left alone."""
    return _decoded(unicodedata.normalize("NFC", text).translate(LOOKALIKES), default_decoder().decode_repairs)


def _decoded(text: str, decode: Callable[[list[str], list[str]], tuple[list[str], list[float]]]) -> RestoredText:
    """`text` split into tokens, decoded by `decode` and put back together around the same gaps."""
    gaps, words = split_text(text)
    if not words:
        return RestoredText(text=text)
    restored, conf = decode(gaps, words)
    parts = [""] * (2 * len(words) + 1)
    parts[0::2] = gaps
    parts[1::2] = restored
    return RestoredText("".join(parts), gaps, words, restored, conf)
