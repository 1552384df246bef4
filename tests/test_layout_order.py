"""Reading order of side-by-side columns (ingest/layout.py): the two-column header and the
recipients / signature band are read left block first, on native and OCR'd pages alike, while
justified prose and table-like rows stay lines."""

from __future__ import annotations

from conftest import KON_TUM_HEADER_LINES, KON_TUM_NATIVE

from kehoach_cli.ingest.layout import column_bands, group_lines, reading_blocks, reading_text, word_rows
from kehoach_cli.ingest.ocr_words import without_stray_marks
from kehoach_cli.ingest.page_recipe import page_text
from kehoach_cli.ingest.pages import Table, Word
from kehoach_cli.ingest.pdf import read_pdf

CHAR = 6.0  # points per character of the generated words
HEIGHT = 12.0


def _line(top: float, *parts: tuple[float, str], height: float = HEIGHT) -> list[Word]:
    """Words of `parts` ((x where the part starts, its text)), a space of one character apart."""
    words = []
    for x, text in parts:
        for token in text.split():
            words.append(Word(token, x, top, x + CHAR * len(token), top + height))
            x += CHAR * (len(token) + 1)
    return words


def _header() -> list[Word]:
    return [
        *_line(60, (100, "ỦY BAN NHÂN DÂN"), (300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        *_line(76, (110, "TỈNH KON TUM"), (320, "Độc lập - Tự do - Hạnh phúc")),
        *_line(100, (100, "Số: 501/KH-UBND"), (290, "Kon Tum, ngày 17 tháng 02 năm 2025")),
        *_line(135, (270, "KẾ HOẠCH")),
        *_line(152, (85, "Triển khai thực hiện Quyết định số 27/QĐ-TTg ngày 03 tháng 01 năm 2025")),
    ]


def _signature(top: float = 400) -> list[Word]:
    """Closing prose, then recipients (left) beside the signature block (right); the name sits a
    signature's height below the titles, beside recipients that run on."""
    lines = [
        _line(top, (85, "tỉnh xem xét, điều chỉnh phù hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15./.")),
        _line(top + 20, (85, "Nơi nhận:"), (340, "TM. ỦY BAN NHÂN DÂN")),
        _line(top + 33, (85, "- Bộ Lao động - TB và XH;"), (370, "KT. CHỦ TỊCH")),
        _line(top + 46, (85, "- Thường trực Tỉnh ủy;"), (370, "PHÓ CHỦ TỊCH")),
        _line(top + 59, (85, "- Chủ tịch, các PCT UBND tỉnh;")),
        _line(top + 72, (85, "- Các sở, ban, ngành;")),
        _line(top + 85, (85, "- Lưu: VT, KGVX."), (375, "Y Ngọc")),
    ]
    return [word for line in lines for word in line]


def test_header_band_reads_left_block_first():
    assert reading_text(_header()).splitlines() == [
        *KON_TUM_HEADER_LINES,
        "Triển khai thực hiện Quyết định số 27/QĐ-TTg ngày 03 tháng 01 năm 2025",
    ]


def test_signature_band_anywhere_on_the_page_reads_recipients_first():
    assert reading_text(_signature(top=300)).splitlines() == [
        "tỉnh xem xét, điều chỉnh phù hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15./.",
        "Nơi nhận:",
        "- Bộ Lao động - TB và XH;",
        "- Thường trực Tỉnh ủy;",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Các sở, ban, ngành;",
        "- Lưu: VT, KGVX.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Y Ngọc",
    ]


def test_a_merged_ocr_line_is_split_by_word_boxes():
    # tesseract gives "Nơi nhận: TM. ỦY BAN NHÂN DÂN" as one line, the right half a little higher
    words = [
        *_line(420, (85, "Nơi nhận:")),
        *_line(417, (340, "TM. ỦY BAN NHÂN DÂN"), height=14),
        *_line(433, (85, "- Bộ Lao động - TB và XH;")),
        *_line(431, (370, "KT. CHỦ TỊCH"), height=14),
        *_line(446, (85, "- Lưu: VT.")),
    ]
    assert page_text(reading_blocks(words), []).splitlines() == [
        "Nơi nhận:",
        "- Bộ Lao động - TB và XH;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
    ]


def test_ocr_page_places_tables_by_their_top_and_bands_whole():
    table = Table(rows=[["1", "Nhiệm vụ", "Sở Y tế"]], bbox=(80.0, 250.0, 550.0, 280.0))
    lines = page_text(reading_blocks(_header() + _signature(), [table.bbox]), [table]).splitlines()
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert lines.index("1 Nhiệm vụ Sở Y tế") == 8  # after the header and the title, before the signature
    assert lines[-4:] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Y Ngọc"]


def test_justified_prose_is_not_split():
    # wide but even spaces (a loose line, a text layer over a scan) are no gutter
    words = [
        word
        for top in (100, 116, 132)
        for word in [
            Word(token, 85 + i * 42, top, 85 + i * 42 + 28, top + HEIGHT)
            for i, token in enumerate("quyền trẻ em được bảo vệ chăm sóc và giáo dục".split())
        ]
    ]
    assert not column_bands(word_rows(words))
    assert reading_text(words).splitlines()[0] == "quyền trẻ em được bảo vệ chăm sóc và giáo dục"


def test_table_like_rows_are_not_split():
    rows = [
        _line(100 + 14 * i, (85, "1"), (120, "Tuyên truyền"), (330, text), (450, "Thường xuyên"))
        for i, text in enumerate(["Sở Tư pháp", "Sở Nội vụ", "Công an tỉnh"])
    ]
    rows.insert(1, _line(114, (120, "pháp luật về trẻ em"), (330, "UBND huyện")))  # one gap only
    rows[2:] = [
        _line(128 + 14 * i, *parts)
        for i, parts in enumerate(
            [
                ((120, "cho cán bộ"), (330, "Sở Y tế")),
                ((85, "2"), (120, "Kiểm tra"), (330, "Sở Tư pháp"), (450, "Hằng năm")),
            ]
        )
    ]
    words = [word for row in rows for word in row]
    assert not column_bands(word_rows(words))
    assert reading_text(words).splitlines()[1] == "pháp luật về trẻ em UBND huyện"


def test_a_band_inside_a_ruled_table_is_read_line_by_line():
    words = _signature()
    assert reading_text(words, tables=[(80.0, 410.0, 550.0, 520.0)]).splitlines()[1] == "Nơi nhận: TM. ỦY BAN NHÂN DÂN"


def test_kon_tum_native_signature_page_reads_recipients_then_signature():
    pages = read_pdf(str(KON_TUM_NATIVE), KON_TUM_NATIVE.read_bytes()).pages
    page = next(page for page in pages if "Nơi nhận" in page.text)
    lines = page.text.splitlines()
    start = lines.index("Nơi nhận:")
    assert lines[start : start + 3] == ["Nơi nhận:", "- Bộ Lao động - Thương binh và Xã hội", "(b/c);"]
    assert lines.index("- Lưu: VT, CTTĐT, KGVX.Ntvp") < lines.index("TM. ỦY BAN NHÂN DÂN")
    assert lines[-3:] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    # the prose leaves the small-type recipients out; the signature block still follows "Nơi nhận:"
    assert page.prose_text.splitlines()[-4:] == ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_blocks_carry_their_top_for_placing_tables():
    blocks = reading_blocks(_header())
    assert [block.top for block in blocks] == [60, 135, 152]
    assert len(blocks[0].lines) == 6


# The appendix heading of the Kon Tum scan's page 6 as tesseract boxed it, in pixels at 300 dpi (text, x0,
# top, x1, bottom): the landscape page is turned by 0.9°, so the line climbs 45 pixels from end to end.
DRIFTING_HEADING = [
    ("Phụ", 1656, 249, 1772, 319),
    ("lục", 1793, 248, 1882, 301),
    ("NỘI", 237, 329, 355, 394),
    ("DUNG,", 378, 339, 580, 388),
    ("NHIỆM", 606, 325, 828, 388),
    ("VỤ", 849, 333, 938, 385),
    ("THỤC", 957, 327, 1136, 383),
    ("HIỆN", 1160, 318, 1323, 380),
    ("CÁC", 1346, 315, 1470, 369),
    ("KHUYẾN", 1493, 300, 1764, 380),
    ("NGHỊ", 1787, 318, 1956, 387),
    ("CỦA", 1978, 300, 2110, 359),
    ("ỦY", 2128, 298, 2214, 357),
    ("BAN", 2234, 312, 2367, 355),
    ("VỀ", 2388, 293, 2470, 352),
    ("QUYỀN", 2492, 286, 2712, 366),
    ("TRẺ", 2733, 288, 2858, 347),
    ("EM", 2881, 303, 2978, 345),
    ("CỦA", 3000, 284, 3132, 344),
    ("LIÊN", 3152, 288, 3301, 341),
    ("HỢP", 1602, 387, 1738, 451),
    ("QUỐC", 1759, 372, 1940, 442),
]


def test_a_line_drifting_across_a_turned_scan_stays_one_line():
    """Neighbouring words decide: against the whole line's median box, the left end of the heading
    fell off into a line of its own ("NỘI DUNG, VỤ")."""
    lines = group_lines([Word(text, *(px * 72 / 300 for px in box)) for text, *box in DRIFTING_HEADING])
    assert lines == [
        "Phụ lục",
        "NỘI DUNG, NHIỆM VỤ THỤC HIỆN CÁC KHUYẾN NGHỊ CỦA ỦY BAN VỀ QUYỀN TRẺ EM CỦA LIÊN",
        "HỢP QUỐC",
    ]


# plan-000's scan, page 6: recipients beside the signature block, as tesseract boxed them. The hook
# of the bold "Ủ" in "CHỦ" came out as a word "?" of its own, just over the letter.
_SIGNATURE_BOXES = [
    (84.7, 108.2, 252.5, 262.1, "Nơi"),
    (113.3, 150.7, 251.8, 264.5, "nhận:"),
    (341.5, 369.4, 253.0, 263.3, "TM."),
    (375.1, 395.5, 248.9, 263.3, "ỦY"),
    (400.3, 432.5, 253.0, 263.3, "BAN"),
    (437.8, 483.1, 250.6, 263.3, "NHÂN"),
    (488.4, 520.8, 250.6, 263.3, "DÂN"),
    (85.4, 88.6, 271.0, 272.4, "-"),
    (92.9, 106.8, 265.7, 277.0, "Bộ"),
    (111.1, 130.6, 266.2, 275.0, "Lao"),
    (134.9, 208.1, 265.7, 277.2, "động-Thương"),
    (212.2, 236.2, 265.9, 275.0, "binh"),
    (239.8, 252.5, 265.7, 275.0, "và"),
    (256.3, 270.2, 265.9, 275.0, "Xã"),
    (274.6, 294.0, 265.7, 277.0, "hội;"),
    (378.5, 402.7, 268.8, 279.1, "KT."),
    (408.2, 441.8, 264.7, 279.1, "CHỦ"),
    (446.4, 484.6, 268.8, 281.5, "TỊCH"),
    (85.4, 88.6, 283.9, 285.4, "-"),
    (92.6, 114.5, 277.9, 288.0, "Chủ"),
    (118.6, 139.2, 278.9, 289.9, "tịch"),
    (143.5, 178.6, 279.1, 288.0, "UBND"),
    (182.6, 207.1, 278.2, 289.2, "tỉnh;"),
    (379.7, 383.0, 281.0, 284.6, "?"),
    (314.9, 347.5, 282.5, 295.4, "PHÓ"),
    (352.8, 386.4, 284.9, 295.4, "CHỦ"),
    (390.7, 428.9, 284.9, 297.6, "TỊCH"),
    (433.7, 500.6, 282.5, 295.4, "THƯỜNG"),
    (505.9, 547.7, 284.2, 297.6, "TRỰC"),
    (85.4, 88.6, 296.9, 298.3, "-"),
    (92.6, 113.0, 291.6, 301.0, "Các"),
    (117.6, 137.8, 291.6, 301.0, "Phó"),
    (141.8, 163.9, 290.9, 301.0, "Chủ"),
    (168.0, 188.4, 291.8, 302.9, "tịch"),
    (192.7, 227.8, 292.3, 301.0, "UBND"),
    (231.8, 256.6, 291.1, 302.2, "tỉnh;"),
]


def test_a_mark_read_apart_from_its_letter_does_not_break_the_signature_band():
    words = [Word(text, x0, top, x1, bottom) for x0, x1, top, bottom, text in _SIGNATURE_BOXES]
    kept = without_stray_marks(words)
    assert [w.text for w in words if w not in kept] == ["?"]
    assert reading_text(kept).splitlines() == [
        "Nơi nhận:",
        "- Bộ Lao động-Thương binh và Xã hội;",
        "- Chủ tịch UBND tỉnh;",
        "- Các Phó Chủ tịch UBND tỉnh;",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    ]


def test_dashes_and_superscripts_on_their_line_are_not_stray_marks():
    words = [
        *_line(100, (85, "Độc lập - Tự do - Hạnh phúc")),
        Word("1", 248, 98, 251, 102),
        *_line(120, (85, "- Bộ Lao động;")),
        Word(",", 170, 130, 172, 133),
    ]
    words = [Word(w.text, w.x0, w.top + 5, w.x1, w.top + 6.5) if w.text == "-" else w for w in words]
    assert without_stray_marks(words) == words
