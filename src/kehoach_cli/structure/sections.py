"""Numbered headings: roman sections (I., II., ...) and the paragraphs under each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Paragraph, is_upper_heading

ROMAN_HEADING = re.compile(r"^(?P<numeral>[IVX1l]{1,5})\.\s+(?P<title>\S.*)$")
OCR_ONES = str.maketrans("1l", "II")  # "I11." is an OCR reading of "III."
DAMAGED_HEADING_SHARE = 0.7  # "I. MỤC Đích, YÊU CẦU": restoration may lower a letter or two
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
MAX_LOWER_TITLE_WORDS = 8


@dataclass
class Section:
    numeral: str | None
    title: str | None
    page: int
    paragraphs: list[Paragraph] = field(default_factory=list)


def roman_to_int(numeral: str) -> int:
    total = 0
    for i, char in enumerate(numeral):
        value = ROMAN_VALUES[char]
        total += -value if i + 1 < len(numeral) and ROMAN_VALUES[numeral[i + 1]] > value else value
    return total


def split_sections(paragraphs: list[Paragraph]) -> list[Section]:
    """Cut the body at roman headings; the text before the first one is a section without numeral.

    A heading counts only when its numeral follows the previous one (or skips one or two,
    which OCR can misread: "HIIL" for "III."), so a stray "V. " inside prose does not open a
    section.
    """
    sections = [Section(None, None, paragraphs[0].page if paragraphs else 1)]
    expected = 1
    for paragraph in paragraphs:
        match = ROMAN_HEADING.match(paragraph.text)
        if match and _is_heading(match, expected):
            numeral = match["numeral"].translate(OCR_ONES)
            sections.append(Section(numeral, match["title"].strip(), paragraph.page))
            expected = roman_to_int(numeral) + 1
        elif match and expected > 2 and _repeats_the_last(match, expected, sections[-1]):
            # "II. GIẢI PHÁP ..." after "II. CHỈ TIÊU ...": OCR lost a stroke of "III."
            numeral = ROMAN_NUMERALS[expected - 1]
            sections.append(Section(numeral, match["title"].strip(), paragraph.page))
            expected += 1
        else:
            sections[-1].paragraphs.append(paragraph)
    return sections


def _repeats_the_last(match: re.Match[str], expected: int, last: Section) -> bool:
    """The previous section's numeral again, over another capitals title: the next one, misread."""
    numeral = match["numeral"].translate(OCR_ONES)
    return (
        set(numeral) <= set("IVX")
        and roman_to_int(numeral) == expected - 1
        and is_upper_heading(match["title"])
        and match["title"].strip() != (last.title or "")
    )


def _is_heading(match: re.Match[str], expected: int) -> bool:
    """The next numeral (or one or two further) over a capitals title; a numeral or title that OCR
    damaged ("I11.", "MỤC Đích") is accepted only as exactly the next one."""
    numeral = match["numeral"].translate(OCR_ONES)
    if not set(numeral) <= set("IVX"):
        return False
    value = roman_to_int(numeral)
    if numeral == match["numeral"] and expected <= value <= expected + 2 and is_upper_heading(match["title"]):
        return True
    if (
        numeral == match["numeral"]
        and value == expected
        and len(match["title"].split()) <= MAX_LOWER_TITLE_WORDS
        and match["title"][:1].isupper()
    ):
        return True  # "IV. Tổ chức thực hiện." set in sentence case
    return value == expected and is_upper_heading(match["title"], DAMAGED_HEADING_SHARE)
