"""Restore stage: repair Vietnamese text whose diacritics were stripped or mangled.

Entry points:
- `restore_text(text)`  -> RestoredText (text with the same line breaks, per-token detail)
- `vietnamese_score(text)` -> share of word tokens that are valid, marked Vietnamese syllables (0..1),
  which the pipeline uses to decide whether a page's text needs restoring.

The work is a noisy-channel decoder: candidates per token from the syllable inventory (candidates.py),
a KN trigram LM and learned OCR channel (model.py, built by diacritics/build_model.py), Viterbi search
(decoder.py). Only word tokens change; every other character is copied through.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kehoach_cli.restore.syllables import marked_share
from kehoach_cli.restore.tokens import Token, split_text, token_kind, tokenize

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
        return [RestoredToken(t.start, t.end, t.text, r, c)
                for t, r, c in zip(self.source, self.restored, self.confidence)]

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


def restore_text(text: str) -> RestoredText:
    """Return `text` repaired; line breaks and every non-word character are kept exactly.

    `start`/`end` of each token index the NFC-normalised input (the text that was restored).
    """
    text = unicodedata.normalize("NFC", text)
    gaps, words = split_text(text)
    if not words:
        return RestoredText(text=text)
    restored, conf = default_decoder().decode_split(gaps, words)
    parts = [""] * (2 * len(words) + 1)
    parts[0::2] = gaps
    parts[1::2] = restored
    return RestoredText("".join(parts), gaps, words, restored, conf)


def vietnamese_score(text: str) -> float:
    """Share of alphabetic word tokens that are marked, well-formed Vietnamese syllables (0..1).

    Correct Vietnamese scores about 0.7-0.8 (some syllables carry no mark); stripped or English-OCR'd
    Vietnamese and other languages score low, which tells the pipeline to restore (or leave alone).
    """
    words = [t.text for t in tokenize(unicodedata.normalize("NFC", text)) if t.kind == "word" and t.text.isalpha()]
    return marked_share(words)
