"""Scanned (image-only) plans go through real tesseract OCR with the Vietnamese model."""

from __future__ import annotations

import json

import pytest
from conftest import PLAN_000_NATIVE, SAMPLES, run_kehoach
from test_extract_prose_plan import EXPECTED_LEADS

PLAN_000_SCAN = SAMPLES / "plan-000-scan.pdf"


@pytest.fixture(scope="module")
def scanned():
    run = run_kehoach("extract", PLAN_000_SCAN)
    assert run.code == 0, run.stderr
    return json.loads(run.text)


def test_every_page_is_ocrd(scanned):
    assert scanned["source"]["page_sources"] == ["ocr"] * scanned["source"]["pages"]
    assert scanned["quality"]["ocr_pages"] == scanned["source"]["pages"]


def test_prose_tasks_survive_ocr(scanned):
    assert [(t["stt"], t["lead_agency"], t["is_request"]) for t in scanned["tasks"]] == EXPECTED_LEADS


def test_signature_and_title(scanned):
    meta = scanned["metadata"]
    assert meta["signer_name"] == "Tráng Thị Xuân"
    assert meta["title"] == "Thực hiện Khuyến nghị của Ủy ban về quyền trẻ em của Liên hợp quốc"


def test_no_ocr_says_why_pages_are_empty(kehoach):
    run = kehoach("extract", PLAN_000_SCAN, "--ocr", "never")
    assert run.code == 0
    warnings = json.loads(run.text)["quality"]["warnings"]
    assert any("were not OCR'd: OCR is turned off" in w for w in warnings)


def test_native_pdf_matches_the_text_seed(kehoach):
    native = json.loads(kehoach("extract", PLAN_000_NATIVE).text)
    assert [(t["stt"], t["lead_agency"], t["is_request"]) for t in native["tasks"]] == EXPECTED_LEADS
    assert native["source"]["page_sources"] == ["native"] * native["source"]["pages"]
    assert native["metadata"]["signer_title"] == "PHÓ CHỦ TỊCH THƯỜNG TRỰC"
