"""Metadata details seen in the corpus plans: deadlines with "tháng", repeated citations, QH15 codes."""

from __future__ import annotations

from kehoach_cli.ingest import PageText
from kehoach_cli.structure import structure_document


def plan_of(text: str):
    return structure_document([PageText(number=1, text=text, source="text")])


def bases_of(preamble: str) -> dict[str, dict]:
    """The legal bases read from a plan with this preamble, by number, in order."""
    plan = plan_of(f"KẾ HOẠCH\nVề việc\n\n{preamble}\nI. MỤC ĐÍCH\nNội dung.\n")
    return {b["number"]: b for b in plan.metadata.legal_bases}


def test_semiannual_and_annual_deadlines_written_with_thang():
    plan = plan_of(
        "KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\nNội dung.\nII. TỔ CHỨC THỰC HIỆN\n"
        "Các đơn vị định kỳ 6 tháng (trước ngày 10 tháng 6), hằng năm (trước ngày 05 tháng 12) và "
        "đột xuất (khi có yêu cầu) tổng hợp báo cáo kết quả thực hiện.\n"
    )
    assert [(d["frequency"], d["day"], d["month"]) for d in plan.metadata.reporting_deadlines] == [
        ("semiannual", 10, 6),
        ("annual", 5, 12),
    ]


def test_a_later_mention_completes_a_citation_and_assembly_codes_keep_their_term():
    plan = plan_of(
        "KẾ HOẠCH\nVề việc\n\nCăn cứ Nghị quyết số 202/2025/QH15 của Quốc hội; thực hiện Quyết định "
        "số 27/QĐ-TTg; Quyết định số 27/QĐ-TTg ngày 03/01/2025 của Thủ tướng Chính phủ về việc ban "
        "hành Kế hoạch.\nI. MỤC ĐÍCH\n"
    )
    bases = plan.metadata.legal_bases
    assert [b["number"] for b in bases] == ["202/2025/QH15", "27/QĐ-TTg"]
    assert (bases[1]["date"], bases[1]["issuer"]) == ("2025-01-03", "Thủ tướng Chính phủ")


def test_a_dated_deadline_is_once_with_its_year():
    plan = plan_of(
        "KẾ HOẠCH\nVề việc\n\nI. TỔ CHỨC THỰC HIỆN\nĐịnh kỳ 6 tháng, các đơn vị tổ chức đánh giá; báo cáo "
        "UBND tỉnh trước ngày 15/12/2026.\n"
    )
    assert [(d["frequency"], d["day"], d["month"], d["year"]) for d in plan.metadata.reporting_deadlines] == [
        ("once", 15, 12, 2026)
    ]


def test_signature_without_tm_line():
    plan = plan_of(
        "KẾ HOẠCH\nVề việc\n\nI. MỤC ĐÍCH\nNội dung./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrần Thị Diệu Thúy\n"
    )
    assert (plan.metadata.signer_title, plan.metadata.signer_name) == ("PHÓ CHỦ TỊCH", "Trần Thị Diệu Thúy")


def test_issuer_and_title_stop_where_the_sentence_moves_on():
    bases = bases_of(
        "Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và "
        "Kế hoạch số 24/KH-UBND ngày 14/8/2025 của UBND tỉnh thực hiện Nghị quyết số 66-NQ/TW ngày 30 "
        "tháng 4 năm 2025 của Bộ Chính trị về đổi mới công tác xây dựng pháp luật, UBND tỉnh ban hành "
        "Kế hoạch như sau:"
    )
    # 66-NQ/TW is what the two plans implement, named inside their description: not a basis itself.
    assert list(bases) == ["14-KH/TU", "24/KH-UBND"]
    assert (bases["14-KH/TU"]["issuer"], bases["24/KH-UBND"]["issuer"]) == ("Ban Thường vụ Tỉnh ủy", "UBND tỉnh")
    assert (bases["24/KH-UBND"]["date"], bases["24/KH-UBND"]["title"]) == ("2025-08-14", None)


