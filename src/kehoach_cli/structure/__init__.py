"""Structure stage: metadata, sections, and task candidates from tables and prose.

Entry point: `structure_document(pages)` -> StructuredPlan, plain data for the records stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..ingest import PageText
from ..vietnamese import fold
from .flattened import flattened_table_tasks
from .lines import Line, appendix_start, document_lines, paragraphs, signature_column
from .metadata import (
    MetadataDraft,
    assigns_work,
    extract_metadata,
    header_start,
    is_blank_form,
    is_issuer,
    looks_like_plan,
    titled_type,
)
from .outline import Node, SectionNode, outline, scope_duties, section_nodes
from .prose import prose_tasks
from .sections import Section, split_sections
from .tables import TaskDraft, read_tables

MOTTO = "cong hoa xa hoi chu nghia viet nam"
MOTTO_LINES = 15  # the header's lines at the top of a page (the issuer's column may come first)
MIN_MOTTO_SCORE = 85  # OCR damages a letter or two of the motto
SIGNATURE_OPENERS = ("Nơi nhận", "TM.", "KT.")
MAX_LINES_TO_TITLE = 40  # recipients, signature and the attached text's header before its title

__all__ = ["MetadataDraft", "Section", "SectionNode", "StructuredPlan", "TaskDraft", "structure_document"]


@dataclass
class StructuredPlan:
    metadata: MetadataDraft
    sections: list[Section]
    tasks: list[TaskDraft]
    warnings: list[str] = field(default_factory=list)
    tree: list[SectionNode] = field(default_factory=list)
    cover: CoverDraft | None = None


@dataclass
class CoverDraft:
    """The cover letter a file opens with, before the document it submits."""

    metadata: MetadataDraft
    pages: list[int]


def structure_document(pages: list[PageText]) -> StructuredPlan:
    """The document a file holds; where it opens with a cover letter (a Tờ trình, a Công văn) followed
    by the document it submits under a header of its own, that document, with the cover beside it."""
    start = attached_start(pages)
    if start is None:
        return structure_pages(pages)
    cover = structure_pages(pages[:start])
    if assigns_work(cover.metadata.doc_type) or cover.metadata.doc_type is None:
        return structure_pages(pages)
    plan = structure_pages(pages[start:])
    plan.cover = CoverDraft(cover.metadata, [pages[0].number, pages[start - 1].number])
    plan.warnings.insert(
        0,
        f"pages {pages[0].number}-{pages[start - 1].number} are a {cover.metadata.doc_type} "
        f"covering the document read from page {pages[start].number}: its type, number, "
        "date and issuer are in `cover`",
    )
    return plan


def approved_text_start(lines: list[Line]) -> int:
    """Where a text the document only approves begins: after a decision's signature, under a title of
    a type that hands out no work (an Điều lệ, a Quy chế, a Danh mục), its articles are that text's,
    not duties. A plan issued by the decision ("KẾ HOẠCH" after its signature) is read."""
    signed = next((index for index, line in enumerate(lines) if line.text.startswith(SIGNATURE_OPENERS)), None)
    if signed is None:
        return len(lines)
    for index in range(signed, min(len(lines), signed + MAX_LINES_TO_TITLE)):
        if kind := titled_type(lines[index]):
            return len(lines) if assigns_work(kind) else index
    return len(lines)


def attached_start(pages: list[PageText]) -> int | None:
    """The index of the first page after the first that opens with a header of its own: the national
    motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in its first lines, as every document's header has it."""
    for index, page in enumerate(pages[1:], start=1):
        head = fold(" ".join(page.prose_text.split("\n")[:MOTTO_LINES]))
        if fuzz.partial_ratio(MOTTO, head) >= MIN_MOTTO_SCORE:
            return index
    return None


def structure_pages(pages: list[PageText]) -> StructuredPlan:
    """Find the document's metadata, sections and tasks (table rows, flattened table rows, labelled
    blocks, then the duties of the outline's task sections)."""
    lines = document_lines(pages)
    lines = lines[header_start(lines) :]  # a web page's banner or a cover before the header is not the document
    start = appendix_start(lines)
    body, appendix = paragraphs(lines[:start]), lines[start:]
    approved = approved_text_start(lines[:start])
    sections = split_sections(body)
    metadata = extract_metadata(lines, sections[0].paragraphs, body, signature_column(pages))
    tables = read_tables(pages)
    warnings = [*metadata.warnings, *tables.warnings]
    tasks = tables.tasks
    if not tasks and looks_like_plan(lines, metadata, [s.title for s in sections if s.title]):
        tasks = flattened_table_tasks(appendix)
        if tasks:
            warnings.append(
                f"{len(tasks)} appendix rows read from text whose table columns are interleaved line by "
                "line: lead agency as written, partners and timelines cannot be told apart and are left "
                "empty; lead_agency_canonical names the agency recognised in each row"
            )
    labelled = {section.numeral: prose_tasks(section) for section in sections}
    for found in labelled.values():
        tasks.extend(found)
    root = body_outline(split_sections(paragraphs(lines[:approved])) if approved < start else sections)
    # The body that issues a plan or a decision gives itself no duty ("Ủy ban nhân dân tỉnh ban hành ..."); the
    # office that sends a notice or a letter passes on its own duties with the others' ("Văn phòng Chính phủ
    # chủ trì tham mưu ..." in a notice of a Deputy Prime Minister's conclusions).
    assigns = assigns_work(metadata.doc_type)
    replies = metadata.doc_type is not None and not assigns
    tasks.extend(
        task
        for task in scope_duties(root, assigns, replies)
        if not labelled.get(task.section) and not (assigns and is_issuer(task.lead_agency, metadata))
    )
    warnings.extend(
        f"no duty text for {task.lead_agency!r} (section {task.section or '-'}, item {task.stt or '-'}): no record"
        for task in tasks
        if not task.task.strip()
    )
    tasks = [task for task in tasks if task.task.strip()]
    if tasks and is_blank_form(lines[:start]):
        warnings.append(f"a blank form (its number and {len(tasks)} duties' names left as dots): assigns no tasks")
        tasks = []
    if not tasks:
        warnings.append("assigns no tasks: no task table, no agency given duties in the body")
    return StructuredPlan(metadata, sections, tasks, warnings, section_nodes(root))


def body_outline(sections: list[Section]) -> Node:
    """The body as one tree: the roman sections, and what comes before the first (all of the body in
    a document without them, such as a Quyết định's articles or a Chỉ thị's items)."""
    root = Node("root", None, "", sections[0].page if sections else 1, 0)
    for section in sections:
        if section.numeral is None:
            outline(section.paragraphs, root)
            continue
        node = Node("section", section.numeral, section.title or "", section.page, 0.5)
        root.children.append(node)
        outline(section.paragraphs, node)
    return root
