"""Task rows from ruled appendix tables, joined across pages.

An appendix table runs over several pages: the header is repeated on each, and a row cut by
a page break continues in the first row of the next page with an empty STT cell. Section rows
("I" + a title spanning the other columns) set the section of the rows below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ingest import PageText
from ..vietnamese import fold

ROMAN = re.compile(r"^[IVX]{1,5}\.?$")
ROW_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?$")
# Header keywords (folded) for each column role, checked in this order.
COLUMN_ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("stt", ("stt", "tt", "so tt")),
    ("lead", ("chu tri",)),
    ("partner", ("phoi hop",)),
    ("timeline", ("thoi gian", "tien do", "thoi han")),
    ("task", ("nhiem vu", "noi dung", "hoat dong", "giai phap")),
]
BULLET = re.compile(r"^[-–•+]\s*")


@dataclass
class TaskDraft:
    """A task before validation: the document's own wording, where it was found."""

    task: str
    origin: str
    page: int | None
    section: str | None = None
    section_title: str | None = None
    stt: str | None = None
    lead_agency: str | None = None
    partner_agencies: list[str] = field(default_factory=list)
    timeline: str | None = None
    is_request: bool = False
    cells: dict[str, list[str]] = field(default_factory=dict)


def table_tasks(pages: list[PageText]) -> list[TaskDraft]:
    """All task rows of the document's ruled task tables, in reading order."""
    tasks: list[TaskDraft] = []
    roles: dict[int, str] | None = None
    section: tuple[str | None, str | None] = (None, None)
    for page in pages:
        for table in page.tables:
            rows = [row for row in table.rows if any(cell and cell.strip() for cell in row)]
            found_roles, rows = _strip_header(rows)
            if found_roles:
                roles = found_roles
            elif roles is None or not rows or len(rows[0]) < len(roles):
                continue  # a table that is not a task table
            for row in rows:
                if header_roles(row):
                    continue  # a header repeated mid-table, or at the foot of a page
                section = _add_row(row, roles, page.number, tasks, section)
    for task in tasks:
        _finish(task)
    return tasks


def _strip_header(rows: list[list[str | None]]) -> tuple[dict[int, str] | None, list[list[str | None]]]:
    """Column roles from a header row, and the rows after it (the header may repeat per page)."""
    for index, row in enumerate(rows[:2]):
        roles = header_roles(row)
        if roles:
            rest = rows[index + 1:]
            if rest and all(re.fullmatch(r"\(?\d{1,2}\)?", (c or "").strip()) for c in rest[0] if c):
                rest = rest[1:]  # a row of column numbers "(1) (2) (3)"
            return roles, rest
    return None, rows


def header_roles(row: list[str | None]) -> dict[int, str] | None:
    """Map column index -> role when `row` is a task table header."""
    roles: dict[int, str] = {}
    for index, cell in enumerate(row):
        text = fold(cell or "")
        for role, keywords in COLUMN_ROLES:
            if role not in roles.values() and any(text == k or text.startswith(k + " ") or f" {k}" in f" {text}"
                                                   for k in keywords):
                roles[index] = role
                break
    return roles if {"task", "lead"} <= set(roles.values()) else None


def _add_row(row: list[str | None], roles: dict[int, str], page: int, tasks: list[TaskDraft],
             section: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    """Add one table row; returns the section in force after it.

    A row without a number continues the task above it: that is how a row cut by a page
    break, or a cell merged over several rows, comes out of the table.
    """
    cells = {role: (row[i] or "").strip() for i, role in roles.items() if i < len(row)}
    stt = " ".join(cells.get("stt", "").split())
    others = [c.strip() for i, c in enumerate(row) if c and c.strip() and roles.get(i) != "stt"]
    if ROMAN.match(stt) and len(others) <= 1:
        return stt.rstrip("."), join_lines(others[0]) if others else None
    if not stt and tasks:
        _extend(tasks[-1], cells)
        return section
    if not ROW_NUMBER.match(stt):
        return section
    draft = TaskDraft(task="", origin="table", page=page, section=section[0], section_title=section[1],
                      stt=stt.rstrip("."))
    _extend(draft, cells)
    tasks.append(draft)
    return section


def _extend(task: TaskDraft, cells: dict[str, str]) -> None:
    for role, text in cells.items():
        if role != "stt" and text:
            task.cells.setdefault(role, []).append(text)


def _finish(task: TaskDraft) -> None:
    """Turn the collected cell fragments into the task's fields."""
    task.task = cell_paragraphs("\n".join(task.cells.get("task", [])))
    task.lead_agency = join_lines("\n".join(task.cells.get("lead", []))) or None
    partners = join_lines("\n".join(task.cells.get("partner", [])))
    task.partner_agencies = [p.strip(" .") for p in partners.split(";") if p.strip(" .")]
    task.timeline = join_lines("\n".join(task.cells.get("timeline", []))) or None


def join_lines(text: str) -> str:
    """A cell's wrapped lines as one line."""
    return " ".join(text.split())


def cell_paragraphs(text: str) -> str:
    """A task cell's lines regrouped into paragraphs: a bullet opens a new one after a full stop."""
    paragraphs: list[str] = []
    for line in (l.strip() for l in text.splitlines()):
        if not line:
            continue
        opens = BULLET.match(line) and (not paragraphs or paragraphs[-1].endswith((".", ";", ":")))
        if opens or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
    return "\n".join(paragraphs)
