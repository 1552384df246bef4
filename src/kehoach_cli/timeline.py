"""What a task's timeline states: its kind and the dates it spans, read from the words as written.

Shared by the records stage (timeline fields) and the table reader (a column of timelines tells a
schedule table whose header is lost).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .vietnamese import fold

if TYPE_CHECKING:  # the contract's type
    from .models import TimelineKind

TIMELINE_RULES: list[tuple[TimelineKind, re.Pattern[str]]] = [
    ("recurring", re.compile(r"thuong xuyen|dinh ky")),
    ("on_request", re.compile(r"theo de nghi|theo yeu cau|khi co yeu cau|theo huong dan|dot xuat")),
    ("deadline", re.compile(r"truoc ngay|truoc thang|cham nhat|quy [ivx]+")),
    ("annual", re.compile(r"hang nam")),
    ("period", re.compile(r"\d{4}\s*-\s*\d{4}|giai doan|nam \d{4}|^\d{4}$")),
]


def timeline_kind(timeline: str | None) -> TimelineKind:
    """Classify a timeline as written ("Thường xuyên hằng năm" -> recurring)."""
    if not timeline:
        return "unknown"
    folded = fold(timeline)
    for kind, pattern in TIMELINE_RULES:
        if pattern.search(folded):
            return kind
    return "unknown"


@dataclass(frozen=True)
class TimelineSpan:
    """The years and dates a timeline states; empty where it states none ("Thường xuyên")."""

    years: list[int]
    start: str | None
    end: str | None


YEAR = r"((?:19|20)\d{2})"
QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\s*(?:/|nam)?\s*" + YEAR)
MONTH = re.compile(r"thang\s*(\d{1,2})\s*(?:/|nam)\s*" + YEAR)
DAY = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + YEAR + r"|ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*" + YEAR)
YEAR_RANGE = re.compile(YEAR + r"\s*[-–]\s*" + YEAR)
LONE_YEAR = re.compile(r"(?<![\d/])" + YEAR + r"(?![\d/])")
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
BEFORE = re.compile(r"truoc|cham nhat|hoan thanh")


def timeline_span(timeline: str | None) -> TimelineSpan:
    """Years and dates stated in a timeline ("Quý IV/2025 - Quý II/2026" -> 2025-10-01 .. 2026-06-30).

    Each date, month, quarter or year mentioned is a span; the timeline runs from the earliest
    start to the latest end. A deadline ("Trước ngày 30/11/2025") has an end and no start.
    """
    if not timeline:
        return TimelineSpan([], None, None)
    text = fold(timeline)
    spans: list[tuple[date, date]] = []
    rest = text
    for pattern, to_span in (
        (DAY, _day_span),
        (QUARTER, _quarter_span),
        (MONTH, _month_span),
        (YEAR_RANGE, _range_span),
        (LONE_YEAR, _year_span),
    ):
        for match in pattern.finditer(rest):
            span = to_span(match)
            if span:
                spans.append(span)
        rest = pattern.sub(" ", rest)
    if not spans:
        return TimelineSpan([], None, None)
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    years = list(range(start.year, end.year + 1))
    deadline = BEFORE.search(text) is not None and all(s == e for s, e in spans)
    return TimelineSpan(years, None if deadline else start.isoformat(), end.isoformat())


def _day_span(match: re.Match[str]) -> tuple[date, date] | None:
    day, month, year = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
    try:
        when = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return when, when


def _quarter_span(match: re.Match[str]) -> tuple[date, date]:
    quarter, year = QUARTERS[match[1]], int(match[2])
    last = 3 * quarter
    return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])


def _month_span(match: re.Match[str]) -> tuple[date, date] | None:
    month, year = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _range_span(match: re.Match[str]) -> tuple[date, date] | None:
    first, last = int(match[1]), int(match[2])
    return (date(first, 1, 1), date(last, 12, 31)) if first <= last else None


def _year_span(match: re.Match[str]) -> tuple[date, date]:
    year = int(match[1])
    return date(year, 1, 1), date(year, 12, 31)
