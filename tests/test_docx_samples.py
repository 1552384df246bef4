"""The committed Word sample (samples/kon-tum-501.docx, from samples/make_text_samples.py): a plan whose
appendix is a Word table with a repeated header row, section rows merged across and shared deadlines
merged down, read through `kehoach extract` and `kehoach text`."""

from __future__ import annotations

import json
import zipfile

from conftest import KON_TUM_TASKS, SAMPLES

DOCX_PLAN = SAMPLES / "kon-tum-501.docx"
COMPARED = ("section", "stt", "task", "lead_agency", "partner_agencies", "timeline")


def test_sample_table_has_merged_cells_and_a_repeated_header():
    xml = zipfile.ZipFile(DOCX_PLAN).read("word/document.xml").decode("utf-8")
    assert "<w:tblHeader" in xml
    assert '<w:gridSpan w:val="4"/>' in xml  # a section title across the four right-hand columns
    assert '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml  # a deadline shared down rows


def test_sample_gives_the_25_rows(kehoach):
    expected = json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))
    run = kehoach("extract", DOCX_PLAN)
    assert run.code == 0, run.stderr
    plan = json.loads(run.text)
    rows = [task for task in plan["tasks"] if task["origin"] == "table"]
    assert len(rows) == 25
    assert [{k: t[k] for k in COMPARED} for t in rows] == [{k: r[k] for k in COMPARED} for r in expected]
    assert [t["section_title"] for t in rows] == [r["section_title"] for r in expected]
    assert plan["source"] == {**plan["source"], "kind": "docx", "pages": 1, "page_sources": ["native"]}
    meta = plan["metadata"]
    assert (meta["doc_number"], meta["issued_date"], meta["signer_title"]) == (
        "501/KH-UBND",
        "2025-02-17",
        "PHÓ CHỦ TỊCH",
    )


def test_sample_text_keeps_table_rows_as_tab_separated_lines(kehoach):
    run = kehoach("text", DOCX_PLAN)
    assert run.code == 0, run.stderr
    lines = run.text.splitlines()
    assert "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert (
        "STT\tNhiệm vụ thực hiện các nội dung khuyến nghị\tCơ quan chủ trì\tCơ quan phối hợp\t"
        "Thời gian thực hiện" in lines
    )
