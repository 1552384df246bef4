"""Structure stage: metadata, sections, and task candidates from tables and prose.

Entry point: `structure_document(pages)` -> StructuredPlan, plain data for the records stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest import PageText
from .flattened import flattened_table_tasks
from .lines import appendix_start, document_lines, paragraphs, signature_column
from .metadata import MetadataDraft, extract_metadata, looks_like_plan
from .prose import prose_tasks
from .sections import Section, SectionNode, section_tree, split_sections
from .tables import TaskDraft, table_tasks

__all__ = ["MetadataDraft", "Section", "SectionNode", "StructuredPlan", "TaskDraft", "structure_document"]


@dataclass
class StructuredPlan:
    metadata: MetadataDraft
    sections: list[Section]
    tasks: list[TaskDraft]
    warnings: list[str] = field(default_factory=list)
    tree: list[SectionNode] = field(default_factory=list)


def structure_document(pages: list[PageText]) -> StructuredPlan:
    """Find the plan's metadata, sections and tasks (table rows, flattened table rows, then prose)."""
    lines = document_lines(pages)
    start = appendix_start(lines)
    body, appendix = paragraphs(lines[:start]), lines[start:]
    sections = split_sections(body)
    metadata = extract_metadata(lines, sections[0].paragraphs, body, signature_column(pages))
    warnings = list(metadata.warnings)
    tasks = table_tasks(pages)
    if not tasks and not looks_like_plan(lines, metadata, [s.title for s in sections if s.title]):
        warnings.append("not a plan: no 'KẾ HOẠCH' title, no …/KH-… number, no task section; no tasks extracted")
        return StructuredPlan(metadata, sections, [], warnings, section_tree(sections))
    if not tasks:
        tasks = flattened_table_tasks(appendix)
    for section in sections:
        tasks.extend(prose_tasks(section))
    if not tasks:
        warnings.append("no task table or 'Tổ chức thực hiện' items found")
    return StructuredPlan(metadata, sections, tasks, warnings, section_tree(sections))
