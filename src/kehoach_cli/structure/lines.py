"""The document as lines and paragraphs, with conversion artefacts removed.

Text pulled from PDFs is hard-wrapped: a paragraph spans several lines, and stray lines
(page numbers, hyperlinks left by a browser's print) sit between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest import PageText
from ..ingest.layout import group_lines as _group_lines
from .agency_lists import names_agency

_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$")
_PAGE_NUMBER_LINE = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")
# An item's number that OCR read with a comma ("9, Sở Thông tin và Truyền thông" at the top of a page): an item
# where an agency's name follows (comma_item).
COMMA_ITEM = re.compile(r"^(?P<label>\d{1,2}),\s+(?P<rest>\S.*)$", re.DOTALL)
# A line that starts a block of its own rather than continuing the previous one.
BLOCK_START = re.compile(
    r"^(?:[IVX][IVX1l]{0,4}\.\s|\d{1,2}(?:\.\d{1,2})*\.\s|\(?\d{1,2}\)\s|[a-zđ]\)\s|\([ivx]{1,4}\)\s|"
    r"[^\s()]{1,2}\)\s+[A-ZĐÀ-ỸÁÉÍÓÚÝ]|[-–•+*]\s*\S|Điều \d|"
    r"Nơi nhận|TM\.|KT\.|Phụ lục|PHỤ LỤC)"
)
DASH_LINE = re.compile(r"^[-–]\s+\S")
ARTICLE_LINE = re.compile(r"^Điều \d{1,3}\s*[.:]")
# Emphasis marks of a text copy saved from a web page ("**VI. TỔ CHỨC", "HIỆN**", "*(nếu có)*"):
# not words of the document. A line-opening "* " is a bullet and stays.
_EMPHASIS = re.compile(r"(?<=\S)\*+|\*+(?=\S)|(?<=\s)\*+(?=\s)")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s+")  # a Markdown copy's heading ("#### Điều 7. Nguồn lực ..."): not words
_TABLE_RULE_LINE = re.compile(r"^[|\s]+$")  # what is left of a two-column header laid out as a table
# Words a heading or an agency's name cannot end with: a line ending in one goes on ("2. Sở" / "Tài chính").
_OPEN_ENDINGS = frozenset(
    {
        "và",
        "của",
        "các",
        "với",
        "về",
        "cho",
        "trong",
        "tại",
        "theo",
        "để",
        "có",
        "những",
        "sở",
        "ủy",
        "uỷ",
        "ban",
        "bộ",
        "cục",
        "hội",
        "đài",
        "chi",
        "trung",
        "tổng",
        "ngân",
    }
)
# Lines this long are whole paragraphs (a Word file, a text copy without hard wraps).
_UNWRAPPED_CHARS = 160
_UNWRAPPED_SHARE = 0.1
# Blank lines separate paragraphs when they fall between some lines but not after every line.
_BLANK_SHARE = (0.15, 0.75)
_MIN_BLANKS = 3
SHORT_LINE_SHARE = 0.6  # of a full line: a line this short was broken by its writer, not by the margin
DAMAGED_CAPITALS = 0.7  # "I. MỤC Đích, YÊU CẦU": restoration may lower a letter or two of a heading


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    blank_before: bool
    ends_bold: bool = False  # the line closes an emphasis run: a heading's last line in a text copy
    whole: bool = False  # the line is a whole paragraph (a Word paragraph): never joined
    starts_bold: bool = False  # the line opens an emphasis run


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
        whole = page.whole_lines
        for raw in page.prose_text.splitlines():
            text = " ".join(_EMPHASIS.sub("", _HEADING_MARKS.sub("", raw)).split())
            if not text or _URL_LINE.match(text) or _PAGE_NUMBER_LINE.match(text) or _TABLE_RULE_LINE.match(text):
                blank = blank or not text or bool(_TABLE_RULE_LINE.match(text))
                continue
            result.append(
                Line(text, page.number, blank, raw.rstrip().endswith("**"), whole, raw.lstrip().startswith("**"))
            )
            blank = False
    return result


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Rejoin hard-wrapped lines by the layout the text shows: Word paragraphs and lines of a text
    without hard wraps stand alone; where blank lines separate paragraphs, a block between them is
    one paragraph (split only where a numbered or bulleted line follows a finished sentence or a
    heading); otherwise a paragraph breaks where a new block visibly starts. In a text copy that
    marks its headings bold, a heading ends where the bold does, and a short numbered line is no
    heading by itself (its paragraph goes on: "Điều 2. Giao Sở Công" / "Thương chủ trì, ...")."""
    layout = Layout(_mode(lines), any(line.ends_bold for line in lines), _column_width(lines))
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _bold_heading_goes_on(groups[-1], line):
            groups[-1].append(line)
        elif (
            not groups
            or line.whole
            or groups[-1][-1].whole
            or layout.mode == "unwrapped"
            or _breaks(layout, groups[-1][-1], line)
        ):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [Paragraph(join_wrapped([part.text for part in g]), g[0].page, tuple(g)) for g in groups]


