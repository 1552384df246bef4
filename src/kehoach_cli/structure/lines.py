"""The document as lines and paragraphs, with conversion artefacts removed.

Text pulled from PDFs is hard-wrapped: a paragraph spans several lines, and stray lines
(page numbers, hyperlinks left by a browser's print) sit between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest import PageText
from ..ingest.layout import group_lines as _group_lines

_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")
_PAGE_NUMBER_LINE = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
# A line that starts a block of its own rather than continuing the previous one.
BLOCK_START = re.compile(
    r"^(?:[IVX][IVX1l]{0,4}\.\s|\d{1,2}(?:\.\d{1,2})*\.\s|\d{1,2}\)\s|[a-zđ]\)\s|[-–•+*]\s*\S|"
    r"Nơi nhận|TM\.|KT\.|Phụ lục|PHỤ LỤC)"
)


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    blank_before: bool


@dataclass(frozen=True)
class Paragraph:
    text: str
    page: int
    lines: tuple[Line, ...]


def document_lines(pages: list[PageText]) -> list[Line]:
    """Non-empty, stripped lines outside tables, in reading order, artefacts dropped."""
    result: list[Line] = []
    for page in pages:
        blank = True
        for raw in page.prose_text.splitlines():
            text = " ".join(raw.split())
            if not text or _URL_LINE.match(text) or _PAGE_NUMBER_LINE.match(text):
                blank = blank or not text
                continue
            result.append(Line(text, page.number, blank))
            blank = False
    return result


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Rejoin hard-wrapped lines: a paragraph breaks only where a new block visibly starts."""
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or _starts_block(groups[-1][-1], line):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [Paragraph(join_wrapped([l.text for l in g]), g[0].page, tuple(g)) for g in groups]


def _starts_block(previous: Line, line: Line) -> bool:
    if BLOCK_START.match(line.text):
        return True
    if is_upper_heading(previous.text):
        # A heading wrapped over two lines ("V. TỔ CHỨC" / "THỰC HIỆN") is one paragraph.
        return not is_upper_heading(line.text) or previous.text.endswith((".", ":"))
    if not line.text[:1].isupper():
        return False
    short_heading = bool(BLOCK_START.match(previous.text)) and len(previous.text.split()) <= 8 \
        and not previous.text.endswith((",", ";", "-"))
    return short_heading or previous.text.endswith((".", ":")) and not previous.text.endswith("..")


def is_upper_heading(text: str, share: float = 0.8) -> bool:
    """An ALL-CAPS line such as "I. MỤC ĐÍCH, YÊU CẦU" or "KẾ HOẠCH" (`share`: of its letters)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= share * len(letters)


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped line fragments with single spaces."""
    return " ".join(p.strip() for p in parts if p.strip())


def signature_column(pages: list[PageText]) -> list[Line]:
    """Lines of the signature block, read from word boxes: the column that starts at "TM.".

    Empty when the pages carry no word boxes (text files) or no "TM." mark.
    """
    for page in reversed(pages):
        anchors = [w for w in page.words if w.text in ("TM.", "TM")]
        if anchors:
            anchor = anchors[-1]
            # Title lines are centred under "TM." and can be wider than it, but never reach
            # into the left half, where the recipients are.
            left = min(anchor.x0 - 20, page.width / 2)
            column = [w for w in page.words if w.x0 >= left and w.top >= anchor.top - 2]
            return [Line(text, page.number, False) for text in _group_lines(column)]
    return []


APPENDIX_TITLE = re.compile(r"^\**\s*(Phụ lục|PHỤ LỤC)\b")


def appendix_start(lines: list[Line]) -> int:
    """Index of the first appendix line ("Phụ lục ..."), or len(lines) when there is none.

    The appendix follows the signature: a "Phụ lục" mention inside the body ("Chi tiết tại Phụ
    lục kèm theo") is not at a line start after "TM." and does not count.
    """
    signed = False
    for index, line in enumerate(lines):
        signed = signed or line.text.startswith(("TM.", "TM ", "KT.", "Nơi nhận"))
        if signed and APPENDIX_TITLE.match(line.text):
            return index
    return len(lines)
