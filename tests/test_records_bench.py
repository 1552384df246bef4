"""bench/records.py: its row matching and scoring, and the native table samples meeting their targets."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_records", ROOT / "bench" / "records.py")
bench = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = bench  # dataclasses look their module up
spec.loader.exec_module(bench)


def test_rows_match_on_section_and_stt_and_origin_in_document_order():
    expected = [
        {"section": "IV", "stt": "1", "origin": "table"},
        {"section": "IV", "stt": "1", "origin": "prose"},
        {"section": "I", "stt": "2"},
    ]
    got = [
        {"section": "IV", "stt": "1", "origin": "prose"},
        {"section": "IV", "stt": "1", "origin": "table"},
        {"section": "I", "stt": "3"},
    ]
    assert bench.match_by_number(expected, got) == [(0, 1), (1, 0)]


def test_prose_rows_align_in_order_by_task_similarity():
    expected = [
        {"task": "Tuyên truyền về quyền trẻ em"},
        {"task": "Kiểm tra việc thực hiện"},
        {"task": "Báo cáo kết quả hằng năm"},
    ]
    got = [
        {"task": "Tuyên truyền về quyền trẻ em."},
        {"task": "Một việc khác hẳn"},
        {"task": "Báo cáo kết quả hằng năm về Sở"},
    ]
    assert bench.match_in_order(expected, got) == [(0, 0), (2, 2)]


def test_scores_fold_whitespace_and_count_unmatched_rows():
    score = bench.Score("x.pdf", "native")
    expected = [
        {"section": "I", "stt": "1", "task": "Việc  A", "lead_agency": "Sở Y tế", "timeline": None},
        {"section": "I", "stt": "2", "task": "Việc B"},
    ]
    got = [
        {"section": "I", "stt": "1", "task": "Việc A", "lead_agency": "Sở Tư pháp", "timeline": ""},
        {"section": "II", "stt": "1", "task": "Việc C"},
    ]
    bench.score_tasks(score, expected, got)
    assert (score.matched, score.precision, score.recall) == (1, 0.5, 0.5)
    assert score.fields == {"task": [True], "lead": [False], "timeline": [True]}
    assert "F1 0.500 < 1.0" in score.failures()[0]


def test_metadata_compares_numbers_and_deadline_shapes():
    score = bench.Score("x.pdf", "native")
    bench.score_metadata(
        score,
        {
            "doc_number": "1/KH-UBND",
            "legal_bases": ["27/QĐ-TTg"],
            "reporting_deadlines": [{"frequency": "annual", "day": 5, "month": 12}],
        },
        {
            "doc_number": "1/KH-UBND",
            "legal_bases": [{"number": "27/QĐ-TTg"}],
            "reporting_deadlines": [{"text": "x", "frequency": "annual", "day": 5, "month": 11}],
        },
    )
    assert score.metadata == {"doc_number": True, "legal_bases": True, "reporting_deadlines": False}


@pytest.mark.parametrize(
    "sample",
    [
        "kon-tum-501-variant-native.pdf",
        "corpus-ha-noi-310-native.pdf",
        "corpus-ho-chi-minh-2820-native.pdf",
        "corpus-bac-ninh-144-native.pdf",
    ],
)
def test_native_table_samples_meet_the_row_and_field_targets(sample):
    score = bench.score_sample(bench.EXPECTED / f"{sample}.json")
    assert score.f1 == 1.0, score.misses
    assert score.rate() == 1.0, score.misses


def test_sample_classes_follow_the_issue_targets():
    assert bench.target_of({"sample": "a-scan.pdf"}) == "scan"
    assert bench.target_of({"sample": "a-native.pdf"}) == "native"
    assert bench.target_of({"sample": "000.txt", "tasks": [{"stt": "1", "origin": "prose"}]}) == "prose"
    assert (
        bench.target_of(
            {"sample": "002.txt", "tasks": [{"stt": "1", "origin": "table"}, {"stt": "1", "origin": "prose"}]}
        )
        == "flattened"
    )
    assert bench.target_of({"sample": "x.txt", "target": "native"}) == "native"
