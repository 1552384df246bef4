"""Structure stage on small hand-made pages: the rules that real documents exercise."""

from __future__ import annotations

import pytest

from kehoach_cli.ingest import PageText
from kehoach_cli.records import canonical_agency
from kehoach_cli.structure import structure_document
from kehoach_cli.structure.outline import agency_head
from kehoach_cli.structure.tables import cell_paragraphs
from kehoach_cli.timeline import timeline_kind


def plan_of(text: str):
    return structure_document([PageText(number=1, text=text, source="text")])


def test_damaged_header_still_names_issuer_and_place():
    plan = plan_of(
        " TỈNH KON TUM Độc lập - Tự do - Hạnh phúc\n"
        "Số: 501 /KH-UBND Kon Tum, ngày /7 tháng 02 năm 2025\nKẾ HOẠCH\nTriển khai\n"
    )
    meta = plan.metadata
    assert (meta.doc_number, meta.issuer, meta.province, meta.place) == (
        "501/KH-UBND",
        "Ủy ban nhân dân tỉnh Kon Tum",
        "Kon Tum",
        "Kon Tum",
    )
    # The "1" of "17" read as "/": the day is repaired, and the warning says so.
    assert meta.issued_date == "2025-02-17"
    assert "issued date read through OCR damage: 'ngày /7 tháng 02 năm 2025' taken as 2025-02-17" in plan.warnings


def test_a_day_that_is_no_number_is_left_out():
    plan = plan_of("Số: 501/KH-UBND Kon Tum, ngày ./. tháng 02 năm 2025\nKẾ HOẠCH\nTriển khai\n")
    assert plan.metadata.issued_date is None
    assert "issued date is unreadable: 'ngày ./. tháng 02 năm 2025'" in plan.warnings


def test_city_issuer_and_iso_date():
    plan = plan_of(
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "THÀNH PHỐ ĐÀ NẴNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/KH-UBND Đà Nẵng, ngày 5 tháng 3 năm 2025\n"
    )
    meta = plan.metadata
    assert (meta.issuer, meta.province, meta.issued_date) == (
        "Ủy ban nhân dân thành phố Đà Nẵng",
        "Đà Nẵng",
        "2025-03-05",
    )


def test_roman_sections_need_order_and_capitals():
    plan = plan_of(
        "I. MỤC ĐÍCH\nNội dung.\nV. Điều này không phải đề mục\nII. NHIỆM VỤ\nIV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Y tế: Làm việc A.\n"
    )
    assert [(s.numeral, s.title) for s in plan.sections[1:]] == [
        ("I", "MỤC ĐÍCH"),
        ("II", "NHIỆM VỤ"),
        ("IV", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert [(t.stt, t.lead_agency, t.task) for t in plan.tasks] == [("1", "Sở Y tế", "Làm việc A.")]


def test_cell_paragraphs_split_bullets_only_after_a_full_stop():
    cell = "- Tuyên truyền sâu rộng Quyết định\nsố 27/QĐ-TTg.\n- Truyền thông về Luật\nTrẻ em; phòng, chống\n- xâm hại"
    assert cell_paragraphs(cell) == (
        "- Tuyên truyền sâu rộng Quyết định số 27/QĐ-TTg.\n- Truyền thông về Luật Trẻ em; phòng, chống - xâm hại"
    )


def test_timeline_kinds():
    assert timeline_kind("Thường xuyên hằng năm") == "recurring"
    assert timeline_kind("Hằng năm") == "annual"
    assert timeline_kind("Theo đề nghị, hướng dẫn của các Bộ, ngành liên quan") == "on_request"
    assert timeline_kind("Trước ngày 30/11 hằng năm") == "deadline"
    assert timeline_kind("Quý II/2025") == "deadline"
    assert timeline_kind("2025 - 2030") == "period"
    assert timeline_kind("Năm 2025") == "period"
    assert timeline_kind(None) == "unknown"


def test_agency_gazetteer_matches_abbreviations_and_ocr_slips():
    assert canonical_agency("Sở LĐTBXH").canonical == "Sở Lao động - Thương binh và Xã hội"
    assert canonical_agency("Sở Lao động - Thương bỉnh và Xã hội").canonical == "Sở Lao động - Thương binh và Xã hội"
    assert canonical_agency("Ủy ban nhân dân các huyện, thành phố").successors == ("UBND các xã, phường, đặc khu",)
    assert canonical_agency("Sở Thông tin và Truyền thông").successors == (
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
    )
    assert canonical_agency("Các sở, ban, ngành liên quan") is None


def test_misspelt_citations_of_one_instrument_are_merged():
    plan = plan_of(
        "KẾ HOẠCH\nVề việc\n\nThực hiện Quyết định số 27/Oa-T ngày 03/01/2025 và Quyết định số 27/QĐ-TTg "
        "ngày 03/01/2025 của Thủ tướng Chính phủ; Quyết định số 27/QP-TTg; Nghị định số 45/2025/NĐ-CP.\n"
        "I. MỤC ĐÍCH\n"
    )
    assert [b["number"] for b in plan.metadata.legal_bases] == ["27/QĐ-TTg", "45/2025/NĐ-CP"]


def test_ocr_damaged_roman_headings_are_taken_only_in_order():
    plan = plan_of(
        "I. MỤC Đích, YÊU CẦU\nNội dung.\nII. NHIỆM VỤ\nI11. KINH PHÍ THỰC HIỆN\nNội dung.\n"
        "I1. Không phải đề mục\nIV. TỔ CHỨC THỰC HIỆN\n"
    )
    assert [(s.numeral, s.title) for s in plan.sections[1:]] == [
        ("I", "MỤC Đích, YÊU CẦU"),
        ("II", "NHIỆM VỤ"),
        ("III", "KINH PHÍ THỰC HIỆN"),
        ("IV", "TỔ CHỨC THỰC HIỆN"),
    ]


def test_a_roman_numeral_ocr_read_as_the_one_before_opens_the_next_section():
    """The Tờ trình 91 scan reads "III. GIẢI PHÁP ... PHÂN CÔNG NHIỆM VỤ" as "II.": its agency items were
    read as part of "II. CHỈ TIÊU" and lost."""
    plan = plan_of(
        "I. MỤC ĐÍCH, YÊU CẦU\nNội dung.\nII. CHỈ TIÊU\nĐạt 100%.\n"
        "II. GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ\n1. Sở Y tế: Làm việc A.\n"
    )
    assert [(s.numeral, s.title) for s in plan.sections[1:]] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "CHỈ TIÊU"),
        ("III", "GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ"),
    ]
    assert [(t.section, t.lead_agency) for t in plan.tasks] == [("III", "Sở Y tế")]


