"""bench/ocr_accuracy.py: its hand-checked reference is well-formed, and its syllable alignment counts right."""

from __future__ import annotations

import importlib.util
import sys
import unicodedata

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_ocr_accuracy", ROOT / "bench" / "ocr_accuracy.py")
bench = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)


def test_reference_is_nfc_with_fourteen_non_empty_pages():
    text = bench.REFERENCE.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    pages = bench.reference_pages()
    assert len(pages) == 14
    assert all(len(bench.syllables(page)) >= 200 for page in pages)
    assert bench.syllables(pages[0])[:4] == ["ỦY", "BAN", "NHÂN", "DÂN"]
    assert bench.syllables(pages[-1])[-2:] == ["VT", "NC"]


def test_syllables_strip_punctuation_but_keep_numbers_whole():
    assert bench.syllables("- Thực hiện Nghị quyết số 50/NQ-CP (đảm bảo...); “không ma tuý”.") == [
        "Thực",
        "hiện",
        "Nghị",
        "quyết",
        "số",
        "50/NQ-CP",
        "đảm",
        "bảo",
        "không",
        "ma",
        "tuý",
    ]


def test_alignment_counts_substitutions_deletions_insertions():
    reference = "Tăng cường công tác tuyên truyền, phòng ngừa tội phạm ma túy"
    output = "Tăng cưòng công tác tuyên truyền phòng ngừa ngừa tội phạm túy"
    score = bench.score_page(2, reference, output)
    assert (score.n, score.subs, score.dels, score.ins) == (12, 1, 1, 1)
    assert abs(score.accuracy - (1 - 3 / 12)) < 1e-9
    assert [(ref, out) for _, ref, out, _ in score.slips] == [(["cường"], ["cưòng"]), ([], ["ngừa"]), (["ma"], [])]


def test_case_and_tone_placement():
    score = bench.score_page(3, "Ủy ban hòa giải CÔNG AN", "Uỷ ban hoà giải Công An")
    assert (score.subs, score.errors_nocase) == (2, 0)
    strict = bench.score_page(3, "Ủy ban hòa giải", "Uỷ ban hoà giải", strict_tone=True)
    assert strict.subs == 2


def test_whole_scan_output_is_cut_to_pages_two_to_fifteen():
    pages = [f"trang {n}" for n in range(1, 16)]
    assert bench.split_pages("\f".join(pages) + "\f") == pages[1:]
    assert bench.split_pages("\f".join(pages[1:])) == pages[1:]
