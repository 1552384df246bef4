"""Repair of text read by tesseract's Vietnamese model (restore.repair_ocr_text, pipeline.restore_document):
tone marks here; letters and marks of a word also in test_ocr_repair.py.

The misread lines are tesseract's output on the scan samples (kon-tum-501-scan, -variant-scan) and,
where marked, on real scans of ../shared/real.
"""

from __future__ import annotations

import pytest

from kehoach_cli.ingest import IngestedDocument, PageText, Table
from kehoach_cli.models import Quality
from kehoach_cli.pipeline import restore_document
from kehoach_cli.restore import repair_ocr_text
from kehoach_cli.restore.cells import rejoin_strays
from kehoach_cli.restore.decoder import Decoder, native_loop
from kehoach_cli.restore.model import default_model
from kehoach_cli.restore.tokens import split_text


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (
            "Theo để nghị, hướng dẫn của các Bộ, ngành liên quan.",
            "Theo đề nghị, hướng dẫn của các Bộ, ngành liên quan.",
        ),
        ("tăng cường việc thực hiện quyển trẻ em.", "tăng cường việc thực hiện quyền trẻ em."),
        ("Sở Lao động - Thương bỉnh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Nghiên cứu, góp ý sửa đổi điểu khoản bảo lưu", "Nghiên cứu, góp ý sửa đổi điều khoản bảo lưu"),
        ("bối dưỡng năng lực cho giáo viên", "bồi dưỡng năng lực cho giáo viên"),
        ("được bảo tổn bản sắc của mình", "được bảo tồn bản sắc của mình"),
        ("xử lý vi phạm hành chính, vấn để nuôi con nuôi.", "xử lý vi phạm hành chính, vấn đề nuôi con nuôi."),
        # issue 15: real scans of ../shared/real (document and page named), slips of a letter or mark
        # lamdong_ttr91_kh_kmt_2026_scan.pdf p. 7 and 13: agency names
        ("Ẵe) Sở Giúo dục và Đảo tạo", "Ẵe) Sở Giáo dục và Đào tạo"),
        ("c) Sở V tế", "c) Sở Y tế"),
        # the same scan, p. 10: a dropped tone under a circumflex
        (
            "- Khân trương nghiên cứu, đổi mới, nâng cao hiệu quả công tác cai",
            "- Khẩn trương nghiên cứu, đổi mới, nâng cao hiệu quả công tác cai",
        ),
        (
            "nghiệp cho người tham gia cai nghiện ma túy, phù hợp với từng lứa tuôi và nhu",
            "nghiệp cho người tham gia cai nghiện ma túy, phù hợp với từng lứa tuổi và nhu",
        ),
        # bca_kh996_kiemsoat_matuy_2026_scan.pdf p. 2: a letter lost
        (
            "doanh có hoạt động hợp pháp liên quan đến ma túy nhằm đảm bảo hoàn hành các",
            "doanh có hoạt động hợp pháp liên quan đến ma túy nhằm đảm bảo hoàn thành các",
        ),
        # quangngai_ct16_2021_tet_scan.pdf p. 8 and quangngai_qd84_kh_trandau_scan.pdf p. 1: a mark misread
        (
            "phạm tham những, kinh tế, buôn lậu, gian lận thương mại, hàng giả, an toàn",
            "phạm tham nhũng, kinh tế, buôn lậu, gian lận thương mại, hàng giả, an toàn",
        ),
        ("Về việc phê duyệt Kế hoạch ứng phó sự có tràn dầu", "Về việc phê duyệt Kế hoạch ứng phó sự cố tràn dầu"),
    ],
)
def test_a_misread_tone_letter_or_mark_is_put_right(read, meant):
    assert repair_ocr_text(read).text == meant


@pytest.mark.parametrize(
    "right",
    [
        "liên quan để tăng cường việc thực hiện quyền trẻ em.",
        "Để triển khai thực hiện, các sở báo cáo Ủy ban nhân dân tỉnh Kon Tum.",
        "Xây dựng kế hoạch đầu tư công, hợp tác công tư (PPP) theo quy định của pháp luật;",
        # names, codes, Latin words and rare words near commoner syllables (issue 15)
        # laocai_sct_phieutrinh_engocr.pdf p. 1: a commune's name one letter from a commoner syllable (Sen)
        "đào đá các hạng mục công trình Thủy điện Ngòi Nhù 1A, xã Chiềng Ken, tỉnh",
        "Số: 91/TTr-CAT-PC04 ngày 03/02/2026 của Công an tỉnh",
        "Kế hoạch số 2126/KH-UBND ngày 15/8/2025 của UBND tỉnh",
        "thực hiện nghiêm các quy định về phòng, chống dịch Covid-19,",
        "UBND các xã Đạ Huoai, Đạ Tẻh, Cát Tiên, Đắk Mil, Đắk R Lấp",
        "đăng tải trên Cổng thông tin điện tử, fanpage, Zalo, Facebook và các ứng dụng online",
        "các loại ma túy mới như thuốc lắc, ke, nước vui, bóng cười, tem giấy, cỏ Mỹ",
        "b) Tổ chức sơ kết, tổng kết, rút kinh nghiệm",
    ],
)
def test_right_text_names_and_codes_are_left_alone(right):
    assert repair_ocr_text(right).text == right


