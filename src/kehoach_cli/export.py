"""Export stage: JSON (documents), JSON Lines and CSV (one task per row), Excel workbooks.

CSV starts with a UTF-8 byte-order mark so that Excel opens Vietnamese text correctly, and
list fields are joined with "; "; the `extra` map of other table columns is one JSON-encoded
column. The workbook has a sheet of tasks and a sheet of documents;
its zip entries carry a fixed date so that the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from .models import Metadata, PlanDocument, TaskRow

Format = Literal["json", "jsonl", "csv", "xlsx", "sqlite", "html"]
FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "xlsx", "sqlite", "html")
BINARY_FORMATS = frozenset({"xlsx", "sqlite"})
LIST_SEPARATOR = "; "
FIXED_TIMESTAMP = datetime(2000, 1, 1)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet
WORKBOOK_DOCUMENT_COLUMNS = (
    "source_path",
    "doc_number",
    "issued_date",
    "issuer",
    "province",
    "province_successor",
    "place",
    "title",
    "signer_name",
    "signer_title",
    "tasks",
    "warnings",
)
WIDE_COLUMNS = {"task": 80, "section_title": 40, "lead_agency": 35, "partner_agencies": 45, "title": 60}


def task_rows(documents: list[PlanDocument]) -> list[TaskRow]:
    """Each task with its document's keys, so rows from many plans can be stacked."""
    return [
        TaskRow(
            **task.model_dump(),
            doc_number=doc.metadata.doc_number,
            province=doc.metadata.province,
            province_successor=doc.metadata.province_successor,
            source_path=doc.source.path,
        )
        for doc in documents
        for task in doc.tasks
    ]


def render(documents: list[PlanDocument], fmt: Format, *, as_list: bool = False) -> str | bytes:
    """The whole output (bytes for xlsx and sqlite); `as_list` makes JSON an array even for one document."""
    if fmt in ("sqlite", "html"):  # database.py, report.py: documents keyed by their source path
        from .database import database_bytes
        from .report import report_of_documents

        keyed = [(d.source.path, d) for d in documents]
        return database_bytes(keyed) if fmt == "sqlite" else report_of_documents(keyed)
    if fmt == "json":
        payload = [d.model_dump(mode="json") for d in documents]
        return json.dumps(payload if as_list or len(payload) != 1 else payload[0], ensure_ascii=False, indent=2) + "\n"
    rows = task_rows(documents)
    if fmt == "jsonl":
        return "".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in rows)
    if fmt == "xlsx":
        return to_xlsx(rows, documents)
    return to_csv(rows)


def to_csv(rows: list[TaskRow]) -> str:
    return csv_table(list(TaskRow.model_fields), [_flat(row.model_dump(mode="json")) for row in rows])


def csv_table(columns: list[str], records: list[dict]) -> str:
    """A CSV file's text: byte-order mark, header, one line per record (CRLF, as Excel writes)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(record)
    return buffer.getvalue()


def _flat(record: dict) -> dict:
    """One spreadsheet cell per field: lists joined with "; " (a null item, such as a partner
    missing from the gazetteer, stays an empty place so positions line up), maps (`extra`) as
    one JSON object, so that column headers stay the same whatever tables the plans have."""
    return {k: _cell(v) for k, v in record.items()}


def _cell(value: object) -> object:
    if isinstance(value, list):
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return value


def to_xlsx(rows: list[TaskRow], documents: list[PlanDocument]) -> bytes:
    """A workbook: "Nhiệm vụ" (one task per row) and "Văn bản" (one document per row)."""
    from openpyxl import Workbook  # slow to import: only for workbooks

    workbook = Workbook()
    tasks = workbook.worksheets[0]
    tasks.title = "Nhiệm vụ"
    columns = list(TaskRow.model_fields)
    _fill(tasks, columns, [_flat(r.model_dump(mode="json")) for r in rows])
    sheet = workbook.create_sheet("Văn bản")
    _fill(
        sheet,
        list(WORKBOOK_DOCUMENT_COLUMNS),
        [document_row(d.source.path, d, WORKBOOK_DOCUMENT_COLUMNS) for d in documents],
    )
    workbook.properties.created = workbook.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_dates(buffer.getvalue())


def _fill(sheet: Worksheet, columns: list[str], records: list[dict]) -> None:
    """Header in bold and frozen; long text columns wide and wrapped."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records:
        sheet.append([record.get(column) for column in columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDE_COLUMNS.get(column, 16)
        if column in WIDE_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


DocumentField = Callable[[str, PlanDocument], Any]


def _metadata_field(name: str) -> DocumentField:
    return lambda _file, document: getattr(document.metadata, name)


def _task_count(_file: str, document: PlanDocument) -> int:
    return len(document.tasks)


# Every column a table of documents may have (the workbook's "Văn bản" sheet, a batch's documents.csv,
# the database's documents table), read from (file, document) in one place; each table names its columns.
DOCUMENT_FIELDS: dict[str, DocumentField] = {
    "file": lambda file, _document: file,
    "source_path": lambda _file, document: document.source.path,
    "sha256": lambda _file, document: document.source.sha256,
    "kind": lambda _file, document: document.source.kind,
    "pages": lambda _file, document: document.source.pages,
    "ocr_pages": lambda _file, document: document.quality.ocr_pages,
    **{
        name: _metadata_field(name)
        for name in Metadata.model_fields
        if name not in ("legal_bases", "reporting_deadlines")
    },
    "tasks": _task_count,
    "task_count": _task_count,  # the database's name for the same count
    "warnings": lambda _file, document: LIST_SEPARATOR.join(document.quality.warnings),
    "warning_count": lambda _file, document: len(document.quality.warnings),
    "restored_tokens": lambda _file, document: document.quality.restored_tokens,
    "low_confidence_tokens": lambda _file, document: document.quality.low_confidence_tokens,
}


def document_row(file: str, document: PlanDocument, columns: tuple[str, ...]) -> dict[str, Any]:
    """The `columns` of one document, in their order; `file` is its key in a batch (its path for `extract`)."""
    return {column: DOCUMENT_FIELDS[column](file, document) for column in columns}


def _fixed_zip_dates(data: bytes) -> bytes:
    """Rewrite the zip with one fixed date on every entry and in the document properties
    (openpyxl stamps the save time there): byte-identical output for equal input."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return buffer.getvalue()
