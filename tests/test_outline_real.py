"""The outline reader on real documents (../shared, read in place): one test per failure class of
issue 14, each on a passage of a real plan, decision or letter that the records stage got wrong
before the outline reader. Expected values are read off the documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from kehoach_cli.ingest import PageText, Table
from kehoach_cli.pipeline import ExtractOptions, extract_document
from kehoach_cli.structure import structure_document

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "tvpl_admin_docs" / "docs"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")


def tasks_of(name: str) -> list[dict]:
    document = extract_document(CORPUS / name, ExtractOptions(ocr="never"))
    return [task.model_dump() for task in document.tasks]


def test_lettered_sub_duties_under_an_agency_are_one_record_each():
    """Class 1: "1. Sở Y tế" with points a) to đ) gave one record of five duties."""
    health = [t for t in tasks_of("3a2db039af8c2d05.md") if t["lead_agency"] == "Sở Y tế" and t["section"] == "V"]
    assert [t["stt"] for t in health] == ["a", "b", "c", "d", "đ"]
    assert health[0]["task"].startswith("Chủ trì, phối hợp với Sở, ban ngành liên quan triển khai")
    assert health[4]["task"] == "Tham mưu Ủy ban nhân dân thành phố tổng kết Kế hoạch này."


def test_an_agency_heading_wrapped_over_two_lines_keeps_its_name():
    """Class 2: "**1. Sở" / "Tài chính **(cơ quan chủ trì)" and "**6. Ủy" / "ban nhân dân phường, xã,
    đặc khu**": the agency was lost or its first duty taken for it."""
    tasks = tasks_of("001c610b2efdcf0c.md")
    finance = [t for t in tasks if t["origin"] == "prose" and t["section"] == "IV" and t["stt"] == "1"]
    assert {t["lead_agency"] for t in finance} == {"Sở Tài chính"}
    assert finance[0]["task"] == "Chủ trì xây dựng, tổ chức thực hiện, theo dõi, đôn đốc thực hiện Kế hoạch."
    communes = [t for t in tasks if t["origin"] == "prose" and t["section"] == "IV" and t["stt"] == "6"]
    assert communes and {t["lead_agency"] for t in communes} == {"Ủy ban nhân dân phường, xã, đặc khu"}


def test_a_heading_without_colon_does_not_swallow_its_duty():
    """Class 3: "4. Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ" in bold,
    its duty on the next line: the lead is the heading, the duty its paragraph."""
    media = [t for t in tasks_of("a83fffe08d7aeed7.md") if t["section"] == "II" and t["stt"] == "4"]
    assert [t["lead_agency"] for t in media] == [
        "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ"
    ]
    assert media[0]["task"].startswith("Chỉ đạo các cơ quan truyền thông, báo chí tăng thời lượng")


def test_a_line_opening_with_an_agency_word_goes_on_with_its_duty():
    """Class 4: "... gửi Sở Tài chính để tổng hợp, báo cáo Ủy" / "ban nhân dân Thành phố." is one duty of
    item 5, and the duties after it are there."""
    tasks = [t for t in tasks_of("001c610b2efdcf0c.md") if t["origin"] == "prose" and t["section"] == "IV"]
    item5 = [t["task"] for t in tasks if t["stt"] == "5"]
    assert item5[-1] == (
        "Thực hiện chế độ báo cáo định kỳ hằng quý về tiến độ cập nhật dữ liệu gửi Sở Tài chính để "
        "tổng hợp, báo cáo Ủy ban nhân dân Thành phố."
    )
    assert len(item5) == 5 and len([t for t in tasks if t["stt"] == "6"]) == 4


def test_the_items_of_a_decisions_article_are_duties_of_the_agency_it_names():
    """Class 5: "Điều 2. Giao Sở Công Thương chủ trì ... có trách nhiệm:" / "1. ..." / "2. ..." gave nothing;
    the execution clause ("Điều 4. ... chịu trách nhiệm thi hành Quyết định này") is no duty."""
    tasks = tasks_of("46cf026ac548f4bd.md")
    assert [(t["stt"], t["lead_agency"]) for t in tasks] == [("1", "Sở Công Thương"), ("2", "Sở Công Thương")]
    assert tasks[0]["task"].startswith("Cung cấp đúng, đầy đủ nội dung, quy trình giải quyết thủ tục hành chính")


def test_a_directives_numbered_items_give_each_agency_its_duties(tmp_path: Path):
    """Class 5: a Công văn whose Chairman "yêu cầu ... như sau:" before "1. Sở Công Thương" / "a) ..."."""
    document = extract_document(SHARED / "real" / "laocai_cv193_vlncn.pdf", ExtractOptions(ocr="never"))
    industry = [t for t in document.tasks if t.lead_agency == "Sở Công Thương"]
    assert document.metadata.doc_type == "Công văn"
    assert [t.stt for t in industry] == ["a", "b", "c", "d", "đ"]


def test_a_table_written_as_text_is_read_as_a_table_not_as_prose():
    """Class 6: rows with cells between " | " are a table; a table that is no task table gives no task,
    and none of its cells is read as a paragraph."""
    tasks = tasks_of("37c37c0acd3071d2.md")
    assert tasks == []


def test_a_task_table_written_as_text_gives_its_rows_in_the_documents_words():
    """Class 6: a text copy's appendix row "Sở KH&CN | Các sở, ban, ngành tỉnh; UBND các xã, phường |
    Thường xuyên" keeps exactly those words (the flattened reader wrote "Sở Kế hoạch và Đầu tư",
    "UBND các huyện, thành phố" and "Thường xuyên hằng năm")."""
    text = (
        "KẾ HOẠCH\nTriển khai chuyển đổi số\n\n"
        "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian\n"
        "1 | Xây dựng cơ sở dữ liệu chuyên ngành | Sở KH&CN | Các sở, ban, ngành tỉnh; UBND các xã, phường"
        " | Thường xuyên\n"
        "2 | Tổ chức tập huấn kỹ năng số | Sở Nội vụ | UBND các xã, phường | Quý II/2026\n"
    )
    from kehoach_cli.ingest.text import read_text_file

    pages = read_text_file(Path("plan.txt"), text.encode("utf-8"))
    plan = structure_document(pages)
    assert [(t.stt, t.lead_agency, t.partner_agencies, t.timeline) for t in plan.tasks] == [
        ("1", "Sở KH&CN", ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"], "Thường xuyên"),
        ("2", "Sở Nội vụ", ["UBND các xã, phường"], "Quý II/2026"),
    ]


def test_a_sub_group_row_of_a_table_is_no_task():
    """Class 7: "5.1 | Thương mại" heading the rows 5.1.1, 5.1.2 under it is a group, not a task with the
    lead of the row above."""
    rows = [
        ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp"],
        ["5", "Phát triển kinh tế số trong các ngành", "Sở Công Thương", "Các sở, ngành"],
        ["5.1", "Thương mại", None, None],
        ["5.1.1", "Phát triển thương mại điện tử", "Sở Công Thương", "UBND các xã"],
        ["5.1.2", "Hỗ trợ doanh nghiệp bán hàng trên sàn", "Sở Công Thương", "Hiệp hội doanh nghiệp"],
    ]
    page = PageText(1, "", "native", tables=[Table(rows, (0, 0, 1, 1))])
    plan = structure_document([page])
    assert [t.stt for t in plan.tasks] == ["5", "5.1.1", "5.1.2"]


def test_a_duty_given_to_a_named_member_of_a_team_has_the_person_for_lead():
    """Duties of an inspection team's members (KH 1105/KH-ĐKT Lào Cai, its "4. Phân công nhiệm vụ", as the
    rendered page reads): the lead is the person and role as written."""
    text = (
        "4. Phân công nhiệm vụ\n"
        "4.1. Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung; chỉ đạo toàn diện hoạt động của Đoàn; "
        "chủ trì các buổi làm việc; ký các văn bản thuộc thẩm quyền của Đoàn;\n"
        "4.2. Ông. Đỗ Mạnh Cường - Phó Trưởng đoàn: Chủ trì, phụ trách việc kiểm tra các nội dung liên quan "
        "đến hồ sơ pháp lý về hoạt động vật liệu nổ công nghiệp; Tổng hợp, dự thảo Báo cáo kết quả kiểm tra "
        "của Đoàn.\n"
    )
    plan = structure_document([PageText(number=1, text=text, source="native")])
    assert [(t.stt, t.lead_agency) for t in plan.tasks] == [
        ("4.1", "Ông. Hoàng Văn Thuân - Trưởng đoàn"),
        ("4.2", "Ông. Đỗ Mạnh Cường - Phó Trưởng đoàn"),
    ]
    assert plan.tasks[0].task.startswith("Phụ trách chung; chỉ đạo toàn diện")


def test_an_agency_heading_split_into_two_bold_runs_is_one_heading():
    """Class 2 in a web copy: "**3. Đề nghị Ủy ban Mặt trận / Tổ quốc Việt Nam Thành phố, Hội Liên hiệp**",
    a blank line, "**Phụ nữ Thành phố và các tổ / chức thành viên của Mặt trận**": one agency heading, its
    duties below it, and no duty made of the heading's second half."""
    front = [t for t in tasks_of("31fb08f34535fce3.md") if t["section"] == "V" and t["stt"] == "3"]
    assert [t["lead_agency"] for t in front] == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố, Hội Liên hiệp Phụ nữ "
        "Thành phố và các tổ chức thành viên của Mặt trận"
    ] * 2
    assert front[0]["task"].startswith("Trong phạm vi chức năng, nhiệm vụ của mình, tham gia phối hợp")
    assert front[0]["is_request"]


