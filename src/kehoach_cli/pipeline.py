"""The flow for one document, as steps over plain data:

    ingest_document   the file's pages, each with the text its source gave (text layer, Word, text file)
    pages_to_ocr      which pages OCR must read again, or why it cannot
    ocr_document      the OCR of those pages (tesseract, in a pool of `jobs` workers)
    with_ocr          the OCR'd pages in place of the pages they read
    restore_document  marks put back where the text is still not Vietnamese; OCR's tones checked
    records_of        structure (metadata, sections, tasks) and the validated records

`kehoach extract` (cli.py) calls `extract_document`, which runs them in order, and prints the
PlanDocument it returns as JSON (export.render); `kehoach text` stops after restoration
(`document_text`). A batch (kehoach_cli.batch) runs the same steps as tasks of its one pool: a
document's pages to OCR spread over the pool, then its finish step (`finish_reading`, which is
with_ocr and restore_document, then records_of). Each step takes and returns data, so the steps can
run in different processes without reading the file twice.

Where each page's text comes from is decided here, from what ingest found: image-only pages and
pages whose text layer is not Vietnamese (or is an English-model OCR layer) are OCR'd when
tesseract is available (`--ocr auto`; `always` OCRs every page of a PDF or image); text that OCR
could not redo and is still not Vietnamese is restored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from .ingest import IngestedDocument, PageText, Table, ingest_file
from .ingest.ocr_options import OCR_DPI, PAGE_TIMEOUT_SECONDS, OcrPage, OcrSettings, default_jobs
from .models import PlanDocument, Quality
from .records import build_plan_document
from .restore import RestoredText, repair_ocr_text, restore_text
from .restore.cells import rejoin_strays
from .structure import structure_document
from .vietnamese import vietnamese_score

MIN_TEXT_CHARS = 20  # fewer visible characters than this: the page is an image
SCAN_IMAGE_COVER = 0.8  # an image this much of the page is a scan
MIN_WORDS_OVER_A_SCAN = 40  # fewer words over a scan are a stamp or a signature's text, not the page's
RESTORE_BELOW_SCORE = 0.45  # Vietnamese prose scores well above; stripped or English-OCR text below
# English-model OCR writes "số" as "s6", "Sở" as "S@", "Kế" as "K¢": a digit or symbol inside a
# word. A text layer with a few percent of such words is a bad OCR layer even if it scores well.
ENGLISH_OCR_TELL = re.compile(r"^(?:[^\W\d_]+[0-9¢@¥£§][^\W\d_]*|[0-9][^\W\d_]{1,2})$")
MAX_TELL_SHARE = 0.01
MIN_TELLS = 3
OcrMode = Literal["auto", "always", "never"]
# Options that do not change what a document becomes: `jobs` only how fast, and `password` is a
# secret that must never be written to an output (a batch's manifest keeps the rest).
NOT_IN_OUTPUT = frozenset({"jobs", "password"})


@dataclass(frozen=True)
class ExtractOptions:
    """How a document is read: plain data, so that it can be compared, saved and sent to a worker."""

    ocr: OcrMode = "auto"  # auto: pages without a good text layer; always: every page; never
    restore: bool = True
    jobs: int | None = None  # parallel OCR workers; None: the cores this process may use
    dpi: int = OCR_DPI
    page_timeout: float = PAGE_TIMEOUT_SECONDS
    password: str | None = None  # opens an encrypted PDF

    def recorded(self) -> dict[str, Any]:
        """The options that shape a document's output, as a plain dict to record beside it (a batch
        manifest): never the password."""
        return {name: value for name, value in asdict(self).items() if name not in NOT_IN_OUTPUT}


@dataclass(frozen=True)
class Listeners:
    """Who hears of a document's reading as it goes; none of it changes the output."""

    on_ocr_page: Callable[[int, int], None] | None = None  # progress: (pages done, pages to OCR)
    on_warning: Callable[[str], None] | None = None  # OCR cannot run here at all (tesseract missing)


@dataclass(frozen=True)
class OcrChoice:
    """The pages OCR should read, and why it cannot (None when it can, or when no page needs it)."""

    pages: tuple[int, ...] = ()
    problem: str | None = None

    @property
    def to_read(self) -> tuple[int, ...]:
        """The pages to hand to OCR: none when it cannot run."""
        return () if self.problem else self.pages


