"""Word .docx plans: paragraphs and tables in document order, via python-docx.

Word has no pages, so the document is one page. Tables of three or more columns become
`Table`s; narrower ones are layout (the two-column header block with issuer, number, place and
date; the signature block) and are read as lines, cell by cell. Runs in legacy fonts (.VnTime,
VNI-Times: the font of the run, else of its paragraph's style) are converted to Unicode.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run
from lxml import etree

from .. import limits
from ..errors import InputError
from .legacy import LegacyEncoding, decode_legacy, font_encoding, is_eight_bit
from .pages import PageText, Table

LAYOUT_TABLE_MAX_COLUMNS = 2


def read_docx(path: Path, data: bytes) -> list[PageText]:
    """One page holding the document's text, with its data tables."""
    check_unpacked_sizes(str(path), data)
    try:
        document = docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():  # libxml2 refuses elements nested over 256 deep
            raise InputError(str(path), f"has XML nested too deep to read ({exc})") from exc
        raise InputError(str(path), "is not a Word .docx file (cannot open it as one)") from exc
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(str(path), "is not a Word .docx file (cannot open it as one)") from exc
    lines: list[str] = []
    prose: list[str] = []
    tables: list[Table] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            lines.append(paragraph_text(block))
            prose.append(paragraph_text(block))
            continue
        rows = table_rows(block)
        lines.extend("\t".join(cell or "" for cell in row) for row in rows)
        if max((len(row) for row in rows), default=0) > LAYOUT_TABLE_MAX_COLUMNS:
            tables.append(Table(rows=rows, bbox=(0.0, 0.0, 0.0, 0.0)))
        else:
            prose.extend(text for row in rows for cell in row if cell for text in cell.splitlines())
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(str(path), "is empty (no text in the document)")
    return [PageText(number=1, text=text, source="native", tables=tables, prose="\n".join(prose), whole_lines=True)]


def check_unpacked_sizes(path: str, data: bytes) -> None:
    """LimitError for an archive whose parts unpack past the part-mb or docx-mb limits, from the
    sizes its directory states: zipfile stops a part at its stated size (a part that would inflate
    further fails its checksum), so what python-docx unpacks is bounded by them. A 1 MB .docx can
    hold 1 GiB of zeros or 300 MB of XML, which python-docx would hold in memory several times over."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # python-docx says it is not a .docx
    for part in parts:
        limits.check(
            path,
            part.file_size,
            "part_mb",
            f"has a part ({part.filename}) of {part.file_size / limits.MB:,.0f} MB unpacked",
            " MB",
            limits.MB,
        )
    total = sum(part.file_size for part in parts)
    limits.check(path, total, "docx_mb", f"unpacks to {total / limits.MB:,.0f} MB", " MB", limits.MB)


def table_rows(table: DocxTable) -> list[list[str | None]]:
    """Rows of cell texts; a cell spanning several grid columns appears once, then None."""
    rows: list[list[str | None]] = []
    for row in table.rows:
        cells: list[str | None] = []
        previous = None
        for cell in row.cells:
            cells.append(None if cell._tc is previous else "\n".join(map(paragraph_text, cell.paragraphs)))
            previous = cell._tc
        rows.append(cells)
    return rows


def paragraph_text(paragraph: DocxParagraph) -> str:
    """The paragraph's text (hyperlinks included) in Unicode NFC; adjacent runs in one legacy
    encoding are decoded together, as a VNI letter's base and mark may sit in two runs."""
    default = _style_font(paragraph.style)
    pieces: list[tuple[LegacyEncoding | None, str]] = []
    for item in paragraph.iter_inner_content():
        for run in item.runs if isinstance(item, Hyperlink) else [item]:
            encoding = font_encoding(_run_font(run) or default)
            if pieces and pieces[-1][0] == encoding:
                pieces[-1] = (encoding, pieces[-1][1] + run.text)
            else:
                pieces.append((encoding, run.text))
    return _nfc(
        "".join(decode_legacy(text, encoding) if encoding and is_eight_bit(text) else text for encoding, text in pieces)
    )


def _run_font(run: Run) -> str | None:
    """The run's own font: its Latin font, else its high-ANSI font (where Word looks for 80-FF),
    else its character style's."""
    fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
    if fonts is not None:
        name = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        if name:
            return name
    return _style_font(run.style) if run.style is not None else None


def _style_font(style) -> str | None:  # noqa: ANN001 - python-docx styles have no common public type
    """A style's font, inherited through its base styles."""
    while style is not None:
        if style.font.name:
            return style.font.name
        style = style.base_style
    return None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