def test_a_speck_read_after_an_agency_heading_is_no_part_of_its_name():
    """The scan of Tờ trình 91 (Lâm Đồng, 2026) reads a speck after its heading "1. Công an tỉnh" as "¬"."""
    text = (
        "III. TỔ CHỨC THỰC HIỆN\n1. Công an tỉnh ¬\n"
        "- Chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện Kế hoạch này.\n"
    )
    plan = structure_document([PageText(number=1, text=text, source="ocr")])
    assert [t.lead_agency for t in plan.tasks] == ["Công an tỉnh"]


def test_a_line_stopping_short_ends_its_heading_before_an_agency_led_sentence():
    """The scan of Tờ trình 91 (Lâm Đồng, 2026), OCR'd: item 7's heading ends in a short line, and the next
    line opens the sentence that gives Sở Tài chính the three duties below it."""
    text = (
        "KẾ HOẠCH\n"
        "Phòng, chống ma túy trên địa bàn tỉnh năm 2026\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "Nâng cao hiệu quả công tác phòng, chống ma túy.\n"
        "III. GIẢI PHÁP THỰC HIỆN VÀ PHÂN CÔNG NHIỆM VỤ\n"
        "7. Tăng cường đầu tư nguồn lực, hỗ trợ kinh phí cho công tác phòng,\n"
        "chống ma túy\n"
        "Sở Tài chính chủ trì, phối hợp với Công an tỉnh tham mưu Ủy ban nhân\n"
        "dân tỉnh:\n"
        "- Ưu tiên nguồn lực đầu tư, hỗ trợ kinh phí cho công tác phòng, chống ma\n"
        "túy, nhất là ở cơ sở, các địa bàn, lĩnh vực trọng điểm nhằm chuyển hóa địa bàn\n"
        "phức tạp về ma túy và xây dựng địa bàn cấp xã không ma túy theo mục tiêu, yêu\n"
        "cầu của kế hoạch đề ra.\n"
        "- Đề xuất Hội đồng nhân dân tỉnh hỗ trợ kinh phí cho lực lượng trực tiếp\n"
        "thực hiện công tác đấu tranh phòng, chống tội phạm về ma túy.\n"
        "- Huy động kinh phí từ các nguồn của Trung ương, địa phương để đảm bảo\n"
        "nguồn lực cho việc thực hiện các mục tiêu, nhiệm vụ của kế hoạch.\n"
    )
    plan = structure_document([PageText(number=1, text=text, source="ocr")])
    assert [t.lead_agency for t in plan.tasks] == ["Sở Tài chính"] * 3
    assert plan.tasks[1].task == (
        "Đề xuất Hội đồng nhân dân tỉnh hỗ trợ kinh phí cho lực lượng trực tiếp thực hiện "
        "công tác đấu tranh phòng, chống tội phạm về ma túy."
    )


def test_a_table_written_a_cell_a_line_is_read_as_a_table():
    """Class 6 in the layout web copies of legal documents save tables in: a cell a line between lone
    "|" lines, a row ending where two meet (Quyết định 2597/QĐ-TTg, its appendix of tasks)."""
    rows = [t for t in tasks_of("ec00bd6f58be7864.md") if t["origin"] == "table"]
    first = rows[0]
    assert (first["section"], first["stt"], first["lead_agency"], first["timeline"]) == (
        "I",
        "1",
        "Bộ Xây dựng",
        "2026",
    )
    assert first["task"].startswith("Rà soát toàn diện các luật, nghị định, thông tư")
    assert first["partner_agencies"] == ["Các bộ, ngành liên quan"]
    assert len(rows) == 24


def test_a_signature_run_into_a_table_written_a_cell_a_line_stays_prose():
    """A Thông báo of Văn phòng Chính phủ as a web copy saves it (74e2ddc7): "Nơi nhận", "KT. BỘ TRƯỞNG ..." and the
    appendix title run into the header row with no row end between. They stay prose (the body ends at
    the signature), and the rows under the header are tasks."""
    from kehoach_cli.ingest.text_tables import split_text_tables

    prose, tables = split_text_tables((CORPUS / "74e2ddc7b11340da.md").read_text(encoding="utf-8"))
    header = next(table.rows[0] for table in tables if "STT" in table.rows[0])
    assert header[:2] == ["STT", "Nhiệm vụ"]
    assert "KT. BỘ TRƯỞNG" in prose and "PHỤ LỤC I" in prose
    rows = [t for t in tasks_of("74e2ddc7b11340da.md") if t["origin"] == "table"]
    assert (rows[0]["stt"], rows[0]["lead_agency"], rows[0]["timeline"]) == (
        "1",
        "Các cơ quan Trung ương và địa phương",
        "18/10/2025",
    )


def test_a_notice_gives_out_the_work_listed_under_its_request():
    """A Thông báo kết luận reports the meeting, then "3. Trong thời gian tới, yêu cầu các bộ, ngành tập
    trung thực hiện một số nhiệm vụ như sau:" lists "(1) Giao Bộ ...", "(3) Đề nghị Ủy ban ...": those
    points are its duties; the conclusions of items 1 and 2 are none. Gave no task before."""
    tasks = tasks_of("05729ab54fc07c39.md")
    assert [t["stt"] for t in tasks] == ["1", "2", "3", "4"]
    assert [t["lead_agency"] for t in tasks[:2]] == ["Bộ Nông nghiệp và Môi trường"] * 2
    assert tasks[2]["is_request"] and tasks[2]["lead_agency"].startswith("Ủy ban Kinh tế và Tài chính của Quốc hội")
    assert tasks[3]["lead_agency"] == "các Bộ, cơ quan, địa phương"


def test_ministries_and_requests_by_yeu_cau_are_agencies():
    """A national notice gives work to "Bộ Quốc phòng", "Các bộ, ngành, địa phương" and, by "Yêu cầu
    ...", to "các thành viên của Ban Chỉ đạo" (the capitalised "Chỉ đạo" is part of a name there, not
    the verb); a group's colon lists its members ("... các tỉnh, thành phố: Tuyên Quang, ..."). These
    points gave nothing, a lead cut at "Chỉ đạo", or the members taken for the duty."""
    leads = {t["stt"]: t["lead_agency"] for t in tasks_of("50f694478a35aefd.md")[:6]}
    assert leads == {
        "a": "các bộ, ngành, địa phương, các thành viên của Ban Chỉ đạo",
        "b": "đồng chí Bộ trưởng Bộ Xây dựng",
        "c": "Bộ Quốc phòng",
        "d": "Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Hồ Chí Minh, Đồng Tháp",
        "đ": "Bộ Xây dựng",
        "e": "Các bộ, ngành, địa phương",
    }


def test_a_merged_group_row_does_not_end_a_bar_table():
    """A web copy's appendix "TT | Chỉ tiêu | Chủ trì" with group rows merged across the table
    ("I. Kinh tế số", one cell): the table ended at the first group row and its header was lost, so
    the rows were skipped as a table without a header. Every numbered row is a task; the group row
    is its section."""
    rows = [t for t in tasks_of("ad5aff6c13929815.md") if t["origin"] == "table"]
    assert [t["stt"] for t in rows[:7]] == ["1", "2", "3", "4", "5", "6", "1"]
    assert (rows[0]["task"], rows[0]["lead_agency"]) == ("Kinh tế số chiếm 45% GRDP tỉnh.", "Sở Tài chính")
    assert rows[6]["lead_agency"] == "Sở Khoa học và Công nghệ"
    assert rows[6]["section"] == "II"


