"""Appendix tables on hand-made pages: header variants, extra columns, section rows, repeated
headers, rows cut by page breaks, merged cells, and tables that are not task tables."""

from __future__ import annotations

from kehoach_cli.ingest import PageText, Table
from kehoach_cli.structure import structure_document
from kehoach_cli.structure.tables import read_tables
from kehoach_cli.timeline import timeline_span

BOX = (0.0, 0.0, 100.0, 100.0)
VARIANT_HEADER = [
    "TT",
    "Tên nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Ghi chú",
]


def page(number: int, *tables: list[list[str | None]]) -> PageText:
    return PageText(number=number, text="", source="native", tables=[Table(rows, BOX) for rows in tables])


def test_variant_header_words_and_extra_columns():
    rows = [
        VARIANT_HEADER,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
        ["I", "Truyền thông", None, None, None, None, None],
        ["1", "Tuyên truyền Luật Trẻ em", "Sở Y tế", "Sở Tư pháp, Công an tỉnh", "Quý II/2025", "Báo cáo", ""],
    ]
    found = read_tables([page(1, rows)])
    assert found.warnings == []
    (task,) = found.tasks
    assert (task.section, task.section_title, task.stt, task.task, task.lead_agency) == (
        "I",
        "Truyền thông",
        "1",
        "Tuyên truyền Luật Trẻ em",
        "Sở Y tế",
    )
    assert task.partner_agencies == ["Sở Tư pháp", "Công an tỉnh"]
    assert task.timeline == "Quý II/2025"
    assert task.extra == {"Sản phẩm": "Báo cáo", "Ghi chú": ""}


def test_noi_dung_and_tien_do_headers():
    rows = [
        ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Tiến độ", "Kinh phí"],
        ["1", "Tập huấn", "Sở Nội vụ", "", "Năm 2025", "Ngân sách tỉnh"],
    ]
    (task,) = read_tables([page(1, rows)]).tasks
    assert (task.task, task.lead_agency, task.timeline, task.extra) == (
        "Tập huấn",
        "Sở Nội vụ",
        "Năm 2025",
        {"Kinh phí": "Ngân sách tỉnh"},
    )


def test_row_cut_by_a_page_break_and_repeated_header_make_one_record():
    first = [VARIANT_HEADER[:5], ["1", "Rà soát văn bản\nquy phạm", "Sở Tư pháp", "Các sở,", "Năm"]]
    second = [
        VARIANT_HEADER[:5],
        ["", "pháp luật về trẻ em", "", "ban, ngành", "2025"],
        ["2", "Kiểm tra", "Sở Y tế", "", "2026"],
    ]
    tasks = read_tables([page(1, first), page(2, second)]).tasks
    assert [(t.stt, t.task, t.partner_agencies, t.timeline, t.page) for t in tasks] == [
        ("1", "Rà soát văn bản quy phạm pháp luật về trẻ em", ["Các sở, ban, ngành"], "Năm 2025", 1),
        ("2", "Kiểm tra", [], "2026", 2),
    ]


def test_continued_table_without_its_header():
    first = [VARIANT_HEADER[:5], ["1", "Việc A", "Sở Y tế", "", "2025"]]
    second = [["2", "Việc B", "Sở Nội vụ", "", "2026"]]
    assert [t.stt for t in read_tables([page(1, first), page(2, second)]).tasks] == ["1", "2"]


def test_a_lead_cell_merged_down_over_rows_is_every_rows_lead():
    rows = [VARIANT_HEADER[:5], ["1", "Việc A", "Sở Y tế", "", "2025"], ["2", "Việc B", None, "", "2026"]]
    assert [t.lead_agency for t in read_tables([page(1, rows)]).tasks] == ["Sở Y tế", "Sở Y tế"]


