"""Files that hold a cover letter and the document it submits, and scans whose text layer is a stamp."""

from __future__ import annotations

import pytest
from conftest import ROOT

from kehoach_cli.ingest import PageText, Table, ingest_file
from kehoach_cli.pipeline import extract_document
from kehoach_cli.structure import structure_document

REAL = ROOT.parent / "shared" / "real"

needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the checkout")


@needs_real
def test_a_cover_letter_and_the_draft_it_submits_are_told_apart():
    """Tờ trình 409 (page 1) submits a draft Quyết định (pages 2-5) under a header of its own: the draft
    is read, the Tờ trình is its cover."""
    document = extract_document(REAL / "lamdong_ttr409_hoidong_matuy_scan.pdf")
    assert document.cover is not None
    assert (document.cover.doc_type, document.cover.pages) == ("Tờ trình", [1, 1])
    assert document.metadata.doc_type == "Quyết định"
    assert all(task.page >= 2 for task in document.tasks)
    assert any("covering the document read from page 2" in w for w in document.quality.warnings)


@needs_real
def test_a_scan_whose_text_layer_is_a_stamp_line_is_known_as_a_scan():
    """Page 1 of the Tờ trình 91 scan carries only the "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; ..." stamp as text:
    it was taken for a page with a good text layer and never OCR'd."""
    page = ingest_file(REAL / "lamdong_ttr91_kh_kmt_2026_scan.pdf").pages[0]
    assert page.image_cover == 1.0 and len(page.text.split()) < 20
    from kehoach_cli.pipeline import _is_good_vietnamese

    assert not _is_good_vietnamese(page)


def test_a_plan_without_a_second_header_is_one_document():
    text = (
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\nKẾ HOẠCH\nI. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Y tế: Chủ trì triển khai.\n"
    )
    pages = [PageText(1, text, "text"), PageText(2, "2. Sở Tài chính: Bố trí kinh phí.\n", "text")]
    plan = structure_document(pages)
    assert plan.cover is None and [t.lead_agency for t in plan.tasks] == ["Sở Y tế", "Sở Tài chính"]


def test_a_signature_block_laid_out_as_a_table_gives_no_warning():
    """Only a table that looks like a task table is reported when its header is not understood."""
    signature = [
        ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", ""],
        ["- Như trên;", "KT. CHỦ TỊCH", ""],
        ["- Lưu: VT.", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"],
    ]
    tasks = [
        ["Số TT", "Công việc cần làm", "Cơ quan giúp việc"],
        ["1", "Rà soát văn bản", "Sở Tư pháp"],
        ["2", "Tập huấn cán bộ", "Sở Nội vụ"],
        ["3", "Kiểm tra việc thực hiện", "Thanh tra tỉnh"],
    ]
    pages = [PageText(1, "", "native", tables=[Table(signature, (0, 0, 1, 1)), Table(tasks, (0, 2, 1, 3))])]
    warnings = structure_document(pages).warnings
    assert [w for w in warnings if "table header not recognised" in w] == [
        "page 1: table header not recognised, table skipped: 'Số TT | Công việc cần làm | Cơ quan giúp việc'"
    ]


@needs_real
def test_the_charter_a_decision_approves_gives_no_duties():
    """QĐ 779 recognises a fund's charter (Điều lệ, pages 2-13, Chương / Điều): its articles are the
    charter's, not duties; the decision itself assigns nothing but its execution clause."""
    document = extract_document(REAL / "binhthuan_qd779_dieule_quykh.pdf")
    assert document.metadata.doc_type == "Quyết định" and document.metadata.doc_number == "779/QĐ-UBND"
    assert document.tasks == []


def test_a_task_table_row_that_gives_no_task_is_named_in_a_warning():
    """Class 8 of issue 14: every numbered row of a recognised task table becomes a record, or a warning
    names it ("1*" is no row number the reader knows)."""
    rows = [
        ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp"],
        ["1", "Rà soát văn bản", "Sở Tư pháp", "Các sở"],
        ["1*", "Tập huấn cán bộ", "Sở Nội vụ", "UBND các xã"],
        ["2", "Kiểm tra", "Thanh tra tỉnh", "Các sở"],
    ]
    plan = structure_document([PageText(1, "", "native", tables=[Table(rows, (0, 0, 1, 1))])])
    assert [t.stt for t in plan.tasks] == ["1", "2"]
    assert any("'1* | Tập huấn cán bộ" in w and "not read as a task" in w for w in plan.warnings)
