"""Corpus preparation: turn a corpus document into LM sentences of syllable units.

Why: corpus files are PDF text layers, markdown crawls and plain text. The LM needs NFC text with one
tone-placement convention, hard-wrapped lines joined (a phrase split across a newline is still one
phrase), and page furniture (gazette headers, page numbers, signature blocks, markdown) removed.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Iterator

from kehoach_cli.restore.syllables import canonical
from kehoach_cli.restore.tokens import EOS, NUM, PUNCT, UNK, gap_unit, tokenize

_PRIVATE_USE = re.compile("[\u0000\ue000-\uf8ff]")
_FURNITURE = re.compile(
    r"^\s*(CÔNG BÁO|Người ký|Cơ quan:|Email:|Thời gian ký|Ngày ký|\d{1,4}\s*$|-{3,}\s*$|Trang \d+)",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"\*\*|__|(?<!\w)\*|^#+\s*|\[([^\]]*)\]\([^)]*\)", re.MULTILINE)


def clean_text(raw: str) -> str:
    """NFC text with furniture lines dropped and single line breaks joined into paragraphs."""
    text = _PRIVATE_USE.sub(" ", unicodedata.normalize("NFC", raw))
    text = _MARKDOWN.sub(lambda m: m.group(1) or "", text)
    lines = [ln for ln in text.splitlines() if not _FURNITURE.match(ln)]
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def units_of(text: str) -> Iterator[list[str]]:
    """LM sentences: words as canonical lower-case syllables, numbers as <num>, punctuation as <p>."""
    toks = tokenize(text)
    sent: list[str] = []
    prev = 0
    for tok in toks:
        gap = gap_unit(text[prev : tok.start])
        if gap == EOS and sent:
            yield sent
            sent = []
        elif gap == PUNCT and sent:
            sent.append(PUNCT)
        sent.append(unit_of(tok.text, tok.kind))
        prev = tok.end
    if sent:
        yield sent


def unit_of(text: str, kind: str) -> str:
    """The LM unit of one token."""
    if kind == "number":
        return NUM
    if kind == "keep":
        return UNK
    return canonical(text)


def document_units(path: Path) -> list[list[str]]:
    """All LM sentences of one corpus file."""
    return list(units_of(clean_text(path.read_text(encoding="utf-8", errors="replace"))))
