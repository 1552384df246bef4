"""Repair of text tesseract's Vietnamese model read, beyond tone marks (restore.repair_ocr_text, issue 15);
the real lines it repairs and leaves alone are in test_tones.py.

The lines here are tesseract's output on real scans of ../shared/real (document and page named). The
repair comes from the syllable grammar and the model (neighbours.py, CandidateGenerator.repair_options),
never from a list of these words.
"""

from __future__ import annotations

import pytest

from kehoach_cli.ingest import IngestedDocument, PageText
from kehoach_cli.models import Quality
from kehoach_cli.pipeline import restore_document
from kehoach_cli.restore import repair_ocr_text
from kehoach_cli.restore.candidates import CandidateGenerator
from kehoach_cli.restore.decoder import Decoder, native_loop
from kehoach_cli.restore.model import default_model
from kehoach_cli.restore.neighbours import LETTER_EDIT, MARK_EDIT, Neighbours, spelling
from kehoach_cli.restore.tokens import split_text


def test_a_word_next_to_unreadable_ocr_keeps_its_letters():
    # lamdong_ttr409_hoidong_matuy_scan.pdf p. 4 (100 dpi): "Thàâch viên" is Thành viên; next to the
    # unreadable word the LM would make it "liên" (liên hệ).
    line = "b ntỉnh Thàâch viên Hệ 9202 4"
    assert repair_ocr_text(line).text == line


def test_a_mark_edit_costs_less_than_a_letter_edit():
    assert spelling("đâu") == "d\u0335a\u0302u"
    index = Neighbours([(1, "đầu"), (2, "dâu"), (3, "đau"), (4, "đâm")])
    near = {n.spelling: (n.cost, n.letter) for n in index.near("đâu")}
    assert near[spelling("dâu")] == (MARK_EDIT, False)
    assert near[spelling("đau")] == (MARK_EDIT, False)
    assert near[spelling("đâm")] == (LETTER_EDIT, True)
    assert near[spelling("đâu")] == (0.0, False)  # the tone variant đầu, under its toneless spelling


def test_abbreviations_and_words_with_digits_get_the_tone_check_only():
    gen = CandidateGenerator(default_model())
    assert gen.repair_options("UBND") == gen.tone_options("UBND")
    assert gen.repair_options("TTr") == gen.tone_options("TTr")
    assert gen.repair_options("PC04") == gen.tone_options("PC04")


def test_repairs_are_counted_as_restored_tokens():
    page = PageText(number=1, text="c) Sở V tế\nĐể nghị Sở Giúo dục và Đào tạo", source="ocr")
    document = IngestedDocument(path="x.pdf", sha256="0", kind="pdf", pages=[page])
    restored, quality = restore_document(document, Quality())
    assert restored.pages[0].text == "c) Sở Y tế\nĐề nghị Sở Giáo dục và Đào tạo"
    assert quality.restored_tokens == 3


@pytest.mark.skipif(native_loop is None, reason="compiled loop not built")
def test_the_compiled_loop_and_the_numpy_path_repair_alike():
    # Real lines (lamdong_ttr91 p. 7, 10, 13; bca_kh996 p. 2) with slips of a letter, a mark and a tone.
    text = (
        "Ẵe) Sở Giúo dục và Đảo tạo\n- Khân trương nghiên cứu, đổi mới, nâng cao hiệu quả công tác cai\n"
        "c) Sở V tế\ndoanh có hoạt động hợp pháp liên quan đến ma túy nhằm đảm bảo hoàn hành các"
    )
    gaps, words = split_text(text)
    fast = Decoder(default_model(), native=True).decode_repairs(gaps, words)
    slow = Decoder(default_model(), native=False).decode_repairs(gaps, words)
    assert fast == slow
    assert sum(a != b for a, b in zip(words, fast[0])) == 5


def test_a_word_that_cannot_stand_as_written_is_not_kept_for_free():
    # lamdong_ttr91_kh_kmt_2026_scan.pdf p. 9 and 2: "trnh" (no vowel) and "frường" (no syllable starts with
    # "fr") cannot be Vietnamese as read; kept, they cost the decoder nothing and stayed.
    assert repair_ocr_text("b) Bộ Chỉ huy quân sự trnh chỉ đạo lực lượng").text == (
        "b) Bộ Chỉ huy quân sự tỉnh chỉ đạo lực lượng"
    )
    gen = CandidateGenerator(default_model())
    ids, scores = gen.repair_options("trnh")
    assert scores[0] < 0  # keeping it has a cost
    kept = gen.repair_options("Zalo")  # a foreign word has vowels and no marks: kept at no cost
    assert kept is None or kept[1][0] == 0.0
