"""Task rows from ruled appendix tables, joined across pages.

An appendix table runs over several pages: the header is repeated on each, and a row cut by
a page break continues in the first row of the next page with an empty STT cell. Section rows
("I" + a title spanning the other columns) set the section of the rows below them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..ingest import PageText
from ..timeline import timeline_kind, timeline_span
from ..vietnamese import fold
from .agency_lists import duty_verb, kind_alone, names_agency, split_agencies
from .bullets import BULLET
from .sections import ROMAN_NUMERALS

if TYPE_CHECKING:  # the contract's type
    from ..models import TaskOrigin

ROMAN = re.compile(r"^[IVX]{1,5}\.?$")
SECTION_IN_TITLE = re.compile(r"^(?P<numeral>[IVX]{1,5})\.\s+(?P<title>\S.*)$")
GROUP_LETTER = re.compile(r"^[A-ZĐ]\.$")  # "A. | BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG": a group of rows by agency
MISREAD_NUMERAL = re.compile(r"^[A-Z][A-Z1l|]{0,4}\.?$")
ROW_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?$")
STEP = re.compile(r"^(?:Bước|B)\s*\d{1,2}\b", re.IGNORECASE)  # "Bước 1", "B2": a procedure's step
COLUMN_NUMBERS = re.compile(r"\(?\d{1,2}\)?")
# Header keywords (folded) for each column role, checked in this order: "Cơ quan chủ trì" is a
# lead column before it is anything else; "Nội dung" names the task only when no column says
# "Nhiệm vụ" (see `header_roles`).
COLUMN_ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("lead", ("chu tri",)),
    ("partner", ("phoi hop",)),
    ("timeline", ("thoi gian", "tien do", "thoi han", "thoi diem")),
    ("task", ("nhiem vu", "ten nhiem vu", "noi dung", "hoat dong", "giai phap", "cong viec", "chi tieu")),
]
# Columns that name the doer without saying "chủ trì": the lead when no column says "chủ trì".
LEAD_FALLBACK = ("co quan thuc hien", "don vi thuc hien", "trach nhiem thuc hien", "co quan, don vi thuc hien")
MAX_HEADER_CELL_WORDS = 16  # "Cơ quan, đơn vị chủ trì thực hiện (thời gian hoàn thành)": a header cell is short
MAX_NUMBER_HEADER = 4  # characters: a first-column header this short, in a task table, heads the numbers
MIN_TABLE_COLUMNS = 3  # narrower ruled tables are boxes and signature blocks, not task tables
MIN_NUMBERED_ROWS = 3  # numbered rows naming agencies make a table look like a task table
MIN_NAMED_ROWS = 2  # ... of which this many name a body, not a kind alone
MAX_GROUP_TITLE_WORDS = 12
NUMBER_WEIGHT = 2.0  # a row number belongs in the number column more surely than any other cell in its own
LONG_CELL_WORDS = 60  # a cell of this many words counts as long as any
OWN_CELL_BONUS = 0.25
GAP_COST = 0.3  # each run of columns a short row skips (see _best_placement)
# A document's number and symbol ("54/KH-UBND", "30/2020/NĐ-CP"): a cell citing one is a citation,
# even where it carries the document's date.
CITED_SYMBOL = re.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ]{1,6}\s*-")


@dataclass
class TaskDraft:
    """A task before validation: the document's own wording, where it was found."""

    task: str
    origin: TaskOrigin
    page: int | None
    section: str | None = None
    section_title: str | None = None
    stt: str | None = None
    lead_agency: str | None = None
    partner_agencies: list[str] = field(default_factory=list)
    timeline: str | None = None
    is_request: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    cells: dict[str, list[str]] = field(default_factory=dict)
    own_roles: set[str] = field(default_factory=set)  # the columns its own row filled, not merged from above
    lead_canonical: str | None = None  # the gazetteer agency recognised where the lead as written is lost


@dataclass(frozen=True)
class Header:
    """A recognised task-table header: column index -> role ("task", "lead", ..., or "extra:<name>")."""

    roles: dict[int, str]
    width: int


@dataclass
class TableTasks:
    """Task rows of the document's tables, and what could not be read as one."""

    tasks: list[TaskDraft]
    warnings: list[str]


