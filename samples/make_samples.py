"""Generate the sample plan PDFs used by the tests and the demo.

Run from the repository root::

    .venv/bin/python samples/make_samples.py

Outputs (all in ``samples/``):

* ``plan-000-native.pdf``      native A4 PDF of seed ``000_e2d9b21277a96cb4.txt`` (tasks in prose)
* ``kon-tum-501-native.pdf``   Kon Tum plan 501/KH-UBND: portrait body, landscape appendix table
* ``plan-000-scan.pdf``        image-only "scanned" copy of the first
* ``kon-tum-501-scan.pdf``     image-only "scanned" copy of the second

The output is deterministic: PDF dates come from ``SOURCE_DATE_EPOCH`` (honoured by reportlab), the
document IDs are fixed (reportlab invariant mode) and the scan degradation uses a seeded RNG.
Requires the ``samples`` extra (reportlab, opencv-python-headless) and the DejaVu Serif fonts.
"""

from __future__ import annotations

import calendar
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

# --------------------------------------------------------------------------------------------------
# Layout constants
# --------------------------------------------------------------------------------------------------

SAMPLES_DIR = Path(__file__).resolve().parent

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSerif"
FONT_FILES = {
    FONT: "DejaVuSerif.ttf",
    f"{FONT}-Bold": "DejaVuSerif-Bold.ttf",
    f"{FONT}-Italic": "DejaVuSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
}

# Nghị định 30/2020/NĐ-CP margins: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
LANDSCAPE_MARGIN_LEFT = 20 * mm  # landscape pages: narrower side margins, as in real appendices
LANDSCAPE_MARGIN_RIGHT = 15 * mm
PAGE_NUMBER_Y = 10 * mm  # distance of the page number's baseline below the top edge

BODY_SIZE = 13
BODY_LEADING = 17
FIRST_LINE_INDENT = 10 * mm
PARAGRAPH_SPACE = 4
SMALL_SIZE = 11  # recipients list
FOOTNOTE_SIZE = 10
TABLE_SIZE = 11
TABLE_LEADING = 13.5
TABLE_PADDING = 3
TABLE_LINE_WIDTH = 0.5
TABLE_MIN_SPLIT = 2 * TABLE_LEADING + 2 * TABLE_PADDING  # keep at least two lines of a split row
TABLE_COLUMN_SHARES = (0.08, 0.44, 0.16, 0.18, 0.14)
TABLE_HEADER = (
    "STT",
    "Nhiệm vụ thực hiện các nội dung khuyến nghị",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian thực hiện",
)
HEADER_LEFT_SHARE = 0.37  # width share of the issuer column in the two-column header
SIGNATURE_GAP = 24 * mm  # room left for the handwritten signature and the seal

# Fixed metadata: 17/02/2025 08:00 UTC, the date of plan 501/KH-UBND.
SOURCE_DATE_EPOCH = calendar.timegm((2025, 2, 17, 8, 0, 0))
PDF_AUTHOR = "kehoach samples"
PDF_CREATOR = "samples/make_samples.py"

SCAN_DPI = 200
SCAN_JPEG_QUALITY = 65  # ~280 KiB a page keeps each scan well under 4 MB
SCAN_SEED = 20250217
SCAN_ROTATION_RANGE = (0.3, 1.0)  # degrees, sign chosen at random
SCAN_NOISE_SIGMA = 2.5
SCAN_BLUR_SIGMA = 0.8
SCAN_INK_LEVEL = 28  # black ink prints as this grey level (contrast loss)
SCAN_PAPER_LEVEL = 238  # white paper scans as this grey level
SCAN_SHADING = 14  # amplitude of the uneven background (grey levels)

# --------------------------------------------------------------------------------------------------
# Fonts and styles
# --------------------------------------------------------------------------------------------------


