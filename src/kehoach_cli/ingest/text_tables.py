"""Tables written as text: one row a line, cells between " | " or tabs, or a Markdown table.

Text copies of plans (a web page saved as text, another tool's output) keep the appendix table as
rows of cells on lines of their own. Read as tables, they reach the same task-table reader as the
ruled tables of a PDF or a Word file; left in the prose, their cells would be read as paragraphs.
"""

from __future__ import annotations

import re

from .pages import Table

MIN_CELLS = 3  # two cells a line are a "label | value" pair, not a table row
MIN_ROWS = 2
MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")
NO_BOX = (0.0, 0.0, 0.0, 0.0)


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row written as text, or None when the line is not one."""
    stripped = line.strip()
    if "\t" in stripped and stripped.count("\t") >= MIN_CELLS - 1:
        cells = [cell.strip() for cell in stripped.split("\t")]
    elif stripped.count(" | ") >= MIN_CELLS - 1 or (stripped.startswith("|") and stripped.endswith("|")
                                                     and stripped.count("|") >= MIN_CELLS + 1):
        inner = stripped[1:] if stripped.startswith("|") else stripped
        inner = inner[:-1] if inner.endswith("|") else inner
        cells = [cell.strip() for cell in inner.split("|")]
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
    for line in text.split("\n"):
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
    width = max(len(row) for row in run)
    rows: list[list[str | None]] = [[*row, *[""] * (width - len(row))] for row in run]
    tables.append(Table(rows, NO_BOX))
    prose.extend([""] * len(run_lines))
