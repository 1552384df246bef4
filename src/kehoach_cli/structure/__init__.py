"""Structure stage: metadata, sections, and task candidates from tables and prose.

Entry point: `structure_document(pages)` -> StructuredPlan, plain data for the records stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest import PageText
from .lines import document_lines, paragraphs, signature_column
from .metadata import MetadataDraft, extract_metadata
from .prose import is_implementation_section, prose_tasks
from .sections import Section, split_sections
from .tables import TaskDraft, read_tables

__all__ = ["MetadataDraft", "Section", "StructuredPlan", "TaskDraft", "structure_document"]


@dataclass
class StructuredPlan:
    metadata: MetadataDraft
    sections: list[Section]
    tasks: list[TaskDraft]
    warnings: list[str] = field(default_factory=list)


def structure_document(pages: list[PageText]) -> StructuredPlan:
    """Find the plan's metadata, sections and tasks (table rows first, then prose items)."""
    lines = document_lines(pages)
    body = paragraphs(lines)
    sections = split_sections(body)
    metadata = extract_metadata(lines, sections[0].paragraphs, body, signature_column(pages))
    tables = read_tables(pages)
    tasks = tables.tasks
    for section in sections:
        if is_implementation_section(section):
            tasks.extend(prose_tasks(section))
    warnings = [*metadata.warnings, *tables.warnings]
    if not tasks:
        warnings.append("no task table or 'Tổ chức thực hiện' items found")
    return StructuredPlan(metadata, sections, tasks, warnings)