def register_fonts() -> None:
    """Register DejaVu Serif as a family so <b> and <i> pick the right faces."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )


def make_styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles shared by both documents."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=BODY_SIZE, leading=BODY_LEADING)
    centred = ParagraphStyle("centred", base, alignment=TA_CENTER)
    centred_bold = ParagraphStyle("centred_bold", centred, fontName=f"{FONT}-Bold")
    table = ParagraphStyle("table", base, fontSize=TABLE_SIZE, leading=TABLE_LEADING)
    return {
        "body": ParagraphStyle(
            "body",
            base,
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=PARAGRAPH_SPACE,
        ),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=f"{FONT}-Bold",
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceBefore=4,
            spaceAfter=PARAGRAPH_SPACE,
        ),
        "subheading": ParagraphStyle(
            "subheading",
            base,
            fontName=f"{FONT}-Bold",
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=PARAGRAPH_SPACE,
        ),
        "note": ParagraphStyle(
            "note",
            base,
            fontName=f"{FONT}-Italic",
            alignment=TA_JUSTIFY,
            firstLineIndent=FIRST_LINE_INDENT,
            spaceAfter=PARAGRAPH_SPACE,
        ),
        "title": ParagraphStyle("title", centred_bold, fontSize=14, leading=18, spaceBefore=12),
        "subtitle": ParagraphStyle("subtitle", centred_bold, spaceAfter=2),
        "centred": centred,
        "centred_bold": centred_bold,
        "header": ParagraphStyle("header", centred_bold, fontSize=12, leading=15),
        "motto": ParagraphStyle("motto", centred_bold, fontSize=11, leading=15),
        "motto_sub": ParagraphStyle("motto_sub", centred_bold, fontSize=BODY_SIZE, leading=16),
        "header_plain": ParagraphStyle("header_plain", centred, fontSize=BODY_SIZE, leading=16),
        "header_italic": ParagraphStyle("header_italic", centred, fontName=f"{FONT}-Italic", leading=16),
        "recipients_label": ParagraphStyle(
            "recipients_label", base, fontName=f"{FONT}-BoldItalic", fontSize=12, leading=14
        ),
        "recipients": ParagraphStyle("recipients", base, fontSize=SMALL_SIZE, leading=13),
        "signature": ParagraphStyle("signature", centred_bold, fontSize=BODY_SIZE, leading=16),
        "footnote": ParagraphStyle("footnote", base, fontSize=FOOTNOTE_SIZE, leading=12, alignment=TA_JUSTIFY),
        "cell": ParagraphStyle("cell", table, alignment=TA_JUSTIFY, spaceAfter=2),
        "cell_centred": ParagraphStyle("cell_centred", table, alignment=TA_CENTER),
        "cell_left": ParagraphStyle("cell_left", table, alignment=TA_LEFT),
        "cell_bold": ParagraphStyle("cell_bold", table, fontName=f"{FONT}-Bold", rightIndent=2 * TABLE_PADDING),
        "cell_header": ParagraphStyle("cell_header", table, fontName=f"{FONT}-Bold", alignment=TA_CENTER),
        "appendix_title": ParagraphStyle("appendix_title", centred_bold, fontSize=BODY_SIZE),
        "appendix_note": ParagraphStyle("appendix_note", centred, fontName=f"{FONT}-Italic", spaceAfter=8),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from plain text (escaped, so '&' and '<' in agency names are safe)."""
    return Paragraph(escape(text), style)


# --------------------------------------------------------------------------------------------------
# Page templates
# --------------------------------------------------------------------------------------------------