def test_a_party_resolution_cited_as_basis_keeps_its_title():
    (basis,) = bases_of(
        "Căn cứ Nghị quyết số 66-NQ/TW ngày 30 tháng 4 năm 2025 của Bộ Chính trị về đổi mới công "
        "tác xây dựng pháp luật;"
    ).values()
    assert (basis["number"], basis["date"], basis["issuer"], basis["title"]) == (
        "66-NQ/TW",
        "2025-04-30",
        "Bộ Chính trị",
        "Đổi mới công tác xây dựng pháp luật",
    )


# Preambles from the corpus plans (../shared/corpus/tvpl_admin_docs), shortened.
HO_CHI_MINH_2820 = (
    "Số: 2820/QĐ-UBND\nThành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;\n"
    "Căn cứ Luật Quy hoạch ngày 24 tháng 11 năm 2017 được sửa đổi, bổ sung một số điều tại Luật sửa đổi, bổ sung "
    "một số điều của Luật Quy hoạch, Luật Đầu tư ngày 29 tháng 11 năm 2024;\n"
    "Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024, được sửa đổi, bổ sung một số điều tại Luật sửa "
    "đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15;\n"
    "Căn cứ Luật Xây dựng số 50/2014/QH13, được sửa đổi, bổ sung tại Luật sửa đổi, bổ sung một số điều của Luật xây "
    "dựng số 62/2020/QH14 ngày 17 tháng 06 năm 2020;\n"
    "Căn cứ Nghị quyết số 03/NQ-CP ngày 09 tháng 01 năm 2025 của Chính phủ Ban hành chương trình hành động của "
    "Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển "
    "khoa học, công nghệ được sửa đổi, bổ sung cập nhật một số điều tại Nghị quyết số 71/NQ-CP ngày 01 tháng 4 năm "
    "2025 của Chính phủ;\n"
    "Căn cứ Nghị quyết số 66.2/2025/NQ-CP ngày 28 tháng 8 năm 2025 của Chính phủ Quy định xử lý khó khăn;\n"
    "Căn cứ các Quyết định của Thủ tướng Chính phủ về phê duyệt quy hoạch thời kỳ 2021 - 2030, tầm nhìn đến năm "
    "2050: Quyết định số 1629/QĐ-TTg ngày 16 tháng 12 năm 2023 phê duyệt Quy hoạch tỉnh Bà Rịa - Vũng Tàu; Quyết "
    "định số 790/QĐ-TTg ngày 03 tháng 8 năm 2024 phê duyệt Quy hoạch tỉnh Bình Dương;\n"
    "Theo đề nghị của Sở Tài chính tại Công văn số 11033/STC-CSTH ngày 29 tháng 10 năm 2025.\n"
    "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai Quyết định số 06/QĐ-TTg.\n"
    "KẾ HOẠCH\n(Kèm theo Quyết định số 2820/QĐ-UBND ngày 19 tháng 11 năm 2025 của Ủy ban nhân dân Thành phố)\n"
    "I. MỤC ĐÍCH\n"
)


def test_laws_are_bases_and_what_a_basis_amends_or_implements_is_not():
    numbers = [b["number"] for b in plan_of(HO_CHI_MINH_2820).metadata.legal_bases]
    assert numbers == [
        "72/2025/QH15",
        "31/2024/QH15",
        "50/2014/QH13",
        "03/NQ-CP",
        "66.2/2025/NQ-CP",
        "1629/QĐ-TTg",
        "790/QĐ-TTg",
    ]


def test_a_proposal_and_the_plan_itself_are_not_bases():
    plan = plan_of(
        "Số: 144/KH-UBND\nBắc Ninh, ngày 24 tháng 11 năm 2025\nKẾ HOẠCH\nPHÁT TRIỂN KINH TẾ SỐ\n"
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học;\n"
        "Căn cứ Kế hoạch số 17/KH-UBND ngày 11/8/2025 của UBND tỉnh về thực hiện Nghị quyết số 71/NQ-CP "
        "ngày 01/4/2025 của Chính phủ và Kế hoạch số 07-KH/TU ngày 25/7/2025 của Ban thường vụ Tỉnh ủy;\n"
        "Theo đề nghị của Sở Khoa học và Công nghệ tại Tờ trình số 133/TTr-SKHCN ngày 15/11/2025, UBND tỉnh "
        "ban hành Kế hoạch số 144/KH-UBND như sau:\nI. QUAN ĐIỂM\n"
    )
    assert [b["number"] for b in plan.metadata.legal_bases] == ["57-NQ/TW", "17/KH-UBND"]