def test_an_opening_request_holds_the_items_under_it():
    """ "II. NHIỆM VỤ, GIẢI PHÁP ..." opens with "Đề nghị Thường trực Tỉnh ủy tập trung ...; trong đó lưu
    ý một số nội dung trọng tâm sau:" over ten numbered points that name no agency: they are requested
    of the Thường trực Tỉnh ủy. A topic ("Về ...: với vai trò là chủ đầu tư, Tập đoàn ... chủ động ...")
    gives the agency after its opening clause. Both gave nothing before."""
    tasks = tasks_of("24701a1c97c8c368.md")
    points = [t for t in tasks if t["section"] == "II" and t["stt"] in {str(n) for n in range(1, 11)}]
    assert len(points) == 10 and {t["lead_agency"] for t in points} == {"Thường trực Tỉnh ủy"}
    assert all(t["is_request"] for t in points)
    oil = [t for t in tasks if t["section"] == "III" and t["stt"] == "4"]
    assert oil and oil[0]["lead_agency"] == "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"


def test_the_closing_request_to_carry_out_the_directive_is_no_duty():
    """ "Yêu cầu Giám đốc các sở, ban, ngành; ... triển khai thực hiện nghiêm túc Chỉ thị này./." closes a
    Chỉ thị: it asks for the document itself to be carried out."""
    tasks = tasks_of("4f30202155d56bdd.md")
    assert not [t for t in tasks if t["task"].startswith("Yêu cầu Giám đốc các sở")]


def test_a_lettered_group_row_keeps_its_table_and_its_label():
    """ "STT | Cơ quan chủ trì | ... " then "A." | "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" (two cells merged across the
    table) ended the table at its header, and its nine rows were lost. The group's letter is the
    section as printed."""
    rows = [t for t in tasks_of("646f0a00d4174382.md") if t["origin"] == "table"]
    first = [t for t in rows if t["section"] == "A"]
    assert list(dict.fromkeys(t["stt"] for t in first)) == [str(n) for n in range(1, 10)]
    assert first[0]["section_title"] == "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert {t["lead_agency"] for t in first} == {"Bộ Nông nghiệp và Môi trường"}
    assert first[0]["task"].startswith("- Hoàn thiện Nghị định về xử lý vi phạm hành chính")


def test_a_dispatch_names_ministers_deputies_and_groups_in_full():
    """A Công điện gives work to "Phó Thủ tướng Chính phủ Trần Hồng Hà" (no agency head before) and to
    "Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, ..." (cut at "ngang" before); in the notice, "Giao Phó Thủ
    tướng ... Trần Hồng Hà trước ngày 15 tháng 12 ... trực tiếp chỉ đạo" ends the name before its date."""
    leads = [t["lead_agency"] for t in tasks_of("1095764e502a89b8.md")]
    assert "Phó Thủ tướng Chính phủ Trần Hồng Hà" in leads
    assert leads[0].startswith("Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc Chính phủ, Chủ tịch")
    notice = [t["lead_agency"] for t in tasks_of("50f694478a35aefd.md")]
    assert "Phó Thủ tướng Chính phủ Trần Hồng Hà" in notice


def test_an_item_that_gives_work_by_name_keeps_its_own_agency():
    """ "Điều 3. Tổ chức thực hiện" / "1. Giao Sở Khoa học và Công nghệ chủ trì ..." / "2. Giao Sở Tài chính
    chủ trì ...": item 2 was given to the agency of item 1, the sentence the article opened with."""
    tasks = [t for t in tasks_of("cd648cfa4fdecfb2.md") if t["task"].startswith("Giao Sở Tài chính chủ trì")]
    assert [t["lead_agency"] for t in tasks] == ["Sở Tài chính"]


def test_a_paragraph_that_gives_work_anew_is_a_duty_of_its_own():
    """Under an agency's item, the unlabelled "Đồng thời, giao Công an tỉnh chủ trì, phối hợp ... rà soát,
    kịp thời tham mưu ..." was joined to the item's duty above it."""
    tasks = tasks_of("f069c23c942c1ec6.md")
    anew = [t for t in tasks if t["task"].startswith("Đồng thời, giao Công an tỉnh chủ trì")]
    assert [t["lead_agency"] for t in anew] == ["Công an tỉnh"]
    assert not [t for t in tasks if "\nĐồng thời, giao Công an tỉnh" in t["task"]]


def test_rows_under_cells_merged_down_are_tasks_of_their_own():
    """A web copy keeps no cell where one is merged down from the row above: under "1 | Bộ Nông nghiệp
    và Môi trường | ... | - Hoàn thiện Nghị định ..." come rows of three cells only (the task, its
    indicator, its deadline). They were padded at the end, their task read as the row number, and
    skipped with a warning. Each is a task under the same number and agency; its cells are its own.
    The task is the column headed "Nội dung nhiệm vụ", not "Thuộc nhóm nhiệm vụ, hành động"."""
    document = extract_document(CORPUS / "646f0a00d4174382.md", ExtractOptions(ocr="never"))
    first = [t.model_dump() for t in document.tasks if t.section == "A" and t.stt == "1"]
    openings = [
        "- Hoàn thiện Nghị định về xử lý vi phạm hành chính",
        "- Rà soát, cập nhật các hướng dẫn kỹ thuật",
        "- Xây dựng quy chế phối hợp, biện pháp quản lý",
        "- Xây dựng và ban hành tiêu chí Nhãn sinh thái",
        "- Xây dựng trình Thủ tướng Chính phủ hồ sơ",
    ]
    assert len(first) == len(openings)
    assert all(t["task"].startswith(opening) for t, opening in zip(first, openings))
    assert {t["lead_agency"] for t in first} == {"Bộ Nông nghiệp và Môi trường"}
    assert first[1]["timeline"].startswith("Giai đoạn 2026 - 2027.")
    assert not [w for w in document.quality.warnings if "Rà soát, cập nhật các hướng dẫn" in w]


def test_a_group_row_over_a_row_without_its_number_keeps_the_table():
    """ "D. | BỘ KHOA HỌC VÀ CÔNG NGHỆ" over a row that lacks its number cell (six cells of seven): the
    table ended at the group row, and the rows of groups D to G were skipped as tables without a
    header. The row is a task of group D, not a second task under the number of the row above it."""
    rows = [t for t in tasks_of("646f0a00d4174382.md") if t["origin"] == "table" and t["section"] == "D"]
    assert rows and {t["lead_agency"] for t in rows} == {"Bộ Khoa học và Công nghệ"}
    assert {t["stt"] for t in rows} == {None}
    assert rows[0]["task"].startswith("- Nghiên cứu, ứng dụng, chuyển giao công nghệ xử lý khí thải")


def test_a_wider_row_after_a_short_one_starts_another_table():
    """Procedures one after another, written a cell a line: "Tổng thời gian giải quyết TTHC" | "19 ngày"
    closes one, and the next opens with its heading and header in one row ("Quy trình số: 03 ..." |
    "Thứ tự công việc" | "Nội dung công việc" | ...), wider than the rows of the table above. A table
    that keeps its short rows (the tests above) must end there: read as a row of that table, the
    header's cells would become a lead ("Thứ tự công việc") and the heading a task."""
    document = extract_document(CORPUS / "a0079a10826a1d45.md", ExtractOptions(ocr="never"))
    leads = {task.lead_agency for task in document.tasks}
    assert not leads & {"Thứ tự công việc", "Các bước", "Bước thực hiện"}
    assert not [task for task in document.tasks if task.task.startswith("Quy trình số")]
    assert all(task.task.strip() for task in document.tasks)


def test_a_plural_heading_among_agency_headings_names_its_doers():
    """ "5. Các chủ rừng là tổ chức (các Ban quản lý rừng đặc dụng, ...)" over "- " duties, after "1. Ủy
    ban nhân dân các xã ..." to "4. Công an tỉnh": no agency word names forest owners, and its five
    duties were lost. Among agency headings, a plural heading names doers: the lead as written."""
    owners = [t for t in tasks_of("4f30202155d56bdd.md") if t["stt"] == "5"]
    assert len(owners) == 5
    assert {t["lead_agency"] for t in owners} == {
        "Các chủ rừng là tổ chức (các Ban quản lý rừng đặc dụng, rừng phòng hộ, các Công ty nông, lâm nghiệp…)"
    }
    assert owners[0]["task"].startswith("Thực hiện đầy đủ quyền, nghĩa vụ và trách nhiệm chủ rừng")