def draw_page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Vietnamese documents number pages at the top centre, from page 2 on."""
    if doc.page < 2:
        return
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(FONT, BODY_SIZE)
    canvas.drawCentredString(width / 2, height - PAGE_NUMBER_Y, str(doc.page))
    canvas.restoreState()


PageCallback = Callable[[Canvas, BaseDocTemplate], None]


def page_template(
    name: str, pagesize: tuple[float, float], left: float, right: float, on_page: PageCallback
) -> PageTemplate:
    """One frame filling the page inside the margins."""
    width, height = pagesize
    frame = Frame(
        left,
        MARGIN_BOTTOM,
        width - left - right,
        height - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )
    return PageTemplate(name, [frame], onPage=on_page, pagesize=pagesize)


def portrait_template(on_page: PageCallback = draw_page_number) -> PageTemplate:
    return page_template("portrait", PORTRAIT, MARGIN_LEFT, MARGIN_RIGHT, on_page)


def landscape_template(on_page: PageCallback = draw_page_number) -> PageTemplate:
    return page_template("landscape", LANDSCAPE, LANDSCAPE_MARGIN_LEFT, LANDSCAPE_MARGIN_RIGHT, on_page)


def landscape_frame_width() -> float:
    return LANDSCAPE[0] - LANDSCAPE_MARGIN_LEFT - LANDSCAPE_MARGIN_RIGHT


def portrait_frame_width() -> float:
    return PORTRAIT[0] - MARGIN_LEFT - MARGIN_RIGHT


@contextmanager
def fixed_source_date() -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (read by reportlab for the PDF dates) for the duration of a build."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(SOURCE_DATE_EPOCH)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def build_pdf(path: Path, story: list[Flowable], title: str, templates: Sequence[PageTemplate]) -> None:
    """Build a PDF with fixed metadata (reportlab invariant mode + SOURCE_DATE_EPOCH)."""
    doc = BaseDocTemplate(
        str(path),
        pagesize=PORTRAIT,
        title=title,
        author=PDF_AUTHOR,
        creator=PDF_CREATOR,
        subject="Sample Vietnamese provincial plan (Kế hoạch)",
        lang="vi",
        invariant=1,
    )
    doc.addPageTemplates(list(templates))
    with fixed_source_date():
        doc.build(story)


# --------------------------------------------------------------------------------------------------
# Shared blocks
# --------------------------------------------------------------------------------------------------


def title_block(title: str, subtitle: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """'KẾ HOẠCH' centred bold, the subject line below it and a short rule."""
    return [
        para(title, styles["title"]),
        para(subtitle, styles["subtitle"]),
        HRFlowable(width="25%", thickness=0.6, color=colors.black, spaceBefore=2, spaceAfter=12),
    ]


def signature_cell(lines: Sequence[str], name: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    cell: list[Flowable] = [para(line, styles["signature"]) for line in lines]
    cell += [Spacer(1, SIGNATURE_GAP), para(name, styles["signature"])]
    return cell


def recipients_cell(lines: Sequence[str], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    label, *items = lines
    return [para(label, styles["recipients_label"])] + [para(item, styles["recipients"]) for item in items]


ROMAN_HEADING = re.compile(r"^[IVX]+\.\s")


def is_heading(text: str) -> bool:
    """A roman-numeral section heading in capitals: 'I. MỤC ĐÍCH, YÊU CẦU'."""
    return bool(ROMAN_HEADING.match(text)) and text.isupper()


NUMBERED = re.compile(r"^\d+\.\s")
SUBHEADING_MAX = 200  # a numbered sub-heading ("1. Mục đích", "3. Công an tỉnh") is short


def is_subheading(text: str, following: str) -> bool:
    """A short numbered line with no colon, followed by unnumbered text or '- ' bullets."""
    if not NUMBERED.match(text) or ":" in text or len(text) > SUBHEADING_MAX:
        return False
    return not (NUMBERED.match(following) or is_heading(following))


def paragraph_style(text: str, following: str, styles: dict[str, ParagraphStyle]) -> ParagraphStyle:
    if is_heading(text):
        return styles["heading"]
    if is_subheading(text, following):
        return styles["subheading"]
    if text.startswith("*") or (text.startswith("(") and text.endswith(")")):
        return styles["note"]
    return styles["body"]


def body_flowables(
    texts: Sequence[str],
    styles: dict[str, ParagraphStyle],
    markup: Callable[[str], str] = escape,
) -> list[Flowable]:
    """Body paragraphs: bold roman headings and numbered sub-headings, italic notes."""
    following = list(texts[1:]) + [""]
    return [
        Paragraph(markup(text), paragraph_style(text, after, styles))
        for text, after in zip(texts, following, strict=True)
    ]


def closing_block(
    recipients: Sequence[str],
    signature: Sequence[str],
    name: str,
    styles: dict[str, ParagraphStyle],
    width: float,
) -> Flowable:
    """'Nơi nhận:' bottom-left in small print, the signature block on the right."""
    table = Table(
        [[recipients_cell(recipients, styles), signature_cell(signature, name, styles)]],
        colWidths=[width * 0.48, width * 0.52],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 8), table])


# --------------------------------------------------------------------------------------------------
# Seed 000: text with hard line breaks -> paragraphs
# --------------------------------------------------------------------------------------------------

PLAN_000_SEED = SAMPLES_DIR / "000_e2d9b21277a96cb4.txt"
PLAN_000_PDF = SAMPLES_DIR / "plan-000-native.pdf"

BLOCK_START = re.compile(r"^([IVX]+\.\s|\d+\.\s|-\s|Nơi nhận|TM\.|KT\.)")
JUNK_LINE = re.compile(r"^(https?://\S+|\d{1,3})$")
SHORT_LINE = 70  # a line shorter than this that ends a sentence usually ends its paragraph


@dataclass
class SeedPlan:
    """The parts of seed 000, with paragraphs rejoined."""

    title: str
    subtitle: str
    body: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    signer: str = ""


def clean_lines(text: str) -> list[str]:
    """Non-empty lines with whitespace normalised, minus hyperlinks and bare page numbers."""
    lines = (" ".join(raw.split()) for raw in text.splitlines())
    return [line for line in lines if line and not JUNK_LINE.match(line)]


def starts_block(previous: str, line: str) -> bool:
    """Does `line` start a new paragraph rather than continue `previous`?"""
    if BLOCK_START.match(line) or is_heading(previous):
        return True
    ends_sentence = previous.endswith(".") and len(previous) < SHORT_LINE
    return ends_sentence and line[0].isupper()


def join_paragraphs(lines: Iterable[str]) -> list[str]:
    blocks: list[str] = []
    for line in lines:
        if blocks and not starts_block(blocks[-1].rsplit("\n", 1)[-1], line):
            blocks[-1] = f"{blocks[-1]}\n{line}"
        else:
            blocks.append(line)
    return [block.replace("\n", " ") for block in blocks]


def parse_seed(text: str) -> SeedPlan:
    lines = clean_lines(text)
    title, subtitle, rest = lines[0], lines[1], lines[2:]
    recipients_at = next(i for i, line in enumerate(rest) if line.startswith("Nơi nhận"))
    signature_at = next(i for i, line in enumerate(rest) if line.startswith("TM."))
    return SeedPlan(
        title=title,
        subtitle=subtitle,
        body=join_paragraphs(rest[:recipients_at]),
        recipients=rest[recipients_at:signature_at],
        signature=rest[signature_at:-1],
        signer=rest[-1],
    )


def plan_000_story(plan: SeedPlan, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story = title_block(plan.title, plan.subtitle, styles)
    story += body_flowables(plan.body, styles)
    story.append(closing_block(plan.recipients, plan.signature, plan.signer, styles, portrait_frame_width()))
    return story


def make_plan_000(styles: dict[str, ParagraphStyle]) -> Path:
    plan = parse_seed(PLAN_000_SEED.read_text(encoding="utf-8"))
    story = plan_000_story(plan, styles)
    build_pdf(PLAN_000_PDF, story, f"{plan.title} - {plan.subtitle}", [portrait_template()])
    return PLAN_000_PDF


# --------------------------------------------------------------------------------------------------
# Kon Tum 501/KH-UBND: marker-sectioned text + task table
# --------------------------------------------------------------------------------------------------

KON_TUM_TEXT = SAMPLES_DIR / "kon-tum-501.plan.txt"
KON_TUM_TASKS = SAMPLES_DIR / "kon-tum-501.tasks.json"
KON_TUM_PDF = SAMPLES_DIR / "kon-tum-501-native.pdf"

MARKER = re.compile(r"^\[([A-Z-]+)\]\s*$")


def read_sections(text: str) -> dict[str, list[str]]:
    """Split the marker-sectioned plan text: {'BODY': [paragraph, ...], ...}."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        marker = MARKER.match(line)
        if marker:
            current = sections.setdefault(marker.group(1), [])
        elif line and current is not None:
            current.append(line)
    return sections


