"""The Kon Tum plan 501/KH-UBND as a native PDF: a ruled appendix table over several
landscape pages, header repeated, rows cut by page breaks. Expected rows are hand-written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import KON_TUM_NATIVE, KON_TUM_PROSE_DUTIES, KON_TUM_TASKS, run_kehoach

COMPARED = ("section", "section_title", "stt", "task", "lead_agency", "partner_agencies", "timeline")


@pytest.fixture(scope="module")
def plan() -> dict:
    run = run_kehoach("extract", KON_TUM_NATIVE)
    assert run.code == 0, run.stderr
    return json.loads(run.text)


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))


def test_all_25_appendix_rows_equal_the_hand_written_ones(plan, expected):
    rows = [t for t in plan["tasks"] if t["origin"] == "table"]
    assert len(rows) == 25
    for got, want in zip(rows, expected):
        assert {k: got[k] for k in COMPARED} == {k: want[k] for k in COMPARED}, f"row {want['section']}.{want['stt']}"


def test_metadata(plan):
    meta = plan["metadata"]
    assert meta["doc_number"] == "501/KH-UBND"
    assert meta["issued_date"] == "2025-02-17"
    assert meta["province"] == "Kon Tum"
    assert meta["province_successor"] == "Quảng Ngãi"  # merged on 1 July 2025 (Nghị quyết 202/2025/QH15)
    assert meta["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert meta["place"] == "Kon Tum"
    assert meta["title"].startswith("Triển khai thực hiện Quyết định số 27/QĐ-TTg ngày 03 tháng 01 năm 2025")
    assert meta["legal_bases"][0]["number"] == "27/QĐ-TTg"
    assert meta["legal_bases"][0]["date"] == "2025-01-03"


def test_rows_carry_pages_and_timeline_kinds(plan):
    rows = [t for t in plan["tasks"] if t["origin"] == "table"]
    pages = [r["page"] for r in rows]
    assert pages == sorted(pages) and len(set(pages)) >= 3  # the table runs over several pages
    assert {r["timeline_kind"] for r in rows} == {"on_request", "recurring"}
    assert rows[0]["lead_agency_canonical"] == "Sở Lao động - Thương binh và Xã hội"


def test_csv_opens_in_a_spreadsheet(plan):
    run = run_kehoach("extract", KON_TUM_NATIVE, "--format", "csv")
    assert run.stdout[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8-sig"))))
    table_rows = [r for r in rows if r["origin"] == "table"]
    assert len(table_rows) == 25
    assert table_rows[0]["partner_agencies"] == "Các sở, ban ngành, đơn vị liên quan; UBND các huyện, thành phố"
    assert all(r["doc_number"] == "501/KH-UBND" and r["province"] == "Kon Tum" for r in rows)


def test_prose_items_and_requests(plan):
    prose = [t for t in plan["tasks"] if t["origin"] == "prose"]
    assert [(t["stt"], t["is_request"]) for t in prose] == KON_TUM_PROSE_DUTIES
    assert prose[0]["lead_agency"] == "các sở, ban, ngành và Ủy ban nhân dân huyện, thành phố"
    assert prose[6]["lead_agency"] == "Tòa án nhân dân tỉnh"
    assert prose[8]["lead_agency"].endswith("Hội Bảo vệ Quyền trẻ em và bảo trợ người khuyết tật tỉnh")
    assert prose[9]["lead_agency"] == "các đơn vị, địa phương"
    # The footnote at the foot of the page does not cut the court's task in two.
    assert prose[6]["task"].endswith("nhằm bảo đảm tư pháp thân thiện với trẻ em.")
    # The note and the closing paragraph are not the last item's task.
    assert "Lưu ý" not in prose[8]["task"] and "Nơi nhận" not in prose[8]["task"]


def test_reporting_deadlines(plan):
    assert plan["metadata"]["reporting_deadlines"] == [
        {
            "text": "Định kỳ 6 tháng (trước ngày 10 tháng 6)",
            "frequency": "semiannual",
            "day": 10,
            "month": 6,
            "year": None,
        },
        {"text": "hằng năm (trước ngày 05 tháng 12)", "frequency": "annual", "day": 5, "month": 12, "year": None},
    ]
