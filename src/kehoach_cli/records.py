"""Records stage: validate structured data into the contract models, add canonical names.

Entry point: `build_plan_document(document, plan, quality)` -> PlanDocument. The document's
own wording stays in the record; canonical names and successors go in separate fields.
"""

from __future__ import annotations

from collections.abc import Sequence

from .gazetteer import canonical_agency, province_successor
from .ingest import IngestedDocument
from .models import Cover, Metadata, PlanDocument, Quality, Source, TaskRecord
from .structure import StructuredPlan, TaskDraft
from .timeline import timeline_kind, timeline_span

SOURCE_CONFIDENCE = {"native": 0.95, "text": 0.9, "ocr": 0.8, "restored": 0.7}


def build_plan_document(document: IngestedDocument, plan: StructuredPlan, quality: Quality) -> PlanDocument:
    page_sources = [page.source for page in document.pages]
    source = Source(
        path=document.path,
        sha256=document.sha256,
        kind=document.kind,
        pages=len(document.pages),
        page_sources=page_sources,
    )
    draft = plan.metadata
    metadata = Metadata.model_validate(
        {**draft.model_dump(exclude={"warnings"}), "province_successor": province_successor(draft.province)}
    )
    tasks = [task_record(task, _page_source(page_sources, task.page)) for task in plan.tasks]
    quality = quality.model_copy(update={"warnings": [*quality.warnings, *plan.warnings]})
    return PlanDocument(
        source=source, metadata=metadata, cover=_cover(plan), tasks=tasks, sections=plan.tree, quality=quality
    )


def _cover(plan: StructuredPlan) -> Cover | None:
    if plan.cover is None:
        return None
    fields = set(Cover.model_fields) - {"pages"}  # the cover letter's own metadata, as the contract names it
    return Cover(**plan.cover.metadata.model_dump(include=fields), pages=plan.cover.pages)


def _page_source(page_sources: Sequence[str], page: int | None) -> str:
    return page_sources[page - 1] if page and 0 < page <= len(page_sources) else "text"


def task_record(task: TaskDraft, page_source: str) -> TaskRecord:
    named = task.lead_agency or task.lead_canonical
    agency = canonical_agency(named) if named else None
    partners = [canonical_agency(name) for name in task.partner_agencies]
    span = timeline_span(task.timeline)
    confidence = SOURCE_CONFIDENCE.get(page_source, 0.7) * (1.0 if task.lead_agency else 0.8)
    if task.origin == "prose":
        confidence *= 0.9
    return TaskRecord(
        section=task.section,
        section_title=task.section_title,
        stt=task.stt,
        task=task.task,
        lead_agency=task.lead_agency,
        lead_agency_canonical=agency.canonical if agency else None,
        lead_agency_successors=list(agency.successors) if agency else [],
        partner_agencies=task.partner_agencies,
        partner_agencies_canonical=[p.canonical if p else None for p in partners],
        timeline=task.timeline,
        timeline_kind=timeline_kind(task.timeline),
        timeline_years=span.years,
        timeline_start=span.start,
        timeline_end=span.end,
        origin=task.origin,
        page=task.page,
        confidence=round(confidence, 3),
        is_request=task.is_request,
        extra=task.extra,
    )