def table_tasks(pages: list[PageText]) -> list[TaskDraft]:
    """All task rows of the document's ruled task tables, in reading order."""
    return read_tables(pages).tasks


def read_tables(pages: list[PageText]) -> TableTasks:
    """Task rows of every ruled task table, joined across pages, and a warning per table whose
    header is not a task header (its page named: the user can check it, nothing is guessed)."""
    tasks: list[TaskDraft] = []
    warnings: list[str] = []
    header: Header | None = None
    section: tuple[str | None, str | None] = (None, None)
    for page in pages:
        for index, table in enumerate(page.tables):
            rows = [row for row in table.rows if any(cell and cell.strip() for cell in row)]
            found, rows = _strip_header(rows)
            if _lists_steps(rows):
                header = None  # a procedure's steps, and the pages it goes on over
                continue
            continues = found is None and header is not None and index == 0 and rows and len(rows[0]) == header.width
            inferred = None if found or continues else inferred_header(rows)
            if found or inferred:
                header = found or inferred
                if inferred:
                    warnings.append(
                        f"page {page.number}: table without a header row, columns read from their "
                        f"contents ({', '.join(sorted(set(inferred.roles.values())))})"
                    )
            elif not continues:
                if rows and len(rows[0]) >= MIN_TABLE_COLUMNS and looks_like_task_table(rows):
                    warnings.append(
                        f"page {page.number}: table header not recognised, table skipped: {_row_preview(rows[0])!r}"
                    )
                continue
            assert header is not None
            above: dict[int, str] = {}
            first_on_page = index == 0 and bool(tasks)  # the table goes on from the page before
            # Only a table written as text has rows shorter than its header (ruled ones mark merged cells None).
            shapes = column_shapes(rows, header.width) if any(len(row) < header.width for row in rows) else []
            for row in rows:
                if len(row) < header.width and shapes:
                    row = placed(row, header, shapes)
                if header_roles(row) == header.roles:
                    continue  # a header repeated mid-table, or at the foot of a page
                before = len(tasks)
                section = _add_row(row, header, page.number, tasks, section, above, first_on_page)
                first_on_page = False
                if len(tasks) == before and _unread_number(row, header):
                    warnings.append(
                        f"page {page.number}: task table row {_row_preview(row)!r} not read as a task "
                        "(its number cell is not a row number)"
                    )
    tasks = [task for index, task in enumerate(tasks) if not _is_group_row(task, tasks[index + 1 : index + 2])]
    for task in tasks:
        _finish(task)
    warnings.extend(
        f"page {task.page}: task table row {_draft_preview(task)!r} not read as a task (its task cell is empty)"
        for task in tasks
        if not task.task
    )
    return TableTasks([task for task in tasks if task.task], warnings)


def _lists_steps(rows: list[list[str | None]]) -> bool:
    """A procedure's table of steps ("Bước 1 | Kiểm tra hồ sơ ... | Chuyên viên ... | 0,5 ngày"), whatever its
    header calls the column ("Các bước", "Thứ tự công việc"): most rows open with a step. Its doers act when a
    case comes in; it sets how the work is done (a procedure a decision issues), not work given to do."""
    firsts = [" ".join((row[0] or "").split()) for row in rows if row and (row[0] or "").strip()]
    steps = sum(1 for first in firsts if STEP.match(first))
    return steps > 0 and 2 * steps >= len(firsts)


def _draft_preview(task: TaskDraft) -> str:
    return " | ".join(join_lines(" ".join(parts)) for parts in [[task.stt or ""], *task.cells.values()])[:120]


def _is_group_row(task: TaskDraft, following: list[TaskDraft]) -> bool:
    """ "5.1 | Thương mại" over rows 5.1.1, 5.1.2: a row that only names the group the next rows are
    numbered under (no agency, no date of its own, a short title) is no task."""
    if not task.stt or not following or not (following[0].stt or "").startswith(f"{task.stt}."):
        return False
    title = " ".join(task.cells.get("task", []))
    return (
        task.own_roles <= {"stt", "task"}
        and len(title.split()) <= MAX_GROUP_TITLE_WORDS
        and not title.rstrip().endswith((".", ";"))
    )