def test_an_activity_block_without_content_takes_its_heading():
    """ "4. Tổ chức kiểm tra việc thi hành Luật Việc làm ..." (bold, no full stop) over "- Cơ quan thực hiện:
    Sở Nội vụ, ..." and "- Thời gian thực hiện: Năm 2026 ...", no "Nội dung:" line: the record had an
    empty task. The heading names the activity, so it is the task (so for five blocks of the Prime
    Minister's decision 2623/QĐ-TTg)."""
    rows = [t for t in tasks_of("2f6f80b9918e52de.md") if t["section"] == "II" and t["stt"] == "4"]
    assert len(rows) == 1
    assert rows[0]["task"].startswith("Tổ chức kiểm tra việc thi hành Luật Việc làm")
    assert rows[0]["lead_agency"].startswith("Sở Nội vụ, các sở, ban, ngành Thành phố")
    decision = [t for t in tasks_of("86367f2ddb2225cd.md") if t["section"] == "II"]
    assert decision and all(t["task"].strip() for t in decision)


def test_a_label_whose_value_is_a_number_names_no_body():
    """ "- Chủ trì thảo luận, giải đáp thắc mắc: 1 tiết được tính 1 giờ chuẩn." in a table of teaching
    hours read as a "Chủ trì:" label: a record led by "1 tiết được tính 1 giờ chuẩn"."""
    assert not [t for t in tasks_of("c49a5afadf61b342.md") if (t["lead_agency"] or "")[:1].isdigit()]


def test_an_article_heading_ends_before_its_first_item():
    """ "**Điều 2. **Tổ chức thực hiện" / "1. Sở Y tế có trách nhiệm công ..." in a web copy that makes its
    headings bold: only "Điều 2." was bold, so the heading ran on into item 1 ("Tổ chức thực hiện 1. Sở Y tế
    ..."), and Sở Y tế's duty was lost in the article's text. A numbered line under a short article heading
    starts a paragraph of its own."""
    rows = tasks_of("48edf4df3543bdd9.md")
    assert [t["lead_agency"] for t in rows] == ["Sở Y tế", "Văn phòng Ủy ban nhân dân tỉnh"]
    assert rows[0]["task"].startswith("Sở Y tế có trách nhiệm công khai nội dung cụ thể của thủ tục hành chính")


def test_a_list_after_gom_is_no_agency_led_duty():
    """ "b) Thông qua các loại hình báo chí và các phương tiện thông tin đại chúng, gồm: Báo và Phát thanh,
    Truyền hình tỉnh; cơ quan thông tấn, ..." (a Word plan of Lâm Đồng) says through which media the plan
    is publicised: the colon after "gồm" opens a list, and the list's first name was read as the lead of a
    duty ("Báo và Phát thanh, Truyền hình tỉnh; cơ quan")."""
    document = extract_document(SHARED / "real" / "lamdong_kh_tuyentruyen_cchc_2026.docx", ExtractOptions())
    assert not [t for t in document.tasks if t.task.startswith("Thông qua các loại hình báo chí")]


def test_the_closing_paragraph_that_asks_for_the_directive_is_no_duty():
    """ "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành; ... tổ chức quán triệt, triển khai và chỉ
    đạo các cơ quan, đơn vị ... thực hiện nghiêm túc Chỉ thị này. Trong quá trình thực hiện, nếu có vướng
    mắc ..." closes a Chỉ thị: it opens with a closing formula and asks for the document itself to be
    carried out. It was read as a duty of the heads of departments."""
    assert not [t for t in tasks_of("541cde0f8d5ffef3.md") if "nghiêm túc Chỉ thị này" in t["task"]]


def test_points_under_a_title_that_only_gives_the_part_are_duties():
    """A Quyết định of Sơn La gives each department "*a) Chủ trì, phối hợp với các sở, ban, ngành, UBND
    các xã, phường và cơ quan, đơn vị có liên quan*" and "*b) Phối hợp với các sở, ngành, UBND các xã,
    phường*" over "- " duties, and "4. Sở Khoa học và Công Nghệ" an unlabelled "Chủ trì, phối hợp với ...:"
    over its duties. Each title with all its points became one record (15 duties lost)."""
    tasks = [t for t in tasks_of("f1e0981425ec38be.md") if t["section"] == "V"]
    trade = [t for t in tasks if t["lead_agency"] == "Sở Công Thương"]
    assert len(trade) == 6
    assert trade[0]["task"].startswith("Là cơ quan đầu mối chủ trì tổ chức thực hiện, theo dõi, đôn đốc")
    assert trade[4]["task"].startswith("Hỗ trợ các nhà đầu tư, các tập đoàn lớn đến đầu tư phát triển hạ tầng")
    science = [t for t in tasks if t["lead_agency"] == "Sở Khoa học và Công Nghệ"]
    assert len(science) == 3 and science[0]["task"].startswith("Triển khai thực hiện các chính sách khuyến khích")
    assert not [t for t in trade + science if t["task"].startswith(("Chủ trì, phối hợp với", "Phối hợp với"))]


def test_points_that_go_on_a_bare_role_stay_with_it():
    """ "b) Chủ trì, phối hợp" over "- Sở Tài chính và các đơn vị có liên quan tham mưu ...": the points name
    the partners and go on the title's sentence, so the title and its points are one duty."""
    police = [t for t in tasks_of("f069c23c942c1ec6.md") if t["lead_agency"] == "Công an tỉnh" and t["stt"] == "b"]
    assert len(police) == 1
    assert police[0]["task"].startswith("Chủ trì, phối hợp\n- Sở Tài chính và các đơn vị có liên quan tham mưu")


def test_a_role_after_a_dash_or_members_in_parentheses_are_no_part_of_the_lead():
    """A Quảng Ngãi plan heads its items "*1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo*" and "*1.3.
    Các cơ quan quan tham mưu quản lý ngành, lĩnh vực (gồm các Sở: Xây dựng, ...)*": the role became part
    of the lead, and the colon inside the parenthesis ended the heading (a record led by "Các cơ quan quan"
    whose task was the list of departments). A dash inside a name is no role."""
    tasks = tasks_of("4e39af96b6891368.md")
    assert {t["lead_agency"] for t in tasks if t["stt"] == "1.2"} == {"Sở Tài chính"}
    assert not [t for t in tasks if t["task"].startswith("Xây dựng, Nông nghiệp và Môi trường, Công Thương")]
    text = "III. TỔ CHỨC THỰC HIỆN\n1. Sở Lao động - Thương binh và Xã hội\n- Chủ trì hướng dẫn thực hiện Kế hoạch.\n"
    plan = structure_document([PageText(number=1, text=text, source="native")])
    assert [t.lead_agency for t in plan.tasks] == ["Sở Lao động - Thương binh và Xã hội"]


def test_agencies_lettered_under_an_introduction_keep_their_own_duties():
    """A Chỉ thị of Đắk Lắk: "2.2. Trách nhiệm cụ thể" / "Ngoài các trách nhiệm chung nêu trên, một số đơn vị
    và địa phương còn có trách nhiệm ... nội dung sau:" / "a) Sở Nông nghiệp và Môi trường" / "- Đánh giá ...".
    Each lettered agency with its bullets became one record of the section's agency."""
    tasks = [t for t in tasks_of("6bac4a0d92da936d.md") if t["lead_agency"] == "Sở Nông nghiệp và Môi trường"]
    assert len(tasks) == 6
    assert tasks[0]["task"].startswith("Đánh giá sự phù hợp của dự án đầu tư với quy hoạch sử dụng đất")


def test_a_notice_closing_formula_is_no_duty():
    """ "Văn phòng Chính phủ xin trân trọng thông báo./." closes a Thông báo: it was a record led by "Văn
    phòng Chính phủ xin trân"."""
    assert not [t for t in tasks_of("abca9704d4c889cd.md") if "xin trân trọng thông báo" in t["task"]]


