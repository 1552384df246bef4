"""Native PDFs: pdfium's characters and rules read by pdfplumber give what pdfplumber's own
parse gives, and the two-column header comes out one column block at a time."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from conftest import KON_TUM_HEADER_LINES, KON_TUM_NATIVE, KON_TUM_SCAN, PLAN_000_NATIVE
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from kehoach_cli.ingest.layout import column_bands
from kehoach_cli.ingest.pdf import _plumber_rows, _read_page, read_pdf

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


@pytest.mark.parametrize("sample", [KON_TUM_NATIVE, PLAN_000_NATIVE], ids=lambda p: p.name)
def test_pdfium_objects_read_like_pdfplumbers_own_parse(sample):
    data = sample.read_bytes()
    fast = read_pdf(str(sample), data).pages
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        slow = [_read_page(page, number) for number, page in enumerate(pdf.pages, start=1)]
        plain = [page.extract_text() for page in pdf.pages]
    assert len(fast) == len(slow)
    for ours, theirs, text in zip(fast, slow, plain):
        assert ours.text == theirs.text, ours.number
        if not column_bands(_plumber_rows(ours.words)):  # pdfplumber's own text, where no band is reordered
            assert ours.text == text, ours.number
        assert ours.prose == theirs.prose, ours.number
        assert [t.rows for t in ours.tables] == [t.rows for t in theirs.tables], ours.number
        assert [w.text for w in ours.words] == [w.text for w in theirs.words], ours.number
        # pdfminer and pdfium place justified text a fraction of a point apart, no more
        for a, b in zip(ours.words, theirs.words):
            assert abs(a.x0 - b.x0) < 1 and abs(a.x1 - b.x1) < 1 and abs(a.top - b.top) < 0.1


def test_kon_tum_header_reads_column_by_column():
    first = read_pdf(str(KON_TUM_NATIVE), KON_TUM_NATIVE.read_bytes()).pages[0]
    assert first.text.splitlines()[:7] == KON_TUM_HEADER_LINES
    # the prose leaves out the small-type motto but keeps the same order
    assert first.prose_text.splitlines()[:5] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH KON TUM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 501/KH-UBND",
        "Kon Tum, ngày 17 tháng 02 năm 2025",
    ]


def test_plan_without_header_keeps_its_first_lines():
    first = read_pdf(str(PLAN_000_NATIVE), PLAN_000_NATIVE.read_bytes()).pages[0]
    assert first.text.splitlines()[0] == "KẾ HOẠCH"


def _header_pdf(
    path: Path,
    province: str = "TỈNH LÂM ĐỒNG",
    number: str = "Số: 12/KH-UBND",
    place_date: str = "Lâm Đồng, ngày 3 tháng 4 năm 2025",
    number_at: float = 105,
) -> Path:
    """A page with a two-column header (issuer | motto, number | place-date), title and preamble;
    `number_at` is the baseline of the last header line, 30 points below the first when no gap
    separates the header's two rows."""
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    page.setFont("DejaVuSerif", 12)
    for baseline, left, right in [
        (60, "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (75, province, "Độc lập - Tự do - Hạnh phúc"),
        (number_at, number, place_date),
    ]:
        page.drawCentredString(150, height - baseline, left)
        page.drawCentredString(400, height - baseline, right)
    page.drawCentredString(width / 2, height - 170, "KẾ HOẠCH")
    page.drawString(85, height - 200, "Thực hiện Quyết định số 27/QĐ-TTg của Thủ tướng Chính phủ,")
    page.showPage()
    page.save()
    return path


def _lines(pdf: Path) -> list[str]:
    return read_pdf(str(pdf), pdf.read_bytes()).pages[0].text.splitlines()


def test_generated_header_with_two_rows(tmp_path):
    pdf = _header_pdf(tmp_path / "header.pdf")
    with pdfplumber.open(pdf) as plain:
        mixed = plain.pages[0].extract_text().splitlines()
    assert mixed[0] == "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # what line-by-line reading gives
    assert _lines(pdf) == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/KH-UBND",
        "Lâm Đồng, ngày 3 tháng 4 năm 2025",
        "KẾ HOẠCH",
        "Thực hiện Quyết định số 27/QĐ-TTg của Thủ tướng Chính phủ,",
    ]