def looks_like_task_table(rows: list[list[str | None]]) -> bool:
    """A table worth a warning when its header is not understood: its first rows name the work and who
    does it or when ("Nhiệm vụ" ... "Chủ trì", "Thời gian" ...), or its rows are numbered and name
    agencies, or one of its first rows names an agency and a time (rows whose header is on a page
    before). A header laid out as a table, a signature block, a list of recipients or a table of
    figures ("STT | Chỉ tiêu thống kê | Đơn vị tính") is none of these."""
    named = {
        role
        for row in rows[:2]
        for cell in row
        for role, keywords in [*COLUMN_ROLES, ("lead", LEAD_FALLBACK)]
        if _has_keyword(fold(cell or ""), keywords)
    }
    if "task" in named and named & {"lead", "partner", "timeline"} or "lead" in named:
        return True
    if any(_names_agency_and_time(row) for row in rows[:MIN_NUMBERED_ROWS]):
        return True  # rows of a task table whose header is on the page before
    numbered = [row for row in rows if ROW_NUMBER.match(" ".join((row[0] or "").split()))]
    # A body named in two rows at least: a table of figures has a unit column ("Đơn vị") and rows that open
    # with a head word ("Thống kê TTHC").
    bodies = [row for row in numbered if any(cell and names_agency(cell) and not kind_alone(cell) for cell in row[1:])]
    return len(numbered) >= MIN_NUMBERED_ROWS and len(bodies) >= MIN_NAMED_ROWS


def _names_agency_and_time(row: list[str | None]) -> bool:
    cells = [join_lines(cell or "") for cell in row]
    return any(names_agency(cell) for cell in cells) and any(cell and _states_time(cell) for cell in cells)


def inferred_header(rows: list[list[str | None]]) -> Header | None:
    """The roles of a schedule table whose header row is lost (a web copy of a plan keeps its rows and
    drops the header): rows numbered from 1 in the first column, one column that states when in most
    rows (a date, a month, "thường xuyên"...), a column of text, and maybe a column naming agencies
    in most rows. Every column must get a role: a table this cannot explain is left alone."""
    width = len(rows[0]) if rows else 0
    if width < MIN_TABLE_COLUMNS or any(len(row) != width for row in rows):
        return None
    numbered = [row for row in rows if ROW_NUMBER.match(join_lines(row[0] or ""))]
    if len(numbered) < MIN_NUMBERED_ROWS or join_lines(rows[0][0] or "").rstrip(".") != "1":
        return None
    columns = range(1, width)
    timelines = [c for c in columns if _in_most(numbered, c, _states_time)]
    leads = [c for c in columns if c not in timelines and _in_most(numbered, c, names_agency)]
    rest = [c for c in columns if c not in timelines and c not in leads]
    if len(timelines) != 1 or len(leads) > 1 or len(rest) != 1:
        return None
    roles = {0: "stt", rest[0]: "task", timelines[0]: "timeline", **{c: "lead" for c in leads}}
    return Header(dict(sorted(roles.items())), width)


def _in_most(rows: list[list[str | None]], column: int, test: Callable[[str], bool]) -> bool:
    """More than half of the rows pass `test` in that column."""
    cells = [join_lines(row[column] or "") for row in rows]
    return 2 * sum(bool(cell) and test(cell) for cell in cells) > len(rows)


def _states_time(text: str) -> bool:
    """A cell that says when: it states a date, month, quarter or year, or a kind of timeline
    ("Thường xuyên"), and cites no document (a citation carries its document's date)."""
    if CITED_SYMBOL.search(text):
        return False
    return bool(timeline_span(text).years) or timeline_kind(text) != "unknown"


def _unread_number(row: list[str | None], header: Header) -> bool:
    """A row with something in its number cell that gave no task and no section: every numbered row
    of a task table becomes a record, or a warning names it."""
    if "stt" not in header.roles.values():
        return False
    stt = " ".join((row[_column(header.roles, "stt")] or "").split())
    others = [c for i, c in enumerate(row) if c and c.strip() and header.roles.get(i) != "stt"]
    return bool(stt) and not ROMAN.match(stt) and not MISREAD_NUMERAL.match(stt) and len(others) > 1


