"""Task rows from an appendix table that reached us as flattened text (OCR without table layout).

Each printed line carries a slice of every column side by side: "Nghiên cứu, ... pháp Sở Lao động - |
Các sở, ban ngành, đơn vị Theo đề nghị,". Rows cannot be cut at line boundaries, so they are found
from what every row has exactly once: a timeline cell ("Thường xuyên hằng năm", "Theo đề nghị, ...")
and a partner cell that ends with the districts ("... UBND các huyện, thành phố"). Inside a row the
lead agency is the gazetteer name whose words appear in order (interleaved with other columns) and
that is not followed by ";" (a partner list); what is left of the first column is the task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from ..gazetteer import agencies
from ..vietnamese import fold
from .agency_lists import list_heads
from .lines import Line
from .sections import roman_to_int
from .tables import TaskDraft

# A section row: a roman numeral (OCR may lower-case or drop a stroke: "v", "I" for "III") and a title.
SECTION_ROW = re.compile(r"^(?P<numeral>[IVXv]{1,4})\s*[|\[]?\s*(?P<title>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^|]{10,})?$")
ROW_NUMBER = re.compile(r"^(?P<stt>\d{1,2})\s*[|\[.]?\s+")
HEADER_WORDS = ("stt", "nhiem vu", "chu tri", "phoi hop", "thoi gian")
# Phrases that open a timeline cell, and the end of a partner cell (folded).
TIMELINE_OPENER = re.compile(r"\b(?:th\S{0,6} xuyen|theo de ?ngh|khi co yeu cau|truoc ngay|hang nam|quy [iv]+/\d{4})")
ROW_OPENING_TIMELINE = re.compile(r"\b(?:\S{0,4}xuyen|theo de ?ngh)")
PARTNER_END = re.compile(r"\bthành phố\b", re.IGNORECASE)  # unfolded: "hoàn thành phổ" must not count
MIN_TOKEN_SCORE = 80
# A misread mark glued to the next word ("S§Y tế" for "Sở Y tế"): cut after it.
JUNK_JOIN = re.compile(r"(?<=[^\w\s])(?=\w)")
JUNK_TOKEN = re.compile(r"^[^\wÀ-ỹ]*[\wÀ-ỹ]?[^\wÀ-ỹ]*$")


@dataclass
class _Row:
    section: str | None
    section_title: str | None
    page: int
    lines: list[str] = field(default_factory=list)
    stt: str | None = None


def flattened_table_tasks(lines: list[Line]) -> list[TaskDraft]:
    """Rows of a flattened task table in the appendix `lines` (empty when there is no such table)."""
    start = _header_end(lines)
    if start is None:
        return []
    tasks: list[TaskDraft] = []
    for section in _sections(lines[start:]):
        tasks.extend(_section_rows(*section))
    return tasks


def _header_end(lines: list[Line]) -> int | None:
    """Index after the table header: the line that names STT / Nhiệm vụ / chủ trì / thời gian."""
    for index, line in enumerate(lines[:40]):
        folded = fold(line.text)
        if sum(word in folded for word in HEADER_WORDS) >= 3:
            return index + 1
    return None


def _sections(lines: list[Line]) -> list[tuple[str | None, str | None, list[Line]]]:
    """Cut the table at its section rows; numerals are renumbered in order, as OCR drops strokes.

    A bare numeral takes its title from the next line; a title's wrapped end ("quyền trẻ em",
    lower-case and short) is part of it, not of the first row.
    """
    sections: list[tuple[str | None, str | None, list[Line]]] = [(None, None, [])]
    count, index = 0, 0
    while index < len(lines):
        match = SECTION_ROW.match(lines[index].text)
        if not (match and _is_section_row(match, lines[index + 1 : index + 3], count)):
            sections[-1][2].append(lines[index])
            index += 1
            continue
        count, index = count + 1, index + 1
        title = match["title"]
        if not title and index < len(lines) and len(lines[index].text.split()) > 3:
            title, index = lines[index].text, index + 1
        while title and index < len(lines) and _continues_title(lines[index].text):
            title, index = f"{title} {lines[index].text}", index + 1
        sections.append((_roman(count), title.strip() if title else None, []))
    return [s for s in sections if s[2]]


def _continues_title(text: str) -> bool:
    return text[:1].islower() and len(text.split()) <= MAX_TITLE_TAIL_WORDS


def _is_section_row(match: re.Match[str], following: list[Line], count: int) -> bool:
    numeral = match["numeral"].upper()
    if not set(numeral) <= set("IVX"):
        return False
    # A misread numeral ("I" for "III") is accepted when it is not the next one; the order is kept.
    return bool(match["title"]) or (bool(following) and abs(roman_to_int(numeral) - (count + 1)) <= 2)


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text += numeral
            number -= value
    return text


def _section_rows(numeral: str | None, title: str | None, lines: list[Line]) -> list[TaskDraft]:
    """The section's rows: one per row-closing anchor, lines assigned by where tasks start."""
    anchors = _row_anchors(lines)
    if not anchors:
        return []
    rows: list[_Row] = []
    cursor = 0
    for number, anchor in enumerate(anchors, start=1):
        end = _row_end(lines, anchor, anchors[number] if number < len(anchors) else len(lines))
        row = _Row(
            numeral,
            title,
            lines[max(cursor, 0)].page if cursor < len(lines) else lines[-1].page,
            [line.text for line in lines[cursor:end]],
            str(number),
        )
        rows.append(row)
        cursor = end
    return [_draft(row) for row in rows]


