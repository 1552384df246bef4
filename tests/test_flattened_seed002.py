"""Seed 002's appendix reached us as flattened OCR text (columns interleaved line by line).

The expected records (samples/expected/002_…json) are the Kon Tum plan's 25 rows and 8 prose duties,
written by hand from tests/data/seed002.reference.txt. Rows match on (section, stt).
"""

from __future__ import annotations

import json

from conftest import SAMPLES, SEED_002
from test_extract_english_ocr_text import plan  # noqa: F401  (the seed extracted once, a module fixture)

EXPECTED = json.loads((SAMPLES / "expected" / f"{SEED_002.name}.json").read_text(encoding="utf-8"))


def row_scores(expected: list[dict], got: list[dict]) -> dict[str, float]:
    """Precision, recall and F1 of rows keyed by (section, stt), and per-field exact rates on matches."""
    want = {(t["section"], t["stt"]): t for t in expected}
    have = {(t["section"], t["stt"]): t for t in got}
    matched = [(want[key], have[key]) for key in want.keys() & have.keys()]
    precision = len(matched) / len(have) if have else 0.0
    recall = len(matched) / len(want) if want else 0.0
    scores = {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }
    for field in ("lead_agency", "partner_agencies", "timeline"):
        scores[field] = sum(_same(e[field], g[field]) for e, g in matched) / len(want)
    return scores


def _same(expected: object, got: object) -> bool:
    if isinstance(expected, list):
        return [" ".join(x.split()) for x in expected] == [" ".join(x.split()) for x in got or []]
    return " ".join(str(expected).split()) == " ".join(str(got).split())


def test_flattened_table_rows(plan):
    expected = [t for t in EXPECTED["tasks"] if t["origin"] == "table"]
    got = [t for t in plan["tasks"] if t["origin"] == "table"]
    scores = row_scores(expected, got)
    assert scores["f1"] >= 0.9, scores
    assert [t["section"] for t in got].count("IV") == 9  # "thành phố" inside "hoàn thành phổ" is no row end


def test_flattened_rows_write_no_word_the_columns_do_not_give_apart(plan):
    """The lead, partner and timeline columns come interleaved word by word: what was written in them
    cannot be recovered, so it is left empty (a gazetteer name or a usual phrase would be words the row
    may not hold); the agency recognised goes to the canonical field, and a warning says so."""
    want = {(t["section"], t["stt"]): t for t in EXPECTED["tasks"] if t["origin"] == "table"}
    got = [t for t in plan["tasks"] if t["origin"] == "table"]
    assert all(t["lead_agency"] is None and t["partner_agencies"] == [] and t["timeline"] is None for t in got)
    right = sum(
        t["lead_agency_canonical"] == want[(t["section"], t["stt"])]["lead_agency"]
        for t in got
        if (t["section"], t["stt"]) in want
    )
    assert right >= 0.9 * len(want), right
    assert any("interleaved" in w and "left empty" in w for w in plan["quality"]["warnings"])


def test_prose_duties_in_document_order(plan):
    expected = [t for t in EXPECTED["tasks"] if t["origin"] == "prose"]
    got = [t for t in plan["tasks"] if t["origin"] == "prose"]
    assert [(t["stt"], t["requested"]) for t in got] == [(t["stt"], t["requested"]) for t in expected]
    assert got[1]["lead_agency"] == expected[1]["lead_agency"]


def test_metadata_against_the_hand_restoration(plan):
    meta, want = plan["metadata"], EXPECTED["metadata"]
    assert (meta["doc_number"], meta["province"]) == (want["doc_number"], want["province"])
    assert [b["number"] for b in meta["legal_bases"]] == want["legal_bases"]
    assert [{k: d[k] for k in ("frequency", "day", "month")} for d in meta["reporting_deadlines"]] == want[
        "reporting_deadlines"
    ]
    # The OCR read the "1" of the day as "/" ("ngày /7 tháng 02"): repaired, with a warning.
    assert meta["issued_date"] == want["issued_date"] == "2025-02-17"


def test_row_scores_count_missing_and_extra_rows():
    want = [
        {"section": "I", "stt": "1", "lead_agency": "A", "partner_agencies": [], "timeline": None},
        {"section": "I", "stt": "2", "lead_agency": "B", "partner_agencies": [], "timeline": None},
    ]
    got = [{**want[0]}, {**want[1], "stt": "3"}]
    scores = row_scores(want, got)
    assert (scores["precision"], scores["recall"], scores["f1"], scores["lead_agency"]) == (0.5, 0.5, 0.5, 0.5)


def test_sections_tree_survives_ocr_damage(plan):
    # "I. MỤC Đích" (a letter lowered by restoration) and "I11." (OCR for "III.") are still headings.
    assert [(n["label"], len(n["children"])) for n in plan["sections"]] == [("I", 2), ("II", 7), ("III", 2), ("IV", 5)]
    assert plan["sections"][3]["children"][2]["heading"].startswith("Đề nghị Tòa án")


def test_interleaved_columns_give_the_task_and_the_recognised_lead():
    from kehoach_cli.structure.flattened import flattened_table_tasks
    from kehoach_cli.structure.lines import Line

    text = (
        "STT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian thực hiện\n"
        "I Ưu tiên bố trí kinh phí thực hiện quyền trẻ em\n"
        "Tham mưu ưu tiên bố trí kinh phí Sở Tài chính Sở Lao động - Thương Thường xuyên\n"
        "1 và khả năng cân đối ngân sách. binh và Xã hội; các sở, hằng năm\n"
        "ban, ngành, đơn vị liên quan; UBND các huyện, thành phố\n"
    )
    lines = [Line(t, 1, False) for t in text.splitlines()]
    [row] = flattened_table_tasks(lines)
    # The lead is recognised (canonical field); what each of the other columns wrote is not written back.
    assert (row.section, row.stt, row.lead_canonical, row.lead_agency) == ("I", "1", "Sở Tài chính", None)
    assert (row.partner_agencies, row.timeline) == ([], None)
    assert row.task == "Tham mưu ưu tiên bố trí kinh phí và khả năng cân đối ngân sách."