def _row_preview(row: list[str | None]) -> str:
    return " | ".join(join_lines(cell or "") for cell in row)[:120]


def _strip_header(rows: list[list[str | None]]) -> tuple[Header | None, list[list[str | None]]]:
    """The header of a task table in its first two rows, and the rows after it (a row of
    column numbers "(1) (2) (3)" under the header goes too)."""
    for index, row in enumerate(rows[:2]):
        roles = header_roles(row)
        if roles:
            rest = rows[index + 1 :]
            if rest and all(COLUMN_NUMBERS.fullmatch((c or "").strip()) for c in rest[0] if c):
                rest = rest[1:]
            return Header(roles, len(row)), rest
    return None, rows


def _move_task_to_its_name(row: list[str | None], roles: dict[int, str]) -> None:
    """ "Thuộc nhóm nhiệm vụ" | "Nội dung nhiệm vụ": the task is in the column whose header opens
    with a task word; a header that only mentions one further in names something about the task
    (its group), and becomes a column of its own."""
    task_words = dict(COLUMN_ROLES)["task"]
    column = next((i for i, role in roles.items() if role == "task"), None)
    if column is None or _opens_with(fold(row[column] or ""), task_words):
        return
    named = next(
        (i for i, cell in enumerate(row) if i not in roles and _opens_with(fold(cell or ""), task_words)), None
    )
    if named is not None:
        del roles[column]
        roles[named] = "task"


def _opens_with(text: str, keywords: tuple[str, ...]) -> bool:
    return any(text == k or text.startswith(k + " ") for k in keywords)


def _has_keyword(text: str, keywords: tuple[str, ...]) -> bool:
    return _opens_with(text, keywords) or any(f" {k}" in f" {text}" for k in keywords)


def header_roles(row: list[str | None]) -> dict[int, str] | None:
    """Map column index -> role when `row` is a task table header; other named columns become
    "extra:<header text>", kept in the record's `extra` map."""
    roles: dict[int, str] = {}
    # A row's sentence that happens to hold "thực hiện ... nhiệm vụ" heads no column.
    titles = {
        index: text
        for index, cell in enumerate(row)
        if len((text := fold(cell or "")).split()) <= MAX_HEADER_CELL_WORDS
    }
    for index, text in titles.items():
        for role, keywords in COLUMN_ROLES:
            if role not in roles.values() and _has_keyword(text, keywords):
                roles[index] = role
                break
    _move_task_to_its_name(row, roles)
    if "lead" not in roles.values():
        for index, text in titles.items():
            if index not in roles and _has_keyword(text, LEAD_FALLBACK):
                roles[index] = "lead"
                break
    if not {"task", "lead"} <= set(roles.values()):
        return None
    if "stt" not in roles.values() and 0 not in roles and len("".join((row[0] or "").split())) <= MAX_NUMBER_HEADER:
        roles[0] = "stt"  # the narrow first column: OCR misreads its "TT" ("ÿ W y", "`") more than any other
    for index, cell in enumerate(row):
        name = join_lines(cell or "").strip("* ")
        if index not in roles and name:
            roles[index] = f"extra:{name}"
    return roles


