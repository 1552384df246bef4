"""bench/ingest.py: the syllable accuracy of measure 4, in order and with moved blocks."""

from __future__ import annotations

import importlib.util
import sys

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_ingest", ROOT / "bench" / "ingest.py")
bench = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)


def test_a_footnote_printed_at_the_foot_of_its_page_counts_as_read_when_moved():
    reference = "thân bài một hai chú thích ở cuối ba bốn năm".split()
    page = "thân bài một hai ba bốn năm chú thích ở cuối".split()
    result = bench.compare_syllables(reference, page)
    assert (result.in_order, result.moved, result.size) == (8, 3, 11)  # the body's end moves, or the note
    assert result.share(moved=True) == 1.0


def test_two_syllables_out_of_place_do_not_move():
    reference = "một hai ba bốn năm sáu bảy".split()
    page = "một hai năm sáu bảy ba bốn".split()  # "ba bốn" could be anywhere by chance
    result = bench.compare_syllables(reference, page)
    assert (result.in_order, result.moved) == (5, 0)


def test_misread_syllables_are_lost_whichever_way_they_are_counted():
    reference = "ủy ban về quyền trẻ em".split()
    read = "uy ban vé quyen tré em".split()
    result = bench.compare_syllables(reference, read)
    assert (result.in_order, result.moved) == (2, 0)


def test_syllables_are_lowercase_nfc_words_without_digits():
    assert bench.syllables("Ủy ban 27/QĐ-TTg, ngày 03") == ["ủy", "ban", "qđ", "ttg", "ngày"]