def test_generated_header_in_one_block_reads_left_column_first(tmp_path):
    # number right under the issuer, place-date right under the motto: no row gap anywhere
    assert _lines(_header_pdf(tmp_path / "tight.pdf", number_at=90))[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "Số: 12/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 3 tháng 4 năm 2025",
    ]


def test_generated_header_with_a_long_place_line(tmp_path):
    # the place-and-date line reaches left of the gap between the first line's two columns
    pdf = _header_pdf(
        tmp_path / "long.pdf", "TỈNH BÀ RỊA - VŨNG TÀU", "Số: 7/KH-UBND", "Bà Rịa - Vũng Tàu, ngày 30 tháng 12 năm 2024"
    )
    with pdfplumber.open(pdf) as plain:
        words = plain.pages[0].extract_words()
    assert min(w["x0"] for w in words if w["text"] == "Bà") < min(w["x0"] for w in words if w["text"] == "CỘNG")
    assert _lines(pdf)[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BÀ RỊA - VŨNG TÀU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 7/KH-UBND",
        "Bà Rịa - Vũng Tàu, ngày 30 tháng 12 năm 2024",
    ]


def test_generated_header_gives_the_metadata(kehoach, tmp_path):
    metadata = json.loads(kehoach("extract", _header_pdf(tmp_path / "plan.pdf"), "--ocr", "never").text)["metadata"]
    assert metadata["issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert metadata["doc_number"] == "12/KH-UBND"
    assert metadata["place"] == "Lâm Đồng"
    assert metadata["issued_date"] == "2025-04-03"


@pytest.fixture(scope="module")
def half_scanned(tmp_path_factory) -> Path:
    """Kon Tum's native first page followed by the scan of its second page (no text layer)."""
    path = tmp_path_factory.mktemp("mixed") / "half-scanned.pdf"
    with pikepdf.open(KON_TUM_NATIVE) as native, pikepdf.open(KON_TUM_SCAN) as scan:
        mixed = pikepdf.new()
        mixed.pages.append(native.pages[0])
        mixed.pages.append(scan.pages[1])
        mixed.save(path)
    return path


def test_page_without_text_layer_comes_back_empty_for_ocr(half_scanned):
    pages = read_pdf(str(half_scanned), half_scanned.read_bytes()).pages
    assert pages[0].text.startswith("ỦY BAN NHÂN DÂN\nTỈNH KON TUM")
    assert pages[1].text == "" and pages[1].words == [] and pages[1].source == "native"


def test_page_without_text_layer_is_ocrd(kehoach, half_scanned):
    off = json.loads(kehoach("extract", half_scanned, "--ocr", "never").text)
    assert off["source"]["page_sources"] == ["native", "native"]
    assert any("page 2 has no usable text layer" in w for w in off["quality"]["warnings"])
    document = json.loads(kehoach("extract", half_scanned, "--jobs", "1").text)
    assert document["source"]["page_sources"] == ["native", "ocr"]
    assert document["quality"]["ocr_pages"] == 1
    assert document["metadata"]["doc_number"] == "501/KH-UBND"


def test_rotated_page_is_read_by_pdfplumber_itself(tmp_path):
    # pdfium's page space is not pdfplumber's on a /Rotate page: that page takes pdfplumber's parse
    path = tmp_path / "rotated.pdf"
    with pikepdf.open(PLAN_000_NATIVE) as pdf:
        pdf.pages[1].rotate(90, relative=True)
        pdf.save(path)
    data = path.read_bytes()
    ours = read_pdf(str(path), data).pages
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        theirs = [_read_page(page, number) for number, page in enumerate(pdf.pages, start=1)]
    assert [p.text for p in ours] == [p.text for p in theirs]
    assert [p.words for p in ours][1] == theirs[1].words  # the rotated page: the very same boxes
    assert ours[1].width == theirs[1].width and ours[1].width > ours[1].height


def test_a_native_plan_is_read_without_the_ocr_and_restoration_machinery():
    """A native plan needs neither OpenCV, tesseract nor the restorer's numpy and model: importing
    them is a tenth of the run of an 11-page plan (issue 4's measure 3 compares the whole run with
    a bare pdfplumber script)."""
    script = (
        "import sys; from pathlib import Path\n"
        "from kehoach_cli.pipeline import extract_document\n"
        f"extract_document(Path({str(KON_TUM_NATIVE)!r}))\n"
        "print(' '.join(sorted(m for m in ('numpy', 'cv2', 'pytesseract') if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
