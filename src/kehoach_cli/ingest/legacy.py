"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI) to Unicode NFC.

Before Unicode, Vietnamese documents were typed in fonts that draw Vietnamese letters at Windows-1252
code points: a PDF text layer or a Word run in such a font says "Céng hoµ" where the page shows
"Cộng hoà". The font name tells which table applies (.VnTime: TCVN3; .VnTimeH: TCVN3 capitals;
VNI-Times: VNI); text files carry no font, so their encoding is guessed from the content by scoring
every reading with `vietnamese_score`. The tables are data files (data/legacy/*.tsv).

TCVN3 has three readings of the same byte (see data/legacy/tcvn3.tsv):
- "tcvn3": the ABC fonts (VN3 set): lower-case letters with marks, and Ă Â Ê Ô Ơ Ư Đ; capitals
  with tone marks do not exist, bytes 80-9F are Windows punctuation (“ ” – ...).
- "tcvn3-capitals": the H fonts draw every letter as a capital at the lower-case code point.
- "tcvn3-charset": TCVN 5712:1993 VN1, as glibc iconv's TCVN5712-1 reads it, which also puts the
  capitals with tone marks at 01-17, 80-9F and twelve slots of A0-FF: the fonts above draw other
  characters there (80-9F are quotes and dashes), so this reading is for text files only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal

from ..data_files import tsv_rows
from ..vietnamese import vietnamese_score

LegacyEncoding = Literal["tcvn3", "tcvn3-capitals", "tcvn3-charset", "vni"]

TCVN3_COLUMNS: dict[str, str] = {"tcvn3": "vntime", "tcvn3-capitals": "vntimeh", "tcvn3-charset": "tcvn5712"}
# Readings tried on text with no font: the H fonts' reading is never a guess (it only upper-cases).
CONTENT_ENCODINGS: tuple[LegacyEncoding, ...] = ("tcvn3", "tcvn3-charset", "vni")
# A content guess must read as good Vietnamese (correct text scores 0.7-0.8) and clearly better
# than the text as it is: English-OCR'd text read as TCVN3 gains a few marked syllables, not this many.
MIN_GUESS_SCORE = 0.5
MIN_GUESS_GAIN = 0.25
GUESS_SAMPLE_CHARS = 20_000  # the start of a long text is enough to tell its encoding

# "ABCDEF+.VnTimeH,Bold" -> ".VnTimeH": subset prefix and style suffix off.
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(r"[,-](Bold|Italic|BoldItalic|Oblique|Regular|Roman)$|\s+(Bold|Italic)$", re.IGNORECASE)
_TCVN3_FONT = re.compile(r"^\.?Vn[A-Z]")
_VNI_FONT = re.compile(r"^VNI[- _]", re.IGNORECASE)
_PDF_CID = re.compile(r"^\(cid:(\d+)\)$")  # pdfminer's text for a code its font cannot map


@lru_cache(maxsize=256)
def font_encoding(fontname: str | None) -> LegacyEncoding | None:
    """The legacy encoding a font's name announces, or None for any other font."""
    if not fontname:
        return None
    name = _STYLE_SUFFIX.sub("", _SUBSET_PREFIX.sub("", fontname.strip()))
    if _VNI_FONT.match(name):
        return "vni"
    if _TCVN3_FONT.match(name):
        return "tcvn3-capitals" if name.endswith("H") else "tcvn3"
    return None


def detect_legacy_encoding(text: str, font_names: Iterable[str | None] = ()) -> LegacyEncoding | None:
    """The encoding `text` is in: the one most of its fonts announce, else a content guess, else None."""
    announced = Counter(e for e in map(font_encoding, font_names) if e is not None)
    if announced:
        return announced.most_common(1)[0][0]
    return guess_legacy_encoding(text)


def guess_legacy_encoding(text: str) -> LegacyEncoding | None:
    """The legacy reading under which `text` (Windows-1252 characters) becomes good Vietnamese, if any."""
    sample = text[:GUESS_SAMPLE_CHARS]
    if not is_eight_bit(sample) or sample.isascii():
        return None
    scores = {encoding: vietnamese_score(decode_legacy(sample, encoding)) for encoding in CONTENT_ENCODINGS}
    best = max(scores, key=lambda encoding: scores[encoding])
    if scores[best] >= MIN_GUESS_SCORE and scores[best] - vietnamese_score(sample) >= MIN_GUESS_GAIN:
        return best
    return None


def is_eight_bit(text: str) -> bool:
    """True when every character is one a legacy font could have produced (a Windows-1252 byte)."""
    byte_of = _byte_of_char()
    return all(char in byte_of for char in text)


def decode_legacy(text: str, encoding: LegacyEncoding) -> str:
    """`text`, whose characters stand for bytes of `encoding`, as Unicode NFC."""
    return unicodedata.normalize("NFC", "".join(decode_units(list(text), encoding)))


def decode_bytes(data: bytes, encoding: LegacyEncoding) -> str:
    """A legacy-encoded file's bytes as Unicode NFC."""
    return decode_legacy(eight_bit_text(data), encoding)


def eight_bit_text(data: bytes) -> str:
    """Bytes as Windows-1252 characters (its five undefined bytes as the Latin-1 control characters),
    the form in which legacy text reaches us from PDFs and Word files."""
    return data.decode("latin-1").translate(_latin1_to_cp1252())


def decode_units(units: Sequence[str], encoding: LegacyEncoding) -> list[str]:
    """Decode a sequence of characters (a PDF's glyphs, one per unit) keeping one output per unit.

    VNI writes a letter as a base and a mark glyph: the base's unit gets the letter and the mark's
    unit becomes "" (the caller drops it), so glyph boxes stay aligned with the text. Output is not
    NFC-normalised: TCVN3's combining marks (B0-B4) stay separate units until the caller joins them.
    """
    if encoding == "vni":
        return _decode_vni_units(units)
    table = _tcvn3_table(encoding)
    chars = [_char_for_unit(unit) for unit in units]
    return [table.get(char, char) for char in chars]


def decode_pdf_chars(chars: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """A page's pdfplumber chars with the text of legacy-font chars in Unicode; None if there are none.

    Runs of consecutive chars in one font are decoded together (VNI needs the next glyph). A font
    whose chars already include non-8-bit letters has a Unicode text layer despite its name: kept.
    """
    if not any(font_encoding(font) for font in {char.get("fontname") for char in chars}):
        return None
    runs = _font_runs(chars)
    converted: list[dict[str, Any]] = []
    for encoding, run in runs:
        texts = [char["text"] for char in run]
        if encoding is None or not is_eight_bit("".join(_char_for_unit(t) for t in texts)):
            converted.extend(run)
            continue
        for char, text in zip(run, decode_units(texts, encoding)):
            if text:
                converted.append({**char, "text": text})
            elif converted:  # a VNI mark glyph: the letter's box reaches over it
                _widen(converted[-1], char)
    return converted


def _widen(letter: dict[str, Any], mark: dict[str, Any]) -> None:
    """Stretch a letter's box over its mark glyph, so no gap is left where the mark was (a gap
    would read as a space between words)."""
    letter["x1"] = max(letter["x1"], mark["x1"])
    if "width" in letter:
        letter["width"] = letter["x1"] - letter["x0"]


def _font_runs(chars: list[dict[str, Any]]) -> list[tuple[LegacyEncoding | None, list[dict[str, Any]]]]:
    runs: list[tuple[LegacyEncoding | None, list[dict[str, Any]]]] = []
    previous_font = object()
    for char in chars:
        font = char.get("fontname")
        if font != previous_font:
            runs.append((font_encoding(font), []))
            previous_font = font
        runs[-1][1].append(char)
    return runs


def _char_for_unit(unit: str) -> str:
    """pdfminer writes "(cid:184)" for a code with no Unicode mapping: in a legacy font, that is byte 184."""
    match = _PDF_CID.match(unit) if len(unit) > 1 else None
    if match and int(match.group(1)) < 256:
        return eight_bit_text(bytes([int(match.group(1))]))
    return unit


def _decode_vni_units(units: Sequence[str]) -> list[str]:
    table = _vni_table()
    out: list[str] = []
    index = 0
    while index < len(units):
        unit = _char_for_unit(units[index])
        following = _char_for_unit(units[index + 1]) if index + 1 < len(units) else ""
        pair = _vni_pair(unit, following, table)
        if pair is not None:
            out += [pair, ""]
            index += 2
            continue
        out.append(table.get(unit, unit))
        index += 1
    return out


def _vni_pair(base: str, mark: str, table: dict[str, str]) -> str | None:
    """The letter a base and a mark glyph make; the mark's case may differ from the base's
    (a capital typed before a lower-case mark still draws "Ủ"), the base's case wins."""
    if not mark or not base.isalpha():
        return None
    for candidate in (mark, mark.upper() if base.isupper() else mark.lower()):
        letter = table.get(base + candidate)
        if letter is not None:
            return letter
    return None


@lru_cache(maxsize=None)
def _tcvn3_table(encoding: LegacyEncoding) -> dict[str, str]:
    """Character (as a legacy font's text reaches us) -> Unicode, for one TCVN3 reading."""
    column = TCVN3_COLUMNS[encoding]
    table: dict[str, str] = {}
    for row in read_legacy_table("tcvn3.tsv"):
        if row[column]:
            for char in _chars_of_byte(int(row["byte"], 16)):
                table[char] = row[column]
    return table


@lru_cache(maxsize=1)
def _vni_table() -> dict[str, str]:
    """VNI sequence (one or two Windows-1252 characters) -> Unicode letter."""
    return {row["vni"]: row["letter"] for row in read_legacy_table("vni.tsv")}


@lru_cache(maxsize=1)
def _byte_of_char() -> dict[str, int]:
    """Every character a legacy byte may reach us as (see `_chars_of_byte`) -> the byte."""
    return {char: byte for byte in range(256) for char in _chars_of_byte(byte)}


def _chars_of_byte(byte: int) -> set[str]:
    """A byte's Windows-1252 character, its Latin-1 one (PDF producers differ for 80-9F) and its
    symbol-font form U+F0xx (Word stores runs of symbol-charset fonts there)."""
    chars = {chr(byte), chr(0xF000 + byte)}
    try:
        chars.add(bytes([byte]).decode("cp1252"))
    except UnicodeDecodeError:
        pass
    return chars


@lru_cache(maxsize=1)
def _latin1_to_cp1252() -> dict[int, str]:
    table: dict[int, str] = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            continue
    return table


def read_legacy_table(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated table under data/legacy ('#' lines are comments, the first row names
    the columns)."""
    return tsv_rows("legacy", name)
