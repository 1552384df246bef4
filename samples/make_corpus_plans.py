"""Render real provincial plans from the shared corpus to native and scanned PDFs, tables included.

Run from the repository root (needs ../shared/corpus, or KEHOACH_CORPUS pointing at it)::

    .venv/bin/python samples/make_corpus_plans.py

Source: ``tvpl_admin_docs`` (../shared/corpus/tvpl_admin_docs, see its SOURCE.md: GitHub
tnt305/tai_lieu_noi_bo @94c5034, a crawl of a public legal-document library; licence none stated;
official state documents, which Vietnam's IP law, Article 15, leaves outside copyright). The three
plans below are entries of its PLANS.txt whose flattened tables are clean:

* ``31786b0833a4130d.md``: Hà Nội, Kế hoạch 310/KH-UBND of 24/11/2025 (5G and IoT infrastructure
  in high-tech and industrial parks); appendix "TT | Nội dung/nhiệm vụ | Cơ quan chủ trì | Cơ quan
  phối hợp | Thời gian thực hiện", 6 rows, partner cells listing agencies with commas.
* ``001c610b2efdcf0c.md``: Hồ Chí Minh City, Quyết định 2820/QĐ-UBND of 19/11/2025 issuing a plan
  (national planning information system); appendix with seven columns ("Thời gian dự kiến hoàn
  thành", "Kết quả dự kiến", "Nguồn kinh phí"), section rows I-V, a funding cell merged down.
* ``ad5aff6c13929815.md``: Bắc Ninh, Kế hoạch 144/KH-UBND of 24/11/2025 (digital economy and
  society 2026-2030); appendix "TT | Chỉ tiêu | Chủ trì", section rows written in the second
  column ("I. Kinh tế số").

The crawled text is laid out again, not re-typed: the two-column header (written out per plan in
CORPUS_PLANS, as printed), the body paragraphs (hard-wrapped lines joined, Markdown marks removed),
the recipients and signature, then the appendix as a ruled table on landscape (wide tables) or
portrait pages, rows allowed to split across pages; other flattened tables of the body are set as
plain paragraphs. The short Hà Nội plan also gets a scanned twin (make_samples' scan simulation). Expected records:
samples/expected/<pdf>.json, checked by hand against the crawled text.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_samples as base  # noqa: E402
from make_variant_samples import SectionRow, TaskRow, ruled_table  # noqa: E402

ROOT = base.SAMPLES_DIR.parent
# ../shared/corpus beside the checkout (/work/main) or beside the worktrees' folder (/work/wt/<name>).
CORPUS = Path(
    os.environ.get("KEHOACH_CORPUS")
    or next(
        (p for p in (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus") if p.is_dir()),
        ROOT.parent / "shared" / "corpus",
    )
)
DOCS = CORPUS / "tvpl_admin_docs" / "docs"
CORPUS_SCAN_SEED = base.SCAN_SEED + 100
ROW_MARK = re.compile(r"^(?:[IVX]{1,5}|\d{1,3}(?:\.\d{1,2})*)\.?$")
SECTION_IN_TITLE = re.compile(r"^(?P<numeral>[IVX]{1,5})\.\s+(?P<title>\S.*)$")
MARKDOWN = re.compile(r"\*+")


@dataclass(frozen=True)
class CorpusPlan:
    source: str  # file in tvpl_admin_docs/docs
    output: str  # PDF name in samples/
    header: dict[str, list[str]]  # make_samples.header_table sections, as printed
    appendix: str  # the line that opens the appendix ("**PHỤ LỤC**")
    shares: tuple[float, ...]  # column width shares of the appendix table
    landscape: bool = True
    page_break_before: tuple[str, ...] = ()  # paragraphs that start on a new page
    skip_tables: tuple[int, ...] = field(default=())  # indices of "|" blocks not to print (crawl furniture)
    scan: bool = False  # also make a scanned twin (kept to the short plan: scans weigh ~300 KiB a page)


CORPUS_PLANS = (
    CorpusPlan(
        "31786b0833a4130d.md",
        "corpus-ha-noi-310-native.pdf",
        {
            "HEADER-LEFT": ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"],
            "HEADER-RIGHT": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
            "NUMBER": ["Số: 310/KH-UBND"],
            "PLACE-DATE": ["Hà Nội, ngày 24 tháng 11 năm 2025"],
        },
        "**PHỤ LỤC**",
        base.TABLE_COLUMN_SHARES,
        scan=True,
    ),
    CorpusPlan(
        "001c610b2efdcf0c.md",
        "corpus-ho-chi-minh-2820-native.pdf",
        {
            "HEADER-LEFT": ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
            "HEADER-RIGHT": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
            "NUMBER": ["Số: 2820/QĐ-UBND"],
            "PLACE-DATE": ["Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025"],
        },
        "**PHỤ LỤC**",
        (0.05, 0.31, 0.13, 0.14, 0.12, 0.13, 0.12),
        page_break_before=("KẾ HOẠCH",),
    ),
    CorpusPlan(
        "ad5aff6c13929815.md",
        "corpus-bac-ninh-144-native.pdf",
        {
            "HEADER-LEFT": ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"],
            "HEADER-RIGHT": ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
            "NUMBER": ["Số: 144/KH-UBND"],
            "PLACE-DATE": ["Bắc Ninh, ngày 24 tháng 11 năm 2025"],
        },
        "**PHỤ LỤC**",
        (0.07, 0.58, 0.35),
        landscape=False,
    ),
)


@dataclass
class Block:
    """A blank-line separated block of the crawled text: a paragraph, or a flattened table."""

    lines: list[str]

    @property
    def is_table(self) -> bool:
        return bool(self.lines) and self.lines[0].strip() == "|"

    @property
    def text(self) -> str:
        return clean(" ".join(line.strip() for line in self.lines))


def clean(text: str) -> str:
    return " ".join(MARKDOWN.sub("", text).split())


def blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = [Block([])]
    for line in text.splitlines():
        if not line.strip():
            if blocks[-1].lines:
                blocks.append(Block([]))
        else:
            blocks[-1].lines.append(line)
    return [b for b in blocks if b.lines]


def segments(lines: Sequence[str]) -> list[str]:
    """The cells of a flattened table in order: text between "|" lines (empty ones included);
    a cell's "- " lines stay separate lines."""
    cells: list[list[str]] = [[]]
    for line in lines:
        if line.strip() == "|":
            cells.append([])
        else:
            cells[-1].append(line.strip())
    return [_cell_text(c) for c in cells[1:]]


