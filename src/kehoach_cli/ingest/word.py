"""Word .docx plans: paragraphs and tables in document order, via python-docx.

Word has no pages, so the document is one page. Tables of three or more columns become
`Table`s; narrower ones are layout (the two-column header block with issuer, number, place and
date; the signature block) and are read as lines, cell by cell.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ..errors import InputError
from .pages import PageText, Table


LAYOUT_TABLE_MAX_COLUMNS = 2


def read_docx(path: Path, data: bytes) -> list[PageText]:
    """One page holding the document's text, with its data tables."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(str(path), "is not a Word .docx file (cannot open it as one)") from exc
    lines: list[str] = []
    prose: list[str] = []
    tables: list[Table] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            lines.append(_nfc(block.text))
            prose.append(_nfc(block.text))
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
    return [PageText(number=1, text=text, source="native", tables=tables, prose="\n".join(prose))]


def table_rows(table: DocxTable) -> list[list[str | None]]:
    """Rows of cell texts; a cell spanning several grid columns appears once, then None."""
    rows: list[list[str | None]] = []
    for row in table.rows:
        cells: list[str | None] = []
        previous = None
        for cell in row.cells:
            cells.append(None if cell._tc is previous else _nfc(cell.text))
            previous = cell._tc
        rows.append(cells)
    return rows


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
