"""Generate a variant of the Kon Tum plan whose appendix is laid out the other common way.

Run from the repository root::

    .venv/bin/python samples/make_variant_samples.py

Outputs (in ``samples/``):

* ``kon-tum-501-variant-native.pdf``  the plan 501/KH-UBND with its appendix on portrait pages, the
  header in other words ("TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Tiến độ |
  Sản phẩm", a row of column numbers under it, both repeated on each page), an extra "Sản phẩm"
  column and narrow columns, so that many rows are cut by page breaks;
* ``kon-tum-501-variant-scan.pdf``    its image-only "scanned" copy (make_samples' scan simulation).

The task rows are those of ``kon-tum-501.tasks.json`` (hand-checked); the "Sản phẩm" cells are
the product each section's tasks deliver (``VARIANT_PRODUCTS``): the variant is synthetic in its
layout only. Deterministic like make_samples (fixed dates, seeded scan noise).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer, Table, TableStyle

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples as base  # noqa: E402  (the sample kit: fonts, styles, templates, scans)

VARIANT_PDF = base.SAMPLES_DIR / "kon-tum-501-variant-native.pdf"
VARIANT_SCAN_SEED = base.SCAN_SEED + 7
VARIANT_HEADER = ("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ", "Sản phẩm")
VARIANT_SHARES = (0.06, 0.38, 0.15, 0.17, 0.12, 0.12)
VARIANT_PRODUCTS = {
    "I": "Văn bản góp ý",
    "II": "Báo cáo kết quả truyền thông",
    "III": "Quy trình phối hợp",
    "IV": "Báo cáo kết quả thực hiện",
    "V": "Kết luận kiểm tra",
    "VI": "Dự toán kinh phí",
    "VII": "Dự án được phê duyệt",
}


@dataclass(frozen=True)
class SectionRow:
    numeral: str
    title: str


@dataclass(frozen=True)
class TaskRow:
    cells: tuple[str, ...]  # one text per column; the task column's lines become paragraphs
    merged: tuple[int, ...] = ()  # columns whose cell above runs down over this row


def table_rows_of(tasks: Sequence[dict[str, Any]], cells: Any) -> list[SectionRow | TaskRow]:
    """Section rows before each new section, then the tasks as rows built by `cells(task)`."""
    rows: list[SectionRow | TaskRow] = []
    current = None
    for task in tasks:
        if task.get("section") and task["section"] != current:
            current = task["section"]
            rows.append(SectionRow(current, task.get("section_title", "")))
        rows.append(TaskRow(tuple(cells(task))))
    return rows


def ruled_table(
    header: Sequence[str],
    rows: Sequence[SectionRow | TaskRow],
    shares: Sequence[float],
    width: float,
    styles: dict[str, ParagraphStyle],
    *,
    task_column: int = 1,
    number_row: bool = False,
) -> Table:
    """A fully ruled task table with the header (and the column numbers) repeated on each page
    and rows allowed to split across pages, as make_samples' Kon Tum appendix."""
    data: list[list[Any]] = [[base.para(text, styles["cell_header"]) for text in header]]
    if number_row:
        data.append([base.para(f"({i})", styles["cell_centred"]) for i in range(1, len(header) + 1)])
    spans = []
    merges: list[tuple[int, int]] = []  # (column, table row) covered by the cell above
    for row in rows:
        if isinstance(row, SectionRow):
            spans.append(len(data))
            data.append(
                [base.para(row.numeral, styles["cell_header"]), base.para(row.title, styles["cell_bold"])]
                + [""] * (len(header) - 2)
            )
        else:
            merges += [(column, len(data)) for column in row.merged]
            data.append(
                [
                    base.task_cell(text, styles) if i == task_column else base.para(text, styles["cell_centred"])
                    for i, text in enumerate(row.cells)
                ]
            )
    covered = set(merges)
    # Rules drawn cell by cell: no rule between a cell merged down and the cell above it (a
    # reportlab SPAN cannot be cut by a page break, and a white line would still be a drawn edge).
    commands: list[tuple[Any, ...]] = [
        ("BOX", (0, 0), (-1, -1), base.TABLE_LINE_WIDTH, colors.black),
        ("LINEBEFORE", (1, 0), (-1, -1), base.TABLE_LINE_WIDTH, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), base.TABLE_LINE_WIDTH, colors.black),  # also under repeated headers
        *[
            ("LINEABOVE", (column, row), (column, row), base.TABLE_LINE_WIDTH, colors.black)
            for row in range(1, len(data))
            for column in range(len(header))
            if (column, row) not in covered
        ],
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        *[
            (name, (0, 0), (-1, -1), base.TABLE_PADDING)
            for name in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
        ],
        *[("SPAN", (1, index), (-1, index)) for index in spans],
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), base.TABLE_LINE_WIDTH, colors.black),
        ("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), base.TABLE_LINE_WIDTH, colors.black),
    ]
    return Table(
        data,
        colWidths=[width * share for share in shares],
        repeatRows=2 if number_row else 1,
        splitByRow=0,
        splitInRow=base.TABLE_MIN_SPLIT,
        style=TableStyle(commands),
    )


def variant_cells(task: dict[str, Any]) -> list[str]:
    return [
        task["stt"],
        task["task"],
        task["lead_agency"],
        "; ".join(task["partner_agencies"]),
        task["timeline"],
        VARIANT_PRODUCTS[task["section"]],
    ]


def variant_appendix(
    sections: dict[str, list[str]],
    tasks: Sequence[dict[str, Any]],
    styles: dict[str, ParagraphStyle],
    footnotes: base.Footnotes,
) -> list[Flowable]:
    """The appendix on portrait pages (a new page, same template as the body)."""
    story: list[Flowable] = [NextPageTemplate("portrait"), PageBreak()]
    for line in sections.get("APPENDIX-TITLE", ["Phụ lục"]):
        story.append(base.para(line, styles["appendix_note"] if line.startswith("(") else styles["appendix_title"]))
    story.append(footnotes.anchor(footnotes.unreferenced(sections.get("BODY", []))))
    rows = table_rows_of(tasks, variant_cells)
    story += [
        Spacer(1, 4),
        ruled_table(VARIANT_HEADER, rows, VARIANT_SHARES, base.portrait_frame_width(), styles, number_row=True),
    ]
    return story


def make_variant(styles: dict[str, ParagraphStyle]) -> Path:
    sections = base.read_sections(base.KON_TUM_TEXT.read_text(encoding="utf-8"))
    tasks = json.loads(base.KON_TUM_TASKS.read_text(encoding="utf-8"))
    footnotes = base.Footnotes(sections.get("FOOTNOTES", []), styles["footnote"])
    title = " ".join(sections.get("TITLE", ["KẾ HOẠCH"]))
    for _ in range(base.MAX_LAYOUT_PASSES):
        footnotes.start_pass()
        story = base.kon_tum_body(sections, styles, footnotes) + variant_appendix(sections, tasks, styles, footnotes)
        base.build_pdf(VARIANT_PDF, story, f"{title} (501/KH-UBND)", [base.portrait_template(footnotes.on_page)])
        if footnotes.settled():
            break
    return VARIANT_PDF


def main() -> None:
    base.register_fonts()
    native = make_variant(base.make_styles())
    base.report(native)
    base.report(base.make_scan(native, base.scan_path(native), VARIANT_SCAN_SEED))


if __name__ == "__main__":
    main()