@dataclass(frozen=True)
class Layout:
    mode: str  # "unwrapped", "blank" (blank lines separate paragraphs) or "wrapped"
    bold_headings: bool  # the text marks its headings bold ("**1. Sở Y tế**")
    width: int = 0  # characters in a full line of the text's column (hard-wrapped text)


def _column_width(lines: list[Line]) -> int:
    """The length of a full line: the median of the lines' lengths (most lines of a hard-wrapped text
    run to the right margin; a paragraph's last line and a heading stop short)."""
    lengths = sorted(len(line.text) for line in lines)
    return lengths[len(lengths) // 2] if lengths else 0


def _mode(lines: list[Line]) -> str:
    if not lines:
        return "wrapped"
    if sum(len(line.text) > _UNWRAPPED_CHARS for line in lines) >= _UNWRAPPED_SHARE * len(lines):
        return "unwrapped"
    blanks = sum(line.blank_before for line in lines[1:])
    share = blanks / len(lines)
    return "blank" if blanks >= _MIN_BLANKS and _BLANK_SHARE[0] <= share <= _BLANK_SHARE[1] else "wrapped"


def _breaks(layout: Layout, previous: Line, line: Line) -> bool:
    if previous.ends_bold:
        return True
    if _hyphen_goes_on(previous, line):
        return False
    # Bold ends a heading in a layout that makes headings bold; an article's heading may keep only its
    # "Điều 2." bold ("**Điều 2. **Tổ chức thực hiện" / "1. Sở Y tế ..."): a numbered line ends it there too.
    article_item = bool(ARTICLE_LINE.match(previous.text) and BLOCK_START.match(line.text))
    short_heading = (not layout.bold_headings or article_item) and _after_short_heading(previous, line)
    if layout.mode == "blank":
        if line.blank_before or short_heading:
            return True
        if is_upper_heading(previous.text) and not is_upper_heading(line.text):
            return True
        if BLOCK_START.match(line.text) and is_upper_heading(line.text, DAMAGED_CAPITALS):
            return True  # "(Chi tiết tại Phụ lục)" / "III. KINH PHÍ THỰC HIỆN"
        return bool(BLOCK_START.match(line.text)) and previous.text.endswith((".", ";", ":"))
    if BLOCK_START.match(line.text) or comma_item(line.text):
        return True
    if is_upper_heading(previous.text):
        # A heading wrapped over two lines ("V. TỔ CHỨC" / "THỰC HIỆN") is one paragraph.
        return not is_upper_heading(line.text) or previous.text.endswith((".", ":"))
    if not line.text[:1].isupper():
        return False
    return (
        short_heading
        or previous.text.endswith((".", ":"))
        and not previous.text.endswith("..")
        or _stops_short(layout, previous)
    )


def comma_item(text: str) -> re.Match[str] | None:
    """The number and text of an item whose number OCR read as "9," before an agency's name, else None."""
    match = COMMA_ITEM.match(text)
    return match if match and names_agency(match["rest"]) else None


def _stops_short(layout: Layout, previous: Line) -> bool:
    """A hard-wrapped line that stops far from the right margin ends its paragraph ("7. Tăng cường ... cho
    công tác phòng," / "chống ma túy" / "Sở Tài chính chủ trì, ..."), unless it stops where a name or a
    clause cannot ("2. Sở" / "Tài chính", "..., " / "Sở ...")."""
    return (
        len(previous.text) < SHORT_LINE_SHARE * layout.width
        and not _ends_open(previous.text)
        and not previous.text.endswith((",", ";", "-", "–"))
    )


def _bold_heading_goes_on(group: list[Line], line: Line) -> bool:
    """A numbered bold agency heading that a web copy split into two bold runs ("**3. Đề nghị Ủy ban Mặt trận
    ..., Hội Liên hiệp**" / "**Phụ nữ Thành phố và các tổ chức ...**"): the second run has no label of
    its own and the first stops without a stop, colon or semicolon."""
    first, last = group[0], group[-1]
    if not (last.ends_bold and line.starts_bold and first.starts_bold):
        return False  # checked first: this runs for every line of the document
    if sum(part.starts_bold for part in group) != 1 or any(":" in part.text for part in group):
        return False  # one run joins once; a heading with a colon is whole
    label = BLOCK_START.match(first.text)
    return (
        label is not None
        and names_agency(first.text[label.end() :])
        and not BLOCK_START.match(line.text)
        and not last.text.endswith((".", ":", ";"))
        and not is_upper_heading(last.text)
        and not is_upper_heading(line.text)
        and line.text[:1].isupper()
    )


def _hyphen_goes_on(previous: Line, line: Line) -> bool:
    """ "... Cục Cảnh sát Quản lý hành chính về trật tự xã hội" / "- Cơ quan thường trực ...": a dash that
    opens a line after an unfinished one, in the middle of a paragraph, joins two names; a bullet
    follows a finished sentence, a clause (";", ":"), a heading or a blank line."""
    return (
        bool(DASH_LINE.match(line.text))
        and not line.blank_before
        and previous.text[-1:].isalnum()
        and not is_upper_heading(previous.text)
        and not BLOCK_START.match(previous.text)
    )


def _after_short_heading(previous: Line, line: Line) -> bool:
    """A short numbered line is a heading of its own ("1. Mục đích" / "Cụ thể hóa ..."), unless it
    stops where a name cannot ("2. Sở" / "Tài chính")."""
    return (
        (line.text[:1].isupper() or bool(BLOCK_START.match(line.text)))
        and bool(BLOCK_START.match(previous.text))
        and len(previous.text.split()) <= 8
        and not previous.text.endswith((",", ";", "-"))
        and not _ends_open(previous.text)
    )


def _ends_open(text: str) -> bool:
    """The line stops on a word that cannot end a heading or a name ("2. Sở", "10. Ủy")."""
    last = text.split()[-1].lower() if text.split() else ""
    return last in _OPEN_ENDINGS


def is_upper_heading(text: str, share: float = 0.8) -> bool:
    """An ALL-CAPS line such as "I. MỤC ĐÍCH, YÊU CẦU" or "KẾ HOẠCH" (`share`: of its letters)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= share * len(letters)


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped line fragments with single spaces."""
    return " ".join(p.strip() for p in parts if p.strip())


def signature_column(pages: list[PageText]) -> list[Line]:
    """Lines of the signature block: from word boxes, the column that starts at its mark ("TM.", "KT.",
    in the right part of the page: "Lưu: VT, KT." in the recipients is none); in a Word file, the table
    cell that holds the mark (the block sits in a borderless table beside "Nơi nhận").

    Empty when neither holds a mark (text files, OCR'd pages without word boxes).
    """
    for page in reversed(pages):
        anchors = [w for w in page.words if w.text in SIGNATURE_WORDS and w.x0 >= page.width * SIGNATURE_SIDE]
        if anchors:
            anchor = anchors[-1]
            # Title lines are centred under "TM." and can be wider than it, but never reach
            # into the left half, where the recipients are.
            left = min(anchor.x0 - 20, page.width / 2)
            column = [w for w in page.words if w.x0 >= left and w.top >= anchor.top - 2]
            return [Line(text, page.number, False) for text in _group_lines(column)]
    for page in reversed(pages):
        for cell in (cell for table in reversed(page.tables) for row in table.rows for cell in row if cell):
            mark = CELL_SIGNATURE.search(cell)
            if mark:
                return [
                    Line(text.strip(), page.number, False) for text in cell[mark.start() :].splitlines() if text.strip()
                ]
    return []


SIGNATURE_WORDS = ("TM.", "TM", "KT.", "KT", "T/M.")
SIGNATURE_SIDE = 1 / 3  # the signature column starts right of this share of the page's width
# A signature block's mark and the title after it ("KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "TL. GIÁM ĐỐC").
SIGNATURE_MARK_TITLE = r"(?:TM|T/M|KT|Q|TL)\.\s*[A-ZĐ]"
CELL_SIGNATURE = re.compile(rf"^[ \t]*{SIGNATURE_MARK_TITLE}", re.MULTILINE)
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
