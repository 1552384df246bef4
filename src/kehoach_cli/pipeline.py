"""The flow for one document: ingest -> (OCR) -> restore -> structure -> records.

Decisions about where each page's text comes from are made here, from what ingest found:
image-only pages and pages whose text layer is not Vietnamese are OCR'd when tesseract is
available; text that is still not Vietnamese is restored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .ingest import IngestedDocument, PageText, Table, ingest_file
from .ingest.ocr import ocr_pages, tesseract_status
from .models import PlanDocument, Quality
from .records import build_plan_document
from .restore import restore_text, vietnamese_score
from .structure import structure_document

MIN_TEXT_CHARS = 20  # fewer visible characters than this: the page is an image
RESTORE_BELOW_SCORE = 0.45  # Vietnamese prose scores well above; stripped or English-OCR text below


@dataclass(frozen=True)
class ExtractOptions:
    ocr: bool = True
    restore: bool = True
    jobs: int = 2
    on_ocr_page: Callable[[int, int], None] | None = None  # progress: (pages done, pages to OCR)
    # Who OCRs the pages, with ocr_pages' signature: ocr_pages itself (its own pool of `jobs`) by default;
    # a batch passes one that feeds the batch's single pool instead (kehoach_cli.batch).
    ocr_runner: Callable[..., dict[int, PageText]] | None = None


def extract_document(path: Path, options: ExtractOptions = ExtractOptions()) -> PlanDocument:
    document = ingest_file(path)
    quality = Quality()
    document, quality = _ocr_where_needed(path, document, options, quality)
    if options.restore:
        document, quality = restore_document(document, quality)
    plan = structure_document(document.pages)
    return build_plan_document(document, plan, quality)


def document_text(path: Path, options: ExtractOptions = ExtractOptions()) -> str:
    """The document's text after OCR and restoration, pages separated by form feeds."""
    document = ingest_file(path)
    document, _ = _ocr_where_needed(path, document, options, Quality())
    if options.restore:
        document, _ = restore_document(document, Quality())
    return document.text


def _ocr_where_needed(path: Path, document: IngestedDocument, options: ExtractOptions,
                      quality: Quality) -> tuple[IngestedDocument, Quality]:
    if document.kind not in ("pdf", "image"):
        return document, quality
    wanted = [page.number for page in document.pages if not _is_good_vietnamese(page)]
    if not wanted:
        return document, quality
    problem = None if options.ocr else "OCR is turned off (--no-ocr)"
    problem = problem or tesseract_status()
    if problem:
        warning = f"pages {_ranges(wanted)} have no usable text layer and were not OCR'd: {problem}"
        return document, quality.model_copy(update={"warnings": [*quality.warnings, warning]})
    run_ocr = options.ocr_runner or ocr_pages
    ocr = run_ocr(path, document.kind, document.data, wanted, jobs=options.jobs, on_page=options.on_ocr_page)
    pages = [ocr.get(page.number, page) for page in document.pages]
    return replace(document, pages=pages), quality.model_copy(update={"ocr_pages": len(ocr)})


def _is_good_vietnamese(page: PageText) -> bool:
    """Enough text, and Vietnamese with its marks: nothing to OCR again or to restore."""
    return not _too_little_text(page) and vietnamese_score(page.text) >= RESTORE_BELOW_SCORE


def _too_little_text(page: PageText) -> bool:
    return sum(1 for c in page.text if not c.isspace()) < MIN_TEXT_CHARS


def restore_document(document: IngestedDocument, quality: Quality) -> tuple[IngestedDocument, Quality]:
    """Restore the pages whose text is not yet good Vietnamese; count what changed."""
    restored_tokens = quality.restored_tokens
    low_confidence = quality.low_confidence_tokens
    pages: list[PageText] = []
    for page in document.pages:
        if _too_little_text(page) or _is_good_vietnamese(page):
            pages.append(page)
            continue
        result = restore_text(page.text)
        restored_tokens += result.restored_tokens
        low_confidence += result.low_confidence_tokens()
        prose = restore_text(page.prose).text if page.prose is not None else None
        tables = [Table([[restore_text(c).text if c else c for c in row] for row in t.rows], t.bbox)
                  for t in page.tables]
        pages.append(replace(page, text=result.text, prose=prose, tables=tables, source="restored"))
    update = {"restored_tokens": restored_tokens, "low_confidence_tokens": low_confidence}
    return replace(document, pages=pages), quality.model_copy(update=update)


def _ranges(numbers: list[int]) -> str:
    """1,2,3,5 -> "1-3, 5"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    return ", ".join(str(s[0]) if len(s) == 1 else f"{s[0]}-{s[-1]}" for s in spans)
