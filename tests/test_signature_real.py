"""The signer's name and title on real documents (../shared/real, read in place): where the signature
block shares its lines with the recipients, sits in a Word table cell, or carries a rank. Names read
off the documents; a line of capitalised words that is a recipient ("- Bộ Y tế") is no name."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_cli.ingest.ocr import tesseract_status
from kehoach_cli.pipeline import ExtractOptions, extract_document
from kehoach_cli.structure.lines import Line
from kehoach_cli.structure.metadata import _looks_like_name, _read_signature

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the checkout")


@pytest.mark.parametrize(
    "name, signer, title",
    [
        # a signed PDF: "Nơinhận: KT. CHỦ TỊCH" / "- Như trên;" / "PHÓ CHỦ TỊCH" / ... / "Nguyễn Thành Sinh"
        ("laocai_cv193_vlncn.pdf", "Nguyễn Thành Sinh", "PHÓ CHỦ TỊCH"),
        # a Word 97 file: the block is a table cell " KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / ... / "Nguyễn Minh"
        ("lamdong_kh_kmt_2026_feb.doc", "Nguyễn Minh", "PHÓ CHỦ TỊCH"),
    ],
)
def test_signer_beside_the_recipients(name, signer, title):
    metadata = extract_document(REAL / name, ExtractOptions(ocr="never")).metadata
    assert (metadata.signer_name, metadata.signer_title) == (signer, title)


def test_a_rank_is_no_part_of_the_name():
    """A police Tờ trình whose bad text layer is OCR'd: "Nơi nhận: GIÁM ĐÓC" (OCR's ĐÓC) / ... /
    "Thiếu tướng Trương Minh Đương"."""
    metadata = extract_document(REAL / "lamdong_ttr298_pc04_badlayer.pdf", ExtractOptions()).metadata
    assert metadata.signer_name == "Trương Minh Đương"


@pytest.mark.parametrize("text", ["Bộ Y", "Sở Tài Chính", "Ban Chỉ Đạo"])
def test_a_body_is_no_name(text):
    assert not _looks_like_name(text)


@pytest.mark.parametrize("text", ["Chương I QUY", "Điều Khoản Chung", "Mục Tiêu"])
def test_a_heading_in_capitals_is_no_name(text):
    """ "Chương I" / "QUY CHẾ" after a decision's signature joined into "Chương I QUY": no family name,
    a word all in capitals."""
    assert not _looks_like_name(text)


@pytest.mark.parametrize("text", ["Mạnh Thị Tuyết Mai", "Tráng Thị Xuân", "Y Thanh Hà Niê Kđăm", "Đậu Xuân Bảo"])
def test_names_of_rarer_families_are_names(text):
    assert _looks_like_name(text)


def test_a_speck_before_the_name_is_no_part_of_it():
    """The end of the Tờ trình 91 scan's first page as OCR reads it (the cover letter's signature): a stamp
    leaves "xw" and "à" around the title and the name."""
    texts = ["/Vơi nhận:", "- Như trên:", "- lưu: VI, PC04,", "KT. GIÁM ĐÓC", "xw", "PHO GIAM ĐỌC", "à Đậu Xuân Bảo"]
    assert _read_signature([Line(text, 1, False) for text in texts])[1] == "Đậu Xuân Bảo"


@pytest.mark.skipif(tesseract_status() is not None, reason="tesseract with its Vietnamese model is needed")
def test_a_form_dated_over_its_signatures_has_that_date():
    """A Phiếu trình has no "Số:" and no dated place line in its header: its date is typed on a line
    of its own over the signatures ("Ngày 20 tháng 5 năm 2026" / "Ý KIẾN CỦA LÃNH ĐẠO PHÒNG" /
    "NGƯỜI LẬP PHIẾU TRÌNH"). issued_date was null; the dates of cited documents are no candidates.
    Its text layer is an English model's OCR, so the pages are read again (tesseract)."""
    metadata = extract_document(REAL / "laocai_sct_phieutrinh_engocr.pdf", ExtractOptions()).metadata
    assert metadata.issued_date == "2026-05-20"
    assert metadata.doc_number is None


def test_the_signature_after_a_long_list_of_recipients():
    """A Công điện of the Prime Minister lists thirteen lines of recipients, and only then "THỦ TƯỚNG" /
    "Phạm Minh Chính": past the reach of a block that shares its lines with the recipients, the signer
    was null (so for 42 of the 548 corpus documents, and for the scanned Chỉ thị 16/CT-UBND of Quảng
    Ngãi, whose OCR text gives the block after its list)."""
    corpus = REAL.parent / "corpus" / "tvpl_admin_docs" / "docs"
    metadata = extract_document(corpus / "692e12b0ab77712a.md", ExtractOptions(ocr="never")).metadata
    assert (metadata.signer_title, metadata.signer_name) == ("THỦ TƯỚNG", "Phạm Minh Chính")


@pytest.mark.skipif(tesseract_status() is not None, reason="tesseract with its Vietnamese model is needed")
@pytest.mark.parametrize(
    "name, signer",
    [
        # the page's OCR read "TM. ỦY BAN NHÂN DÂN" / "KL, CHỦ TỊCH" and nothing under the red stamp
        ("quangngai_qd84_kh_trandau_scan.pdf", "Trần Phước Hiền"),
        # the page's OCR lost the whole right column: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / stamp / name
        ("lamdong_ttr294_snv_engocr.pdf", "Nguyễn Đức Vũ"),
    ],
)
def test_a_signature_block_under_a_stamp_is_read_again(name, signer):
    """Scans whose signature block tesseract took for a picture: the block read again with the
    stamp's red and the signature's ink taken out gives the signer's name."""
    assert extract_document(REAL / name, ExtractOptions()).metadata.signer_name == signer


@pytest.mark.skipif(tesseract_status() is not None, reason="tesseract with its Vietnamese model is needed")
def test_a_name_read_two_ways_stays_unread():
    """The Sở Công Thương plan 1105: the name under its signature reads "tieàng Văn Thuân" at one size
    and "Hsàng Văn Thuân" at another: no signer, rather than a wrong one."""
    assert extract_document(REAL / "laocai_sct_kh1105_badfont.pdf", ExtractOptions()).metadata.signer_name is None
