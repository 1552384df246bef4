"""Tables written as text: one row a line, cells between " | " or tabs, or a Markdown table.

Text copies of plans (a web page saved as text, another tool's output) keep the appendix table as
rows of cells on lines of their own. Read as tables, they reach the same task-table reader as the
ruled tables of a PDF or a Word file; left in the prose, their cells would be read as paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .pages import Table

MIN_CELLS = 3  # two cells a line are a "label | value" pair, not a table row
MIN_ROWS = 2
MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")
NO_BOX = (0.0, 0.0, 0.0, 0.0)
BAR = "|"
UNESCAPED_BAR = re.compile(r"(?<!\\)\|")  # Markdown writes a bar inside a cell as "\|"
MAX_CELL_LINES = 15  # a cell of a table written a cell a line holds a few lines; a longer run is the body
GROUP_LABEL = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])\.?$")  # "I." | "title", "A." | "title": a group of rows
NUMBER_HEADER = re.compile(r"^(?:STT|TT|Số TT|Số thứ tự)\.?$", re.IGNORECASE)
EMPHASIS = re.compile(r"\*+")  # a web copy's bold and italic marks ("**STT**"), not words of the cell


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row written as text, or None when the line is not one."""
    stripped = line.strip()
    if "\t" in stripped and stripped.count("\t") >= MIN_CELLS - 1:
        cells = [cell.strip() for cell in stripped.split("\t")]
    elif stripped.count(" | ") >= MIN_CELLS - 1 or (
        stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= MIN_CELLS + 1
    ):
        inner = stripped[1:] if stripped.startswith("|") else stripped
        inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
        cells = [cell.strip().replace("\\|", BAR) for cell in UNESCAPED_BAR.split(inner)]
    else:
        return None
    return cells if len(cells) >= MIN_CELLS and sum(1 for c in cells if c) >= 2 else None


def split_text_tables(text: str) -> tuple[str, list[Table]]:
    """The text with its table rows taken out (each replaced by a blank line, so paragraphs stay
    apart), and the tables those rows make, in order."""
    prose: list[str] = []
    tables: list[Table] = []
    run: list[list[str]] = []
    run_lines: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        found = bar_table(_bar_block(lines, index - 1)) if line.strip() == BAR else None
        if found is not None:
            rows, taken = found
            _close(run, run_lines, prose, tables)
            run, run_lines = [], []
            before, rows = leading_cells(rows)
            tables.append(Table(_merged_down_kept(rows), NO_BOX))
            lines_before = [line for cell in before for line in (cell.split("\n") + [""])]
            prose.extend(lines_before + [""] * (taken - len(lines_before)))
            index += taken - 1
            continue
        if MARKDOWN_RULE.match(line.strip()) and run:
            continue
        cells = table_cells(line)
        if cells is not None:
            run.append(cells)
            run_lines.append(line)
            continue
        _close(run, run_lines, prose, tables)
        run, run_lines = [], []
        prose.append(line)
    _close(run, run_lines, prose, tables)
    return "\n".join(prose), tables


def _close(run: list[list[str]], run_lines: list[str], prose: list[str], tables: list[Table]) -> None:
    """A run of rows long enough is a table (rows padded to the widest); a lone row stays prose."""
    if not run:
        return
    if len(run) < MIN_ROWS:
        prose.extend(run_lines)
        return
    tables.append(Table(_padded(run), NO_BOX))
    prose.extend([""] * len(run_lines))


def _padded(run: list[list[str]]) -> list[list[str | None]]:
    """Rows padded with empty cells to the widest."""
    width = max(len(row) for row in run)
    return [[*row, *[""] * (width - len(row))] for row in run]


def _merged_down_kept(rows: list[list[str]]) -> list[list[str | None]]:
    """A table written a cell a line has no cell where a cell of the row above is merged down over
    it: such a row keeps only its own cells, shorter than the header, and the task-table reader
    places them by its columns. A group row (one cell merged across, or "I" | title) is padded."""
    width = max(len(row) for row in rows)
    return [[*row, *[""] * (width - len(row))] if _is_group_row(row) else list(row) for row in rows]


def _bar_block(lines: list[str], start: int) -> list[str]:
    """The lines from `start` up to the first blank line: a table written a cell a line goes on
    without one."""
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return lines[start:end]


def bar_table(block: list[str]) -> tuple[list[list[str]], int] | None:
    """The first table written a cell a line in `block`, and how many of its lines the table takes.

    Web copies of legal documents save a table so: cells between lines holding a lone "|", a row
    ending where two such lines meet. The table is the first run of at least two rows of three cells
    or more whose cells are a few lines each; it must start at the block's first line. None when the
    block holds no such table, or a line of it is a row written on one line. A short row (a group row,
    its cells merged across the table: "I. Kinh tế số", "A." | "BỘ NÔNG NGHIỆP ..."; or a row whose
    other cells are merged down from the row above: a second task under one number) stays in the
    table when a row of three cells or more follows it, no wider than the rows under the header: a
    wider one is the header of another table."""
    taken: list[list[str]] = []
    short: list[list[str]] = []
    end = 0
    for cells, row_end in _bar_rows(block):
        if any(cell.count("\n") >= MAX_CELL_LINES for cell in cells):
            break
        if len(cells) < MIN_CELLS:
            if not taken:
                break
            short.append(cells)
            continue
        if short and len(cells) > _usual_width(taken):
            break  # a row wider than the table after its short rows: another table starts
        taken.extend(short)
        taken.append(cells)
        short, end = [], row_end
    return (taken, end) if len(taken) - sum(len(row) < MIN_CELLS for row in taken) >= MIN_ROWS else None


def _usual_width(rows: list[list[str]]) -> int:
    """The width of the widest row under the first: the first row, the header, may carry cells of
    what stands before the table (leading_cells)."""
    return max(map(len, rows[1:] or rows), default=0)


def _is_group_row(cells: list[str]) -> bool:
    return len(cells) == 1 or bool(GROUP_LABEL.match(cells[0]))


def leading_cells(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """What stands before the table in the same run of bars ("Nơi nhận: ..." | "KT. CHỦ TỊCH ..." |
    "PHỤ LỤC ..." ahead of the header's cells, where no row end parts them): the first row's cells
    before the header's number column ("STT", "TT"), or else beyond the usual width of the rows under
    it, and the rows without them."""
    numbers = [index for index, cell in enumerate(rows[0]) if NUMBER_HEADER.match(cell)]
    if numbers:
        return rows[0][: numbers[0]], [rows[0][numbers[0] :], *rows[1:]]
    widths = sorted(len(row) for row in rows[1:] if len(row) >= MIN_CELLS)
    if not widths:
        return [], rows
    width = widths[len(widths) // 2]
    extra = len(rows[0]) - width
    if extra <= 0:
        return [], rows
    return rows[0][:extra], [rows[0][extra:], *rows[1:]]


def _bar_rows(block: list[str]) -> Iterator[tuple[list[str], int]]:
    """Each complete row of cells of a bar-separated block, with the index of the line after it."""
    row: list[str] = []
    cell: list[str] | None = None
    for index, line in enumerate(block):
        if line.strip() != BAR:
            if cell is None or table_cells(line) is not None:
                return
            cell.append(line.strip())
        elif cell:  # a bar closes the cell
            row.append(EMPHASIS.sub("", "\n".join(cell)).strip())
            cell = []
        else:  # a bar right after a bar: the row ends
            if row:
                yield row, index
            row, cell = [], []
