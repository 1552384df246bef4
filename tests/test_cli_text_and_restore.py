"""`kehoach text` and `kehoach restore` as filters in a pipe."""

from __future__ import annotations

import json
import unicodedata

from conftest import SEED_000


def test_text_prints_the_document(kehoach):
    run = kehoach("text", SEED_000)
    assert run.code == 0
    assert run.text.startswith(" KẾ HOẠCH")
    assert "IV. TỔ CHỨC THỰC HIỆN" in run.text


def test_text_separates_pages_with_form_feeds(kehoach, tmp_path):
    source = tmp_path / "two-pages.txt"
    source.write_text("KẾ HOẠCH\nTrang một\fTrang hai\n", encoding="utf-8")
    run = kehoach("text", source)
    assert run.text.split("\f") == ["KẾ HOẠCH\nTrang một", "Trang hai\n"]


def test_restore_empty_input_prints_nothing(kehoach):
    run = kehoach("restore", stdin=b"")
    assert run.code == 0 and run.stdout == b"" and run.stderr == ""


def test_restore_undecodable_input_is_a_clear_error(kehoach):
    run = kehoach("restore", stdin="Kê hoach".encode("latin-1"))
    assert run.code == 1 and run.stdout == b""
    assert run.stderr.strip() == "kehoach: error: <stdin>: is not UTF-8 text"


def test_restore_keeps_line_breaks_and_correct_text(kehoach):
    text = "Ủy ban nhân dân tỉnh\n\nSố: 501/KH-UBND\r\nHIV/AIDS\n"
    run = kehoach("restore", stdin=text.encode("utf-8"))
    assert run.code == 0
    assert run.text == text


def test_restore_normalises_to_nfc(kehoach):
    run = kehoach("restore", stdin=unicodedata.normalize("NFD", "Ủy ban nhân dân").encode("utf-8"))
    assert run.text == unicodedata.normalize("NFC", "Ủy ban nhân dân")


def test_restore_json_gives_tokens(kehoach):
    run = kehoach("restore", "--json", stdin="uy ban nhan dan".encode("utf-8"))
    detail = json.loads(run.text)
    assert set(detail) == {"text", "tokens"}
    for token in detail["tokens"]:
        assert {"start", "end", "original", "restored", "confidence"} <= set(token)


def test_restore_reads_a_file(kehoach, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Kế hoạch\n", encoding="utf-8")
    assert kehoach("restore", source).text == "Kế hoạch\n"
    missing = kehoach("restore", tmp_path / "nope.txt")
    assert missing.code == 1 and "nope.txt: cannot be read" in missing.stderr