def extract_document(
    path: Path, options: ExtractOptions = ExtractOptions(), listeners: Listeners = Listeners()
) -> PlanDocument:
    """One document, from the file to the validated records: every step in order."""
    document, quality = read_document(path, options, listeners)
    return records_of(document, quality)


def read_document(
    path: Path, options: ExtractOptions = ExtractOptions(), listeners: Listeners = Listeners()
) -> tuple[IngestedDocument, Quality]:
    """The document's pages as the later stages read them: ingested, OCR'd where needed, restored."""
    document, quality = ingest_document(path, options)
    choice = pages_to_ocr(document, options)
    ocr = ocr_document(path, document, choice, options, listeners)
    return finish_reading(document, quality, choice, ocr, options)


def finish_reading(
    document: IngestedDocument, quality: Quality, choice: OcrChoice, ocr: dict[int, OcrPage], options: ExtractOptions
) -> tuple[IngestedDocument, Quality]:
    """The steps after OCR, up to the text: OCR's pages put in, then restoration if it is on."""
    document, quality = with_ocr(document, quality, choice, ocr)
    return restore_document(document, quality) if options.restore else (document, quality)


def records_of(document: IngestedDocument, quality: Quality) -> PlanDocument:
    """Structure and records of a document already read."""
    return build_plan_document(document, structure_document(document.pages), quality)


@dataclass(frozen=True)
class DocumentText:
    """What `kehoach text` prints: the text on stdout, and on stderr what a reader of it must know
    (pages OCR failed on or could not reach, a repaired cross-reference table)."""

    text: str
    warnings: list[str]


def document_text(
    path: Path, options: ExtractOptions = ExtractOptions(), listeners: Listeners = Listeners()
) -> DocumentText:
    """The document's text after OCR and restoration, pages separated by form feeds."""
    document, quality = read_document(path, options, listeners)
    return DocumentText(document.text, quality.warnings)


def ingest_document(path: Path, options: ExtractOptions) -> tuple[IngestedDocument, Quality]:
    """The file read into pages, and the quality record that the later steps add to."""
    document = ingest_file(path, options.password)
    return document, Quality(warnings=list(document.warnings))


def pages_to_ocr(document: IngestedDocument, options: ExtractOptions) -> OcrChoice:
    """The pages of a PDF or image that the mode asks OCR to read, and whether it can here."""
    if document.kind not in ("pdf", "image"):
        return OcrChoice()
    wanted = tuple(page.number for page in document.pages if options.ocr == "always" or not _is_good_vietnamese(page))
    if not wanted:
        return OcrChoice()
    if options.ocr == "never":
        return OcrChoice(wanted, "OCR is turned off (--ocr never)")
    from .ingest.ocr import tesseract_status  # OpenCV and pytesseract: only when pages need OCR

    return OcrChoice(wanted, tesseract_status())


def ocr_document(
    path: Path,
    document: IngestedDocument,
    choice: OcrChoice,
    options: ExtractOptions,
    listeners: Listeners = Listeners(),
) -> dict[int, OcrPage]:
    """What OCR made of the chosen pages, by number; none when it cannot run (said once to the
    listener, since the user may install tesseract, and per document in its warnings by with_ocr)."""
    if choice.problem and options.ocr != "never" and listeners.on_warning:
        listeners.on_warning(f"OCR is not available: {choice.problem}")
    if not choice.to_read:
        return {}
    from .ingest.ocr import ocr_pages

    settings = OcrSettings(dpi=options.dpi, page_timeout=options.page_timeout)
    return ocr_pages(
        path,
        document.kind,
        document.data,
        list(choice.to_read),
        jobs=options.jobs or default_jobs(),
        on_page=listeners.on_ocr_page,
        settings=settings,
    )


