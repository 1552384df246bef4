"""Agency list cells ("Các sở, ban ngành liên quan; UBND các huyện, thành phố") split into agencies.

Commas are ambiguous: they separate agencies, and they sit inside names ("Sở Văn hóa, Thể thao
và Du lịch", "UBND các huyện, thị xã, thành phố"). A semicolon, a new bullet line or a comma
followed by a word that opens an agency's name (data/agency_heads.txt, compared as written) separates; any
other comma belongs to the name. A gazetteer name followed by another list head ("Sở Tài chính
Các sở, ngành", "Sở Khoa học và Công nghệ, các sở, ngành") ends there even without a separator
or before a lower-case "các".
"""

from __future__ import annotations

import re
from functools import cache

from ..data_files import word_list
from ..gazetteer import agency_key, agency_keys
from ..vietnamese import fold
from .bullets import BULLET

TRIM = " .;,-–"
# "Bộ" names a ministry before a capitalised name ("Bộ Tài chính", "Bộ trưởng Bộ Y tế", "Bộ đội Biên
# phòng"); before another lower-case word it is the noun "set" ("Bộ chỉ số", "Bộ máy", "Bộ tiêu chí").
COMMON_BO = re.compile(r"^Bộ\s+(?!trưởng\b|đội\b)[a-zđà-ỹ]")


def list_heads() -> tuple[str, ...]:
    return word_list("agency_heads.txt")


@cache
def _agency_heads(folded: bool) -> tuple[str, ...]:
    return tuple(fold(head) if folded else head.lower() for head in list_heads())


def kind_alone(name: str) -> bool:
    """A word that opens names of bodies standing alone ("Công ty", "Thanh tra", "Đơn vị"): a kind, no body named."""
    return fold(name.strip()) in _agency_heads(True)


@cache
def _not_agencies() -> tuple[str, ...]:
    return tuple(f"{word.lower()} " for word in word_list("not_agency_words.txt"))


def names_agency(text: str) -> bool:
    """Whether `text` opens like the name of a body ("Sở Y tế", "UBND các xã", "Đề nghị Tòa án ...").

    Compared with its marks: "Số: 06/CT-UBND" and "Bàn giao" are no "Sở" or "Ban". Text that lost its
    marks altogether (a stripped copy) is compared without them."""
    lowered = f"{text.strip().lower()} "
    if re.sub(r"[^\w\s]", " ", lowered).startswith(_not_agencies()) or COMMON_BO.match(text.strip()):
        return False
    folded = fold(lowered)
    heads, subject = (_agency_heads(True), folded) if folded == lowered else (_agency_heads(False), lowered)
    return any(subject.startswith(head) and not subject[len(head)].isalnum() for head in heads)


@cache
def duty_verb() -> re.Pattern[str]:
    """Where an item's agency ends when no colon does it: "Sở X chỉ đạo Chi cục Y thực hiện ...:"."""
    return re.compile(r"\s(?:" + "|".join(map(re.escape, word_list("duty_verbs.txt"))) + r")\b")


@cache
def _comma_split() -> re.Pattern[str]:
    heads = "|".join(re.escape(head) for head in sorted(list_heads(), key=len, reverse=True))
    return re.compile(rf",\s*(?=(?:{heads})(?!\w))")


def split_agencies(cell: str) -> list[str]:
    """The agencies of a list cell, each as written (lines joined, separators trimmed)."""
    pieces: list[str] = []
    for block in _bullet_blocks(cell):
        for part in block.split(";"):
            for piece in _comma_split().split(part):
                pieces.extend(_known_name_split(" ".join(piece.split())))
    return [name for name in (" ".join(p.split()).strip(TRIM) for p in pieces) if name]


def _known_name_split(piece: str) -> list[str]:
    """Split off a leading gazetteer name when a list head follows it (longest name first)."""
    words = piece.split(" ")
    for end in range(len(words) - 1, 0, -1):
        left, rest = " ".join(words[:end]), " ".join(words[end:])
        if agency_key(left) in agency_keys() and _opens_agency(rest):
            return [left.rstrip(","), *_known_name_split(rest)]
    return [piece]


def _opens_agency(text: str) -> bool:
    return text.startswith("các ") or any(re.match(rf"{re.escape(head)}(?!\w)", text) for head in list_heads())


def _bullet_blocks(cell: str) -> list[str]:
    """A cell's lines regrouped: in a bulleted list (the first line opens with a bullet) each
    bullet starts a new agency. Elsewhere a line opening with "- " is a name wrapped at its dash
    ("Sở Lao động" / "- Thương binh và Xã hội")."""
    lines = cell.splitlines()
    bulleted = bool(lines) and BULLET.match(lines[0]) is not None
    blocks: list[str] = []
    for line in lines:
        if not blocks:
            blocks.append(BULLET.sub("", line))
        elif bulleted and BULLET.match(line):
            blocks.append(BULLET.sub("", line))
        else:
            blocks[-1] += " " + line
    return blocks
