"""Agency list cells ("Các sở, ban ngành liên quan; UBND các huyện, thành phố") split into agencies.

Commas are ambiguous: they separate agencies, and they sit inside names ("Sở Văn hóa, Thể thao
và Du lịch", "UBND các huyện, thị xã, thành phố"). A semicolon, a new bullet line or a comma
followed by a word that opens an agency's name (data/agency_list_heads.txt) separates; any
other comma belongs to the name.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

BULLET_LINE = re.compile(r"^\s*[-–•+]\s*")
TRIM = " .;,-–"


@cache
def list_heads() -> tuple[str, ...]:
    text = resources.files("kehoach_cli.data").joinpath("agency_list_heads.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def _comma_split() -> re.Pattern[str]:
    heads = "|".join(re.escape(head) for head in sorted(list_heads(), key=len, reverse=True))
    return re.compile(rf",\s*(?=(?:{heads})(?:\s|$))")


def split_agencies(cell: str) -> list[str]:
    """The agencies of a list cell, each as written (lines joined, separators trimmed)."""
    pieces: list[str] = []
    for block in _bullet_blocks(cell):
        for part in block.split(";"):
            pieces.extend(_comma_split().split(part))
    return [name for name in (" ".join(p.split()).strip(TRIM) for p in pieces) if name]


def _bullet_blocks(cell: str) -> list[str]:
    """A cell's lines regrouped: a line opening with a bullet starts a new agency."""
    blocks: list[str] = []
    for line in cell.splitlines():
        if BULLET_LINE.match(line) or not blocks:
            blocks.append(BULLET_LINE.sub("", line))
        else:
            blocks[-1] += " " + line
    return blocks
