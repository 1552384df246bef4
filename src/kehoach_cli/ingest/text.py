"""Plain-text inputs, such as text already pulled out of a PDF by another tool.

Vietnamese text files come in UTF-8 (with or without a BOM), UTF-16 (with a BOM), Windows-1258
(tone marks as separate combining characters) and the pre-Unicode TCVN3 and VNI encodings. A BOM
or valid UTF-8 settles the question; otherwise every 8-bit reading is scored as Vietnamese and the
best one is kept. UTF-8 text that reads as TCVN3 or VNI mojibake ("Céng hoµ", text copied out of a
.VnTime document) is converted too.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path
from typing import cast

from .. import limits
from ..errors import InputError
from ..vietnamese import vietnamese_score
from .legacy import (
    CONTENT_ENCODINGS,
    GUESS_SAMPLE_CHARS,
    MIN_GUESS_SCORE,
    LegacyEncoding,
    decode_bytes,
    decode_legacy,
    guess_legacy_encoding,
)
from .pages import PageText
from .text_tables import split_text_tables

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
WINDOWS_1258 = "windows-1258"
EIGHT_BIT_ENCODINGS = (WINDOWS_1258, *CONTENT_ENCODINGS)


def read_text_file(path: Path, data: bytes) -> list[PageText]:
    """Decode the text; form feeds, when present, separate pages. A text over the text-mb or
    line-chars limit is refused before it is decoded: restoring text takes memory many times its size."""
    check_text_size(str(path), data)
    text = decode_text(path, data)
    if not text.strip():
        raise InputError(str(path), "is empty")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    return [_page(number, chunk) for number, chunk in enumerate(text.split("\f"), start=1)]


def _page(number: int, text: str) -> PageText:
    """A page of the text file; rows of a table written as text become a table of the page."""
    prose, tables = split_text_tables(text)
    if not tables:
        return PageText(number=number, text=text, source="text")
    return PageText(number=number, text=text, source="text", tables=tables, prose=prose)


def check_text_size(path: str, data: bytes) -> None:
    limits.check(path, len(data), "text_mb", f"is a text of {len(data) / limits.MB:.1f} MB", " MB", limits.MB)
    longest = max(map(len, data.splitlines() or [b""]))  # in bytes: at least its characters
    if longest > limits.current().line_chars:
        longest = max(len(line.decode("utf-8", "replace")) for line in data.splitlines())
        limits.check(path, longest, "line_chars", f"has a line of {longest:,} characters", " characters")


def decode_text(path: Path, data: bytes) -> str:
    """The file's text in Unicode NFC, or InputError when no known encoding reads it as text."""
    if data.startswith(UTF16_BOMS):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputError(
                str(path), f"is not UTF-16 text despite its byte-order mark (undecodable bytes at offset {exc.start})"
            ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _eight_bit_text(path, data, exc.start)
    encoding = guess_legacy_encoding(text)
    return decode_legacy(text, encoding) if encoding else unicodedata.normalize("NFC", text)


def eight_bit_reading(data: bytes, encoding: str) -> str | None:
    """The bytes read in one 8-bit encoding as Unicode NFC; None if it leaves one of them undefined."""
    if encoding != WINDOWS_1258:
        return decode_bytes(data, cast(LegacyEncoding, encoding))
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def _eight_bit_text(path: Path, data: bytes, bad_offset: int) -> str:
    """The reading of a non-UTF-8 file that is the best Vietnamese, if it is Vietnamese at all
    (scored on the file's start: the encoding does not change half-way)."""
    sample = data[:GUESS_SAMPLE_CHARS]
    scores = {
        encoding: vietnamese_score(text)
        for encoding in EIGHT_BIT_ENCODINGS
        if (text := eight_bit_reading(sample, encoding)) is not None
    }
    best = max(scores, key=lambda encoding: scores[encoding])
    text = eight_bit_reading(data, best) if scores[best] >= MIN_GUESS_SCORE else None
    if text is None:
        raise InputError(
            str(path),
            f"is not UTF-8 text (undecodable byte at offset {bad_offset}), nor Vietnamese "
            "in UTF-16, Windows-1258, TCVN3 or VNI",
        )
    return text