def test_a_table_without_stt_column_keeps_each_row():
    rows = [
        ["Nội dung/nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
        ["Việc A", "Sở Y tế", "", "2025"],
        ["Việc B", "Sở Nội vụ", "", "2026"],
    ]
    assert [(t.stt, t.task) for t in read_tables([page(1, rows)]).tasks] == [(None, "Việc A"), (None, "Việc B")]


def test_unrecognised_table_header_is_a_warning_with_its_page():
    """A header that names the work and when, but no doer, cannot be read as a task table: a warning
    names its page. A table of figures ("STT | Chỉ tiêu | Đơn vị tính | Năm 2025") is no task table and
    gives none (it gave one before, as every table with an "STT" column did: 231 such warnings on the
    548 corpus documents and the Word files of ../shared/real, 94 now)."""
    schedule = [["STT", "Nội dung công việc", "Thời gian"], ["1", "Tổng kết công tác năm 2025", "Tháng 12/2025"]]
    indicators = [["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025"], ["1", "GRDP", "Tỷ đồng", "172.033"]]
    plan = structure_document([page(1), page(3, schedule), page(4, indicators)])
    assert plan.tasks == []
    assert [w[:48] for w in plan.warnings if "table header not recognised" in w] == [
        "page 3: table header not recognised, table skipp"
    ]


def test_a_task_row_that_names_roles_is_not_taken_for_a_header():
    rows = [VARIANT_HEADER[:5], ["1", "Nội dung tuyên truyền", "Sở Y tế chủ trì", "phối hợp Công an tỉnh", "2025"]]
    assert len(read_tables([page(1, rows)]).tasks) == 1


def test_timeline_years_and_dates():
    span = timeline_span("Quý IV/2025 - Quý II/2026")
    assert (span.years, span.start, span.end) == ([2025, 2026], "2025-10-01", "2026-06-30")
    span = timeline_span("Trước ngày 30/11/2025")
    assert (span.years, span.start, span.end) == ([2025], None, "2025-11-30")
    assert timeline_span("2025 - 2027").years == [2025, 2026, 2027]
    assert timeline_span("Tháng 6/2025").end == "2025-06-30"
    assert timeline_span("Thường xuyên hằng năm") == timeline_span(None)
    assert timeline_span("Trước ngày 30/11 hằng năm").end is None


def test_a_second_task_under_a_merged_number_keeps_the_number():
    rows = [
        VARIANT_HEADER[:5],
        ["1", "Việc A.", "Sở Y tế", "Công an tỉnh", "2025"],
        [None, "Việc B.", "Sở Nội vụ", None, None],
    ]
    tasks = read_tables([page(1, rows)]).tasks
    assert [(t.stt, t.task, t.lead_agency, t.partner_agencies, t.timeline) for t in tasks] == [
        ("1", "Việc A.", "Sở Y tế", ["Công an tỉnh"], "2025"),
        ("1", "Việc B.", "Sở Nội vụ", ["Công an tỉnh"], "2025"),
    ]


def test_a_merged_number_cut_by_a_page_break_still_opens_a_task():
    first = [VARIANT_HEADER[:5], ["1", "Việc A.", "Sở Y tế", "Công an tỉnh", "2025"]]
    second = [VARIANT_HEADER[:5], ["", "Việc B.", "Sở Nội vụ", "", ""]]
    tasks = read_tables([page(1, first), page(2, second)]).tasks
    assert [(t.stt, t.task, t.lead_agency, t.timeline, t.page) for t in tasks] == [
        ("1", "Việc A.", "Sở Y tế", "2025", 1),
        ("1", "Việc B.", "Sở Nội vụ", "2025", 2),
    ]


def test_a_section_title_in_the_task_column():
    rows = [
        ["TT", "Chỉ tiêu", "Chủ trì"],
        ["", "I. Kinh tế số", ""],
        ["1", "Kinh tế số chiếm 45% GRDP.", "Sở Tài chính"],
    ]
    (task,) = read_tables([page(1, rows)]).tasks
    assert (task.section, task.section_title, task.stt, task.lead_agency) == ("I", "Kinh tế số", "1", "Sở Tài chính")


def test_a_cell_merged_down_from_the_page_before():
    first = [VARIANT_HEADER[:5] + ["Kinh phí"], ["1", "Việc A.", "Sở Y tế", "", "2025", "Ngân sách tỉnh"]]
    second = [VARIANT_HEADER[:5] + ["Kinh phí"], ["2", "Việc B.", "Sở Nội vụ", "", "2026", None]]
    tasks = read_tables([page(1, first), page(2, second)]).tasks
    assert [t.extra for t in tasks] == [{"Kinh phí": "Ngân sách tỉnh"}] * 2


def test_a_misread_number_header_in_the_first_column_still_heads_the_numbers():
    rows = [
        ["ÿ W y", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ", "Sản phẩm"],
        ["1", "Việc A.", "Sở Y tế", "", "2025", "Báo cáo"],
        ["", "tiếp theo.", "", "", "", ""],
    ]
    (task,) = read_tables([page(1, rows)]).tasks
    assert (task.stt, task.task, task.extra) == ("1", "Việc A. tiếp theo.", {"Sản phẩm": "Báo cáo"})


def test_a_misread_section_numeral_follows_the_one_before():
    rows = [
        VARIANT_HEADER[:5],
        ["VI", "Kinh phí", None, None, None],
        ["1", "Việc A.", "Sở Tài chính", "", "2025"],
        ["VH", "Hợp tác quốc tế", None, None, None],
        ["1", "Việc B.", "Sở Y tế", "", "2026"],
    ]
    assert [(t.section, t.section_title) for t in read_tables([page(1, rows)]).tasks] == [
        ("VI", "Kinh phí"),
        ("VII", "Hợp tác quốc tế"),
    ]


# The schedule of a real plan (KH 54/KH-UBND Thái Nguyên 2025) as a web copy quotes it: the header row lost.
SCHEDULE_WITHOUT_HEADER = [
    [
        "1",
        "Thực hiện công tác rà soát, lập danh sách công dân nam trong độ tuổi nhập ngũ; sơ tuyển nghĩa vụ quân sự",
        "Xong trước ngày 15/9/2025.",
    ],
    ["2", "Thực hiện kế hoạch sơ tuyển nghĩa vụ quân sự cấp xã", "Xong trước ngày 31/10/2025."],
    ["3", "Khám sức khỏe nghĩa vụ quân sự", "Xong trước ngày 20/12/2025."],
    ["4", "Phúc tra các tiêu chuẩn, hoàn thiện hồ sơ công dân nhập ngũ", "Xong trước ngày 25/01/2026"],
]


def test_a_schedule_whose_header_is_lost_is_read_from_its_columns_with_a_warning():
    found = read_tables([page(1, SCHEDULE_WITHOUT_HEADER)])
    assert [(t.stt, t.task, t.timeline, t.lead_agency) for t in found.tasks][1] == (
        "2",
        "Thực hiện kế hoạch sơ tuyển nghĩa vụ quân sự cấp xã",
        "Xong trước ngày 31/10/2025.",
        None,
    )
    assert len(found.tasks) == 4
    assert found.warnings == [
        "page 1: table without a header row, columns read from their contents (stt, task, timeline)"
    ]


def test_a_numbered_list_of_cited_documents_is_no_schedule():
    rows = [
        ["1", "Quyết định số 12/QĐ-UBND ngày 03/01/2025", "Ban hành quy chế làm việc"],
        ["2", "Kế hoạch số 54/KH-UBND ngày 08/9/2025", "Tuyển chọn công dân nhập ngũ"],
        ["3", "Chỉ thị số 05/CT-UBND ngày 10/3/2025", "Tăng cường công tác phòng cháy"],
    ]
    assert read_tables([page(1, rows)]).tasks == []
    rows_without_a_time_column = [[str(i), f"Xã {name}", f"{i * 100} hộ"] for i, name in enumerate("ABC", 1)]
    assert read_tables([page(1, rows_without_a_time_column)]).tasks == []


def test_a_bar_escaped_in_a_markdown_cell_splits_no_cell():
    """../shared/real/README.md describes each file's table in a Markdown cell ("STT \\| Nhiệm vụ \\| Chủ trì thực
    hiện"): the escaped bars split the cell, the row became a task table row of its own and four records came
    out of a README."""
    from kehoach_cli.ingest.text_tables import table_cells

    line = "| 1 | kh_cchc.docx | an appendix: a table STT \\| Nhiệm vụ \\| Chủ trì thực hiện, by section |"
    assert table_cells(line) == [
        "1",
        "kh_cchc.docx",
        "an appendix: a table STT | Nhiệm vụ | Chủ trì thực hiện, by section",
    ]


def test_tables_of_figures_get_no_header_warning():
    """Issue 15: "table header not recognised" only for a table that looks like a task table. The statistics
    annexes of Báo cáo 329 (../shared/real/lamdong_bc329_cchc_2025.pdf, "STT | Chỉ tiêu thống kê | Kết quả thống
    kê | Ghi chú") were taken for task tables by a unit column ("Đơn vị") or a row opening "Thống kê TTHC"; a
    table of numbered rows naming bodies in two rows or more still is one."""
    from pathlib import Path

    from kehoach_cli.pipeline import ExtractOptions, extract_document

    report = Path(__file__).resolve().parents[2] / "shared" / "real" / "lamdong_bc329_cchc_2025.pdf"
    warnings = extract_document(report, ExtractOptions(ocr="never")).quality.warnings
    assert not [w for w in warnings if "header not recognised" in w]
    rows = [
        ["STT", "Việc", "Ghi chú"],
        ["1", "Rà soát văn bản", "Sở Tư pháp"],
        ["2", "Kiểm tra", "Sở Nội vụ"],
        ["3", "Báo cáo", ""],
    ]
    plan = structure_document([PageText(1, "", "native", tables=[Table(rows, (0.0, 0.0, 1.0, 1.0))])])
    assert any("header not recognised" in w for w in plan.warnings)
