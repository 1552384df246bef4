"""Generate the text, Word and legacy-font samples of the Kon Tum plan 501/KH-UBND.

Run from the repository root::

    .venv/bin/python samples/make_text_samples.py

Outputs (all in ``samples/``), from ``kon-tum-501.plan.txt`` and ``kon-tum-501.tasks.json``:

* ``kon-tum-501.tcvn3.txt``   the plan text in TCVN3 (TCVN 5712:1993 VN1, the set glibc iconv calls
  TCVN5712-1: ``iconv -f TCVN5712-1 -t UTF-8`` gives the plan text back)
* ``kon-tum-501.docx``        the plan typed in Word: header block, body, and the appendix as a Word
  table with a repeated header row, section rows merged across and equal deadlines merged down
* ``kon-tum-501-vntime.docx`` the same document typed in the ABC fonts: runs in .VnTime hold TCVN3
  bytes, capitals with tone marks are lower-case bytes in runs of .VnTimeH (as typists did)
* ``kon-tum-501-vntime.pdf``  the native PDF of ``make_samples.py`` set in fonts named .VnTime and
  .VnTimeH whose text layer holds TCVN3 byte-characters ("Céng hoµ"), like a PDF printed from such a
  document: DejaVu Serif with its character map moved to the TCVN3 code points

The outputs are deterministic (fixed dates in the PDF and in the .docx zip and properties).
"""

from __future__ import annotations

import datetime
import io
import json
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as DocxTable
from reportlab.lib.fonts import addMapping, ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples  # noqa: E402  (the sibling script: layout, fonts and the Kon Tum builder)
from make_samples import (  # noqa: E402
    FONT_DIR,
    FONT_FILES,
    KON_TUM_TASKS,
    KON_TUM_TEXT,
    SAMPLES_DIR,
    SOURCE_DATE_EPOCH,
    TABLE_HEADER,
    read_sections,
    report,
)

from kehoach_cli.ingest.legacy import read_legacy_table  # noqa: E402

TCVN3_TEXT = SAMPLES_DIR / "kon-tum-501.tcvn3.txt"
DOCX_PLAN = SAMPLES_DIR / "kon-tum-501.docx"
VNTIME_DOCX = SAMPLES_DIR / "kon-tum-501-vntime.docx"
VNTIME_PDF = SAMPLES_DIR / "kon-tum-501-vntime.pdf"

VNTIME, VNTIME_CAPITALS = ".VnTime", ".VnTimeH"
FACES = ("", "-Bold", "-Italic", "-BoldItalic")
SOFT_HYPHEN, SOFT_HYPHEN_STAND_IN = "\xad", "\uf0ad"
CAPITALS_FACE = 'face="capitals"'
ZIP_DATE = datetime.datetime.fromtimestamp(SOURCE_DATE_EPOCH, datetime.UTC).timetuple()[:6]
DOCX_BODY_FONT = "Times New Roman"
DOCX_BODY_SIZE = Pt(13)

# A run of text for one font: (the characters to write, whether it is the capitals font).
Segment = tuple[str, bool]


# --------------------------------------------------------------------------------------------------
# TCVN3 encoders (the inverse of data/legacy/tcvn3.tsv)
# --------------------------------------------------------------------------------------------------


def tcvn3_inverse(column: str) -> dict[str, str]:
    """Unicode letter -> the Windows-1252 character of its TCVN3 byte, for one column of the table."""
    inverse: dict[str, str] = {}
    for row in read_legacy_table("tcvn3.tsv"):
        letter = row[column]
        if letter and not unicodedata.combining(letter):
            inverse.setdefault(letter, bytes([int(row["byte"], 16)]).decode("latin-1"))
    return inverse


def encode_tcvn3_charset(text: str) -> bytes:
    """Text in TCVN 5712:1993 VN1 bytes (every Vietnamese letter has a code)."""
    inverse = tcvn3_inverse("tcvn5712")
    return b"".join(inverse[c].encode("latin-1") if c in inverse else c.encode("cp1252") for c in text)


def tcvn3_segments(text: str) -> list[Segment]:
    """Text as a typist with the ABC fonts wrote it: .VnTime, and .VnTimeH for capitals with tone
    marks (typed as the lower-case letter); a line in capitals is typed in .VnTimeH throughout."""
    plain, capitals = tcvn3_inverse("vntime"), tcvn3_inverse("vntimeh")
    if text.isupper():
        return [("".join(capitals.get(c, c.lower() if c.isascii() else c) for c in text), True)]
    segments: list[Segment] = []
    for char in text:
        capital = not char.isascii() and char not in plain and char in capitals
        code = capitals[char] if capital else plain.get(char, char)
        if segments and segments[-1][1] == capital:
            segments[-1] = (segments[-1][0] + code, capital)
        else:
            segments.append((code, capital))
    return segments


