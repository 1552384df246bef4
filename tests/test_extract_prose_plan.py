"""Seed 000: a digital plan whose tasks are assigned in prose ("IV. TỔ CHỨC THỰC HIỆN").

Expected values were read off the document by hand.
"""

from __future__ import annotations

import json

import pytest
from conftest import SEED_000

EXPECTED_LEADS = [
    ("1", "Sở Lao động - Thương binh và Xã hội", False),
    ("2", "Sở Y tế", False),
    ("3", "Sở Giáo dục và Đào tạo", False),
    ("4", "Công an tỉnh", False),
    ("5", "Sở Tư pháp", False),
    ("6", "Sở Văn hóa, Thể thao và Du lịch", False),
    ("7", "Sở Thông tin và Truyền thông", False),
    ("8", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", False),
    ("9", "Ban Dân tộc", False),
    ("10", "Sở Tài nguyên và Môi trường", False),
    ("11", "Sở Nội vụ", False),
    ("12", "Sở Kế hoạch và Đầu tư", False),
    ("13", "Sở Tài chính", False),
    ("14", "Các sở, ban, ngành có liên quan", False),
    ("15", "Tòa án nhân dân tỉnh", True),
    ("16", "Viện Kiểm sát nhân dân tỉnh", True),
    ("17", "Ủy ban mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh, các hội quần chúng, "
           "tổ chức xã hội", True),
    ("18", "Ủy ban nhân dân các huyện, thị xã, thành phố", False),
]


@pytest.fixture(scope="module")
def plan(request):
    from conftest import run_kehoach

    run = run_kehoach("extract", SEED_000)
    assert run.code == 0, run.stderr
    return json.loads(run.text)


def test_metadata(plan):
    meta = plan["metadata"]
    assert meta["title"] == "Thực hiện Khuyến nghị của Ủy ban về quyền trẻ em của Liên hợp quốc"
    assert meta["signer_name"] == "Tráng Thị Xuân"
    assert meta["signer_title"] == "PHÓ CHỦ TỊCH THƯỜNG TRỰC"
    assert meta["province"] is None  # the document does not name its province
    assert meta["legal_bases"][0] == {
        "number": "27/QĐ-TTg", "date": "2025-01-03", "issuer": "Thủ tướng Chính phủ",
        "title": "Kế hoạch thực hiện Khuyến nghị của Ủy ban về quyền trẻ em của Liên hợp quốc",
    }
    assert meta["legal_bases"][1]["number"] == "27/TTr-SLĐTBXH"
    assert meta["legal_bases"][1]["date"] == "2025-02-17"
    assert meta["reporting_deadlines"] == [
        {"text": "trước ngày 30/11 hằng năm", "frequency": "annual", "day": 30, "month": 11}
    ]


def test_prose_tasks_one_per_agency(plan):
    tasks = plan["tasks"]
    assert [(t["stt"], t["lead_agency"], t["is_request"]) for t in tasks] == EXPECTED_LEADS
    assert all(t["origin"] == "prose" and t["section"] == "IV" for t in tasks)
    assert all(t["section_title"] == "TỔ CHỨC THỰC HIỆN" for t in tasks)


def test_bullets_become_paragraphs_and_wrapped_lines_are_joined(plan):
    police = plan["tasks"][3]["task"].split("\n")
    assert police[0] == "- Tuyên truyền nâng cao nhận thức về phòng, chống mua bán trẻ em."
    assert len(police) == 3
    assert police[1].startswith("- Nghiên cứu, rà soát, đánh giá, xây dựng quy trình phối hợp, xử lý trong tiếp nhận")
    health = plan["tasks"][1]["task"]
    assert "\n" not in health and health.startswith("Tăng cường tiếp cận các dịch vụ")
    # A stray hyperlink and a page number sat inside item 1: they are gone.
    assert "https://" not in plan["tasks"][0]["task"]
    assert "tư vấn tâm lý, tái hòa nhập cộng đồng; cai nghiện ma túy." in plan["tasks"][0]["task"]


def test_canonical_agencies_and_successors(plan):
    labour = plan["tasks"][0]
    assert labour["lead_agency_canonical"] == "Sở Lao động - Thương binh và Xã hội"
    assert labour["lead_agency_successors"] == ["Sở Y tế", "Sở Nội vụ", "Sở Giáo dục và Đào tạo"]
    districts = plan["tasks"][17]
    assert districts["lead_agency_canonical"] == "UBND các huyện, thị xã, thành phố"
    assert districts["lead_agency_successors"] == ["UBND các xã, phường, đặc khu"]
    assert plan["tasks"][13]["lead_agency_canonical"] is None  # "Các sở, ban, ngành có liên quan"


def test_source_block(plan):
    source = plan["source"]
    assert source["kind"] == "text" and source["pages"] == 1 and source["page_sources"] == ["text"]
    assert len(source["sha256"]) == 64
    assert plan["schema_version"] == "1"


def test_output_is_deterministic(kehoach, plan):
    again = kehoach("extract", SEED_000)
    assert json.loads(again.text) == plan