@pytest.mark.parametrize(
    "text, lead",
    [
        # a group's colon lists its members, then their duty
        (
            "Các Sở: Tài chính, Xây dựng, Nông nghiệp và Môi trường chủ trì rà soát.",
            "Các Sở: Tài chính, Xây dựng, Nông nghiệp và Môi trường",
        ),
        ("UBND các tỉnh: Tuyên Quang, Cao Bằng khẩn trương báo cáo.", "UBND các tỉnh: Tuyên Quang, Cao Bằng"),
        # a list closing on a group of its own ("các đơn vị, địa phương liên quan")
        (
            "Các Sở: Tài chính, Xây dựng; Thống kê tỉnh; các đơn vị, địa phương liên quan theo chức năng nhiệm vụ"
            " được giao thực hiện các nhiệm vụ sau đây:",
            "Các Sở: Tài chính, Xây dựng; Thống kê tỉnh; các đơn vị, địa phương liên quan",
        ),
        # the colon opens the duty itself
        ("UBND các xã, phường: Chủ trì, phối hợp với các đơn vị liên quan.", "UBND các xã, phường"),
        ("Chủ tịch UBND các xã, phường: Quyết định phê duyệt phương án xử lý tài sản.", "Chủ tịch UBND các xã, phường"),
        # the body asked to act leads, not the one asking; a clause that asks is no name
        (
            "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành tổ chức quán triệt Chỉ thị.",
            "Thủ trưởng các sở, ban, ngành",
        ),
        (
            "Doanh nghiệp, hộ kinh doanh khi nộp hồ sơ đề nghị cơ quan có thẩm quyền cấp phép thì phải nộp phí.",
            "Doanh nghiệp, hộ kinh doanh",
        ),
        # a gazetteer name is whole, however many small words it holds
        ("Hội Bảo vệ quyền trẻ em tỉnh chủ trì tổ chức tuyên truyền.", "Hội Bảo vệ quyền trẻ em tỉnh"),
        # "Báo cáo:" is a report, not the newspaper "Báo"
        ("Báo cáo: Chế độ báo cáo gồm báo cáo định kỳ và báo cáo đột xuất.", None),
        # "Bộ" before a lower-case word is the noun "set"
        ("Bộ chỉ số đánh giá được ban hành trong năm 2026.", None),
    ],
)
def test_agency_head_reads_members_and_ministries(text, lead):
    head = agency_head(text)
    assert (head.lead if head else None) == lead


def test_a_table_row_with_nothing_in_its_task_column_is_named_not_recorded():
    """A row of a task table whose task cell is empty ("2." | "1.002949" | "" | ... in a list of
    procedures whose task column is blank under its first row) gave a record with no task."""
    from kehoach_cli.ingest import Table
    from kehoach_cli.structure.tables import read_tables

    header = ["TT", "Mã hồ sơ", "Nội dung công việc", "Cơ quan thực hiện"]
    rows = [header, ["1", "1.003925", "Cấp mới số lưu hành thiết bị y tế", "Cục Hạ tầng và Thiết bị y tế"]]
    rows.append(["2", "1.002949", "", "Cục Hạ tầng và Thiết bị y tế"])
    page = PageText(1, "", "native", tables=[Table(rows, (0.0, 0.0, 0.0, 0.0))])
    found = read_tables([page])
    assert [task.stt for task in found.tasks] == ["1"]
    assert any("'2 |" in warning and "task cell is empty" in warning for warning in found.warnings)