def _row_anchors(lines: list[Line]) -> list[int]:
    """Line indexes that close a row: a partner cell's end or a timeline's opening, whichever kind
    occurs more often in the section (each appears once per row; OCR may garble one of them)."""
    partner_ends = [i for i, line in enumerate(lines) if PARTNER_END.search(line.text)]
    timelines = [i for i, line in enumerate(lines) if ROW_OPENING_TIMELINE.search(fold(line.text))]
    return partner_ends if len(partner_ends) >= len(timelines) else timelines


def _row_end(lines: list[Line], anchor: int, next_anchor: int) -> int:
    """The row runs past its anchor over continuation lines: lower-case starts, bare column
    fragments (timeline, partner, agency ends) and OCR noise, until a task starts."""
    end = anchor + 1
    while end < next_anchor and _continues_row(lines[end].text):
        end += 1
    return end


def _continues_row(text: str) -> bool:
    if ROW_NUMBER.match(text):
        return False  # "3 |Nghiên cứu ...": the next row's number
    first = text.lstrip(" |[(-–'‘")[:1]
    folded = fold(text)
    if first.islower() or not first.isalpha():
        return True
    return bool(TIMELINE_OPENER.match(folded) or folded.startswith(("lien quan", "huyen")))


def _draft(row: _Row) -> TaskDraft:
    """A row: its task as the first column's words. The other columns' words are interleaved line by
    line, so the lead's name, the partners and the timeline as written cannot be told apart: they stay
    empty; the gazetteer agency whose words the row holds goes to the canonical lead only."""
    text = " ".join(row.lines)
    return TaskDraft(
        task=_task_text(row.lines),
        origin="table",
        page=row.page,
        section=row.section,
        section_title=row.section_title,
        stt=row.stt,
        lead_canonical=lead_agency(text),
    )


def lead_agency(text: str) -> str | None:
    """The gazetteer agency whose words occur in order in `text` and are not followed by ";".

    Columns interleave, so the name's words may be separated by other cells' words, and OCR may
    have lost one of them ("50 Lao động" for "Sở Lao động"): the name with the most words found
    wins, a long name needing four words in five.
    """
    tokens = _tokens(text)
    best: tuple[int, float, str] | None = None
    for agency in agencies():
        for name in (agency.canonical, *agency.aliases):
            words = _name_words(name)
            if len(words) < 2 or words[0] in ("cac", "ubnd", "uy"):
                continue
            found = _words_in_order(words, tokens)
            enough = found == len(words) or (len(words) >= 5 and found >= 0.8 * len(words))
            if enough and (best is None or (found, found / len(words)) > best[:2]):
                best = (found, found / len(words), agency.canonical)
    return best[2] if best else None


def _tokens(text: str) -> list[tuple[str, bool]]:
    return [_clean(piece) for token in text.split() for piece in JUNK_JOIN.split(token)]


def _name_words(name: str) -> list[str]:
    return fold(name).replace(" - ", " ").split()


def _clean(token: str) -> tuple[str, bool]:
    """A token folded, and whether it ends a list item (";")."""
    return fold(token).strip(".,:|()[]'‘’"), token.endswith(";")