def short_rule(width: str) -> HRFlowable:
    """The short centred rule under the issuer's name and under the national motto."""
    return HRFlowable(width=width, thickness=0.6, color=colors.black, spaceBefore=3, spaceAfter=5)


def header_table(sections: dict[str, list[str]], styles: dict[str, ParagraphStyle]) -> Flowable:
    """Issuer and number on the left, national motto and place/date on the right (no borders)."""
    width = portrait_frame_width()
    issuer = sections.get("HEADER-LEFT", [])
    motto, *motto_rest = sections.get("HEADER-RIGHT", [""])
    left: list[Flowable] = [para(line, styles["header"]) for line in issuer]
    left += [short_rule("35%")] + [para(line, styles["header_plain"]) for line in sections.get("NUMBER", [])]
    right: list[Flowable] = [para(motto, styles["motto"])]
    right += [para(line, styles["motto_sub"]) for line in motto_rest] + [short_rule("62%")]
    right += [para(line, styles["header_italic"]) for line in sections.get("PLACE-DATE", [])]
    table = Table([[left, right]], colWidths=[width * HEADER_LEFT_SHARE, width * (1 - HEADER_LEFT_SHARE)])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


FOOTNOTE_RULE_GAP = 4  # points between the footnote rule and the first footnote
FOOTNOTE_TOP_GAP = 8  # points kept free between the body text and the footnote rule
MAX_LAYOUT_PASSES = 4