def with_ocr(
    document: IngestedDocument, quality: Quality, choice: OcrChoice, ocr: dict[int, OcrPage]
) -> tuple[IngestedDocument, Quality]:
    """The pages OCR read in place of their text layer; pages it could not read keep theirs, for
    restoration, and the quality record says which and why."""
    if choice.problem:
        numbers = choice.pages
        if len(numbers) == 1:
            warning = f"page {numbers[0]} has no usable text layer and was not OCR'd: {choice.problem}"
        else:
            warning = f"pages {_ranges(list(numbers))} have no usable text layer and were not OCR'd: {choice.problem}"
        return document, quality.model_copy(update={"warnings": [*quality.warnings, warning]})
    if not choice.pages:
        return document, quality
    from .ingest.header_fields import reread_header  # OpenCV: only where OCR read pages
    from .ingest.signature_block import reread_signature

    pages = [ocr[page.number].page or page if page.number in ocr else page for page in document.pages]
    header = reread_header(document.kind, document.data, pages[0]) if 1 in ocr and ocr[1].page else None
    pages = [header.page, *pages[1:]] if header else pages  # the handwritten number and date read again
    pages = [  # the signer's name under a stamp read again
        reread_signature(document.kind, document.data, page) if page.number in ocr and ocr[page.number].page else page
        for page in pages
    ]
    update = {
        "ocr_pages": sum(1 for result in ocr.values() if result.page is not None),
        "low_confidence_tokens": quality.low_confidence_tokens + sum(r.low_confidence_words for r in ocr.values()),
        "warnings": [
            *quality.warnings,
            *(w for result in ocr.values() for w in result.warnings),
            *(header.warnings if header else ()),
        ],
    }
    return replace(document, pages=pages), quality.model_copy(update=update)


def _is_good_vietnamese(page: PageText) -> bool:
    """Enough text, and Vietnamese with its marks, not an English-model OCR layer, nor a scanned page
    whose only text is a stamp's line ("SAO Y; CÔNG AN TỈNH ...; 03/02/2026"): nothing to OCR again or
    to restore."""
    return (
        not _too_little_text(page)
        and vietnamese_score(page.text) >= RESTORE_BELOW_SCORE
        and not _has_english_ocr_tells(page.text)
        and not _stamp_over_a_scan(page)
    )


def _stamp_over_a_scan(page: PageText) -> bool:
    return page.image_cover >= SCAN_IMAGE_COVER and len(page.text.split()) < MIN_WORDS_OVER_A_SCAN


def _has_english_ocr_tells(text: str) -> bool:
    words = [w for w in (raw.strip(".,;:()[]\"'!?") for raw in text.split()) if any(c.isalpha() for c in w)]
    tells = sum(1 for word in words if ENGLISH_OCR_TELL.match(word))
    return tells >= MIN_TELLS and tells >= MAX_TELL_SHARE * len(words)


def _too_little_text(page: PageText) -> bool:
    return sum(1 for c in page.text if not c.isspace()) < MIN_TEXT_CHARS


def restore_document(document: IngestedDocument, quality: Quality) -> tuple[IngestedDocument, Quality]:
    """Restore the pages whose text is not yet good Vietnamese and that OCR did not read (it was
    off, missing, or failed on them): OCR from the image beats guessing marks. On pages OCR read,
    only repair what tesseract misread (a tone mark: "để nghị" for đề nghị; a letter or mark of a
    word: "Sở Giúo dục" for Giáo) and put back words read into the table cell below their own. Count
    what changed (`restored_tokens`)."""
    restored_tokens = quality.restored_tokens
    low_confidence = quality.low_confidence_tokens
    pages: list[PageText] = []
    for page in document.pages:
        if page.source == "ocr":  # words back in their cells first: they are repaired in context
            page = replace(page, tables=[Table(rejoin_strays(t.rows), t.bbox) for t in page.tables])
            page, changed = _repair_page(page, repair_ocr_text)
            restored_tokens += changed
            pages.append(page)
            continue
        if _too_little_text(page) or _is_good_vietnamese(page):
            pages.append(page)
            continue
        result = restore_text(page.text)
        low_confidence += result.low_confidence_tokens()
        page, changed = _repair_page(page, restore_text, result)
        restored_tokens += changed
        pages.append(replace(page, source="restored"))
    update = {"restored_tokens": restored_tokens, "low_confidence_tokens": low_confidence}
    return replace(document, pages=pages), quality.model_copy(update=update)


def _repair_page(
    page: PageText, repair: Callable[[str], RestoredText], result: RestoredText | None = None
) -> tuple[PageText, int]:
    """The page with its text, prose and table cells repaired; the number of tokens changed in its text."""
    result = result or repair(page.text)
    prose = repair(page.prose).text if page.prose is not None else None
    tables = [Table([[repair(c).text if c else c for c in row] for row in t.rows], t.bbox) for t in page.tables]
    return replace(page, text=result.text, prose=prose, tables=tables), result.restored_tokens


def _ranges(numbers: list[int]) -> str:
    """1,2,3,5 -> "1-3, 5"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][-1] + 1:
            spans[-1].append(n)
        else:
            spans.append([n])
    return ", ".join(str(s[0]) if len(s) == 1 else f"{s[0]}-{s[-1]}" for s in spans)