@pytest.mark.parametrize(
    "native",
    [pytest.param(True, marks=pytest.mark.skipif(native_loop is None, reason="compiled loop not built")), False],
)
def test_the_tone_check_is_a_channel_of_the_decoder_in_both_loops(native):
    # One slip mended inside its sentence; the right sentences around it come back byte for byte, with
    # the compiled loop and with the numpy path alike.
    text = (
        "Để triển khai thực hiện, các sở báo cáo Ủy ban nhân dân tỉnh Kon Tum.\n"
        "Theo để nghị của Sở Tư pháp, hướng dẫn của các Bộ, ngành liên quan;\n"
        "liên quan để tăng cường việc thực hiện quyền trẻ em."
    )
    gaps, words = split_text(text)
    checked, confidence = Decoder(default_model(), native=native).decode_repairs(gaps, words)
    assert [(w, c) for w, c in zip(words, checked) if w != c] == [("để", "đề")]
    assert len(confidence) == len(words)


def test_only_tone_marks_change_and_case_is_kept():
    assert repair_ocr_text("THEO ĐỂ NGHỊ CỦA SỞ").text == "THEO ĐỀ NGHỊ CỦA SỞ"
    assert repair_ocr_text("Để nghị 27/QĐ-TTg ngày 03/01/2025").text.endswith("27/QĐ-TTg ngày 03/01/2025")


def test_ocr_pages_get_the_tone_check_and_stay_ocr_pages():
    page = PageText(
        number=1,
        text="Theo để nghị của Sở.",
        source="ocr",
        prose="Theo để nghị của Sở.",
        tables=[Table([["1", "Thực hiện quyển trẻ em", None]], (0, 0, 1, 1))],
    )
    document = IngestedDocument(path="x.pdf", sha256="0", kind="pdf", pages=[page])
    restored, quality = restore_document(document, Quality())
    (page,) = restored.pages
    assert (page.source, page.text, page.prose) == ("ocr", "Theo đề nghị của Sở.", "Theo đề nghị của Sở.")
    assert page.tables[0].rows == [["1", "Thực hiện quyền trẻ em", None]]
    assert quality.restored_tokens == 1


def test_the_eth_tesseract_prints_for_d_stroke_is_made_vietnamese():
    # corpus-ha-noi-310-scan: "Quyết định số 912/QĐÐ-BKHCN" (the second letter is U+00D0).
    assert repair_ocr_text("Quyết định số 912/QĐ\u00d0-BKHCN").text == "Quyết định số 912/QĐĐ-BKHCN"


def test_a_word_read_into_the_cell_below_goes_back_where_it_reads_right():
    # corpus-ha-noi-310-scan, appendix rows 3 and 4 as tesseract read them.
    rows = [
        ["3", "Xây dựng kế hoạch đầu tư công trong phạm vi quản lý\ntheo định của pháp luật", "Sở Tài chính"],
        ["4", "quy\nTổ chức triển khai thực hiện các dự án phát triển hạ tầng", "Các doanh nghiệp"],
    ]
    assert rejoin_strays(rows) == [
        ["3", "Xây dựng kế hoạch đầu tư công trong phạm vi quản lý\ntheo quy định của pháp luật", "Sở Tài chính"],
        ["4", "Tổ chức triển khai thực hiện các dự án phát triển hạ tầng", "Các doanh nghiệp"],
    ]


def test_a_short_first_line_that_fits_nowhere_above_stays():
    rows = [["1", "Tổ chức hội nghị\ntổng kết công tác", "Sở Nội vụ"], ["2", "và\nTổ chức kiểm tra", None]]
    assert rejoin_strays(rows) == rows


def test_a_stray_word_is_put_back_before_its_tone_is_checked():
    # Alone on its line "quy" reads as "quỹ"; back in "theo quy định" it is right.
    page = PageText(
        number=1,
        text="",
        source="ocr",
        tables=[
            Table(
                [
                    ["3", "Xây dựng kế hoạch trong phạm vi quản lý\ntheo định của pháp luật"],
                    ["4", "quy\nTổ chức triển khai thực hiện các dự án"],
                ],
                (0, 0, 1, 1),
            )
        ],
    )
    restored, _ = restore_document(IngestedDocument(path="x.pdf", sha256="0", kind="pdf", pages=[page]), Quality())
    assert restored.pages[0].tables[0].rows[0][1].endswith("theo quy định của pháp luật")
