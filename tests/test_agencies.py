"""Agency gazetteer: abbreviations and variants match, neighbours never do, lists split right."""

from __future__ import annotations

import pytest

from kehoach_cli.gazetteer import agencies
from kehoach_cli.records import canonical_agency
from kehoach_cli.structure.agency_lists import split_agencies


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở GDĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Công an Thành phố", "Công an tỉnh"),
        ("Bộ CHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
        ("Đài PT-TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Uỷ ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
        ("Hội LHPN tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"),
        ("Tỉnh Đoàn Thanh niên", "Tỉnh đoàn"),
        ("UBND các phường, xã, đặc khu", "UBND các xã, phường, đặc khu"),
        ("Sở Tài nguyên và Môi trưởng", "Sở Tài nguyên và Môi trường"),  # an OCR slip
        ("Sở Y tế tỉnh Kon Tum", "Sở Y tế"),
    ],
)
def test_variants_and_abbreviations_match(written, canonical):
    assert canonical_agency(written).canonical == canonical


@pytest.mark.parametrize(
    ("written", "not_this"),
    [
        ("Sở Y tế", "Sở Tư pháp"),
        ("Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh"),
        ("Sở Tài chính", "Sở Tư pháp"),
        ("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở Nông nghiệp và Môi trường", "Sở Tài nguyên và Môi trường"),
        ("Hội Liên hiệp Phụ nữ tỉnh", "Hội Liên hiệp Thanh niên tỉnh"),
    ],
)
def test_neighbouring_agencies_stay_apart(written, not_this):
    assert canonical_agency(written).canonical == written
    assert canonical_agency(not_this) is None or canonical_agency(not_this).canonical == not_this


@pytest.mark.parametrize(
    "written",
    [
        "Hội Liên hiệp Thanh niên tỉnh",
        "Ban Tuyên giáo Tỉnh ủy",
        "Công an huyện",
        "Các doanh nghiệp viễn thông",
        "Sở Du lịch",
        "Các sở, ban, ngành liên quan",
        # a ministry is no OCR slip of the department of the same name (it matched "Sở ..." at 93)
        "Bộ Nông nghiệp và Môi trường",
        "Bộ Khoa học và Công nghệ",
    ],
)
def test_names_outside_the_gazetteer_match_nothing(written):
    assert canonical_agency(written) is None


def test_successors_cite_their_legal_source():
    by_name = {a.canonical: a for a in agencies()}
    labour = by_name["Sở Lao động - Thương binh và Xã hội"]
    assert labour.successors == ("Sở Y tế", "Sở Nội vụ", "Sở Giáo dục và Đào tạo")
    assert "45/2025/NĐ-CP" in labour.source
    assert "202/2025/QH15" in by_name["UBND các huyện, thị xã, thành phố"].source
    assert by_name["Sở Y tế"].successors == ("Sở Y tế",)  # unchanged
    for agency in agencies():  # every successor is itself an agency of the gazetteer
        assert all(name in by_name for name in agency.successors), agency.canonical
        assert all(entry.source and entry.effective for entry in agency.successor_entries)


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        (
            "Các sở, ban, ngành, đơn vị liên quan; UBND các huyện, thành phố",
            ["Các sở, ban, ngành, đơn vị liên quan", "UBND các huyện, thành phố"],
        ),
        ("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
        (
            "Sở Khoa học và Công nghệ, Sở Công Thương, Các doanh nghiệp viễn thông",
            ["Sở Khoa học và Công nghệ", "Sở Công Thương", "Các doanh nghiệp viễn thông"],
        ),
        ("Các sở, ngành, UBND xã, phường, đặc khu", ["Các sở, ngành", "UBND xã, phường, đặc khu"]),
        ("- Sở Y tế;\n- Công an\ntỉnh.", ["Sở Y tế", "Công an tỉnh"]),
        ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
        ("Sở Lao động\n- Thương binh và Xã hội; các sở", ["Sở Lao động - Thương binh và Xã hội", "các sở"]),  # wrapped
        (
            "Sở Khoa học và Công nghệ Sở Công Thương; UBND các phường, xã",  # a separator missing
            ["Sở Khoa học và Công nghệ", "Sở Công Thương", "UBND các phường, xã"],
        ),
        (
            "Sở Khoa học và Công nghệ, các sở, ngành, UBND xã, phường, đặc khu",
            ["Sở Khoa học và Công nghệ", "các sở, ngành", "UBND xã, phường, đặc khu"],
        ),
        ("UBND các phường, xã, đặc khu", ["UBND các phường, xã, đặc khu"]),
        ("Ủy ban nhân dân tỉnh Kon Tum", ["Ủy ban nhân dân tỉnh Kon Tum"]),
        ("", []),
    ],
)
def test_partner_cells_split_into_agencies(cell, parts):
    assert split_agencies(cell) == parts


def test_province_successor_follows_the_2025_merger_table():
    """63 provinces became 34 on 1 July 2025: merged ones point to the new province, kept ones to
    themselves, and a name that is no province gives nothing rather than a guess."""
    from kehoach_cli.gazetteer import province_successor

    assert province_successor("Kon Tum") == "Quảng Ngãi"
    assert province_successor("Bà Rịa - Vũng Tàu") == "Hồ Chí Minh"
    assert province_successor("Hà Nội") == "Hà Nội"
    assert province_successor("Kon Tum Xanh") is None and province_successor(None) is None