def test_a_subject_named_by_its_kind_runs_to_its_verb():
    """ "Các cơ sở giáo dục có trách nhiệm tổ chức thu ...", "Các doanh nghiệp công nghệ số căn cứ ...":
    a subject named by its kind of body keeps its lower-case words ("Các cơ sở giáo", "Các doanh nghiệp
    công" before); a body's own name still ends with its name."""
    leads = {t["lead_agency"] for t in tasks_of("9124b25553a6c642.md")}
    assert "Các cơ sở giáo dục" in leads
    leads = {t["lead_agency"] for t in tasks_of("2edf5927c71bc4c1.md")}
    assert "Các doanh nghiệp công nghệ số" in leads


def test_an_item_that_gives_work_before_introducing_more_is_a_duty():
    """ "1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì, hướng dẫn thực hiện Đề án ...; tổ
    chức thực hiện các nhiệm vụ sau:" gives work before its closing "các nhiệm vụ sau:": a duty of its own
    besides the bullets under it."""
    tasks = tasks_of("437c3beb60ae2874.md")
    assert [t for t in tasks if t["task"].startswith("Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối")]


def test_a_label_naming_the_body_with_its_work_gives_the_body():
    """ "- Cơ quan thực hiện: Bộ Công an tiến hành rà soát các văn bản ...; các bộ, ... rà soát ...": the lead
    was the whole sentence."""
    leads = {t["lead_agency"] for t in tasks_of("86367f2ddb2225cd.md")}
    assert "Bộ Công an" in leads
    assert not [lead for lead in leads if lead and "rà soát" in lead]


def test_a_body_named_by_its_role_in_the_work_keeps_the_role():
    """ "3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án" over a) to d), "4. Cơ quan phối hợp có trách
    nhiệm trả lời ...": "chủ trì" and "phối hợp" right after a bare "Cơ quan" name the body, and the lead
    was "Cơ quan"."""
    leads = [t["lead_agency"] for t in tasks_of("6bac4a0d92da936d.md")]
    assert leads.count("Cơ quan chủ trì giải quyết thủ tục đầu tư dự án") == 4
    assert "Cơ quan phối hợp" in leads and "Cơ quan" not in leads


def test_a_position_among_agency_headings_names_a_doer():
    """ "1.1. Trưởng Ban Chỉ đạo" / "- Phụ trách chung, ..." before "1.2. Sở Tài chính - Cơ quan thường trực
    ..." in a Quảng Ngãi plan: the position is the lead of the four duties under it (they were lost)."""
    chief = [t for t in tasks_of("4e39af96b6891368.md") if t["lead_agency"] == "Trưởng Ban Chỉ đạo"]
    assert len(chief) == 4 and chief[0]["task"].startswith("Phụ trách chung, trực tiếp điều hành, chỉ đạo")


def test_a_lead_in_naming_a_province_gives_it_the_items_after_it():
    """A VPCP notice: "Để tiếp tục vận hành chính quyền địa phương 02 cấp ..., thành phố Đà Nẵng cần tập trung
    thực hiện tốt một số nhiệm vụ, giải pháp sau đây:" over "2. Căn cứ các tiêu chí ...", "3. Tăng cường ...":
    the items name no doer and were lost; the city the lead-in names (a gazetteer name) is their lead."""
    city = [t for t in tasks_of("abca9704d4c889cd.md") if t["lead_agency"] == "thành phố Đà Nẵng"]
    assert len(city) >= 6
    assert any(t["task"].startswith("Tăng cường hiệu quả hoạt động của bộ máy chính quyền cấp xã") for t in city)


def test_a_point_naming_its_own_agency_under_an_introducing_sentence_is_that_agencys():
    """A Quy định of Bắc Ninh: "1. Sở quản lý ngành, lĩnh vực có trách nhiệm chủ trì đề xuất ..., cụ thể như
    sau:" over "a) Sở Nông nghiệp và Môi trường chủ trì đối với các mặt hàng ...", "b) Sở Công thương chủ trì
    ...": each point's lead is its own agency (all three were the heading's), and the heading's generic name
    keeps its second noun after the comma (it was cut to "Sở quản lý ngành")."""
    tasks = tasks_of("8b9a38d6a8f8c20f.md")
    points = {
        t["lead_agency"]
        for t in tasks
        if t["task"].startswith(
            ("Sở Nông nghiệp và Môi trường chủ trì đối", "Sở Công thương chủ trì đối", "Sở Y tế chủ trì đối")
        )
    }
    assert points == {"Sở Nông nghiệp và Môi trường", "Sở Công thương", "Sở Y tế"}
    leads = [t["lead_agency"] for t in tasks]
    assert leads.count("Sở quản lý ngành, lĩnh vực") >= 6 and "Sở quản lý ngành" not in leads


def test_a_name_does_not_end_on_a_connective():
    """ "Ban Quản lý các Khu chế xuất và công nghiệp Thành phố chủ trì ...": the lead stopped after "và", the
    lower-case word after it taken for the start of the duty."""
    leads = {t["lead_agency"] for t in tasks_of("437c3beb60ae2874.md")}
    assert "Ban Quản lý các Khu chế xuất và công nghiệp Thành phố" in leads
    assert not [lead for lead in leads if lead and lead.endswith((" và", " các"))]


def test_a_lower_case_noun_after_an_opening_clause_goes_on_its_list():
    """ "2. Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương rà soát ...": the
    subject is "Bộ Tài chính"; "cơ quan liên quan" goes on the opening clause's list (it was taken into the
    lead)."""
    finance = [t for t in tasks_of("405a6cabda393030.md") if "Bộ Tài chính khẩn trương rà soát" in t["task"]]
    assert [t["lead_agency"] for t in finance] == ["Bộ Tài chính"]


def test_a_web_pages_summary_before_the_document_is_not_read():
    """A Công điện copied from a web page: the page's news summary repeats the items ("(1) Chủ tịch ...") before
    the document's own header; its items were read as duties and the header lines ("-------------- Số:
    232/CĐ-TTg") ran into the last one. The document begins at its header."""
    tasks = tasks_of("b2fa001677379e64.md")
    assert not [t for t in tasks if "Số: 232/CĐ-TTg" in t["task"] or "CỘNG HÒA" in t["task"]]
    assert len([t for t in tasks if t["task"].startswith("Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo")]) == 1


def test_a_paragraph_giving_work_to_another_agency_is_its_own_duty():
    """ "3. Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo ..." then, unlabelled, "Văn phòng Chính phủ theo dõi,
    đôn đốc các Bộ, địa phương thực hiện nghiêm túc Công điện này ...": the office's duty, not more of item 3's."""
    office = [t for t in tasks_of("b2fa001677379e64.md") if t["task"].startswith("Văn phòng Chính phủ theo dõi")]
    assert [t["lead_agency"] for t in office] == ["Văn phòng Chính phủ"]


def test_a_letter_with_a_summary_is_a_cong_van_whatever_its_numbers_code():
    """A Cục Thuế reply numbered "5467/CT-CS" ("CT": the issuer's code) with "V/v chính sách tiền thuê đất" was
    typed Chỉ thị, and the citations of its answer became duties of "Cục Thuế nhận được công văn ..."."""
    document = extract_document(CORPUS / "25b682f1b1483164.md", ExtractOptions(ocr="never"))
    assert document.metadata.doc_type == "Công văn"
    assert not [t for t in document.tasks if t.lead_agency and t.lead_agency.startswith("Cục Thuế nhận")]


def test_a_time_limit_under_a_duty_goes_with_it():
    """ "1. Thanh tra tỉnh chủ trì, ...:" / "Rà soát, xây dựng quy trình ..." / "Thời hạn chậm nhất 05 ngày làm
    việc kể từ ngày ban hành Quyết định.": the time limit is the duty's, not a duty of its own."""
    tasks = tasks_of("2e037ff2daea1c76.md")
    assert not [t for t in tasks if t["task"].startswith("Thời hạn")]
    assert any(t["task"].startswith("Rà soát, xây dựng quy trình") and "Thời hạn chậm nhất" in t["task"] for t in tasks)


def test_the_addressees_of_a_cong_dien_are_no_duties():
    """ "BỘ XÂY DỰNG điện:" over "- Tổng Công ty Đường sắt Việt Nam;": recipients, not duties."""
    assert not [t for t in tasks_of("a8e9e9675ab618ee.md") if t["lead_agency"] and t["lead_agency"].endswith("điện")]