def _words_in_order(words: list[str], tokens: list[tuple[str, bool]], in_list: bool = False) -> int:
    """How many of `words` occur in order within a short span of `tokens`, the name's last word
    closing a partner list (";") when `in_list`, not closing one otherwise; 0 when the name's first
    or second word is not found."""
    span = 8 * len(words) + 16  # a name cut over three lines has two lines of other cells inside it
    best = 0
    for start, (token, _) in enumerate(tokens):
        if start and tokens[start - 1][0] == "cac":
            continue  # "các sở, ban, ngành": the generic partners
        first = next((k for k in (0, 1) if _same_word(words[k], token)), None)
        if first is None:
            continue
        position, found, closes_list = start, 1, tokens[start][1]
        for word in words[first + 1 :]:
            hit = next(
                (i for i in range(position + 1, min(start + span, len(tokens))) if _same_word(word, tokens[i][0])), -1
            )
            if hit >= 0:
                position, found, closes_list = hit, found + 1, tokens[hit][1]
        if closes_list == in_list:
            best = max(best, found)
    return best


def _same_word(word: str, token: str) -> bool:
    if token == word:
        return True
    letters = re.sub(r"[^a-z0-9]", "", token)
    if letters != token and letters and word.startswith(letters):
        return True  # "s¢" for "sở": a letter kept, the rest misread
    return len(word) >= 5 and fuzz.ratio(word, token) >= MIN_TOKEN_SCORE


def _task_text(lines: list[str]) -> str:
    """The first column's words: each line up to where another column's cell begins."""
    parts: list[str] = []
    for line in lines:
        line = ROW_NUMBER.sub("", line).lstrip("|[ ")
        while OTHER_CELL_AT_START.match(line) and line:
            line = OTHER_CELL_AT_START.sub("", line, count=1)
        if lead_agency(line) and len(line.split()) <= MAX_AGENCY_LINE_WORDS:
            continue  # "Ban Dân tộc", "Sở Tài nguyên": the lead column on a line of its own
        cut = _first_cell_break(line)
        kept = line[:cut].strip(" |")
        if kept and sum(not JUNK_TOKEN.match(t) for t in kept.split()) >= max(1, len(kept.split()) // 2):
            parts.append(kept)
    return " ".join(parts)


# Where the first column's text stops on a line: a cell rule, an agency's name opening (the lead or
# partner column), a timeline formula, a run of single letters (OCR noise between columns).
TIMELINE_FORMULAS = r"Thường xuyên|Theo đề nghị|Khi có yêu cầu|Trước ngày|(?:hàng|hằng) năm"
# Another column's cell opening a line: a timeline formula, or a list's tail ("liên quan; ...").
ADMIN_UNITS = r"(?:huyện|xã|phường|thị xã|thành phố|đặc khu)"
BODY_NOUNS = r"(?:sở|ban|ngành|đơn vị|cơ quan|địa phương)"  # "sở, ban, ngành, đơn vị": a list cell's words
OTHER_CELL_AT_START = re.compile(
    rf"^(?:{TIMELINE_FORMULAS}|liên quan;?|(?:Các|các) (?:sở|cơ quan|đơn vị|địa phương)"
    r"(?:,? (?:ban|ngành|đơn vị|địa phương|cơ quan)\b,?)*(?: liên quan;?)?"
    rf"|(?:UBND|Ủy ban nhân dân)(?: các)?|{ADMIN_UNITS}(?:, {ADMIN_UNITS})*\b"
    rf"|{BODY_NOUNS}(?:,? {BODY_NOUNS})+\b(?: liên quan;?)?)\s*"
)
# The task cell's last sentence ends and another column goes on in lower case ("ngân sách. binh và").
SENTENCE_THEN_OTHER_CELL = re.compile(r"(?<=\.)\s+(?=[a-zđà-ỹ])")
MAX_AGENCY_LINE_WORDS = 4
MAX_TITLE_TAIL_WORDS = 6


@cache
def _cell_break() -> re.Pattern[str]:
    heads = "|".join(re.escape(head) for head in sorted(list_heads(), key=len, reverse=True) if head[:1].isupper())
    return re.compile(
        rf"\s\|\s|\s(?:{heads})(?!\w)|\s(?:{TIMELINE_FORMULAS})|\sliên quan;"
        rf"|\s{ADMIN_UNITS}, {ADMIN_UNITS}\b|\s(?:\S\s){{2,}}|\s(?:hàng|hằng) năm\s*$"
    )


def _first_cell_break(line: str) -> int:
    breaks = [match.start() for match in (_cell_break().search(line), SENTENCE_THEN_OTHER_CELL.search(line)) if match]
    return min(breaks, default=len(line))