def _add_row(
    row: list[str | None],
    header: Header,
    page: int,
    tasks: list[TaskDraft],
    section: tuple[str | None, str | None],
    above: dict[int, str],
    first_on_page: bool,
) -> tuple[str | None, str | None]:
    """Add one table row; returns the section in force after it.

    A row without a number continues the task above it: that is how a row cut by a page
    break comes out of the table. In a table without an STT column, only the first row of a
    continued table can be such a remainder, and only when its lead cell is empty. A cell
    merged down over several rows (None under the first) repeats the text above it, also when
    the merged cell started on the page before.
    """
    roles = header.roles
    stt = " ".join((row[_column(roles, "stt")] or "").split()) if "stt" in roles.values() else ""
    others = [c.strip() for i, c in enumerate(row) if c and c.strip() and roles.get(i) != "stt"]
    if (ROMAN.match(stt) or GROUP_LETTER.match(stt)) and len(others) <= 1:
        return stt.rstrip("."), join_lines(others[0]) if others else None
    if MISREAD_NUMERAL.match(stt) and len(others) == 1 and not ROW_NUMBER.match(stt):
        # A section row whose numeral OCR misread ("VH" for "VII"): the next numeral after the last.
        return _next_numeral(section[0]), join_lines(others[0])
    merged = stt if not others else join_lines(others[0]) if not stt and len(others) == 1 else ""
    titled = SECTION_IN_TITLE.match(merged)
    if titled:  # "I. Kinh tế số" in the task column, the number cell empty, or across the row
        return titled["numeral"], titled["title"]
    cells = {role: (row[i] or "").strip() for i, role in roles.items() if i < len(row)}
    if "stt" in roles.values() and not stt and tasks and _is_sub_row(row, roles, tasks[-1], first_on_page):
        if tasks[-1].section == section[0]:  # under a group row of its own, a task without a number
            stt = tasks[-1].stt or ""  # a second task under a number cell merged down over it
        if row[_column(roles, "stt")] is not None:  # at the top of a page: the merged cells went blank
            cells.update(
                {
                    role: "\n".join(tasks[-1].cells.get(role, []))
                    for role, text in cells.items()
                    if not text and role not in ("task", "lead")
                }
            )
    elif "stt" in roles.values():
        if not stt:
            if tasks:
                _extend(tasks[-1], cells)
            return section
        if not ROW_NUMBER.match(stt):
            return section
    elif first_on_page and tasks and not cells.get("lead"):
        _extend(tasks[-1], cells)
        return section
    for i, role in roles.items():
        if i >= len(row) or role == "stt":
            continue
        cell = row[i]
        if cell is not None:
            above[i] = cell.strip()
        elif i in above:
            cells[role] = above[i]
        elif tasks:  # merged down from a cell on the page before
            cells[role] = "\n".join(tasks[-1].cells.get(role, []))
    draft = TaskDraft(
        task="",
        origin="table",
        page=page,
        section=section[0],
        section_title=section[1],
        stt=stt.rstrip(".") or None,
        own_roles={role for i, role in roles.items() if i < len(row) and (row[i] or "").strip()},
    )
    _extend(draft, cells)
    tasks.append(draft)
    return section


def _cell_shape(text: str) -> tuple[float, ...]:
    """What a cell looks like, for telling its column: a row number, an agency, a time, a duty verb
    first, a bullet, and its length (on a log scale, so that long cells differ little)."""
    line = join_lines(text)
    words = BULLET.sub("", line)
    return (
        NUMBER_WEIGHT * bool(ROW_NUMBER.match(line)),
        float(names_agency(words)),
        float(_states_time(line)),
        float(bool(duty_verb().match(f" {words[:1].lower()}{words[1:]}"))),
        float(words != line),
        math.log1p(len(line.split())) / math.log1p(LONG_CELL_WORDS),
    )


def column_shapes(rows: list[list[str | None]], width: int) -> list[tuple[float, ...]]:
    """Each column's usual cell, from the rows that have all their cells; none without such rows."""
    full = [row for row in rows if len(row) == width and sum(bool(cell and cell.strip()) for cell in row) > 1]
    if not full:
        return []
    shapes = [[_cell_shape(row[column] or "") for row in full] for column in range(width)]
    return [tuple(sum(values) / len(full) for values in zip(*column)) for column in shapes]


def placed(row: list[str | None], header: Header, shapes: list[tuple[float, ...]]) -> list[str | None]:
    """A row of a table written as text that holds fewer cells than the header: the cells merged down
    from the row above are missing, and nothing says which. Its cells keep their order; each goes
    to the column whose usual cell it looks most like, and every column skipped gets None (merged
    down from above, as in a ruled table). A task table's row has a task and a lead of its own more
    often than the columns around them: a cell that looks as much like either goes there."""
    cells = [cell or "" for cell in row]
    width = header.width
    fit = [
        [
            -sum(abs(a - b) for a, b in zip(shape, shapes[column]))
            + (OWN_CELL_BONUS if cell.strip() and header.roles.get(column) in ("task", "lead") else 0.0)
            for column in range(width)
        ]
        for cell, shape in zip(cells, map(_cell_shape, cells))
    ]
    best = _best_placement(fit, width)
    out: list[str | None] = [None] * width
    for cell, column in zip(cells, best):
        out[column] = cell
    return out