def test_instruments_cited_side_by_side_are_all_bases():
    plan = plan_of(
        "KẾ HOẠCH\nVề việc\n\n"
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục "
        "hành chính và Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của Chính phủ sửa đổi, bổ sung;\n"
        "Thực hiện Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội phê duyệt chủ trương đầu tư "
        "(Nghị quyết số 163/2024/QH15), Nghị quyết số 50/NQ-CP ngày 13/3/2025 của Chính phủ về ban hành "
        "Kế hoạch triển khai Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội (Nghị quyết số "
        "50/NQ-CP) và Quyết định số 7619/QĐ-BCA ngày 08/9/2025 của Bộ trưởng Bộ Công an phê duyệt Chương "
        "trình; Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n"
    )
    assert [b["number"] for b in plan.metadata.legal_bases] == [
        "63/2010/NĐ-CP",
        "92/2017/NĐ-CP",
        "163/2024/QH15",
        "50/NQ-CP",
        "7619/QĐ-BCA",
    ]


def test_a_code_broken_at_its_hyphen_is_joined():
    assert list(
        bases_of(
            "Căn cứ Quyết định số 4255/QĐ-BNN-KHCN ngày 04/12/2024 của Bộ Nông nghiệp về việc phê duyệt "
            "Chương trình quan trắc và Kế hoạch 223/KH- UBND ngày 24/10/2025 của UBND tỉnh về quan "
            "trắc;"
        )
    ) == ["4255/QĐ-BNN-KHCN", "223/KH-UBND"]


def deadlines_of(body: str) -> list[tuple]:
    plan = plan_of(f"KẾ HOẠCH\nVề việc\n\nI. TỔ CHỨC THỰC HIỆN\n{body}\n")
    return [(d["frequency"], d["day"], d["month"], d["year"]) for d in plan.metadata.reporting_deadlines]


def test_the_day_sixteen_is_no_six_months_and_a_rule_no_quarter():
    # 174/KH-UBND (Hồ Chí Minh): a one-off report for 2025.
    assert deadlines_of(
        "Các sở gửi báo cáo công tác Bình đẳng giới năm 2025 và báo cáo kết quả thực hiện Tháng "
        "hành động năm 2025 về Sở Nội vụ trước ngày 16 tháng 12 năm 2025 để tổng hợp."
    ) == [("once", 16, 12, 2025)]
    assert deadlines_of("Các đơn vị báo cáo theo quy định trước ngày 30/11.") == [(None, 30, 11, None)]


def test_a_monthly_deadline_names_only_the_day():
    # 308/KH-UBND (Hà Nội).
    assert deadlines_of(
        "Các đơn vị báo cáo UBND Thành phố kết quả thực hiện thông qua Sở Khoa học và Công nghệ "
        "trước ngày 15 hằng tháng."
    ) == [("monthly", 15, None, None)]


def test_a_banner_above_the_header_and_a_wrapped_signer_name():
    # 4085/UBND-ĐT (Hồ Chí Minh) as the web page printed it: a banner first, "ỦY" apart from
    # "BAN NHÂN DÂN", the signer's name over two lines.
    banner = "".join(f"Dòng quảng cáo số {n} của trang.\n" for n in range(14))
    plan = plan_of(
        f"{banner}ỦY\nBAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Số: 4085/UBND-ĐT\nThành phố Hồ Chí Minh, ngày 25 tháng 11 năm 2025\n"
        "Kính gửi: Các sở, ngành.\nNội dung.\nNơi nhận:\n- Như trên;\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
        "Bùi\nXuân Cường\n"
    )
    meta = plan.metadata
    assert (meta.doc_number, meta.issued_date, meta.province) == ("4085/UBND-ĐT", "2025-11-25", "Hồ Chí Minh")
    assert (meta.signer_title, meta.signer_name) == ("PHÓ CHỦ TỊCH", "Bùi Xuân Cường")


