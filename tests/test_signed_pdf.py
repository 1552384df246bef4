"""Digitally signed PDFs: the signature stamps the number and the date into the blanks of the header
as its widgets' appearances; the text layer holds "Số: /UBND-KT", "ngày tháng năm 2026".

The real files are in ../shared/real/ beside the checkout (their README says where they come from);
the number and date expected are what their rendered first pages show.
"""

from __future__ import annotations

import ctypes
import io
import json
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from conftest import ROOT

from kehoach_cli.ingest import ingest_file
from kehoach_cli.ingest.pdfium_objects import AnnotationText

REAL = ROOT.parent / "shared" / "real"
SIGNED = {
    # file: (the header's number line, its date line, doc_number, issued_date), as the page shows them
    "laocai_cv193_vlncn.pdf": ("Số: 193 /UBND-KT", "Lào Cai, ngày 10 tháng 01 năm 2026", "193/UBND-KT", "2026-01-10"),
    "lamdong_bc329_cchc_2025.pdf": (
        "Số: 329 /BC-UBND",
        "Lâm Đồng, ngày 19 tháng 12 năm 2025",
        "329/BC-UBND",
        "2025-12-19",
    ),
    "binhthuan_qd779_dieule_quykh.pdf": (
        "Số: 779 /QĐ-UBND",
        "Bình Thuận, ngày 23 tháng 3 năm 2022",
        "779/QĐ-UBND",
        "2022-03-23",
    ),
}


@pytest.mark.parametrize("name", SIGNED)
def test_the_number_and_date_a_signature_stamps_are_in_the_header_lines(name):
    number_line, date_line, _, _ = SIGNED[name]
    lines = ingest_file(REAL / name).pages[0].text.splitlines()
    assert number_line in lines
    assert date_line in lines


@pytest.mark.parametrize("name", SIGNED)
def test_extract_files_a_signed_pdf_by_its_number_and_date(kehoach, name):
    _, _, doc_number, issued_date = SIGNED[name]
    run = kehoach("extract", "--ocr", "never", REAL / name)
    assert run.code == 0, run.stderr
    metadata = json.loads(run.text)["metadata"]
    assert (metadata["doc_number"], metadata["issued_date"]) == (doc_number, issued_date)


def test_a_stamped_number_touching_the_next_word_stays_a_word_of_its_own():
    # Lào Cai's "01" is drawn over the blank's end, its last glyph reaching into "năm".
    words = [word.text for word in ingest_file(REAL / "laocai_cv193_vlncn.pdf").pages[0].words]
    at = words.index("ngày")
    assert words[at : at + 6] == ["ngày", "10", "tháng", "01", "năm", "2026"]


def test_the_number_is_read_again_where_the_appendix_cites_the_report():
    # The appendix of Lâm Đồng's report names the report, its number and date stamped there too.
    page = ingest_file(REAL / "lamdong_bc329_cchc_2025.pdf").pages[24]
    assert "(Kèm theo Báo cáo số 329 /BC-UBND ngày 19 tháng 12 năm 2025" in page.text


def test_signature_images_and_links_add_no_text():
    for name, index in (("binhthuan_qd779_dieule_quykh.pdf", 0), ("lamdong_bc329_cchc_2025.pdf", 1)):
        data = (REAL / name).read_bytes()
        document = pypdfium2.PdfDocument(data)
        annotations = AnnotationText(data)
        try:
            assert pdfium_c.FPDFPage_GetAnnotCount(document[index].raw) > 0
            assert annotations.runs(document[index], index, 842.0, 0.0) == []
        finally:
            annotations.close()
            document.close()


def _text(document: pypdfium2.PdfDocument, text: str, x: float, y: float):
    item = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Times-Roman", ctypes.c_float(13))
    encoded = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(item, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
    pdfium_c.FPDFPageObj_Transform(item, 1, 0, 0, 1, x, y)
    return item


def _stamped_pdf(path: Path, stamps: list[tuple[str, float, int]], y: float = 750) -> Path:
    """One line with blanks, "No:          /KH-UBND  day          month 3", a line of body text
    below it, and stamp annotations drawing (text, x, annotation flags) at height `y`."""
    document = pypdfium2.PdfDocument.new()
    page = document.new_page(595, 842)
    pdfium_c.FPDFPage_InsertObject(page.raw, _text(document, "No:          /KH-UBND  day          month 3", 100, 750))
    pdfium_c.FPDFPage_InsertObject(page.raw, _text(document, "The body of the letter.", 100, 700))
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    for text, x, flags in stamps:
        annotation = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_STAMP)
        pdfium_c.FPDFAnnot_SetRect(annotation, pdfium_c.FS_RECTF(x - 2, y + 12, x + 60, y - 5))
        pdfium_c.FPDFAnnot_AppendObject(annotation, _text(document, text, x, y))
        pdfium_c.FPDFAnnot_SetFlags(annotation, flags)
        pdfium_c.FPDFPage_CloseAnnot(annotation)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    path.write_bytes(buffer.getvalue())
    return path


def test_an_annotations_text_fills_the_blank_it_is_drawn_in(tmp_path):
    path = _stamped_pdf(
        tmp_path / "stamped.pdf",
        [("45", 125, pdfium_c.FPDF_ANNOT_FLAG_PRINT), ("12", 263, pdfium_c.FPDF_ANNOT_FLAG_PRINT)],
    )
    page = ingest_file(path).pages[0]
    assert page.text.splitlines() == ["No: 45 /KH-UBND day 12 month 3", "The body of the letter."]


def test_a_hidden_annotation_is_not_read(tmp_path):
    path = _stamped_pdf(tmp_path / "hidden.pdf", [("45", 125, pdfium_c.FPDF_ANNOT_FLAG_HIDDEN)])
    assert ingest_file(path).pages[0].text.splitlines()[0] == "No: /KH-UBND day month 3"


def test_annotation_text_outside_the_blanks_is_left_out(tmp_path):
    # a signature's "Signed by" box below the text, and a stamp drawn over printed words
    below = _stamped_pdf(tmp_path / "below.pdf", [("Signed by", 100, pdfium_c.FPDF_ANNOT_FLAG_PRINT)], y=600)
    assert ingest_file(below).pages[0].text.splitlines() == ["No: /KH-UBND day month 3", "The body of the letter."]
    over = _stamped_pdf(tmp_path / "over.pdf", [("SEEN", 110, pdfium_c.FPDF_ANNOT_FLAG_PRINT)], y=700)
    assert ingest_file(over).pages[0].text.splitlines()[1] == "The body of the letter."


def test_a_scans_signature_text_leaves_the_page_to_ocr():
    # Quảng Ngãi's scans carry the signature as text annotations over the image: were it the page's
    # text, the page would not be OCR'd, and its header and body would be lost.
    pages = ingest_file(REAL / "quangngai_qd84_kh_trandau_scan.pdf").pages
    assert pages[0].text.strip() == ""