# --------------------------------------------------------------------------------------------------
# Text sample
# --------------------------------------------------------------------------------------------------


def make_tcvn3_text() -> Path:
    TCVN3_TEXT.write_bytes(encode_tcvn3_charset(KON_TUM_TEXT.read_text(encoding="utf-8")))
    return TCVN3_TEXT


# --------------------------------------------------------------------------------------------------
# Word samples
# --------------------------------------------------------------------------------------------------

# Writes `text` into a python-docx paragraph (as Unicode runs, or as legacy-font runs).
Writer = Callable[[Any, str], None]


def unicode_writer(paragraph: Any, text: str) -> None:
    paragraph.add_run(text)


def vntime_writer(paragraph: Any, text: str) -> None:
    for code, capital in tcvn3_segments(text):
        paragraph.add_run(code).font.name = VNTIME_CAPITALS if capital else VNTIME


def write_cell(cell: Any, text: str, write: Writer, bold: bool = False) -> None:
    """Replace a cell's content with `text`, one paragraph per line."""
    lines = text.split("\n")
    cell.paragraphs[0].text = ""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        write(paragraph, line)
        for run in paragraph.runs:
            run.bold = bold


def add_paragraph(document: Any, text: str, write: Writer, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    write(paragraph, text)
    for run in paragraph.runs:
        run.bold = bold


def repeat_as_header(table: DocxTable) -> None:
    """Mark the first row as a header row, repeated by Word at the top of every page."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def header_block(document: Any, sections: dict[str, list[str]], write: Writer) -> None:
    """The two-column borderless header: issuer and number left, motto and place/date right."""
    left = sections["HEADER-LEFT"] + sections["NUMBER"]
    right = sections["HEADER-RIGHT"] + sections["PLACE-DATE"]
    table = document.add_table(rows=max(len(left), len(right)), cols=2)
    for row, (a, b) in zip(table.rows, zip(left + [""] * len(right), right + [""] * len(left))):
        write_cell(row.cells[0], a, write, bold=a.isupper())
        write_cell(row.cells[1], b, write, bold=b.isupper())


def appendix_table(document: Any, tasks: list[dict[str, Any]], write: Writer) -> None:
    """The task table: header repeated, each section's title row merged across, a deadline shared by
    consecutive rows of a section merged down (as in the original plan)."""
    table = document.add_table(rows=1, cols=len(TABLE_HEADER))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, TABLE_HEADER):
        write_cell(cell, title, write, bold=True)
    repeat_as_header(table)
    section, above = None, None
    for task in tasks:
        if task["section"] != section:
            section, above = task["section"], None
            cells = table.add_row().cells
            write_cell(cells[0], section, write, bold=True)
            write_cell(cells[1].merge(cells[-1]), task["section_title"], write, bold=True)
        cells = table.add_row().cells
        values = [task["stt"], task["task"], task["lead_agency"], "; ".join(task["partner_agencies"])]
        for cell, value in zip(cells, values):
            write_cell(cell, value, write)
        if above is not None and above[1] == task["timeline"]:
            above[0].merge(cells[-1])
        else:
            write_cell(cells[-1], task["timeline"], write)
            above = (cells[-1], task["timeline"])


def plan_document(write: Writer, body_font: str) -> Any:
    sections = read_sections(KON_TUM_TEXT.read_text(encoding="utf-8"))
    tasks = json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))
    document = docx.Document()
    normal = document.styles["Normal"].font
    normal.name, normal.size = body_font, DOCX_BODY_SIZE
    header_block(document, sections, write)
    title, *subtitle = sections["TITLE"]
    add_paragraph(document, title, write, bold=True)
    add_paragraph(document, " ".join(subtitle), write, bold=True)
    for text in sections["BODY"]:
        add_paragraph(document, text, write, bold=make_samples.is_heading(text))
    for text in sections["RECIPIENTS"] + sections["SIGNATURE"]:
        add_paragraph(document, text, write)
    document.add_page_break()
    for text in sections["APPENDIX-TITLE"]:
        add_paragraph(document, text, write, bold=not text.startswith("("))
    appendix_table(document, tasks, write)
    properties = document.core_properties
    properties.created = properties.modified = datetime.datetime(*ZIP_DATE)
    properties.author, properties.last_modified_by = make_samples.PDF_AUTHOR, make_samples.PDF_AUTHOR
    properties.revision = 1
    return document


def save_docx(document: Any, path: Path) -> Path:
    """Save with fixed zip dates, so the same input gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(
                zipfile.ZipInfo(item.filename, ZIP_DATE), source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED
            )
    return path


def make_docx_plan() -> Path:
    return save_docx(plan_document(unicode_writer, DOCX_BODY_FONT), DOCX_PLAN)


def make_vntime_docx() -> Path:
    return save_docx(plan_document(vntime_writer, VNTIME), VNTIME_DOCX)


# --------------------------------------------------------------------------------------------------
# Legacy-font PDF
# --------------------------------------------------------------------------------------------------


def register_legacy_fonts() -> None:
    """DejaVu Serif faces registered as VnTime / VnTimeH, drawing Vietnamese letters at the TCVN3
    code points, and named .VnTime / .VnTimeH in the PDF (with ",Bold" etc., as Word names them)."""
    for family, column, pdf_name in (("VnTime", "vntime", VNTIME), ("VnTimeH", "vntimeh", VNTIME_CAPITALS)):
        letters = {
            bytes([int(row["byte"], 16)]).decode("cp1252", "ignore"): row[column]
            for row in read_legacy_table("tcvn3.tsv")
            if row[column]
        }
        letters[SOFT_HYPHEN_STAND_IN] = letters[SOFT_HYPHEN]
        for suffix, (dejavu, _) in zip(FACES, FONT_FILES.items()):
            font = TTFont(family + suffix, str(FONT_DIR / FONT_FILES[dejavu]))
            face = font.face
            glyphs, widths = dict(face.charToGlyph), dict(face.charWidths)  # before any move
            for code, letter in letters.items():
                if code and ord(letter) in glyphs:
                    face.charToGlyph[ord(code)] = glyphs[ord(letter)]
                    face.charWidths[ord(code)] = widths[ord(letter)]
            face.name = (pdf_name + suffix.replace("-", ",")).encode("ascii")
            pdfmetrics.registerFont(font)
        for bold, italic, suffix in ((0, 0, ""), (1, 0, "-Bold"), (0, 1, "-Italic"), (1, 1, "-BoldItalic")):
            addMapping(family, bold, italic, family + suffix)


def tcvn3_markup(text: str) -> str:
    """Paragraph markup of `text` typed in the ABC fonts (replaces make_samples' XML escaping); the
    capitals font's face is chosen by `legacy_paragraph`, which knows the paragraph's style."""
    return "".join(
        f"<font {CAPITALS_FACE}>{_pdf_codes(code)}</font>" if capital else _pdf_codes(code)
        for code, capital in tcvn3_segments(text)
    )


def legacy_paragraph(markup: str, style: ParagraphStyle, *args: Any, **kwargs: Any) -> Paragraph:
    """A Paragraph whose .VnTimeH runs are bold or italic like its style (a <font face> resets both)."""
    _, bold, italic = ps2tt(style.fontName)
    face = f'face="{tt2ps("VnTimeH", bold, italic)}"'
    return Paragraph(markup.replace(CAPITALS_FACE, face), style, *args, **kwargs)


def _pdf_codes(code: str) -> str:
    """TCVN3's ư is byte AD, the soft hyphen, which reportlab's Paragraph drops: draw it at U+F0AD,
    where Word puts the characters of symbol-charset fonts and the decoder reads byte AD too."""
    return escape(code.replace(SOFT_HYPHEN, SOFT_HYPHEN_STAND_IN))


@contextmanager
def swapped(module: Any, **values: Any) -> Iterator[None]:
    """Give a module's globals other values for the duration of a build."""
    previous = {name: getattr(module, name) for name in values}
    for name, value in values.items():
        setattr(module, name, value)
    try:
        yield
    finally:
        for name, value in previous.items():
            setattr(module, name, value)


def make_vntime_pdf() -> Path:
    """The Kon Tum PDF of make_samples, built with the body font VnTime and the text escaped into
    TCVN3 font markup: every paragraph make_samples builds goes through its `escape` and `Paragraph`."""
    make_samples.register_fonts()
    register_legacy_fonts()
    with swapped(make_samples, FONT="VnTime", escape=tcvn3_markup, Paragraph=legacy_paragraph, KON_TUM_PDF=VNTIME_PDF):
        return make_samples.make_kon_tum(make_samples.make_styles())


def main() -> None:
    for build in (make_tcvn3_text, make_docx_plan, make_vntime_docx):
        path = build()
        print(f"{path.relative_to(SAMPLES_DIR.parent)}: {path.stat().st_size / 1024:.0f} KiB")
    report(make_vntime_pdf())


if __name__ == "__main__":
    main()
