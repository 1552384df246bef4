"""The output contract (schema_version "1"): what users' scripts rely on.

Field names here are a public promise: add fields freely, never rename these.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Literal["1"] = "1"

SourceKind = Literal["pdf", "image", "text", "docx", "doc", "rtf", "odt"]
PageSource = Literal["native", "ocr", "text", "restored", "none"]
TimelineKind = Literal["recurring", "annual", "on_request", "deadline", "period", "unknown"]
TaskOrigin = Literal["table", "prose"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """Where the document came from, so a record can always be traced back to its file."""

    path: str
    sha256: str
    kind: SourceKind
    pages: int
    page_sources: list[PageSource] = Field(
        description="Per page: where its text came from; none for an image page that was not OCR'd"
    )


class LegalBasis(_Model):
    """An instrument the plan implements or cites ("Quyết định số 27/QĐ-TTg ngày 03/01/2025")."""

    number: str = Field(description='Document code as written, e.g. "27/QĐ-TTg"')
    date: str | None = Field(default=None, description="ISO date or null")
    issuer: str | None = None
    title: str | None = None


class ReportingDeadline(_Model):
    """A reporting obligation ("trước ngày 30/11 hằng năm")."""

    text: str
    frequency: str | None = Field(
        default=None, description="annual | semiannual | quarterly | monthly | once (a dated deadline)"
    )
    day: int | None = None
    month: int | None = None
    year: int | None = Field(default=None, description='Year of a one-off deadline ("trước ngày 15/12/2026")')


class Metadata(_Model):
    doc_type: str | None = Field(
        default=None,
        description='Type of document as its title names it: "Kế hoạch", "Quyết định", "Chỉ thị", '
        '"Thông báo", "Công văn", "Báo cáo", "Tờ trình", ...',
    )
    issuer: str | None = None
    province: str | None = None
    province_successor: str | None = Field(
        default=None,
        description="Province that governs the plan's territory since 1 July 2025, when 63 provinces became 34 "
        "(Nghị quyết 202/2025/QH15); the same name where the province was kept",
    )
    doc_number: str | None = None
    issued_date: str | None = Field(default=None, description='ISO date, e.g. "2025-02-17"')
    place: str | None = None
    title: str | None = None
    signer_name: str | None = None
    signer_title: str | None = None
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    reporting_deadlines: list[ReportingDeadline] = Field(default_factory=list)


class TaskRecord(_Model):
    """One task: who must do what and when, in the document's own wording."""

    section: str | None = Field(default=None, description='Roman numeral of the section ("I".."VII") or null')
    section_title: str | None = None
    stt: str | None = Field(default=None, description="Row number as printed")
    task: str = Field(description='Full task text, paragraphs joined by "\\n"')
    lead_agency: str | None = Field(default=None, description="As written (restored)")
    lead_agency_canonical: str | None = Field(default=None, description="Canonical 2025-02 name from the gazetteer")
    lead_agency_successors: list[str] = Field(
        default_factory=list, description="Agencies holding the task after the 2025 reorganisation"
    )
    partner_agencies: list[str] = Field(default_factory=list, description="As written, one agency each")
    partner_agencies_canonical: list[str | None] = Field(
        default_factory=list, description="Canonical name of each partner (same order), null when not in the gazetteer"
    )
    timeline: str | None = Field(default=None, description="As written")
    timeline_kind: TimelineKind = "unknown"
    timeline_years: list[int] = Field(
        default_factory=list, description='Years the timeline names, expanded for ranges ("2025 - 2027" -> 3 years)'
    )
    timeline_start: str | None = Field(default=None, description="ISO date the timeline starts, where stated")
    timeline_end: str | None = Field(
        default=None, description='ISO date the task is due, where stated ("Quý II/2025" -> "2025-06-30")'
    )
    origin: TaskOrigin
    requested: bool = Field(
        default=False, description='True for requests to bodies outside the committee\'s command ("Đề nghị ...")'
    )
    is_request: bool = Field(
        default=False, description="Deprecated mirror of `requested` (same value), kept for v1 readers"
    )
    page: int | None = Field(default=None, description="1-based page where the task starts")
    extra: dict[str, str] = Field(
        default_factory=dict,
        description='Other table columns, header text -> cell text ("Sản phẩm", "Kinh phí", "Ghi chú", ...)',
    )
    confidence: float = Field(ge=0.0, le=1.0)

    @model_validator(mode="before")
    @classmethod
    def _mirror_requested(cls, data: object) -> object:
        """`is_request` (v1) and `requested` are one fact: either one set makes both true."""
        if isinstance(data, dict) and (data.get("requested") or data.get("is_request")):
            data = {**data, "requested": True, "is_request": True}
        return data


class SectionNode(_Model):
    """A node of the plan's numbered tree: "II" (roman section), "1", "a", "-" or "+"."""

    label: str = Field(description='The label as printed: "II", "1", "1.2", "a", "-", "+"')
    heading: str | None = Field(default=None, description="Heading text (before a colon, or a short title line)")
    text: str = Field(default="", description='The node\'s own text, paragraphs joined by "\\n"')
    children: list[SectionNode] = Field(default_factory=list)


class Quality(_Model):
    warnings: list[str] = Field(default_factory=list)
    restored_tokens: int = 0
    low_confidence_tokens: int = 0
    ocr_pages: int = 0


class Cover(_Model):
    """The document that submits or sends the one read (a Tờ trình before the draft plan it asks to
    issue), when both come in one file: what it is, and its pages."""

    doc_type: str | None = None
    doc_number: str | None = None
    issued_date: str | None = None
    issuer: str | None = None
    signer_name: str | None = None
    pages: list[int] = Field(description="First and last page of the cover in the file")


class PlanDocument(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    metadata: Metadata
    cover: Cover | None = Field(
        default=None, description="The cover letter the file opens with, when the document read is attached to it"
    )
    tasks: list[TaskRecord] = Field(default_factory=list)
    sections: list[SectionNode] = Field(default_factory=list, description="The numbered tree of the body")
    quality: Quality = Field(default_factory=Quality)


class TaskRow(TaskRecord):
    """A task as a flat row (JSON Lines / CSV): the task plus its document's keys."""

    doc_number: str | None = None
    province: str | None = None
    province_successor: str | None = None
    source_path: str
