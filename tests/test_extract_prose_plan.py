"""Seed 000: a digital plan whose tasks are assigned in prose ("IV. TỔ CHỨC THỰC HIỆN").

Expected values were read off the document by hand.
"""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES, SEED_000

EXPECTED = json.loads((SAMPLES / "expected" / f"{SEED_000.name}.json").read_text(encoding="utf-8"))
# One record per duty: an item's bullets are separate duties of the item's agency.
EXPECTED_LEADS = [(t["stt"], t["lead_agency"], t["requested"]) for t in EXPECTED["tasks"]]


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
        "number": "27/QĐ-TTg",
        "date": "2025-01-03",
        "issuer": "Thủ tướng Chính phủ",
        "title": "Kế hoạch thực hiện Khuyến nghị của Ủy ban về quyền trẻ em của Liên hợp quốc",
    }
    assert len(meta["legal_bases"]) == 1  # "Theo đề nghị ... tại Tờ trình số 27/TTr-SLĐTBXH" proposes, it is no basis
    assert meta["reporting_deadlines"] == [
        {"text": "trước ngày 30/11 hằng năm", "frequency": "annual", "day": 30, "month": 11, "year": None}
    ]


def test_prose_tasks_one_per_duty(plan):
    tasks = plan["tasks"]
    assert len(tasks) == 35  # 1 in "III. KINH PHÍ", 32 in "IV. TỔ CHỨC THỰC HIỆN", 2 in "V. CHẾ ĐỘ THÔNG TIN, BÁO CÁO"
    assert [(t["stt"], t["lead_agency"], t["is_request"]) for t in tasks] == EXPECTED_LEADS
    assert [t["requested"] for t in tasks] == [t["is_request"] for t in tasks]  # the v1 mirror
    assert [t["task"] for t in tasks] == [t["task"] for t in EXPECTED["tasks"]]
    assert all(t["origin"] == "prose" for t in tasks)
    assert [t["section"] for t in tasks] == ["III"] + ["IV"] * 32 + ["V"] * 2
    assert all(t["section_title"] == "TỔ CHỨC THỰC HIỆN" for t in tasks[1:33])


def test_bullets_are_duties_and_wrapped_lines_are_joined(plan):
    police = [t["task"] for t in plan["tasks"] if t["lead_agency"] == "Công an tỉnh"]
    assert police[0] == "Tuyên truyền nâng cao nhận thức về phòng, chống mua bán trẻ em."
    assert len(police) == 3
    assert police[1].startswith("Nghiên cứu, rà soát, đánh giá, xây dựng quy trình phối hợp, xử lý trong tiếp nhận")
    health = plan["tasks"][7]
    assert health["lead_agency"] == "Sở Y tế" and health["task"].startswith("Tăng cường tiếp cận các dịch vụ")
    # A stray hyperlink and a page number sat inside item 1's fifth bullet: they are gone.
    labour = [t["task"] for t in plan["tasks"] if t["stt"] == "1"]
    assert len(labour) == 6 and not any("https://" in t for t in labour)
    assert "tư vấn tâm lý, tái hòa nhập cộng đồng; cai nghiện ma túy." in labour[4]


def test_sections_tree(plan):
    tree = plan["sections"]
    assert [(n["label"], n["heading"]) for n in tree] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NHIỆM VỤ VÀ GIẢI PHÁP"),
        ("III", "KINH PHÍ THỰC HIỆN"),
        ("IV", "TỔ CHỨC THỰC HIỆN"),
        ("V", "CHẾ ĐỘ THÔNG TIN, BÁO CÁO"),
    ]
    items = tree[3]["children"]
    assert [n["label"] for n in items] == [str(n) for n in range(1, 19)]
    assert (items[1]["heading"], items[1]["text"][:30]) == ("Sở Y tế", "Tăng cường tiếp cận các dịch v")
    assert [c["label"] for c in items[0]["children"]] == ["-"] * 6
    assert items[0]["children"][0]["text"].startswith("Chủ trì và phối hợp với các sở")
    assert tree[4]["text"].startswith("Các sở, ngành, đoàn thể") and not tree[4]["children"]
    assert "Nơi nhận" not in tree[4]["text"]


def test_canonical_agencies_and_successors(plan):
    labour = plan["tasks"][1]
    assert labour["lead_agency_canonical"] == "Sở Lao động - Thương binh và Xã hội"
    assert labour["lead_agency_successors"] == ["Sở Y tế", "Sở Nội vụ", "Sở Giáo dục và Đào tạo"]
    districts = [t for t in plan["tasks"] if t["stt"] == "18"][-1]
    assert districts["lead_agency_canonical"] == "UBND các huyện, thị xã, thành phố"
    assert districts["lead_agency_successors"] == ["UBND các xã, phường, đặc khu"]
    others = next(t for t in plan["tasks"] if t["stt"] == "14")
    assert others["lead_agency_canonical"] is None  # "Các sở, ban, ngành có liên quan"


def test_source_block(plan):
    source = plan["source"]
    assert source["kind"] == "text" and source["pages"] == 1 and source["page_sources"] == ["text"]
    assert len(source["sha256"]) == 64
    assert plan["schema_version"] == "1"


def test_output_is_deterministic(kehoach, plan):
    again = kehoach("extract", SEED_000)
    assert json.loads(again.text) == plan