def _cell_text(lines: list[str]) -> str:
    paragraphs: list[str] = []
    for line in lines:
        if line.startswith(("- ", "+ ")) or not paragraphs:
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    return "\n".join(clean(p) for p in paragraphs)


def table_rows(cells: list[str], width: int) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a flattened table of `width` columns.

    The crawl writes "|" before every cell and one more at the end of a row, so a run of k empty
    segments is k-1 empty cells and the row's end; when the row is already full, the run ends it
    and its other empty segments are the next row's leading empty cells.
    """
    rows: list[list[str]] = []
    current: list[str] = []
    index = 0
    while index < len(cells):
        if cells[index]:
            current.append(cells[index])
            index += 1
            continue
        run = 0
        while index + run < len(cells) and not cells[index + run]:
            run += 1
        index += run
        if len(current) >= width:
            rows.append(current)
            current = [""] * (run - 1)
        else:
            current += [""] * (run - 1)
            if current:
                rows.append(current)
            current = []
    if any(current):
        rows.append(current)
    return rows[0], rows[1:]


def appendix_rows(rows: list[list[str]], width: int) -> list[SectionRow | TaskRow]:
    """Section rows (numeral and title, or "I. Title" in the second column) and task rows.

    A task row short of cells has its last cells merged down from the row above. A row that
    opens without a number is a sub-row of the numbered row above (the crawl lost the spans;
    the sub-rows of II.1, IV.2 and V.1 of plan 2820 are laid out so): its cells start at the
    task column, the number and the missing last cells merged down.
    """
    result: list[SectionRow | TaskRow] = []
    previous: TaskRow | None = None
    for row in rows:
        titled = SECTION_IN_TITLE.match(row[1]) if len(row) >= 2 and not row[0] else None
        if titled and not any(row[2:]):
            result.append(SectionRow(titled["numeral"], titled["title"]))
            previous = None
            continue
        if len(row) == 2 and re.fullmatch(r"[IVX]{1,5}", row[0]):
            result.append(SectionRow(row[0], row[1]))
            previous = None
            continue
        sub_row = not ROW_MARK.match(row[0]) and previous is not None
        cells = ([""] if sub_row else []) + row
        merged = ((0,) if sub_row else ()) + tuple(range(len(cells), width)) if previous is not None else ()
        previous = TaskRow(tuple(cells + [""] * (width - len(cells))), merged)
        result.append(previous)
    return result


def closing(block: Block, styles: dict[str, ParagraphStyle], width: float) -> Flowable:
    """Recipients and signature from the flattened closing table."""
    parts = [c for c in segments(block.lines) if c]
    recipients = next((p for p in parts if "Nơi nhận" in p), "Nơi nhận:")
    signature = next((p for p in parts if "CHỦ TỊCH" in p or p.startswith(("TM.", "KT."))), "")
    *title_lines, name = signature_lines(signature)
    return base.closing_block(recipients.split("\n"), title_lines, name, styles, width)


def signature_lines(signature: str) -> list[str]:
    """ "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Mai Sơn" -> its printed lines, name last."""
    words = signature.split()
    name_at = next((i for i in range(len(words)) if all(not w.isupper() for w in words[i:])), len(words))
    title = " ".join(words[:name_at])
    return [*re.split(r"\s+(?=KT\.|TM\.|PHÓ CHỦ TỊCH)", title), " ".join(words[name_at:])]


def plan_story(plan: CorpusPlan, text: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    blocks = blocks_of(text)
    width = base.portrait_frame_width()
    story: list[Flowable] = [base.header_table(plan.header, styles)]
    first_table = True
    tables_seen = 0
    in_appendix = False
    for block in blocks:
        if block.is_table:
            tables_seen += 1
            if first_table:  # the document header, printed from plan.header
                first_table = False
                continue
            if tables_seen - 1 in plan.skip_tables:
                continue
            if in_appendix and _is_task_table(block, len(plan.shares)):
                story += [Spacer(1, 4), _appendix_table(block, plan, styles)]
            elif any("Nơi nhận" in c for c in segments(block.lines)):
                story.append(closing(block, styles, width))
            else:
                story += [base.para(c.replace("\n", " "), styles["body"]) for c in segments(block.lines) if c]
            continue
        paragraph = block.text
        if not paragraph:
            continue
        if block.lines[0].strip() == plan.appendix:
            in_appendix = True
            template = "landscape" if plan.landscape else "portrait"
            story += [NextPageTemplate(template), PageBreak(), base.para(paragraph, styles["appendix_title"])]
        elif in_appendix:
            style = styles["appendix_note"] if paragraph.startswith("(") else styles["appendix_title"]
            story.append(base.para(paragraph, style))
        elif (
            paragraph in ("KẾ HOẠCH", "QUYẾT ĐỊNH")
            or paragraph.isupper()
            and len(paragraph) > 30
            and not base.is_heading(paragraph)
        ):
            if paragraph in plan.page_break_before:
                story += [NextPageTemplate("portrait"), PageBreak()]
            story.append(
                base.para(paragraph, styles["title"] if paragraph in ("KẾ HOẠCH", "QUYẾT ĐỊNH") else styles["subtitle"])
            )
        else:
            story += base.body_flowables([paragraph], styles)
    return story


def _is_task_table(block: Block, width: int) -> bool:
    header, rows = table_rows(segments(block.lines), width)
    return len(header) == width and bool(rows)


def _appendix_table(block: Block, plan: CorpusPlan, styles: dict[str, ParagraphStyle]) -> Flowable:
    width = len(plan.shares)
    header, rows = table_rows(segments(block.lines), width)
    frame = base.landscape_frame_width() if plan.landscape else base.portrait_frame_width()
    return ruled_table(header, appendix_rows(rows, width), plan.shares, frame, styles)


def corpus_rows(plan: CorpusPlan) -> tuple[list[str], list[SectionRow | TaskRow]]:
    """The appendix table of a plan as parsed from the crawl (for the expected files)."""
    text = (DOCS / plan.source).read_text(encoding="utf-8")
    blocks = blocks_of(text)
    start = next(i for i, b in enumerate(blocks) if b.lines[0].strip() == plan.appendix)
    width = len(plan.shares)
    table = next(b for b in blocks[start:] if b.is_table and _is_task_table(b, width))
    header, rows = table_rows(segments(table.lines), width)
    return header, appendix_rows(rows, width)


def make_corpus_plan(plan: CorpusPlan, styles: dict[str, ParagraphStyle]) -> Path:
    text = (DOCS / plan.source).read_text(encoding="utf-8")
    path = base.SAMPLES_DIR / plan.output
    templates = [base.portrait_template(), base.landscape_template()]
    base.build_pdf(path, plan_story(plan, text, styles), f"{plan.header['NUMBER'][0]} ({plan.source})", templates)
    return path


def main() -> None:
    if not DOCS.is_dir():
        print(f"skipping the corpus plans: {DOCS} not found (set KEHOACH_CORPUS)")
        return
    base.register_fonts()
    styles = base.make_styles()
    for offset, plan in enumerate(CORPUS_PLANS):
        native = make_corpus_plan(plan, styles)
        base.report(native)
        if plan.scan:
            base.report(base.make_scan(native, base.scan_path(native), CORPUS_SCAN_SEED + offset))


if __name__ == "__main__":
    main()
