"""Records stage: validate structured data into the contract models, add canonical names.

Entry point: `build_plan_document(document, plan, quality)` -> PlanDocument. The document's
own wording stays in the record; canonical names and successors go in separate fields.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .gazetteer import canonical_agency, province_successor
from .ingest import IngestedDocument
from .models import Cover, Metadata, PlanDocument, Quality, Source, TaskRecord
from .structure import StructuredPlan, TaskDraft
from .vietnamese import fold

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
    draft = plan.metadata
    metadata = Metadata.model_validate({**draft.model_dump(exclude={"warnings"}),
                                        "province_successor": province_successor(draft.province)})
    tasks = [task_record(task, _page_source(page_sources, task.page)) for task in plan.tasks]
    quality = quality.model_copy(update={"warnings": [*quality.warnings, *plan.warnings]})
    return PlanDocument(source=source, metadata=metadata, cover=_cover(plan), tasks=tasks, sections=plan.tree,
                        quality=quality)


def _cover(plan: StructuredPlan) -> Cover | None:
    if plan.cover is None:
        return None
    meta = plan.cover.metadata
    return Cover(doc_type=meta.doc_type, doc_number=meta.doc_number, issued_date=meta.issued_date,
                 issuer=meta.issuer, signer_name=meta.signer_name, pages=plan.cover.pages)


def _page_source(page_sources: list[str], page: int | None) -> str:
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
        section=task.section, section_title=task.section_title, stt=task.stt, task=task.task,
        lead_agency=task.lead_agency,
        lead_agency_canonical=agency.canonical if agency else None,
        lead_agency_successors=list(agency.successors) if agency else [],
        partner_agencies=task.partner_agencies,
        partner_agencies_canonical=[p.canonical if p else None for p in partners], timeline=task.timeline,
        timeline_kind=timeline_kind(task.timeline), timeline_years=span.years, timeline_start=span.start,
        timeline_end=span.end, origin=task.origin, page=task.page, confidence=round(confidence, 3),
        is_request=task.is_request, extra=task.extra,
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


@dataclass(frozen=True)
class TimelineSpan:
    """The years and dates a timeline states; empty where it states none ("Thường xuyên")."""

    years: list[int]
    start: str | None
    end: str | None


YEAR = r"((?:19|20)\d{2})"
QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\s*(?:/|nam)?\s*" + YEAR)
MONTH = re.compile(r"thang\s*(\d{1,2})\s*(?:/|nam)\s*" + YEAR)
DAY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + YEAR + r"|ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*" + YEAR)
YEAR_RANGE = re.compile(YEAR + r"\s*[-–]\s*" + YEAR)
LONE_YEAR = re.compile(r"(?<![\d/])" + YEAR + r"(?![\d/])")
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
BEFORE = re.compile(r"truoc|cham nhat|hoan thanh")


def timeline_span(timeline: str | None) -> TimelineSpan:
    """Years and dates stated in a timeline ("Quý IV/2025 - Quý II/2026" -> 2025-10-01 .. 2026-06-30).

    Each date, month, quarter or year mentioned is a span; the timeline runs from the earliest
    start to the latest end. A deadline ("Trước ngày 30/11/2025") has an end and no start.
    """
    if not timeline:
        return TimelineSpan([], None, None)
    text = fold(timeline)
    spans: list[tuple[date, date]] = []
    rest = text
    for pattern, to_span in ((DAY, _day_span), (QUARTER, _quarter_span), (MONTH, _month_span),
                             (YEAR_RANGE, _range_span), (LONE_YEAR, _year_span)):
        for match in pattern.finditer(rest):
            span = to_span(match)
            if span:
                spans.append(span)
        rest = pattern.sub(" ", rest)
    if not spans:
        return TimelineSpan([], None, None)
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    years = list(range(start.year, end.year + 1))
    deadline = BEFORE.search(text) is not None and all(s == e for s, e in spans)
    return TimelineSpan(years, None if deadline else start.isoformat(), end.isoformat())


def _day_span(match: re.Match[str]) -> tuple[date, date] | None:
    day, month, year = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return when, when


def _quarter_span(match: re.Match[str]) -> tuple[date, date]:
    quarter, year = QUARTERS[match[1]], int(match[2])
    last = 3 * quarter
    return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])


def _month_span(match: re.Match[str]) -> tuple[date, date] | None:
    month, year = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _range_span(match: re.Match[str]) -> tuple[date, date] | None:
    first, last = int(match[1]), int(match[2])
    return (date(first, 1, 1), date(last, 12, 31)) if first <= last else None


def _year_span(match: re.Match[str]) -> tuple[date, date]:
    year = int(match[1])
    return date(year, 1, 1), date(year, 12, 31)
