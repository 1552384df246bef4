"""SQLite output: the plans of a batch (or of one `extract`) as one database file, Python's sqlite3 only.

Tables (data/kehoach.sqlite.sql, linked from schemas/; README "SQLite output"):
documents, tasks, successors and partners (one row per task and agency), legal_bases,
reporting_deadlines, warnings, failures (files not converted), meta (versions), and tasks_fts, an FTS5
index over each task's text and a folded copy of it (vietnamese.fold: no marks, đ -> d, lower case), so
that "bao ve tre em" finds "bảo vệ trẻ em" and "dong" finds "đồng", which unicode61's own
remove_diacritics does not (đ is a letter of its own, not d with a mark).

The file is built under a temporary name beside its place and renamed over it, like every output:
a reader never sees half a database, a crash leaves the old one whole.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .atomic import replaced_atomically
from .data_files import data_text
from .vietnamese import fold

if TYPE_CHECKING:
    from .models import PlanDocument

DATABASE = "kehoach.sqlite"
# Raised with every change of the tables (PRAGMA user_version and meta.database_schema);
# meta.schema_version is the JSON output contract's version the rows follow.
DATABASE_SCHEMA_VERSION = 1

# The tables, one file for the code and the readers (schemas/kehoach.sqlite.sql links to it).
SCHEMA_SQL = data_text("kehoach.sqlite.sql")

# The documents table after its id: columns of export.DOCUMENT_FIELDS.
_DOCUMENT_COLUMNS = (
    "file",
    "source_path",
    "sha256",
    "kind",
    "pages",
    "ocr_pages",
    "doc_type",
    "issuer",
    "province",
    "province_successor",
    "doc_number",
    "issued_date",
    "place",
    "title",
    "signer_name",
    "signer_title",
    "task_count",
    "warning_count",
    "restored_tokens",
    "low_confidence_tokens",
)
_TASK_COLUMNS = (
    "id",
    "document_id",
    "position",
    "section",
    "section_title",
    "stt",
    "task",
    "task_folded",
    "lead_agency",
    "lead_agency_canonical",
    "timeline",
    "timeline_kind",
    "timeline_years",
    "timeline_start",
    "timeline_end",
    "origin",
    "requested",
    "page",
    "confidence",
    "extra",
)


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_INSERT_DOCUMENT = _insert("documents", ("id", *_DOCUMENT_COLUMNS))
_INSERT_TASK = _insert("tasks", _TASK_COLUMNS)
_INSERT_SUCCESSOR = _insert("successors", ("task_id", "position", "agency"))
_INSERT_PARTNER = _insert("partners", ("task_id", "position", "agency", "agency_canonical"))
_INSERT_LEGAL_BASIS = _insert("legal_bases", ("document_id", "position", "number", "date", "issuer", "title"))
_INSERT_DEADLINE = _insert(
    "reporting_deadlines", ("document_id", "position", "text", "frequency", "day", "month", "year")
)
_INSERT_WARNING = _insert("warnings", ("document_id", "position", "message"))


def write_database(
    path: Path, documents: Iterable[tuple[str, PlanDocument]], failures: Iterable[tuple[str, str]] = ()
) -> None:
    """Build the database of `documents` ((file, document) pairs, in order) and `failures`
    ((file, error) pairs) at a temporary name beside `path`, then rename it over `path`.

    Documents are taken one at a time, so the memory used does not grow with their number."""
    with replaced_atomically(path) as tmp:
        connection = sqlite3.connect(tmp, isolation_level=None)
        try:
            # No journal and no syncing while the file is built: a failed build is deleted whole,
            # and the file is synced once, before it takes its name.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            fill(connection, documents, failures)
        finally:
            connection.close()


def database_bytes(documents: Iterable[tuple[str, PlanDocument]]) -> bytes:
    """The database of a few documents as bytes (`extract --format sqlite`), built in memory."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        fill(connection, documents, ())
        return connection.serialize()
    finally:
        connection.close()