def test_a_number_misread_once_is_merged_into_the_one_the_plan_keeps_citing():
    # kon-tum-501-variant-scan: tesseract read "27" as "227" in the opening sentence.
    plan = plan_of(
        "KẾ HOẠCH\nTriển khai thực hiện Quyết định số 27/QĐ-TTg ngày 03 tháng 01 năm 2025 của Thủ tướng "
        "Chính phủ\n\nThực hiện Quyết định số 227/QĐ-TTg ngày 03 tháng 01 năm 2025 của Thủ tướng Chính phủ "
        "ban hành Kế hoạch (Quyết định số 27/QĐ-TTg), Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai "
        "thực hiện Quyết định số 27/QĐ-TTg trên địa bàn tỉnh Kon Tum như sau:\nI. MỤC ĐÍCH\n"
    )
    assert [b["number"] for b in plan.metadata.legal_bases] == ["27/QĐ-TTg"]


def test_a_doubled_d_stroke_in_a_code_is_one():
    assert list(bases_of("Căn cứ Quyết định số 912/QĐĐ-BKHCN ngày 18/5/2025 của Bộ Khoa học và Công nghệ;")) == [
        "912/QĐ-BKHCN"
    ]


def test_two_deadlines_in_one_clause_each_keep_their_recurrence():
    assert deadlines_of(
        "Định kỳ 06 tháng, các đơn vị báo cáo trước ngày 15/6 và hằng năm báo cáo trước ngày 05 tháng 12."
    ) == [("semiannual", 15, 6, None), ("annual", 5, 12, None)]


def test_an_issuer_ends_at_a_capitalised_verb_and_a_title_at_the_next_instrument():
    bases = bases_of(
        "Căn cứ Nghị quyết số 03/NQ-CP ngày 09 tháng 01 năm 2025 của Chính phủ Ban hành chương trình "
        "hành động của Chính phủ;\nCăn cứ Nghị định số 63/2010/NĐ-CP ngày 08 tháng 6 năm 2010 của Chính "
        "phủ về kiểm soát thủ tục hành chính và Nghị định số 92/2017/NĐ-CP ngày 07 tháng 8 năm 2017 của "
        "Chính phủ sửa đổi, bổ sung;"
    )
    assert bases["03/NQ-CP"]["issuer"] == "Chính phủ"
    assert bases["03/NQ-CP"]["title"] == "Chương trình hành động của Chính phủ"
    assert bases["63/2010/NĐ-CP"]["title"] == "Kiểm soát thủ tục hành chính"


def test_an_issuer_that_is_no_peoples_committee_is_read_from_the_header():
    """ "BỘ CÔNG AN" / "CÔNG AN TỈNH LÂM ĐỒNG" (the lower line issues), "VĂN PHÒNG CHÍNH" / "PHỦ" wrapped, the
    motto beside it on the same line: the issuer as the header writes it."""
    from kehoach_cli.ingest import PageText
    from kehoach_cli.structure import structure_document

    police = (
        "BỘ CÔNG AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCÔNG AN TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc\n"
        "Số: 91/TTr-CAT-PC04 Lâm Đồng, ngày 03 tháng 02 năm 2026\nTỜ TRÌNH\n"
    )
    office = "VĂN PHÒNG CHÍNH\nPHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 653/TB-VPCP\nTHÔNG BÁO\n"
    assert structure_document([PageText(1, police, "text")]).metadata.issuer == "CÔNG AN TỈNH LÂM ĐỒNG"
    assert structure_document([PageText(1, office, "text")]).metadata.issuer == "VĂN PHÒNG CHÍNH PHỦ"


def test_a_number_whose_slash_ocr_read_as_a_fraction_slash():
    """The KH 1105 page read by OCR (its fonts extract as garbage) gives "Số: 1105⁄KH-ĐKT" (U+2044)."""
    from kehoach_cli.ingest import PageText
    from kehoach_cli.structure import structure_document

    text = "Lào Cai, ngày 10 tháng 3 năm 2026\nSố: 1105\u2044KH-ĐKT\nKẾ HOẠCH\n"
    assert structure_document([PageText(1, text, "text")]).metadata.doc_number == "1105/KH-ĐKT"


