"""TCVN3 and VNI tables and decoders: checked against glibc iconv, against well-known mojibake written
out by hand, and for completeness over every Vietnamese letter."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from conftest import SEED_000, SEED_002

from kehoach_cli.ingest.legacy import (
    decode_bytes,
    decode_legacy,
    decode_pdf_chars,
    detect_legacy_encoding,
    font_encoding,
    guess_legacy_encoding,
    read_legacy_table,
)

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
VOWELS = "a ă â e ê i o ô ơ u ư y".split()
# Every Vietnamese letter outside ASCII: 12 vowels x 6 tones minus the 5 plain ASCII vowels, plus đ,
# in both cases (134).
LETTERS = sorted({unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES} - set("aeiouy") | {"đ"})
ALL_LETTERS = set(LETTERS) | {letter.upper() for letter in LETTERS}

# The motto as it shows when a .VnTime / VNI-Times document is read without its font (typed by hand
# from the published code charts, not produced by the code under test).
MOTTO = "Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do - Hạnh phúc"
MOTTO_TCVN3 = "Céng hßa x· héi chñ nghÜa ViÖt Nam - §éc lËp - Tù do - H¹nh phóc"
MOTTO_VNI = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam - Ñoäc laäp - Töï do - Haïnh phuùc"

needs_iconv = pytest.mark.skipif(shutil.which("iconv") is None, reason="glibc iconv not installed")


def _iconv_tcvn() -> dict[int, str]:
    """iconv's reading of each byte, one call: bytes separated by newlines (so that its combining
    marks B0-B4 stay alone), 00 and 0A left out."""
    codes = [b for b in range(1, 256) if b != 0x0A]
    done = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
        input=b"\n".join(bytes([b]) for b in codes),
        capture_output=True,
        check=True,
    )
    return dict(zip(codes, done.stdout.decode("utf-8").split("\n"), strict=True))


def _tcvn3_rows() -> dict[int, dict[str, str]]:
    return {int(row["byte"], 16): row for row in read_legacy_table("tcvn3.tsv")}


def test_hand_typed_mojibake_decodes():
    assert decode_legacy(MOTTO_TCVN3, "tcvn3") == MOTTO
    assert decode_legacy(MOTTO_VNI, "vni") == MOTTO
    assert decode_legacy("céng hßa x· héi", "tcvn3-capitals") == "CỘNG HÒA XÃ HỘI"
    # VNI capitals, and a capital base typed before a lower-case mark glyph
    assert decode_legacy("ÑOÄC LAÄP - Uûy ban ngöôøi", "vni") == "ĐỘC LẬP - Ủy ban người"


@needs_iconv
def test_tcvn3_charset_reading_is_what_iconv_reads():
    for byte, expected in _iconv_tcvn().items():
        assert decode_bytes(bytes([byte]), "tcvn3-charset") == unicodedata.normalize("NFC", expected), f"{byte:02X}"


@needs_iconv
def test_tcvn3_fonts_differ_from_iconv_only_at_the_capitals_iconv_adds():
    """What ABC fonts (.VnTime) draw is VN3: iconv agrees on every letter a .VnTime font has, and
    reads as capitals with tone marks the bytes where the font has Windows punctuation (80-9F:
    “ ” – — ...), controls (01-17) or Latin-1 letters (AF, BA, BF, C0-C5...)."""
    rows = _tcvn3_rows()
    differing = []
    for byte, iconv_reading in _iconv_tcvn().items():
        if decode_bytes(bytes([byte]), "tcvn3") != unicodedata.normalize("NFC", iconv_reading):
            differing.append(byte)
            assert iconv_reading.isupper() and not rows[byte]["vntime"], f"byte {byte:02X}"
    assert len(differing) == 12 + 32 + 16  # the capitals with tone marks VN1 adds: all 60 of them
    assert decode_bytes(b"\x93K\xd5 ho\xb9ch\x94", "tcvn3") == "“Kế hoạch”"
    assert decode_bytes(b"\x93K\xd5 ho\xb9ch\x94", "tcvn3-charset") == "ỎKế hoạchÕ"


def test_tcvn3_tables_are_complete():
    rows = _tcvn3_rows()
    font_letters = {row["vntime"] for row in rows.values()} | {row["vntimeh"] for row in rows.values()}
    assert ALL_LETTERS <= font_letters | set("ý")  # ý (FD) is the Windows-1252 character itself
    assert ALL_LETTERS <= {row["tcvn5712"] for row in rows.values()} | set("ý")
    for row in rows.values():
        assert (
            not row["vntimeh"]
            or row["vntimeh"] == (row["vntime"] or bytes([int(row["byte"], 16)]).decode("cp1252")).upper()
        )


def test_vni_table_is_complete_and_decodes_every_letter():
    rows = read_legacy_table("vni.tsv")
    assert {row["letter"] for row in rows} == ALL_LETTERS
    assert len({row["vni"] for row in rows}) == len(rows)  # no two letters share a spelling
    for row in rows:
        assert decode_legacy(row["vni"], "vni") == row["letter"]
        assert decode_legacy(f"x{row['vni']}x", "vni") == f"x{row['letter']}x"


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        (".VnTime", "tcvn3"),
        ("ABCDEF+.VnTimeH,Bold", "tcvn3-capitals"),
        (".VnArialH", "tcvn3-capitals"),
        ("VnTime-Italic", "tcvn3"),
        (".VnCentury Schoolbook", "tcvn3"),
        ("VNI-Times", "vni"),
        ("QWERTY+VNI-Helve-Bold", "vni"),
        ("TimesNewRomanPSMT", None),
        ("DejaVuSerif-Bold", None),
        (None, None),
    ],
)
def test_font_names(name, encoding):
    assert font_encoding(name) == encoding


def test_detection_prefers_fonts_then_content():
    assert detect_legacy_encoding("abc", [".VnTime", ".VnTime", "Arial"]) == "tcvn3"
    assert detect_legacy_encoding(MOTTO_TCVN3) == "tcvn3"
    assert detect_legacy_encoding(MOTTO_VNI) == "vni"
    assert detect_legacy_encoding(MOTTO) is None  # Unicode text is never re-read
    assert detect_legacy_encoding("Plain English text, nothing to convert.") is None


@pytest.mark.parametrize("seed", [SEED_000, SEED_002])
def test_unicode_and_english_ocr_text_are_not_taken_for_legacy(seed):
    """Seed 002 is English-OCR'd Vietnamese, full of é, ô, ¢ that a legacy reading would turn into
    marked letters: it must stay for restoration, not be "decoded"."""
    assert guess_legacy_encoding(seed.read_text(encoding="utf-8")) is None


def _char(text: str, font: str, x0: float) -> dict:
    return {"text": text, "fontname": font, "x0": x0, "x1": x0 + 5, "top": 0.0, "bottom": 10.0}


def test_pdf_chars_decode_per_font_and_vni_marks_merge_into_their_base():
    chars = [_char("ñ", "AAAAAA+.VnTimeH", 0)]
    chars += [_char(c, "AAAAAA+.VnTime", 10 + i) for i, c in enumerate([*"y ban ", "(cid:184)"])]
    chars += [_char(c, "BBBBBB+VNI-Times", 30 + i) for i, c in enumerate(" ngöôøi")]
    chars += [_char(c, "Arial", 50 + i) for i, c in enumerate(" é")]
    decoded = decode_pdf_chars(chars)
    assert "".join(c["text"] for c in decoded) == "Ủy ban á người é"
    assert [c["x0"] for c in decoded if c["text"] == "ờ"] == [34]  # the base's box, the mark's dropped


def test_pdf_chars_of_a_legacy_named_font_with_a_unicode_layer_are_kept():
    chars = [_char(c, ".VnTime", i) for i, c in enumerate("Cộng hòa")]
    assert [c["text"] for c in decode_pdf_chars(chars)] == list("Cộng hòa")
    assert decode_pdf_chars([_char("a", "Arial", 0)]) is None
