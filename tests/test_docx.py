"""Word plans: a .docx generated here from the hand-written Kon Tum rows, read back whole."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from conftest import KON_TUM_TASKS

COMPARED = ("section", "section_title", "stt", "task", "lead_agency", "partner_agencies", "timeline")


def build_docx(path: Path, rows: list[dict]) -> Path:
    """A plan as a province would type it in Word: header block, title, body, appendix table."""
    document = docx.Document()
    header = document.add_table(rows=3, cols=2)
    for (left, right), row in zip(
        [
            ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("TỈNH KON TUM", "Độc lập - Tự do - Hạnh phúc"),
            ("Số: 501/KH-UBND", "Kon Tum, ngày 17 tháng 02 năm 2025"),
        ],
        header.rows,
    ):
        row.cells[0].text, row.cells[1].text = left, right
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Triển khai thực hiện Quyết định số 27/QĐ-TTg ngày 03 tháng 01 năm 2025")
    document.add_paragraph("")
    document.add_paragraph(
        "Thực hiện Quyết định số 27/QĐ-TTg ngày 03 tháng 01 năm 2025 của Thủ tướng Chính phủ "
        "ban hành Kế hoạch thực hiện Khuyến nghị của Ủy ban về quyền trẻ em của Liên hợp quốc."
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    table = document.add_table(rows=1, cols=5)
    for cell, title in zip(
        table.rows[0].cells,
        [
            "STT",
            "Nhiệm vụ thực hiện các nội dung khuyến nghị",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian thực hiện",
        ],
    ):
        cell.text = title
    section = None
    for row in rows:
        if row["section"] != section:
            section = row["section"]
            cells = table.add_row().cells
            cells[0].text = section
            merged = cells[1].merge(cells[4])
            merged.text = row["section_title"]
        cells = table.add_row().cells
        values = [row["stt"], row["task"], row["lead_agency"], "; ".join(row["partner_agencies"]), row["timeline"]]
        for cell, value in zip(cells, values):
            cell.text = value
    document.save(path)
    return path


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))


def test_docx_plan_gives_every_row_and_the_metadata(kehoach, tmp_path, expected):
    path = build_docx(tmp_path / "ke-hoach-501.docx", expected)
    run = kehoach("extract", path)
    assert run.code == 0, run.stderr
    plan = json.loads(run.text)
    table_tasks = [t for t in plan["tasks"] if t["origin"] == "table"]
    assert [{k: t[k] for k in COMPARED} for t in table_tasks] == [{k: r[k] for k in COMPARED} for r in expected]
    meta = plan["metadata"]
    assert (meta["doc_number"], meta["issued_date"], meta["province"]) == ("501/KH-UBND", "2025-02-17", "Kon Tum")
    assert meta["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert plan["source"]["kind"] == "docx"


def test_a_file_named_docx_that_is_not_one(kehoach, tmp_path):
    fake = tmp_path / "plan.docx"
    fake.write_text("plain text", encoding="utf-8")
    run = kehoach("extract", fake)
    assert run.code == 1 and run.stdout == b""
    assert f"{fake}: is not a Word .docx file" in run.stderr
