"""Tone check of text read by tesseract's Vietnamese model (restore.retone_text, pipeline.restore_document).

The misread lines are tesseract's output on the scan samples (kon-tum-501-scan, -variant-scan).
"""

from __future__ import annotations

import pytest

from kehoach_cli.ingest import IngestedDocument, PageText, Table
from kehoach_cli.models import Quality
from kehoach_cli.pipeline import restore_document
from kehoach_cli.restore import retone_text
from kehoach_cli.restore.cells import rejoin_strays
from kehoach_cli.restore.decoder import Decoder, native_loop
from kehoach_cli.restore.model import default_model
from kehoach_cli.restore.tokens import split_text


@pytest.mark.parametrize(("read", "meant"), [
    ("Theo để nghị, hướng dẫn của các Bộ, ngành liên quan.", "Theo đề nghị, hướng dẫn của các Bộ, ngành liên quan."),
    ("tăng cường việc thực hiện quyển trẻ em.", "tăng cường việc thực hiện quyền trẻ em."),
    ("Sở Lao động - Thương bỉnh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ("Nghiên cứu, góp ý sửa đổi điểu khoản bảo lưu", "Nghiên cứu, góp ý sửa đổi điều khoản bảo lưu"),
    ("bối dưỡng năng lực cho giáo viên", "bồi dưỡng năng lực cho giáo viên"),
    ("được bảo tổn bản sắc của mình", "được bảo tồn bản sắc của mình"),
    ("xử lý vi phạm hành chính, vấn để nuôi con nuôi.", "xử lý vi phạm hành chính, vấn đề nuôi con nuôi."),
])
def test_a_misread_tone_is_put_right(read, meant):
    assert retone_text(read).text == meant


@pytest.mark.parametrize("right", [
    "liên quan để tăng cường việc thực hiện quyền trẻ em.",
    "Để triển khai thực hiện, các sở báo cáo Ủy ban nhân dân tỉnh Kon Tum.",
    "Xây dựng kế hoạch đầu tư công, hợp tác công tư (PPP) theo quy định của pháp luật;",
])
def test_right_text_is_left_alone(right):
    assert retone_text(right).text == right


@pytest.mark.parametrize("native", [
    pytest.param(True, marks=pytest.mark.skipif(native_loop is None, reason="compiled loop not built")), False])
def test_the_tone_check_is_a_channel_of_the_decoder_in_both_loops(native):
    # One slip mended inside its sentence; the right sentences around it come back byte for byte, with
    # the compiled loop and with the numpy path alike.
    text = ("Để triển khai thực hiện, các sở báo cáo Ủy ban nhân dân tỉnh Kon Tum.\n"
            "Theo để nghị của Sở Tư pháp, hướng dẫn của các Bộ, ngành liên quan;\n"
            "liên quan để tăng cường việc thực hiện quyền trẻ em.")
    gaps, words = split_text(text)
    checked, confidence = Decoder(default_model(), native=native).decode_tones(gaps, words)
    assert [(w, c) for w, c in zip(words, checked) if w != c] == [("để", "đề")]
    assert len(confidence) == len(words)


def test_only_tone_marks_change_and_case_is_kept():
    assert retone_text("THEO ĐỂ NGHỊ CỦA SỞ").text == "THEO ĐỀ NGHỊ CỦA SỞ"
    assert retone_text("Để nghị 27/QĐ-TTg ngày 03/01/2025").text.endswith("27/QĐ-TTg ngày 03/01/2025")


def test_ocr_pages_get_the_tone_check_and_stay_ocr_pages():
    page = PageText(number=1, text="Theo để nghị của Sở.", source="ocr", prose="Theo để nghị của Sở.",
                    tables=[Table([["1", "Thực hiện quyển trẻ em", None]], (0, 0, 1, 1))])
    document = IngestedDocument(path="x.pdf", sha256="0", kind="pdf", pages=[page])
    restored, quality = restore_document(document, Quality())
    (page,) = restored.pages
    assert (page.source, page.text, page.prose) == ("ocr", "Theo đề nghị của Sở.", "Theo đề nghị của Sở.")
    assert page.tables[0].rows == [["1", "Thực hiện quyền trẻ em", None]]
    assert quality.restored_tokens == 1


def test_the_eth_tesseract_prints_for_d_stroke_is_made_vietnamese():
    # corpus-ha-noi-310-scan: "Quyết định số 912/QĐÐ-BKHCN" (the second letter is U+00D0).
    assert retone_text("Quyết định số 912/QĐ\u00d0-BKHCN").text == "Quyết định số 912/QĐĐ-BKHCN"


def test_a_word_read_into_the_cell_below_goes_back_where_it_reads_right():
    # corpus-ha-noi-310-scan, appendix rows 3 and 4 as tesseract read them.
    rows = [["3", "Xây dựng kế hoạch đầu tư công trong phạm vi quản lý\ntheo định của pháp luật", "Sở Tài chính"],
            ["4", "quy\nTổ chức triển khai thực hiện các dự án phát triển hạ tầng", "Các doanh nghiệp"]]
    assert rejoin_strays(rows) == [
        ["3", "Xây dựng kế hoạch đầu tư công trong phạm vi quản lý\ntheo quy định của pháp luật", "Sở Tài chính"],
        ["4", "Tổ chức triển khai thực hiện các dự án phát triển hạ tầng", "Các doanh nghiệp"]]


def test_a_short_first_line_that_fits_nowhere_above_stays():
    rows = [["1", "Tổ chức hội nghị\ntổng kết công tác", "Sở Nội vụ"], ["2", "và\nTổ chức kiểm tra", None]]
    assert rejoin_strays(rows) == rows


def test_a_stray_word_is_put_back_before_its_tone_is_checked():
    # Alone on its line "quy" reads as "quỹ"; back in "theo quy định" it is right.
    page = PageText(number=1, text="", source="ocr", tables=[Table(
        [["3", "Xây dựng kế hoạch trong phạm vi quản lý\ntheo định của pháp luật"],
         ["4", "quy\nTổ chức triển khai thực hiện các dự án"]], (0, 0, 1, 1))])
    restored, _ = restore_document(IngestedDocument(path="x.pdf", sha256="0", kind="pdf", pages=[page]), Quality())
    assert restored.pages[0].tables[0].rows[0][1].endswith("theo quy định của pháp luật")