def test_a_group_heading_keeps_its_members_and_drops_its_aside():
    """A Công điện: "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng, trong đó trọng tâm
    là các tỉnh:" / "Đắk Lắk, Khánh Hòa, Gia Lai và Lâm Đồng:" / "a) Tổ chức xây dựng kế hoạch ...": the members'
    line was a duty of its own, and the lead kept the aside after "trong đó"."""
    tasks = tasks_of("692e12b0ab77712a.md")
    assert not [t for t in tasks if t["task"].startswith("Đắk Lắk, Khánh Hòa")]
    points = [t for t in tasks if t["stt"] in ("a", "b", "c")]
    assert {t["lead_agency"] for t in points} == {
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng"
    }


def test_a_colon_listing_provinces_inside_a_duty_leaves_the_sentence_whole():
    """ "5. Bộ trưởng Bộ Tài chính chủ trì phối hợp với ... đề xuất phương án hỗ trợ ... cho các tỉnh: Đắk Lắk,
    Gia Lai, Khánh Hòa và Lâm Đồng để ...": the lead was the whole sentence up to the provinces."""
    finance = [t for t in tasks_of("692e12b0ab77712a.md") if t["task"].startswith("Bộ trưởng Bộ Tài chính chủ trì")]
    assert [t["lead_agency"] for t in finance] == ["Bộ trưởng Bộ Tài chính"]


def test_a_body_given_the_power_to_decide_is_named_whole():
    """A decision dividing powers: "a) Cơ quan chuyên môn, đơn vị sự nghiệp công lập, tổ chức hành chính khác
    thuộc Ủy ban nhân dân tỉnh quyết định tiêu chuẩn ...", "Ủy ban nhân dân cấp xã quyết định ...": "quyết
    định" ends the name (it was read into it, or the rows lost), and the kinds of public body are names."""
    leads = [t["lead_agency"] for t in tasks_of("2dd703fa6cbbc87b.md")]
    assert "Ủy ban nhân dân cấp xã" in leads
    assert "Đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh" in leads
    assert not [lead for lead in leads if lead and lead.endswith("quyết định")]


def test_a_point_opening_with_its_work_stays_with_the_items_agency():
    """ "a) Chủ trì, ... Trong trường hợp cần điều chỉnh ..., giao Bộ , trưởng Bộ Xây dựng quyết định điều chỉnh"
    under "Bộ Xây dựng": the point's lead is the item's, not the body named inside it."""
    points = [t for t in tasks_of("ec00bd6f58be7864.md") if "giao Bộ , trưởng Bộ Xây dựng quyết định" in t["task"]]
    assert [t["lead_agency"] for t in points] == ["Bộ Xây dựng"]


def test_points_that_only_list_what_a_duty_covers_are_part_of_it():
    """ "1. Chủ tịch Ủy ban nhân dân các tỉnh: ... khẩn trương rà soát, thống kê, tổng hợp báo cáo cụ thể về một số
    nội dung sau:" over "(1) Số hộ dân có nhà bị sập, đổ, trôi ...", "(2) Số hộ dân có nhà bị hư hỏng ...": the
    figures to report are the duty's, not three duties."""
    tasks = tasks_of("b2fa001677379e64.md")
    assert not [t for t in tasks if t["task"].startswith(("Số hộ dân", "Tổng kinh phí"))]
    report = [t for t in tasks if "tổng hợp báo cáo cụ thể về một số nội dung sau" in t["task"]]
    assert len(report) == 1 and "Số hộ dân có nhà bị hư hỏng nặng" in report[0]["task"]


def test_a_lead_in_asking_bodies_gives_them_the_items_after_it():
    """A Công điện: "Thiết thực lập thành tích ..., Thủ tướng Chính phủ yêu cầu Bộ trưởng, Thủ trưởng Cơ quan ngang
    Bộ, ..., Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương thực hiện một số nhiệm vụ trọng
    tâm cấp bách sau:" over "1. Khẩn trương thực hiện ...", "2. Tiếp tục phát huy ...": the items name no doer
    and were lost; the bodies asked are their lead. The header's rules ("-------") are no bullets."""
    tasks = tasks_of("5dbaef1b7c77d06c.md")
    first = [t for t in tasks if t["task"].startswith(("Khẩn trương thực hiện quyết liệt", "Tiếp tục phát huy"))]
    assert len(first) == 2
    assert {t["lead_agency"] for t in first} == {
        "Bộ trưởng, Thủ trưởng Cơ quan ngang Bộ, Thủ trưởng Cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các "
        "tỉnh, thành phố trực thuộc Trung ương"
    }


def test_a_lead_leaves_out_the_manner_of_its_work():
    """ "2. Bộ Quốc phòng, Bộ Công an theo chức năng, nhiệm vụ, thẩm quyền chủ trì, phối hợp ...:": the lead is
    the two ministries."""
    leads = {t["lead_agency"] for t in tasks_of("858c0de43c18ce78.md")}
    assert "Bộ Quốc phòng, Bộ Công an" in leads
    assert not [lead for lead in leads if lead and " theo " in lead]


def test_a_steering_committee_named_in_lower_case_keeps_its_name():
    """ "7. Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia theo dõi sát diễn biến ...": "chỉ đạo" after "Ban" is
    the committee's name (the lead was "Văn phòng Ban"), and "quốc gia" ends it."""
    leads = {t["lead_agency"] for t in tasks_of("a328fbb46798c2b5.md")}
    assert "Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia" in leads


def test_a_rulings_closing_formula_is_no_duty():
    """ "Cục trưởng Cục hải quan báo để Công ty TNHH ... biết và thực hiện./." closes a customs ruling."""
    assert not [t for t in tasks_of("f902003eceb8dedf.md") if "biết và thực hiện" in t["task"]]


def test_a_blank_form_assigns_no_tasks():
    """Web pages giving a blank form ("Mẫu số 10": "Số: ….", "Căn cứ Luật .....", "Điều 2. Giao …………… tổ chức
    thực hiện ...") and the procedure it belongs to: 32 duties were read from them; whoever fills the form in
    gives the work, so none is, and a warning says why."""
    for name in ("ce50c96b9c053d7a.md", "c0cd0e1a5cdb1286.md"):
        document = extract_document(CORPUS / name, ExtractOptions(ocr="never"))
        assert document.tasks == []
        assert any("blank form" in warning for warning in document.quality.warnings)


def test_a_time_of_day_is_no_colon():
    """ "4. Văn phòng Chính phủ hướng dẫn ... mẫu báo cáo hàng tuần trước 15:00 ngày thứ Sáu hàng tuần ...": the
    colon of "15:00" made the words before it the lead."""
    office = [t for t in tasks_of("5dbaef1b7c77d06c.md") if "mẫu báo cáo hàng tuần trước 15:00" in t["task"]]
    assert [t["lead_agency"] for t in office] == ["Văn phòng Chính phủ"]


def test_the_office_that_sends_a_notice_keeps_its_own_duties():
    """A VPCP notice of a Deputy Prime Minister's conclusions: "c) Văn phòng Chính phủ chủ trì tham mưu sửa đổi,
    bổ sung Nghị định số 118/2025/NĐ-CP ..." is a duty the leader gave the office; once the issuer read right
    ("VĂN PHÒNG CHÍNH PHỦ"), it was dropped as the issuer's own, as a plan's committee is."""
    office = [
        t for t in tasks_of("74e2ddc7b11340da.md") if t["task"].startswith("Văn phòng Chính phủ chủ trì tham mưu")
    ]
    assert [t["lead_agency"] for t in office] == ["Văn phòng Chính phủ"]


def test_a_leaders_opinion_passed_on_by_a_letter_is_the_body():
    """A VPCP letter: "..., Phó Thủ tướng Trần Hồng Hà có ý kiến như sau:" over one unlabelled paragraph
    "Trên cơ sở ..., Bộ Xây dựng làm việc với ..." gave nothing (the paragraph was read as the preamble)."""
    tasks = tasks_of("91035abb77ae0a1b.md")
    assert [t["lead_agency"] for t in tasks] == ["Bộ Xây dựng"]
    assert tasks[0]["task"].startswith("Trên cơ sở Báo cáo số 1052/BC-CP ngày 12/11/2025 của Chính phủ")
    assert tasks[0]["task"].endswith("bảo đảm tiến độ hoàn thành Dự án vào năm 2026.")
    # an office's own opinion ("Cục Thuế có ý kiến như sau:") answers: a ruling's law is no duty
    assert tasks_of("4558f5a728d1d865.md") == []
    # "V/v ... Kính gửi:" introduces recipients, not the opinion; a paragraph opening like a Chỉ thị's
    # closing ("Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên khẩn trương ...") is the opinion still
    hung_yen = tasks_of("2c71d790ecdeb8d1.md")
    assert [t["lead_agency"] for t in hung_yen][:1] == ["Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên"]


