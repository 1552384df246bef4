"""Prose task shapes from real plans (PLANS.txt), non-plan documents, the sections tree."""

from __future__ import annotations

import json

from kehoach_cli.ingest import PageText
from kehoach_cli.models import TaskRecord
from kehoach_cli.structure import structure_document

HEADER = (
    "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC NINH Độc lập - Tự do - Hạnh phúc\n"
    "Số: 141/KH-UBND Bắc Ninh, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\nNâng cao năng lực\n\n"
)


def plan_of(text: str):
    return structure_document([PageText(number=1, text=text, source="text")])


def test_labelled_blocks_give_lead_partners_and_timeline():
    plan = plan_of(
        HEADER + "III. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Rà soát, kiện toàn đội ngũ cán bộ, công chức\n"
        "- Thường xuyên rà soát, kiện toàn đội ngũ cán bộ.\n"
        "Đơn vị chủ trì thực hiện: Các\nSở, ngành, đơn vị, UBND cấp xã.\n"
        "Đơn vị phối hợp: Sở Nội\nvụ; Sở Tư pháp.\n"
        "Thời gian thực hiện: Hằng năm.\n"
        "2. Bồi dưỡng kiến thức pháp luật\n"
        "- Tổ chức tập huấn cho công chức.\n"
        "Đơn vị chủ trì: Sở Tư pháp.\n"
    )
    tasks = [(t.section, t.stt, t.task, t.lead_agency, t.partner_agencies, t.timeline) for t in plan.tasks]
    assert tasks == [
        (
            "III",
            "1",
            "- Thường xuyên rà soát, kiện toàn đội ngũ cán bộ.",
            "Các Sở, ngành, đơn vị, UBND cấp xã",
            ["Sở Nội vụ", "Sở Tư pháp"],
            "Hằng năm",
        ),
        ("III", "2", "- Tổ chức tập huấn cho công chức.", "Sở Tư pháp", [], None),
    ]
    assert all(t.origin == "prose" for t in plan.tasks)


def test_activity_blocks_split_lead_from_partners():
    plan = plan_of(
        HEADER + "II. NHIỆM VỤ CỤ THỂ\n"
        "- Nội dung: Triển khai Tháng\nhành động vì bình đẳng giới.\n"
        "- Cơ quan thực hiện: Sở Nội\nvụ chủ trì, phối hợp với các sở, ban, ngành; "
        "Ủy ban nhân dân phường, xã.\n"
        "- Nội dung: Tuyên truyền về phòng ngừa bạo lực.\n"
        "- Cơ quan thực hiện:\n"
        "+ Sở Văn hóa và Thể thao chủ trì, phối hợp với các đơn vị có liên quan.\n"
    )
    tasks = [(t.task, t.lead_agency, t.partner_agencies) for t in plan.tasks]
    assert tasks == [
        (
            "Triển khai Tháng hành động vì bình đẳng giới.",
            "Sở Nội vụ",
            ["các sở, ban, ngành", "Ủy ban nhân dân phường, xã"],
        ),
        ("Tuyên truyền về phòng ngừa bạo lực.", "Sở Văn hóa và Thể thao", ["các đơn vị có liên quan"]),
    ]


def test_agency_item_with_text_and_bullets_gives_one_duty_each():
    plan = plan_of(
        HEADER + "I. MỤC ĐÍCH\nNội dung.\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế: Chủ trì tổng hợp.\n"
        "- Hướng dẫn các đơn vị.\n"
        "+ chi tiết thêm.\n2. Đề nghị Tòa án nhân dân tỉnh: Phối hợp thực hiện.\n"
    )
    assert [(t.stt, t.lead_agency, t.task, t.is_request) for t in plan.tasks] == [
        ("1", "Sở Y tế", "Chủ trì tổng hợp.", False),
        ("1", "Sở Y tế", "Hướng dẫn các đơn vị.\n+ chi tiết thêm.", False),
        ("2", "Tòa án nhân dân tỉnh", "Phối hợp thực hiện.", True),
    ]


def test_requested_and_is_request_are_one_fact():
    base = {"task": "x", "origin": "prose", "confidence": 0.5}
    assert TaskRecord(**base, is_request=True).requested is True
    assert TaskRecord(**base, requested=True).is_request is True
    assert (TaskRecord(**base).requested, TaskRecord(**base).is_request) == (False, False)


LETTER = (
    "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH KON TUM Độc lập - Tự do - Hạnh phúc\n"
    "Số: 812/UBND-KGVX Kon Tum, ngày 03 tháng 3 năm 2025\n"
    "V/v góp ý dự thảo Nghị định\n\nKính gửi: Bộ Lao động - Thương binh và Xã hội.\n\n"
    "Ủy ban nhân dân tỉnh nhận được Công văn số 45/LĐTBXH-TE ngày 20/02/2025. Sau khi xem xét:\n"
    "1. Sở Y tế: thống nhất với dự thảo.\n2. Sở Tư pháp: không có ý kiến.\n"
    "Nơi nhận:\n- Như trên;\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
)


def test_a_letter_is_not_a_plan(tmp_path, kehoach):
    letter = tmp_path / "cong-van.txt"
    letter.write_text(LETTER, encoding="utf-8")
    run = kehoach("extract", letter)
    assert run.code == 0, run.stderr
    document = json.loads(run.text)
    assert document["tasks"] == []
    assert any(w.startswith("assigns no tasks") for w in document["quality"]["warnings"])
    assert document["metadata"]["doc_number"] == "812/UBND-KGVX"


def test_an_invoice_is_not_a_plan():
    plan = plan_of(
        "HÓA ĐƠN GIÁ TRỊ GIA TĂNG\nKý hiệu: 1C25TAA Số: 0000123\nĐơn vị bán hàng: Công ty TNHH A\n"
        "STT | Tên hàng hóa | Đơn vị tính | Số lượng | Thành tiền\n1 | Giấy A4 | ram | 10 | 700.000\n"
    )
    assert plan.tasks == [] and any(w.startswith("assigns no tasks") for w in plan.warnings)


def test_agency_led_bullets_under_a_sub_heading():
    plan = plan_of(
        HEADER + "I. MỤC ĐÍCH\nNội dung.\nII. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN\n"
        "1. Thời gian thực hiện\nTừ ngày ban hành Kế hoạch.\n2. Trách nhiệm thực hiện\n"
        "- Sở Nội vụ hướng dẫn khen thưởng Đợt thi đua; phối hợp với các cơ quan liên quan.\n"
        "- Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh phát huy vai trò nòng cốt.\n"
        "- Các phong trào thi đua được tổ chức rộng khắp.\n"
        "Nơi nhận:\n- Sở Nội vụ;\n"
    )
    assert [(t.stt, t.lead_agency, t.is_request) for t in plan.tasks] == [
        ("2", "Sở Nội vụ", False),
        ("2", "Ủy ban Mặt trận Tổ quốc tỉnh", True),
    ]
    assert plan.tasks[0].task.startswith("Sở Nội vụ hướng dẫn khen thưởng")
