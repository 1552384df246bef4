"""Metadata details seen in the corpus plans: deadlines with "tháng", repeated citations, QH15 codes."""

from __future__ import annotations

from kehoach_cli.ingest import PageText
from kehoach_cli.structure import structure_document


def plan_of(text: str):
    return structure_document([PageText(number=1, text=text, source="text")])


def test_semiannual_and_annual_deadlines_written_with_thang():
    plan = plan_of("KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\nNội dung.\nII. TỔ CHỨC THỰC HIỆN\n"
                   "Các đơn vị định kỳ 6 tháng (trước ngày 10 tháng 6), hằng năm (trước ngày 05 tháng 12) và "
                   "đột xuất (khi có yêu cầu) tổng hợp báo cáo kết quả thực hiện.\n")
    assert [(d["frequency"], d["day"], d["month"]) for d in plan.metadata.reporting_deadlines] == [
        ("semiannual", 10, 6), ("annual", 5, 12)]


def test_a_later_mention_completes_a_citation_and_assembly_codes_keep_their_term():
    plan = plan_of("KẾ HOẠCH\nVề việc\n\nCăn cứ Nghị quyết số 202/2025/QH15 của Quốc hội; thực hiện Quyết định "
                   "số 27/QĐ-TTg; Quyết định số 27/QĐ-TTg ngày 03/01/2025 của Thủ tướng Chính phủ về việc ban "
                   "hành Kế hoạch.\nI. MỤC ĐÍCH\n")
    bases = plan.metadata.legal_bases
    assert [b["number"] for b in bases] == ["202/2025/QH15", "27/QĐ-TTg"]
    assert (bases[1]["date"], bases[1]["issuer"]) == ("2025-01-03", "Thủ tướng Chính phủ")


def test_a_dated_deadline_is_once_with_its_year():
    plan = plan_of("KẾ HOẠCH\nVề việc\n\nI. TỔ CHỨC THỰC HIỆN\nĐịnh kỳ 6 tháng, các đơn vị tổ chức đánh giá; báo cáo "
                   "UBND tỉnh trước ngày 15/12/2026.\n")
    assert [(d["frequency"], d["day"], d["month"], d["year"]) for d in plan.metadata.reporting_deadlines] == [
        ("once", 15, 12, 2026)]


def test_signature_without_tm_line():
    plan = plan_of("KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\nNội dung./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
                   "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Thị Diệu Thúy\n")
    assert (plan.metadata.signer_title, plan.metadata.signer_name) == ("PHÓ CHỦ TỊCH", "Trần Thị Diệu Thúy")


def test_issuer_and_title_stop_where_the_sentence_moves_on():
    plan = plan_of("KẾ HOẠCH\nVề việc\n\nThực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và "
                   "Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh thực hiện Nghị quyết số 66-NQ/TW ngày 30 "
                   "tháng 4 năm 2025 của Bộ Chính trị về đổi mới công tác xây dựng pháp luật, UBND tỉnh ban hành "
                   "Kế hoạch như sau:\nI. MỤC ĐÍCH\n")
    bases = {b["number"]: b for b in plan.metadata.legal_bases}
    assert list(bases) == ["14-KH/TU", "24/KH-UBND", "66-NQ/TW"]
    assert (bases["14-KH/TU"]["issuer"], bases["24/KH-UBND"]["issuer"]) == ("Ban Thường vụ Tỉnh ủy", "UBND tỉnh")
    assert (bases["66-NQ/TW"]["date"], bases["66-NQ/TW"]["issuer"], bases["66-NQ/TW"]["title"]) == (
        "2025-04-30", "Bộ Chính trị", "Đổi mới công tác xây dựng pháp luật")