def test_a_reply_asking_a_body_to_act_gives_it_a_duty():
    """A Cục Thuế reply: "Đề nghị Thuế tỉnh Hà Tĩnh căn cứ ... để hướng dẫn đơn vị thực hiện theo quy định."
    was lost (the lead-in gives no work out); "Đề nghị Công ty nghiên cứu quy định ... để thực hiện" tells the
    company that asked how to apply the law, and stays no duty."""
    tasks = tasks_of("66b33234a2c7e4bf.md")
    assert [(t["lead_agency"], t["is_request"]) for t in tasks] == [("Thuế tỉnh Hà Tĩnh", True)]
    assert tasks[0]["task"].endswith("để hướng dẫn đơn vị thực hiện theo quy định.")
    assert tasks_of("28eca2b78641f2b0.md") == []


def test_a_procedures_table_of_steps_gives_no_tasks():
    """A decision approving internal procedures: its appendix tables "Các bước | Nội dung công việc | Trách
    nhiệm thực hiện | Thời gian" ("Bước 1 | Kiểm tra ... | Chuyên viên ...") became 16 tasks beside the
    decision's 8 duties; 205 tasks of another decision came from such tables ("Thứ tự công việc" over them)."""
    tasks = tasks_of("a0079a10826a1d45.md")
    assert {t["origin"] for t in tasks} == {"prose"}
    assert [t["lead_agency"] for t in tasks] == ["Sở Nông nghiệp và Môi trường"] * 3 + [
        "Ủy ban nhân dân các xã, phường"
    ] * 3 + ["Văn phòng Ủy ban nhân dân tỉnh"] * 2
    assert len(tasks_of("8bb6ac57ee7b4c5d.md")) == 8


def test_a_subject_named_by_its_kind_runs_to_its_responsibility():
    """ "3. Đơn vị, tổ chức thực hiện nhiệm vụ bồi thường, hỗ trợ, tái định cư có trách nhiệm lập dự toán ...":
    the lead was cut to "Đơn vị" at the first verb; the words before "có trách nhiệm" say which bodies. A body
    that directs others keeps its own name ("Giao các cơ quan chuyên môn chỉ đạo các cơ sở giáo dục ... chịu
    trách nhiệm ...")."""
    tasks = tasks_of("a16f8b41d34cc524.md")
    assert [t["lead_agency"] for t in tasks] == ["Đơn vị, tổ chức thực hiện nhiệm vụ bồi thường, hỗ trợ, tái định cư"]
    directed = [t for t in tasks_of("7650ecce3d20626b.md") if t["task"].startswith("Giao các cơ quan chuyên môn chỉ")]
    assert [t["lead_agency"] for t in directed] == ["các cơ quan chuyên môn"]


def test_recipients_without_their_heading_end_the_body():
    """A web copy of a resolution gives its recipients as one paragraph, "- Chính phủ; -Ban Tổ chức Trung ương;
    -Ủy ban TW Mặt trận Tổ quốc Việt Nam; ...", after "Nghị quyết này được ... thông qua ngày ...", with no
    "Nơi nhận:": it was read as a duty of the last item's bodies."""
    tasks = tasks_of("ee18506c3853f01d.md")
    assert not [t for t in tasks if "Ban Tổ chức Trung ương" in t["task"]]
    assert tasks[-1]["task"].endswith("giám sát việc thực hiện Nghị quyết này.")


def test_a_list_of_works_opening_with_an_agency_word_names_no_body():
    """ "30. Thanh tra, kiểm tra việc thực hiện chức năng, nhiệm vụ ..." in a decree's list of a ministry's
    powers was a duty of "Thanh tra"; "Thanh tra, kiểm tra quản lý, hoạt động ..." (an article's title) gave its
    clauses that lead. A body's name with an aside after the comma stays a body ("Chủ đầu tư, trong phạm vi,
    trách nhiệm của mình, nỗ lực ...")."""
    assert not [t for t in tasks_of("389276e8dae699ce.md") if t["lead_agency"] == "Thanh tra"]
    mines = tasks_of("6d0e277c7b88a914.md")
    assert not [t for t in mines if t["lead_agency"] == "Thanh tra"]
    assert "Bộ Tư lệnh Công binh" in [t["lead_agency"] for t in mines]
    assert [t["lead_agency"] for t in tasks_of("ad0066b8d39e5c85.md")].count("Chủ đầu tư") == 2


def test_a_body_named_by_its_kind_alone_is_cut_before_its_duty():
    """A decree names its fund "Quỹ" alone: "Quỹ có trách nhiệm xây dựng, ban hành quy chế kiểm tra nội bộ ..."
    was led by "Quỹ có trách nhiệm" (a name is read to its second word at least); "Đoàn kiểm tra" stays a name."""
    tasks = tasks_of("c05552433ef48b49.md")
    fund = [t for t in tasks if t["task"].startswith("Quỹ có trách nhiệm xây dựng, ban hành quy chế")]
    assert [t["lead_agency"] for t in fund] == ["Quỹ"]
    inspection = [t for t in tasks_of("54c3026bc7bb5cb7.md") if t["task"].startswith("Đoàn kiểm tra bao gồm")]
    assert inspection and not [t for t in inspection if t["lead_agency"] == "Đoàn"]


def test_a_lead_in_asking_bodies_gives_them_the_items_however_it_ends():
    """ "..., Bộ Tài chính đề nghị UBND các tỉnh, thành phố quan tâm chỉ đạo:" over "1. Phổ biến rộng rãi ..."
    gave nothing (only a lead-in ending "... sau:" or "... như sau:" was read so); a letter's courtesy at its
    close ("Bộ Nội vụ trân trọng cảm ơn và rất mong Quý cơ quan phối hợp ...") is no duty."""
    tasks = tasks_of("9063e901ca3fd0c3.md")
    asked = [t for t in tasks if t["lead_agency"] == "UBND các tỉnh, thành phố"]
    assert [(t["stt"], t["is_request"]) for t in asked] == [("1", True), ("2", True), ("3", True)]
    assert asked[0]["task"].startswith("Phổ biến rộng rãi nội dung Cẩm nang")
    assert not [t for t in tasks_of("0d99145eee8ac0ff.md") if "cảm ơn" in t["task"]]


def test_a_resolutions_execution_clause_and_its_governor():
    """A Nghị quyết of the Chính phủ: "Điều 2. Thống đốc Ngân hàng Nhà nước Việt Nam tiếp thu, giải trình ..."
    was lost (a governor opens no name in the agency words), and "Thống đốc ..., các Bộ trưởng, ... chịu trách
    nhiệm thi hành Nghị quyết này." is the execution clause, as it is for a Quyết định."""
    tasks = tasks_of("0465063a5486d493.md")
    assert [(t["stt"], t["lead_agency"]) for t in tasks] == [("Điều 2", "Thống đốc Ngân hàng Nhà nước Việt Nam")]


def test_an_article_on_whom_the_rules_apply_to_gives_no_duties():
    """ "Điều 2. Đối tượng áp dụng" over "1. Các cơ quan, tổ chức, cá nhân có liên quan đến ..." and "Phạm vi
    điều chỉnh" name the bodies a decision's rules concern: they were read as their duties."""
    tasks = tasks_of("2dd703fa6cbbc87b.md")
    assert not [t for t in tasks if t["task"].startswith("Quyết định này quy định phân cấp")]  # Phạm vi điều chỉnh
    assert "Cơ quan chuyên môn, đơn vị sự nghiệp công lập" not in [t["lead_agency"] for t in tasks]  # Đối tượng
    assert len(tasks) == 6


def test_a_markdown_heading_mark_does_not_hide_an_article():
    """A Markdown copy of a decree writes "#### Điều 7. Nguồn lực, nguyên tắc hỗ trợ kinh phí": the article was
    not read as one, so it and those after it went under the article before (the duties of "Điều 8. Trách
    nhiệm ..." were lost or given the wrong lead)."""
    tasks = tasks_of("21c5e5f284e66d03.md")
    assert not [t for t in tasks if t["task"].startswith("####")]
    assert "Bộ Nông nghiệp và Phát triển nông thôn" in [t["lead_agency"] for t in tasks]


