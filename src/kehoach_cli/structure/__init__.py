"""Structure stage: metadata, sections, and task candidates from tables and prose.

Entry point: `structure_document(pages)` -> StructuredPlan, plain data for the records stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest import PageText
from .flattened import flattened_table_tasks
from .lines import appendix_start, document_lines, paragraphs, signature_column
from .metadata import MetadataDraft, assigns_work, extract_metadata, is_issuer, looks_like_plan
from .outline import Node, SectionNode, outline, scope_duties, section_nodes
from .prose import prose_tasks
from .sections import Section, split_sections
from .tables import TaskDraft, read_tables

__all__ = ["MetadataDraft", "Section", "SectionNode", "StructuredPlan", "TaskDraft", "structure_document"]


@dataclass
class StructuredPlan:
    metadata: MetadataDraft
    sections: list[Section]
    tasks: list[TaskDraft]
    warnings: list[str] = field(default_factory=list)
    tree: list[SectionNode] = field(default_factory=list)


def structure_document(pages: list[PageText]) -> StructuredPlan:
    """Find the document's metadata, sections and tasks (table rows, flattened table rows, labelled
    blocks, then the duties of the outline's task sections)."""
    lines = document_lines(pages)
    start = appendix_start(lines)
    body, appendix = paragraphs(lines[:start]), lines[start:]
    sections = split_sections(body)
    metadata = extract_metadata(lines, sections[0].paragraphs, body, signature_column(pages))
    tables = read_tables(pages)
    warnings = [*metadata.warnings, *tables.warnings]
    tasks = tables.tasks
    if not tasks and looks_like_plan(lines, metadata, [s.title for s in sections if s.title]):
        tasks = flattened_table_tasks(appendix)
        if tasks:
            warnings.append(f"{len(tasks)} appendix rows read from text whose table columns are interleaved line by "
                            "line: lead agency as written, partners and timelines cannot be told apart and are left "
                            "empty; lead_agency_canonical names the agency recognised in each row")
    labelled = {section.numeral: prose_tasks(section) for section in sections}
    for found in labelled.values():
        tasks.extend(found)
    root = body_outline(sections)
    tasks.extend(task for task in scope_duties(root, assigns_work(metadata.doc_type))
                 if not labelled.get(task.section) and not is_issuer(task.lead_agency, metadata))
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