class Footnotes:
    """Footnotes set at the bottom of the page that holds their reference mark.

    The body marks a reference as a superscript number followed by an ``onDraw`` callback, which
    records the page it lands on. The layout takes several build passes: each pass shortens the
    frame of the pages found by the previous pass and draws their footnotes below it, until the
    pages no longer move. A footnote with no mark in the body is placed by an invisible ``anchor``.
    """

    CALLBACK = "footnote"

    def __init__(self, lines: Sequence[str], style: ParagraphStyle) -> None:
        self.notes = {line.split(" ", 1)[0]: line for line in lines}
        self.style = style
        self.pages: dict[str, int] = {}  # label -> page, from the previous pass
        self.seen: dict[str, int] = {}  # label -> page, in the current pass

    def reference_markup(self, text: str) -> str:
        """Escape `text` and turn 'hội1,' into 'hội<super>1</super>' plus the page recorder."""
        markup = escape(text)
        for label in self.notes:
            pattern = re.compile(rf"(?<=[^\W\d_]){label}(?=[\s,.;:)]|$)")
            markup = pattern.sub(self.mark(label, visible=True), markup, count=1)
        return markup

    def mark(self, label: str, visible: bool) -> str:
        anchor = f'<onDraw name="{self.CALLBACK}" label="{label}"/>'
        return f"<super>{label}</super>{anchor}" if visible else anchor

    def unreferenced(self, body: Sequence[str]) -> list[str]:
        marked = "".join(self.reference_markup(text) for text in body)
        return [label for label in self.notes if f'label="{label}"' not in marked]

    def anchor(self, labels: Sequence[str]) -> Paragraph:
        """An empty, invisible paragraph that places the footnotes `labels` on its page."""
        return Paragraph("".join(self.mark(label, visible=False) for label in labels), self.style)

    def record(self, canvas: Canvas, kind: str, label: str | None) -> None:
        if label is not None:
            self.seen.setdefault(label, canvas.getPageNumber())

    def start_pass(self) -> None:
        self.pages, self.seen = dict(self.seen), {}

    def settled(self) -> bool:
        return self.seen == self.pages

    def paragraphs_on(self, page: int) -> list[Paragraph]:
        labels = [label for label, where in self.pages.items() if where == page]
        return [Paragraph(self.footnote_markup(label), self.style) for label in sorted(labels)]

    def footnote_markup(self, label: str) -> str:
        text = self.notes[label][len(label) :].strip()
        return f"<super>{label}</super> {escape(text)}"

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Page callback: page number, footnotes at the bottom, frame shortened above them."""
        draw_page_number(canvas, doc)
        canvas.setNamedCB(self.CALLBACK, self.record)
        frame = doc.pageTemplate.frames[0]
        width, height = doc.pageTemplate.pagesize
        reserved = self.draw(canvas, self.paragraphs_on(doc.page), frame.x1, frame.width)
        frame.y1 = MARGIN_BOTTOM + reserved
        frame.height = height - MARGIN_TOP - MARGIN_BOTTOM - reserved

    def draw(self, canvas: Canvas, notes: Sequence[Paragraph], x: float, width: float) -> float:
        """Draw `notes` upwards from the bottom margin; return the height they take."""
        y = MARGIN_BOTTOM
        for note in reversed(notes):
            _, note_height = note.wrapOn(canvas, width, 1000)
            note.drawOn(canvas, x, y)
            y += note_height
        if not notes:
            return 0
        y += FOOTNOTE_RULE_GAP
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(x, y, x + width * 0.3, y)
        canvas.restoreState()
        return y - MARGIN_BOTTOM + FOOTNOTE_TOP_GAP


def task_cell(task: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """One Paragraph per line of the task text ('- ' bullets stay on their own lines)."""
    return [para(line, styles["cell"]) for line in task.split("\n") if line.strip()]


def task_row(task: dict[str, Any], styles: dict[str, ParagraphStyle]) -> list[Any]:
    return [
        para(str(task.get("stt", "")), styles["cell_centred"]),
        task_cell(task["task"], styles),
        para(task.get("lead_agency", ""), styles["cell_centred"]),
        para("; ".join(task.get("partner_agencies", [])), styles["cell_centred"]),
        para(task.get("timeline", ""), styles["cell_centred"]),
    ]


def section_row(section: str, title: str, styles: dict[str, ParagraphStyle]) -> list[Any]:
    return [para(section, styles["cell_header"]), para(title, styles["cell_bold"]), "", "", ""]


def appendix_rows(
    tasks: Sequence[dict[str, Any]], styles: dict[str, ParagraphStyle]
) -> tuple[list[list[Any]], list[int]]:
    """Header, then for each section its spanning title row and its task rows."""
    rows: list[list[Any]] = [[para(text, styles["cell_header"]) for text in TABLE_HEADER]]
    section_indices: list[int] = []
    current = None
    for task in tasks:
        if task.get("section") != current:
            current = task.get("section")
            section_indices.append(len(rows))
            rows.append(section_row(str(current), task.get("section_title", ""), styles))
        rows.append(task_row(task, styles))
    return rows, section_indices


def appendix_table(tasks: Sequence[dict[str, Any]], styles: dict[str, ParagraphStyle]) -> Table:
    """The ruled task table: full thin grid, header repeated, rows allowed to split across pages."""
    rows, section_indices = appendix_rows(tasks, styles)
    width = landscape_frame_width()
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), TABLE_LINE_WIDTH, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TABLE_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), TABLE_PADDING),
    ]
    commands += [("SPAN", (1, index), (-1, index)) for index in section_indices]
    # Rule off both halves of a row split across pages (reportlab leaves them open by default).
    commands += [
        (
            "LINEBELOW",
            (0, "inrowsplitstart"),
            (-1, "inrowsplitstart"),
            TABLE_LINE_WIDTH,
            colors.black,
        ),
        ("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), TABLE_LINE_WIDTH, colors.black),
    ]
    # splitByRow=0 tries an in-row split first, so a row that does not fit is cut at the page
    # foot instead of being pushed whole (which made reportlab place a second, repeated header on
    # the same page). splitInRow is the least height (points) of either half of a split row.
    return Table(
        rows,
        colWidths=[width * share for share in TABLE_COLUMN_SHARES],
        repeatRows=1,
        splitByRow=0,
        splitInRow=TABLE_MIN_SPLIT,
        style=TableStyle(commands),
    )


def kon_tum_body(
    sections: dict[str, list[str]], styles: dict[str, ParagraphStyle], footnotes: Footnotes
) -> list[Flowable]:
    story: list[Flowable] = [header_table(sections, styles)]
    title, *subtitle = sections.get("TITLE", ["KẾ HOẠCH"])
    story += title_block(title, " ".join(subtitle), styles)
    story += body_flowables(sections.get("BODY", []), styles, footnotes.reference_markup)
    signature = sections.get("SIGNATURE", [])
    signer = signature[-1] if signature and not signature[-1].isupper() else ""
    story.append(
        closing_block(
            sections.get("RECIPIENTS", ["Nơi nhận:"]),
            signature[:-1] if signer else signature,
            signer,
            styles,
            portrait_frame_width(),
        )
    )
    return story


def kon_tum_appendix(
    sections: dict[str, list[str]],
    tasks: Sequence[dict[str, Any]],
    styles: dict[str, ParagraphStyle],
    footnotes: Footnotes,
) -> list[Flowable]:
    """Landscape pages: the appendix title block, then the ruled task table."""
    story: list[Flowable] = [NextPageTemplate("landscape"), PageBreak()]
    for line in sections.get("APPENDIX-TITLE", ["Phụ lục"]):
        style = styles["appendix_note"] if line.startswith("(") else styles["appendix_title"]
        story.append(para(line, style))
    # Footnotes with no mark in the body belong to the appendix (in the original, footnote 2 is
    # referenced from the "Cơ quan chủ trì" header, which is kept clean here).
    story.append(footnotes.anchor(footnotes.unreferenced(sections.get("BODY", []))))
    story += [Spacer(1, 4), appendix_table(tasks, styles)]
    return story


def make_kon_tum(styles: dict[str, ParagraphStyle]) -> Path:
    sections = read_sections(KON_TUM_TEXT.read_text(encoding="utf-8"))
    tasks = json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))
    footnotes = Footnotes(sections.get("FOOTNOTES", []), styles["footnote"])
    title = " ".join(sections.get("TITLE", ["KẾ HOẠCH"]))
    templates = [portrait_template(footnotes.on_page), landscape_template(footnotes.on_page)]
    for _ in range(MAX_LAYOUT_PASSES):
        footnotes.start_pass()
        story = kon_tum_body(sections, styles, footnotes)
        story += kon_tum_appendix(sections, tasks, styles, footnotes)
        build_pdf(KON_TUM_PDF, story, f"{title} (501/KH-UBND)", templates)
        if footnotes.settled():
            break
    return KON_TUM_PDF


# --------------------------------------------------------------------------------------------------
# Scans: render, degrade, save image-only PDFs
# --------------------------------------------------------------------------------------------------


def render_pages(pdf_path: Path, dpi: int = SCAN_DPI) -> list[np.ndarray]:
    """Each page as a grayscale uint8 array."""
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        return [np.asarray(page.render(scale=dpi / 72).to_pil().convert("L")) for page in document]
    finally:
        document.close()


def rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def uneven_background(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A smooth darkening field: a random linear gradient plus a soft blob."""
    height, width = shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    gx, gy = rng.uniform(-1, 1, size=2)
    gradient = (gx * xs / width + gy * ys / height + 1) / 2
    cx, cy = rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height
    blob = np.exp(-(((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * (0.35 * width) ** 2)))
    return (SCAN_SHADING * (0.6 * gradient + 0.4 * blob)).astype(np.float32)


def degrade(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Slight skew, contrast loss, uneven paper, blur and sensor noise."""
    low, high = SCAN_ROTATION_RANGE
    angle = rng.uniform(low, high) * rng.choice([-1.0, 1.0])
    page = rotate(image, angle).astype(np.float32) / 255.0
    page = SCAN_INK_LEVEL + page * (SCAN_PAPER_LEVEL - SCAN_INK_LEVEL)
    page -= uneven_background(page.shape, rng)
    page = cv2.GaussianBlur(page, (0, 0), SCAN_BLUR_SIGMA)
    page += rng.normal(0.0, SCAN_NOISE_SIGMA, size=page.shape).astype(np.float32)
    return np.clip(page, 0, 255).astype(np.uint8)


def save_image_pdf(images: Sequence[Image.Image], path: Path, title: str) -> None:
    """An image-only PDF: one grayscale JPEG (DCTDecode) per page, no text layer."""
    stamp = time.gmtime(SOURCE_DATE_EPOCH)
    first, *rest = images
    first.save(
        path,
        "PDF",
        resolution=SCAN_DPI,
        quality=SCAN_JPEG_QUALITY,
        optimize=True,
        save_all=True,
        append_images=rest,
        title=title,
        author=PDF_AUTHOR,
        creator=PDF_CREATOR,
        producer=PDF_CREATOR,
        creationDate=stamp,
        modDate=stamp,
    )


def make_scan(native: Path, scan: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    images = [Image.fromarray(degrade(page, rng), mode="L") for page in render_pages(native)]
    save_image_pdf(images, scan, f"{native.stem} (scanned)")
    return scan


def scan_path(native: Path) -> Path:
    return native.with_name(native.name.replace("-native.pdf", "-scan.pdf"))


# --------------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------------


def report(path: Path) -> None:
    pages = len(pdfium.PdfDocument(str(path)))
    size_kib = path.stat().st_size / 1024
    print(f"{path.relative_to(SAMPLES_DIR.parent)}: {pages} pages, {size_kib:.0f} KiB")


def main() -> None:
    register_fonts()
    styles = make_styles()
    builders: list[Callable[[dict[str, ParagraphStyle]], Path]] = [make_plan_000]
    if KON_TUM_TEXT.exists() and KON_TUM_TASKS.exists():
        builders.append(make_kon_tum)
    else:
        print(f"skipping {KON_TUM_PDF.name}: {KON_TUM_TEXT.name} / {KON_TUM_TASKS.name} missing")
    for offset, build in enumerate(builders):
        native = build(styles)
        report(native)
        report(make_scan(native, scan_path(native), SCAN_SEED + offset))


if __name__ == "__main__":
    main()
