"""Text files in every encoding Vietnamese plans are saved in, through `kehoach text`.

The fixtures are the Kon Tum plan text written out in each encoding; the decoded output must be the
plan text itself (NFC), whatever the bytes were.
"""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from conftest import SAMPLES

PLAN = (SAMPLES / "kon-tum-501.plan.txt").read_text(encoding="utf-8")
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: a letter with a tone mark is its base letter (with its vowel
    mark, â ơ ư ...) followed by the tone as a combining character, unless the code page has it whole."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out += (base + "".join(c for c in parts if c in TONE_MARKS)).encode("cp1258")
    return bytes(out)


def vni(text: str) -> bytes:
    """The plan as a VNI-Times typist's file: letters spelled with VNI's mark characters."""
    from kehoach_cli.ingest.legacy import read_legacy_table

    spelling = {row["letter"]: row["vni"] for row in read_legacy_table("vni.tsv")}
    return "".join(spelling.get(char, char) for char in text).encode("cp1252")


ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-8 decomposed (NFD)": lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
    "utf-16 LE with BOM": lambda text: text.encode("utf-16"),
    "utf-16 BE with BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "windows-1258": windows_1258,
    "vni": vni,
    # a TCVN3 file once converted as if it were Latin-1 ("Thùc hiÖn" in UTF-8)
    "tcvn3 read as latin-1, saved as utf-8": lambda text: (
        (SAMPLES / "kon-tum-501.tcvn3.txt").read_bytes().decode("latin-1").encode("utf-8")
    ),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_every_encoding_reads_as_the_plan(kehoach, tmp_path, encoding):
    data = ENCODINGS[encoding](PLAN)
    if encoding not in ("utf-8", "utf-8 with BOM"):
        assert data != PLAN.encode("utf-8")
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    run = kehoach("text", path)
    assert run.code == 0, run.stderr
    assert run.text == PLAN
    assert path.read_bytes() == data


def test_windows_1258_fixture_really_has_separate_tone_marks():
    data = windows_1258("Kế hoạch")
    assert data == b"K\xea\xec hoa\xf2ch"  # ê + U+0301, a + U+0323


def test_a_short_windows_1258_line_is_read(kehoach, tmp_path):
    """Before Windows-1258 support this was the 'not UTF-8' example of tests/test_bad_input.py."""
    path = tmp_path / "latin1.txt"
    path.write_bytes("Kê hoach nãm".encode("latin-1"))
    run = kehoach("text", path)
    assert run.code == 0, run.stderr
    assert run.text == "Kê hoach năm\n"


@pytest.mark.parametrize(
    ("name", "data", "cause"),
    [
        (
            "german.txt",
            "Größe und Übermaß, schön".encode("latin-1"),
            "is not UTF-8 text (undecodable byte at offset 2)",
        ),
        ("odd.txt", codecs.BOM_UTF16_LE + "Kế hoạch".encode("utf-16-le")[:-1], "is not UTF-16 text"),
        ("binary.txt", bytes(range(256)) * 4, "nor Vietnamese in UTF-16, Windows-1258, TCVN3 or VNI"),
    ],
)
def test_text_in_no_known_encoding_is_one_clear_error(kehoach, tmp_path, name, data, cause):
    path = tmp_path / name
    path.write_bytes(data)
    run = kehoach("text", path)
    assert run.code == 1 and run.stdout == b""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and cause in lines[0], run.stderr
