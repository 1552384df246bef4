"""Records stage: validate structured data into the contract models, add canonical names.

Entry point: `build_plan_document(document, plan, quality)` -> PlanDocument. The document's
own wording stays in the record; canonical names and successors go in separate fields.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from functools import cache

from rapidfuzz import fuzz, process

from .ingest import IngestedDocument
from .models import LegalBasis, Metadata, PlanDocument, Quality, ReportingDeadline, SectionNode, Source, TaskRecord
from .structure import StructuredPlan, TaskDraft
from .structure.gazetteer import Agency, agencies
from .vietnamese import fold

AGENCY_MATCH_CUTOFF = 90
SOURCE_CONFIDENCE = {"native": 0.95, "text": 0.9, "ocr": 0.8, "restored": 0.7}
TIMELINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("recurring", re.compile(r"thuong xuyen|dinh ky")),
    ("on_request", re.compile(r"theo de nghi|theo yeu cau|khi co yeu cau|theo huong dan|dot xuat")),
    ("deadline", re.compile(r"truoc ngay|truoc thang|cham nhat|quy [ivx]+")),
    ("annual", re.compile(r"hang nam")),
    ("period", re.compile(r"\d{4}\s*-\s*\d{4}|giai doan|nam \d{4}|^\d{4}$")),
]


def build_plan_document(document: IngestedDocument, plan: StructuredPlan, quality: Quality) -> PlanDocument:
    page_sources = [page.source for page in document.pages]
    source = Source(path=document.path, sha256=document.sha256, kind=document.kind,
                    pages=len(document.pages), page_sources=page_sources)
    draft = asdict(plan.metadata)
    draft.pop("warnings")
    metadata = Metadata(
        **{k: v for k, v in draft.items() if k not in ("legal_bases", "reporting_deadlines")},
        legal_bases=[LegalBasis(**basis) for basis in draft["legal_bases"]],
        reporting_deadlines=[ReportingDeadline(**deadline) for deadline in draft["reporting_deadlines"]],
    )
    tasks = [task_record(task, _page_source(page_sources, task.page)) for task in plan.tasks]
    quality = quality.model_copy(update={"warnings": [*quality.warnings, *plan.warnings]})
    sections = [SectionNode.model_validate(asdict(node)) for node in plan.tree]
    return PlanDocument(source=source, metadata=metadata, tasks=tasks, sections=sections, quality=quality)


def _page_source(page_sources: list[str], page: int | None) -> str:
    return page_sources[page - 1] if page and 0 < page <= len(page_sources) else "text"


def task_record(task: TaskDraft, page_source: str) -> TaskRecord:
    agency = canonical_agency(task.lead_agency) if task.lead_agency else None
    confidence = SOURCE_CONFIDENCE.get(page_source, 0.7) * (1.0 if task.lead_agency else 0.8)
    if task.origin == "prose":
        confidence *= 0.9
    return TaskRecord(
        section=task.section, section_title=task.section_title, stt=task.stt, task=task.task,
        lead_agency=task.lead_agency,
        lead_agency_canonical=agency.canonical if agency else None,
        lead_agency_successors=list(agency.successors) if agency else [],
        partner_agencies=task.partner_agencies, timeline=task.timeline,
        timeline_kind=timeline_kind(task.timeline), origin=task.origin, page=task.page,
        confidence=round(confidence, 3), is_request=task.is_request,
    )


def timeline_kind(timeline: str | None) -> str:
    """Classify a timeline as written ("Thường xuyên hằng năm" -> recurring)."""
    if not timeline:
        return "unknown"
    folded = fold(timeline)
    for kind, pattern in TIMELINE_RULES:
        if pattern.search(folded):
            return kind
    return "unknown"


@cache
def _agency_names() -> tuple[list[str], list[Agency]]:
    names: list[str] = []
    owners: list[Agency] = []
    for agency in agencies():
        for name in (agency.canonical, *agency.aliases):
            names.append(fold(name))
            owners.append(agency)
    return names, owners


def canonical_agency(written: str) -> Agency | None:
    """The gazetteer entry for an agency as written: exact prefix first, then a close fuzzy match."""
    query = fold(written)
    names, owners = _agency_names()
    prefixes = [(len(name), i) for i, name in enumerate(names) if query == name or query.startswith(name + " ")]
    if prefixes:
        return owners[max(prefixes)[1]]
    match = process.extractOne(query, names, scorer=fuzz.ratio, score_cutoff=AGENCY_MATCH_CUTOFF)
    return owners[match[2]] if match else None
