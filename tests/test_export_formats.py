"""JSON Lines for jq/pandas, CSV for spreadsheets, atomic -o files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pytest
from conftest import SAMPLES, SEED_000


def test_jsonl_is_one_task_per_line_with_document_keys(kehoach):
    run = kehoach("extract", SEED_000, "--format", "jsonl")
    assert run.code == 0
    rows = [json.loads(line) for line in run.text.splitlines()]
    assert len(rows) == 35  # one per duty (samples/expected/000_….json)
    assert all(row["source_path"] == str(SEED_000) for row in rows)
    assert {"doc_number", "province", "task", "lead_agency"} <= set(rows[0])


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jsonl_pipes_into_jq(kehoach):
    run = kehoach("extract", SEED_000, "--format", "jsonl")
    leads = subprocess.run(["jq", "-r", ".lead_agency"], input=run.stdout, capture_output=True, check=True)
    assert leads.stdout.decode("utf-8").splitlines()[7] == "Sở Y tế"


def test_csv_has_bom_header_and_vietnamese_intact(kehoach):
    run = kehoach("extract", SEED_000, "--format", "csv")
    assert run.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8-sig"))))
    assert len(rows) == 35
    assert rows[1]["lead_agency"] == "Sở Lao động - Thương binh và Xã hội"
    assert rows[1]["lead_agency_successors"] == "Sở Y tế; Sở Nội vụ; Sở Giáo dục và Đào tạo"
    assert rows[1]["task"].startswith("Chủ trì và phối hợp với các sở, ngành,")  # commas survive, quoted


def test_output_file_is_written_whole(kehoach, tmp_path):
    target = tmp_path / "out" / "plan.json"
    run = kehoach("extract", SEED_000, "-o", target)
    assert run.code == 0 and run.stdout == b""
    assert json.loads(target.read_text(encoding="utf-8"))["tasks"]
    assert [p.name for p in target.parent.iterdir()] == ["plan.json"]  # no temporary file left


def test_several_paths_give_an_array(kehoach):
    run = kehoach("extract", SEED_000, SEED_000)
    documents = json.loads(run.text)
    assert isinstance(documents, list) and len(documents) == 2


def test_xlsx_workbook_has_tasks_and_documents(kehoach, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "plans.xlsx"
    run = kehoach("extract", SEED_000, "--format", "xlsx", "-o", target)
    assert run.code == 0, run.stderr
    workbook = load_workbook(target)
    tasks, documents = workbook["Nhiệm vụ"], workbook["Văn bản"]
    header = [c.value for c in tasks[1]]
    assert tasks.max_row == 36 and header[:3] == ["section", "section_title", "stt"]
    assert tasks.cell(row=3, column=header.index("lead_agency") + 1).value == "Sở Lao động - Thương binh và Xã hội"
    assert documents.cell(row=2, column=1).value == str(SEED_000)
    again = tmp_path / "again.xlsx"
    kehoach("extract", SEED_000, "--format", "xlsx", "-o", again)
    assert again.read_bytes() == target.read_bytes()  # deterministic, dates included


def test_csv_keeps_other_table_columns_as_one_json_column_and_joins_lists(kehoach):
    run = kehoach("extract", SAMPLES / "kon-tum-501-variant-native.pdf", "--format", "csv")
    assert run.code == 0, run.stderr
    rows = [r for r in csv.DictReader(io.StringIO(run.stdout.decode("utf-8-sig"))) if r["origin"] == "table"]
    assert json.loads(rows[0]["extra"]) == {"Sản phẩm": "Văn bản góp ý"}
    assert rows[0]["partner_agencies"] == "Các sở, ban ngành, đơn vị liên quan; UBND các huyện, thành phố"
    # Positions line up: the first partner is not in the gazetteer, the second is.
    assert rows[0]["partner_agencies_canonical"] == "; UBND các huyện, thị xã, thành phố"
    assert rows[0]["extra"] and all(r["extra"] for r in rows)
    prose = [r for r in csv.DictReader(io.StringIO(run.stdout.decode("utf-8-sig"))) if r["origin"] == "prose"]
    assert all(r["extra"] == "" for r in prose)


def test_xlsx_header_is_frozen_and_text_columns_are_wide(kehoach, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "variant.xlsx"
    run = kehoach("extract", SAMPLES / "kon-tum-501-variant-native.pdf", "--format", "xlsx", "-o", target)
    assert run.code == 0, run.stderr
    tasks = load_workbook(target)["Nhiệm vụ"]
    header = [c.value for c in tasks[1]]
    assert tasks.freeze_panes == "A2"
    task_column = tasks.cell(row=1, column=header.index("task") + 1).column_letter
    assert tasks.column_dimensions[task_column].width >= 60
    assert json.loads(tasks.cell(row=2, column=header.index("extra") + 1).value) == {"Sản phẩm": "Văn bản góp ý"}
    assert tasks.cell(row=2, column=header.index("lead_agency") + 1).value == "Sở Lao động - Thương binh và Xã hội"
