"""Tokenisation shared by training and restoration.

Why one module: the language model is only useful if the runtime splits text into exactly the units
it was trained on. Every character of the input belongs to a token or to the gap between tokens, so
the output can be rebuilt with line breaks, spacing and punctuation untouched.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kehoach_cli.vietnamese import (
    OCR_LETTER_SYMBOLS,  # noqa: F401 (re-exported)
    TOKEN_RE,
    WORD_RE,
)
from kehoach_cli.vietnamese import PROTECTED_HINT as _PROTECTED_HINT
from kehoach_cli.vietnamese import PROTECTED_PATTERN as _PROTECTED
from kehoach_cli.vietnamese import WORD_PATTERN as _WORD

SENTENCE_END_RE = re.compile(r"[.!?;:…]\s|[.!?;:…]$|\n\s*\n|\|")
NUM, PUNCT, BOS, EOS, UNK = "<num>", "<p>", "<s>", "</s>", "<unk>"


class Token(NamedTuple):
    """A word-like span of the input; `kind` is word, number or keep (URL/e-mail, never changed)."""

    start: int
    end: int
    text: str
    kind: str


def tokenize(text: str) -> list[Token]:
    """Word, number and protected tokens in order; gaps between them are left to the caller."""
    make = tuple.__new__  # NamedTuple without its keyword-handling __new__: cheap for millions of tokens
    if not _PROTECTED_HINT.search(text):  # the usual case: words only, and no e-mail attempt at every word
        return [
            make(Token, (m.start(), m.end(), s, "number" if s.isdigit() else "word"))
            for m in WORD_RE.finditer(text)
            for s in (m.group(),)
        ]
    out: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        s = m.group()
        kind = "keep" if m.lastgroup == "keep" else "number" if s.isdigit() else "word"
        out.append(make(Token, (m.start(), m.end(), s, kind)))
    return out


try:  # the compiled splitter (setup.py builds it with the decoder loop); the regex gives the same lists
    from kehoach_cli.restore._viterbi import split_words as _split_words
except ImportError:  # pragma: no cover - depends on the installation
    _split_words = None
_SPLIT_WORDS = re.compile(f"({_WORD})")
_SPLIT_ALL = re.compile(rf"({_PROTECTED})|({_WORD})")


def split_text(text: str) -> tuple[list[str], list[str]]:
    """(gaps, token texts): the same tokens as `tokenize`, as strings, with the text before each token
    and after the last one (len(gaps) == len(texts) + 1, and joining them alternately gives `text`).

    Why: one regex split in C instead of a match object and a Token per token; the restorer looks
    tokens up by their text and needs positions only when per-token detail is asked for.
    """
    if not _PROTECTED_HINT.search(text):
        if _split_words is not None:
            return _split_words(text, OCR_LETTER_SYMBOLS)
        parts = _SPLIT_WORDS.split(text)
        return parts[0::2], parts[1::2]
    parts = _SPLIT_ALL.split(text)
    return parts[0::3], [k if k is not None else w for k, w in zip(parts[1::3], parts[2::3])]


def token_kind(text: str) -> str:
    """Kind of a token from its text alone: a protected span never matches the word pattern whole
    (it holds '.', ':' or '/'), and a word of digits only is a number."""
    if not WORD_RE.fullmatch(text):
        return "keep"
    return "number" if text.isdigit() else "word"


def gap_unit(gap: str) -> str | None:
    """What the text between two tokens means to the LM: sentence break, punctuation or nothing."""
    if gap == " ":  # by far the commonest gap
        return None
    if not gap or gap.isspace() and "\n\n" not in gap.replace(" ", "").replace("\t", ""):
        return None
    if SENTENCE_END_RE.search(gap):
        return EOS
    return PUNCT if gap.strip() else None