def fill(
    connection: sqlite3.Connection, documents: Iterable[tuple[str, PlanDocument]], failures: Iterable[tuple[str, str]]
) -> None:
    """Create the tables in an empty database and load them, in one transaction."""
    connection.executescript(f"BEGIN; {SCHEMA_SQL}")
    connection.execute(f"PRAGMA user_version = {DATABASE_SCHEMA_VERSION}")
    from .models import SCHEMA_VERSION

    connection.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [
            ("database_schema", str(DATABASE_SCHEMA_VERSION)),
            ("schema_version", SCHEMA_VERSION),
            ("kehoach_version", __version__),
        ],
    )
    task_id = 0
    for document_id, (file, document) in enumerate(documents, start=1):
        _insert_document(connection, document_id, file, document, task_id)
        task_id += len(document.tasks)
    connection.executemany("INSERT INTO failures (file, error) VALUES (?, ?)", failures)
    connection.execute("INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild')")
    connection.execute("COMMIT")
    # ANALYZE gives the query planner the indexes' selectivity, which DB Browser and Datasette use too.
    connection.execute("ANALYZE")


def _insert_document(
    connection: sqlite3.Connection, document_id: int, file: str, document: PlanDocument, first_task_id: int
) -> None:
    from .export import document_row

    meta, quality = document.metadata, document.quality
    connection.execute(_INSERT_DOCUMENT, (document_id, *document_row(file, document, _DOCUMENT_COLUMNS).values()))
    connection.executemany(
        _INSERT_LEGAL_BASIS,
        ((document_id, i, b.number, b.date, b.issuer, b.title) for i, b in enumerate(meta.legal_bases, start=1)),
    )
    connection.executemany(
        _INSERT_DEADLINE,
        (
            (document_id, i, d.text, d.frequency, d.day, d.month, d.year)
            for i, d in enumerate(meta.reporting_deadlines, start=1)
        ),
    )
    connection.executemany(
        _INSERT_WARNING, ((document_id, i, message) for i, message in enumerate(quality.warnings, start=1))
    )
    ids = range(first_task_id + 1, first_task_id + len(document.tasks) + 1)
    connection.executemany(
        _INSERT_TASK,
        (
            (
                task_id,
                document_id,
                position,
                t.section,
                t.section_title,
                t.stt,
                t.task,
                fold(t.task),
                t.lead_agency,
                t.lead_agency_canonical,
                t.timeline,
                t.timeline_kind,
                json.dumps(t.timeline_years),
                t.timeline_start,
                t.timeline_end,
                t.origin,
                int(t.requested),
                t.page,
                t.confidence,
                json.dumps(t.extra, ensure_ascii=False),
            )
            for position, (task_id, t) in enumerate(zip(ids, document.tasks), start=1)
        ),
    )
    connection.executemany(
        _INSERT_SUCCESSOR,
        (
            (task_id, i, agency)
            for task_id, t in zip(ids, document.tasks)
            for i, agency in enumerate(t.lead_agency_successors, start=1)
        ),
    )
    connection.executemany(_INSERT_PARTNER, _partner_rows(ids, document))


def _partner_rows(ids: range, document: PlanDocument) -> Iterator[tuple[Any, ...]]:
    for task_id, task in zip(ids, document.tasks):
        canonical = task.partner_agencies_canonical
        for i, agency in enumerate(task.partner_agencies, start=1):
            yield task_id, i, agency, canonical[i - 1] if i <= len(canonical) else None


def fts_query(text: str) -> str:
    """An FTS5 query finding tasks with every word of `text`, marked or not: each folded word a
    quoted string, so that a word such as "AND" or a quote in the text is no query syntax."""
    words = fold(text).split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def search(connection: sqlite3.Connection, text: str, limit: int = 50) -> list[tuple[int, str]]:
    """(task id, task) of the tasks holding every word of `text`, best match first."""
    query = fts_query(text)
    if not query:
        return []
    return connection.execute(
        "SELECT rowid, task FROM tasks_fts WHERE tasks_fts MATCH ? ORDER BY rank, rowid LIMIT ?",
        (f"task_folded : ({query})", limit),
    ).fetchall()