def test_the_prime_minister_issues_and_the_motto_wrapped_is_no_issuer():
    """Web copies of national documents wrap the motto ("CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM"): its second
    line, opening with "HỘI", was read as the issuer of every ministry's decision; and "THỦ TƯỚNG" / "CHÍNH
    PHỦ", the office that issues in its own name, was no issuer at all."""
    prime = "THỦ TƯỚNG\nCHÍNH PHỦ\n--------\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nSố: 2623/QĐ-TTg\nQUYẾT ĐỊNH\n"
    ministry = "BỘ Y TẾ\n-------\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 3618/QĐ-BYT\n"
    assert structure_document([PageText(1, prime, "text")]).metadata.issuer == "THỦ TƯỚNG CHÍNH PHỦ"
    assert structure_document([PageText(1, ministry, "text")]).metadata.issuer == "BỘ Y TẾ"


def test_a_header_name_whose_first_word_stands_alone_is_read_whole():
    """Web copies of national documents (corpus f9dd..., b2fa..., 0326..., 0374..., f902...) wrap the issuer's
    name after its first word ("BỘ" / "CÔNG THƯƠNG", "THỦ" / "TƯỚNG CHÍNH PHỦ"), over three lines ("HỘI ĐỒNG
    NHÂN" / "DÂN" / "THÀNH PHỐ HÀ NỘI"), or put a body under its ministry ("BỘ TÀI CHÍNH" / "CỤC" / "HẢI
    QUAN"); the issuer was none, or "HẢI QUAN"."""
    motto = "-------\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
    headers = {
        "BỘ\nCÔNG THƯƠNG\n": "BỘ CÔNG THƯƠNG",
        "THỦ\nTƯỚNG CHÍNH PHỦ\n": "THỦ TƯỚNG CHÍNH PHỦ",
        "CHÍNH\nPHỦ\n": "CHÍNH PHỦ",
        "HỘI ĐỒNG NHÂN\nDÂN\nTHÀNH PHỐ HÀ NỘI\n": "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "BỘ TÀI CHÍNH\nCỤC\nHẢI QUAN\n": "CỤC HẢI QUAN",
        "VĂN PHÒNG\nCHÍNH PHỦ\n": "VĂN PHÒNG CHÍNH PHỦ",
    }
    for header, issuer in headers.items():
        text = f"Tin tức\n{header}{motto}Số: 55/2025/TT-BCT\nHà Nội, ngày 28 tháng 11 năm 2025\nTHÔNG TƯ\n"
        assert structure_document([PageText(1, text, "text")]).metadata.issuer == issuer


def test_a_number_given_as_an_example_is_no_number():
    """A web page giving a blank form explains "(2) ô thứ nhất ghi số, ô thứ hai ghi năm ra Quyết định (ví dụ: Số:
    01/2017/QĐ-TA)": that example was the document's number and made it a Quyết định."""
    text = (
        "Mẫu quyết định thay đổi Thẩm phán\nCách viết mẫu quyết định\n(1) ghi tên Tòa án\n"
        "(2) ô thứ nhất ghi số, ô thứ hai ghi năm ra Quyết định (ví dụ: Số: 01/2017/QĐ-TA).\n"
    )
    assert structure_document([PageText(1, text, "text")]).metadata.doc_number is None


def test_a_circular_and_a_decree_are_types_of_their_own():
    """ "THÔNG TƯ" and "NGHỊ ĐỊNH" titles gave no doc_type (45 of the 548 corpus documents)."""
    motto = "BỘ CÔNG THƯƠNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    for title, number, kind in (
        ("THÔNG TƯ", "55/2025/TT-BCT", "Thông tư"),
        ("NGHỊ ĐỊNH", "25/2025/NĐ-CP", "Nghị định"),
    ):
        text = f"{motto}Số: {number}\nHà Nội, ngày 28 tháng 11 năm 2025\n{title}\nQuy định chi tiết một số điều\n"
        assert structure_document([PageText(1, text, "text")]).metadata.doc_type == kind