def _best_placement(fit: list[list[float]], width: int) -> list[int]:
    """Columns for the cells, in order, that fit them best together. Each run of skipped columns
    costs a little: merged cells come in blocks (the number and the lead, or the last columns), and
    a placement that splits them into many runs needs a better fit to win. Ties go to the later
    columns."""
    count = len(fit)

    def gap(before: int, after: int) -> float:
        return GAP_COST if after > before + 1 else 0.0

    # best[i][j]: the best fit of cells i.. with cell i in column j, and the column of cell i + 1.
    best: list[dict[int, tuple[float, int]]] = [{} for _ in range(count)]
    for j in range(count - 1, width):
        best[count - 1][j] = (fit[count - 1][j] - gap(j, width), width)
    for i in range(count - 2, -1, -1):
        for j in range(i, width - (count - i) + 1):
            options = [(score - gap(j, k), k) for k, (score, _) in best[i + 1].items() if k > j]
            score, k = max(options)
            best[i][j] = (fit[i][j] + score, k)
    _, column = max((score - gap(-1, j), j) for j, (score, _) in best[0].items())
    columns = [column]
    for i in range(count - 1):
        columns.append(best[i][columns[-1]][1])
    return columns


def _next_numeral(numeral: str | None) -> str | None:
    if numeral is None:
        return "I"
    return ROMAN_NUMERALS[ROMAN_NUMERALS.index(numeral) + 1] if numeral in ROMAN_NUMERALS[:-1] else None


def _is_sub_row(row: list[str | None], roles: dict[int, str], above: TaskDraft, first_on_page: bool) -> bool:
    """A row without a number that is a task of its own, sharing the number of the row above
    (the number cell merged down over it), not the rest of a row cut by a page break.

    Inside a page the merged cell shows as None. At the top of a page it is an empty cell, like
    the rest of a cut row; a cut row's rest has no lead of its own (the short lead cell ends in
    the first part) and goes on mid-sentence, so a row there counts as a task of its own only
    with a lead, a task opening with a capital, and the task above ending its sentence.
    """
    task, lead = ((row[_column(roles, role)] or "").strip() for role in ("task", "lead"))
    if not task or not lead and row[_column(roles, "lead")] is not None:  # None: merged down from above
        return False
    if row[_column(roles, "stt")] is None:
        return True
    previous = (above.cells.get("task") or [""])[-1].rstrip()
    return first_on_page and task[:1].isupper() and previous.endswith((".", ";"))


def _column(roles: dict[int, str], role: str) -> int:
    return next(i for i, r in roles.items() if r == role)


def _extend(task: TaskDraft, cells: dict[str, str]) -> None:
    """Add a row's cells to the task; every extra column gets a key, empty or not."""
    for role, text in cells.items():
        if role.startswith("extra:"):
            task.cells.setdefault(role, [])
        if role != "stt" and text:
            task.cells.setdefault(role, []).append(text)


def _finish(task: TaskDraft) -> None:
    """Turn the collected cell fragments into the task's fields."""
    task.task = cell_paragraphs("\n".join(task.cells.get("task", [])))
    task.lead_agency = join_lines("\n".join(task.cells.get("lead", []))) or None
    task.partner_agencies = split_agencies("\n".join(task.cells.get("partner", [])))
    task.timeline = join_lines("\n".join(task.cells.get("timeline", []))) or None
    task.extra = {
        role.removeprefix("extra:"): join_lines("\n".join(parts))
        for role, parts in task.cells.items()
        if role.startswith("extra:")
    }


def join_lines(text: str) -> str:
    """A cell's wrapped lines as one line."""
    return " ".join(text.split())


def cell_paragraphs(text: str) -> str:
    """A task cell's lines regrouped into paragraphs: a bullet opens a new one after a full stop."""
    paragraphs: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        opens = BULLET.match(line) and (not paragraphs or paragraphs[-1].endswith((".", ";", ":")))
        if opens or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
    return "\n".join(paragraphs)