def test_a_letters_request_over_bullets_gives_them_to_the_bodies_asked():
    """ "Thực hiện Công văn ..., Sở Giáo dục và Đào tạo đề nghị UBND các xã, phường; các đơn vị, cơ sở giáo dục
    trực thuộc thực hiện nghiêm túc ... Cụ thể:" over "- " bullets, in a letter with no numbered item: the
    paragraph was read as the preamble and the bullets with it; "cơ sở giáo dục" is a body's name."""
    tasks = tasks_of("d97b35347d17f96f.md")
    assert [t["lead_agency"] for t in tasks][:1] == ["UBND các xã, phường; các đơn vị, cơ sở giáo dục trực thuộc"]
    assert tasks[0]["task"].startswith("Thường xuyên cập nhật thông tin về chất lượng không khí")
    assert tasks[0]["is_request"]


def test_a_label_closing_a_description_gives_no_task():
    """A decision publishing a procedure ends its appendix with "- Cơ quan thực hiện: Sở Nông nghiệp và Môi
    trường tỉnh Lạng Sơn.": with no heading or "Nội dung:" above it, every paragraph from the header on was
    taken for that block's task."""
    assert tasks_of("cd5874640909d75c.md") == []


def test_provinces_named_as_the_subject_are_its_doers():
    """A VPCP notice: "a) Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương hoàn thiện Báo cáo ..." and "b) Thành
    phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh ..." were lost: a province opens no name in the agency
    words; the gazetteer's provinces after "tỉnh"/"thành phố" do."""
    leads = [t["lead_agency"] for t in tasks_of("50f694478a35aefd.md")]
    assert "Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng" in leads
    assert "Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai" in leads


def test_an_opening_clause_is_matched_with_its_marks():
    """Folded, the opener "Quý" matched "Quy định ..." and "Quyền và trách nhiệm ...", so a decree's article
    titles and points had a body after their first comma taken for their subject ("viện nghiên cứu", "chi
    nhánh ngân"); "Theo đó" matched "Theo dõi". "Hằng năm, Cục Thống kê có trách nhiệm ..." still opens so."""
    fees = tasks_of("7650ecce3d20626b.md")
    assert "viện nghiên cứu" not in [t["lead_agency"] for t in fees]
    yearly = [t for t in tasks_of("750314c2c5666d56.md") if t["task"].startswith("Hằng năm, Cục Thống kê")]
    assert [t["lead_agency"] for t in yearly] == ["Cục Thống kê"]


def test_a_lead_leaves_out_what_it_acts_on():
    """ "Điều 2. Giao Sở Khoa học và Công nghệ căn cứ Danh mục thủ tục hành chính được công bố tại Điều 1 Quyết
    định này có trách nhiệm:" was led by the whole clause; "căn cứ ..." says on what, as "theo chức năng" says how."""
    leads = {t["lead_agency"] for t in tasks_of("e13c637d6d90ecc4.md")}
    assert leads == {"Sở Khoa học và Công nghệ"}


def test_a_rows_long_sentences_head_no_columns():
    """A decision's appendix lists procedures in a table whose header row the web copy lost; a data row whose
    long cells hold "thực hiện" and "nhiệm vụ" ("Quyết định số 432/QĐ-UBND ... về việc ủy quyền thực hiện một số
    nhiệm vụ ...") was taken for a task header, and every procedure became a task led by "- Nơi tiếp nhận và trả
    kết quả: + Trung tâm ..."."""
    tasks = tasks_of("f411a708bcdcfda7.md")
    assert {t["origin"] for t in tasks} == {"prose"}
    assert [t["lead_agency"] for t in tasks] == [
        "Ban Quản lý các Khu công nghiệp",
        "Ban Quản lý các Khu công nghiệp, UBND các xã, phường",
    ]


def test_a_list_of_named_members_closed_by_a_group():
    """A Công điện's "1. Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai
    và lãnh đạo các Bộ, ngành theo chức năng ... tiếp tục tập trung ...": the members after the colon end with a
    group named by its kind, in small letters, and the lead stopped at the colon."""
    first = tasks_of("15e6fb3d3f3b2644.md")[0]
    assert first["lead_agency"] == (
        "Đồng chí Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai "
        "và lãnh đạo các Bộ, ngành"
    )


def test_a_consolidated_texts_note_number_is_no_part_of_a_name():
    """A consolidated text (Văn bản hợp nhất 92/VBHN-BQP) numbers its notes after a word: "2. Bộ Nội vụ[6] chịu
    trách nhiệm ..." was led by "Bộ Nội vụ[6]"."""
    leads = [t["lead_agency"] for t in tasks_of("8180ae11188469fd.md")]
    assert "Bộ Nội vụ" in leads and not any("[" in lead for lead in leads if lead)


def test_an_item_one_that_ocr_read_as_a_roman_one():
    """The scan of Kế hoạch 91's plan (../shared/real/lamdong_ttr91_kh_kmt_2026_scan.pdf, page 15) reads "1. Các
    Sở, ban, ngành, địa phương:" as "I. ..." under "V. TỔ CHỨC THỰC HIỆN": out of sequence, no section, and the
    duty under it was lost."""
    text = (
        "KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\nNắm chắc tình hình.\nII. KINH PHÍ THỰC HIỆN\nNgân sách tỉnh.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "I. Các Sở, ban, ngành, địa phương:\n"
        "Căn cứ chức năng, nhiệm vụ được giao và những nội dung trong kế hoạch này để xây dựng kế hoạch cụ thể để "
        "tổ chức triển khai thực hiện nghiêm túc, có hiệu quả.\n"
        "2. Công an tỉnh:\nChủ trì, phối hợp với các đơn vị liên quan theo dõi, hướng dẫn, kiểm tra.\n"
    )
    tasks = structure_document([PageText(1, text, "ocr")]).tasks
    assert [(t.stt, t.lead_agency) for t in tasks] == [("1", "Các Sở, ban, ngành, địa phương"), ("2", "Công an tỉnh")]


def test_an_item_number_that_ocr_read_with_a_comma():
    """The scan of Chỉ thị 16 (../shared/real/quangngai_ct16_2021_tet_scan.pdf) opens a page with "9, Sở Thông tin
    và Truyền thông" for "9. Sở ...": the line went on the paragraph before, and the points under it were given to
    item 8's agency. A number and a comma before words that are no agency's name open nothing."""
    first = (
        "CHỈ THỊ\n8. Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp thực hiện\n"
        "a) Xây dựng Kế hoạch tổ chức các hoạt động văn hoá.\nb) Thực hiện tốt nhiệm vụ quảng bá, xúc tiến du lịch,\n"
        "kịp thời xử lý nghiêm các vi phạm.\n"
    )
    second = (
        "9, Sở Thông tin và Truyền thông\na) Chủ trì, phối hợp với Đài Phát thanh - Truyền hình tỉnh tuyên truyền.\n"
        "b) Tăng cường quản lý thông tin thuê bao,\n2, 3 và 4 tháng đầu năm.\n"
    )
    tasks = structure_document([PageText(1, first, "ocr"), PageText(2, second, "ocr")]).tasks
    assert [(t.stt, t.lead_agency) for t in tasks][-2:] == [
        ("a", "Sở Thông tin và Truyền thông"),
        ("b", "Sở Thông tin và Truyền thông"),
    ]
    assert tasks[-1].task.endswith("2, 3 và 4 tháng đầu năm.")


def test_duties_under_a_paragraph_that_introduces_them_and_a_short_name():
    """A news page on Kế hoạch 0205/KH-UBND (corpus 9ee5...) quotes the plan's duties as bullets under "Tại tiểu 1
    Mục III Kế hoạch ... nêu rõ nhiệm vụ chung ... như sau:": bullets under an unlabelled paragraph gave nothing.
    The first duty's body is given a short name ("... quy hoạch tỉnh (viết tắt là Ban Chỉ đạo) chỉ đạo ..."): its
    lead was cut inside the full name ("Ban Chỉ đạo lập điều")."""
    assert [t["lead_agency"] for t in tasks_of("9ee55e4b4830bd38.md")] == [
        "Ban Chỉ đạo lập điều chỉnh quy hoạch tỉnh",
        "Thủ trưởng các sở, ban, ngành, Chủ tịch Ủy ban nhân dân các xã, phường và các cơ quan, đơn vị liên quan",
        "Đơn vị tư vấn lập điều chỉnh quy hoạch tỉnh",
    ]
