"""The small objects every later stage reads: a page, its words, its ruled tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the contract's type; ingest itself does not load pydantic
    from ..models import PageSource, SourceKind


@dataclass(frozen=True)
class Word:
    """A word with its box in PDF points (origin top-left), as pdfplumber reports it."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Table:
    """A ruled table as rows of cells; None marks a cell covered by a merged neighbour. A table written
    as text may have rows shorter than its header: the cells merged down over them are missing, and
    which columns they are the task-table reader tells (structure/tables.placed)."""

    rows: list[list[str | None]]
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True)
class PageText:
    number: int
    text: str
    source: PageSource
    words: list[Word] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    prose: str | None = None  # the text outside ruled tables; None means the same as `text`
    whole_lines: bool = False  # each line of the prose is a whole paragraph (a Word file), never hard-wrapped
    image_cover: float = 0.0  # share of the page under images: a scan whose text layer is a stamp's line or two

    @property
    def prose_text(self) -> str:
        return self.text if self.prose is None else self.prose


@dataclass(frozen=True)
class IngestedDocument:
    path: str
    sha256: str
    kind: SourceKind
    pages: list[PageText]
    data: bytes = field(default=b"", repr=False)  # the file as read (decrypted), for OCR to render pages from
    warnings: list[str] = field(default_factory=list)  # what ingest recovered from (a damaged PDF)

    @property
    def text(self) -> str:
        """The whole document's text, pages separated by form feeds."""
        return "\f".join(page.text for page in self.pages)