def test_a_signer_under_a_long_list_of_recipients_and_none_from_an_appendix_form():
    """A decision signed by the chairman in person ("CHỦ TỊCH" / "Lê Hải Hoà", corpus fc5e...) under ten
    recipients: the title closed the block's window and the name below it was not read. A decision whose
    appendix holds a form with a signature block of its own ("TM. TỔ CHỨC (3)" / "(Chữ ký, dấu)", corpus
    8248...) had its signer looked for in the form, and found none."""
    recipients = "".join(f"- Cơ quan số {n};\n" for n in range(1, 10))
    head = "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 52/2025/QĐ-CTUBND\nCao Bằng, ngày 28 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
    signed = f"{head}Điều 1. Phân cấp.\nNơi nhận:\n{recipients}- Lưu: VT, VX(M).\nCHỦ TỊCH\nLê Hải Hoà\n"
    assert structure_document([PageText(1, signed, "text")]).metadata.signer_name == "Lê Hải Hoà"
    form = "PHỤ LỤC\nMẫu đơn\nTM. TỔ CHỨC (3)\n(Chữ ký, dấu)\n(1) Địa danh nơi có\n"
    plan = structure_document([PageText(1, signed.replace("- Cơ quan số 9;\n", "") + form, "text")])
    assert plan.metadata.signer_name == "Lê Hải Hoà"


def test_a_signer_name_wrapped_after_two_of_its_words():
    """ "KT. BỘ TRƯỞNG" / "THỨ TRƯỞNG" / "Lê Tấn" / "Cận" (corpus 9063...): the two words, a name already, were
    taken for the whole; a one-word line under them ends the name."""
    head = "BỘ TÀI CHÍNH\nSố: 17986/BTC-CT\nHà Nội, ngày 26 tháng 11 năm 2025\nV/v phổ biến Cẩm nang\n"
    text = f"{head}Bộ Tài chính đề nghị các đơn vị thực hiện.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    text += "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nLê Tấn\nCận\n"
    assert structure_document([PageText(1, text, "text")]).metadata.signer_name == "Lê Tấn Cận"


def test_a_chairman_issuing_in_his_own_name_is_the_issuer():
    """ "CHỦ TỊCH ỦY BAN" / "NHÂN DÂN" / "TỈNH NINH BÌNH" over a "QĐ-CTUBND" (corpus 639c..., 55d7..., 8795...,
    c2bf...): the header names the chairman, and the issuer read was the committee."""
    motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    text = f"CHỦ TỊCH ỦY BAN\nNHÂN DÂN\nTỈNH NINH BÌNH\n-------\n{motto}Số: 163/2025/QĐ-CTUBND\n"
    text += "Ninh Bình, ngày 25 tháng 11 năm 2025\nQUYẾT ĐỊNH\nBan hành Quy chế\n"
    assert structure_document([PageText(1, text, "text")]).metadata.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình"
    committee = text.replace("CHỦ TỊCH ỦY BAN", "ỦY BAN").replace("CTUBND", "UBND")
    assert structure_document([PageText(1, committee, "text")]).metadata.issuer == "Ủy ban nhân dân tỉnh Ninh Bình"


def test_a_web_page_about_a_document_is_filed_by_its_account_of_it():
    """A news page on a plan has no header of its own (corpus 9ee5..., 782f..., ed33... and 11 more): "Ngày
    25/11/2025, UBND tỉnh Cà Mau đã ban hành Kế hoạch 0205/KH-UBND ..." names the type, number, date and issuer
    the page is filed by; they were all null."""
    text = (
        "# Nội dung lập điều chỉnh Quy hoạch tỉnh Cà Mau\n## Mua bán nhà đất tại Cà Mau\n"
        "Ngày 25/11/2025, UBND tỉnh Cà Mau đã ban hành Kế hoạch 0205/KH-UBND triển khai lập điều chỉnh Quy hoạch.\n"
        "Theo đó, tại Mục II Kế hoạch 0205/KH-UBND 2025 nêu rõ nội dung như sau:\n"
    )
    metadata = structure_document([PageText(1, text, "text")]).metadata
    assert (metadata.doc_type, metadata.doc_number, str(metadata.issued_date), metadata.issuer) == (
        "Kế hoạch",
        "0205/KH-UBND",
        "2025-11-25",
        "UBND tỉnh Cà Mau",
    )
    headed = "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 12/TB-UBND\nCà Mau, ngày 1 tháng 12 năm 2025\nTHÔNG BÁO\n" + text
    assert structure_document([PageText(1, headed, "text")]).metadata.doc_number == "12/TB-UBND"
