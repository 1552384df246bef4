"""Seed 002: Kon Tum's plan as text OCR'd with an English model. The pipeline restores the
diacritics before structure, so the plan's identity and its prose tasks come out."""

from __future__ import annotations

import json

import pytest
from conftest import KON_TUM_PROSE_DUTIES, SEED_002, run_kehoach


@pytest.fixture(scope="module")
def plan() -> dict:
    run = run_kehoach("extract", SEED_002)
    assert run.code == 0, run.stderr
    return json.loads(run.text)


def test_the_page_is_restored_and_counted(plan):
    assert plan["source"]["page_sources"] == ["restored"]
    assert plan["quality"]["restored_tokens"] > 2000


def test_identity_survives_the_damage(plan):
    meta = plan["metadata"]
    assert (meta["doc_number"], meta["issuer"], meta["province"], meta["place"]) == (
        "501/KH-UBND",
        "Ủy ban nhân dân tỉnh Kon Tum",
        "Kon Tum",
        "Kon Tum",
    )
    assert meta["issued_date"] == "2025-02-17"  # "ngày /7 tháng 02": the "1" read as "/"
    assert (
        "issued date read through OCR damage: 'ngày /7 tháng 02 năm 2025' taken as 2025-02-17"
        in plan["quality"]["warnings"]
    )
    assert [b["number"] for b in meta["legal_bases"]] == ["27/QĐ-TTg"]


def test_prose_tasks(plan):
    prose = [t for t in plan["tasks"] if t["origin"] == "prose"]
    assert [(t["stt"], t["is_request"]) for t in prose] == KON_TUM_PROSE_DUTIES
    assert prose[1]["lead_agency"] == "Sở Lao động - Thương binh và Xã hội"
    assert prose[6]["lead_agency_canonical"] == "Tòa án nhân dân tỉnh"  # as written it may keep an OCR slip
    assert "nội dung của Kế hoạch, hằng năm chủ trì" in prose[1]["task"]
