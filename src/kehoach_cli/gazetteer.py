"""Lookup tables shipped as data files (provinces, agencies), loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from .data_files import csv_rows
from .vietnamese import fold

# Whole-name similarity (rapidfuzz ratio, 0-100) an agency name needs to match a gazetteer name:
# OCR slips ("Thương bỉnh", "Môi trưởng") stay above it, neighbours ("Sở Y tế" / "Sở Tư pháp",
# "Hội Nông dân" / "Hội Cựu chiến binh") far below.
AGENCY_MATCH_CUTOFF = 90
FUZZY_CANDIDATES = 5


@dataclass(frozen=True)
class Province:
    name: str
    kind: str  # "tỉnh" or "thành phố"
    seat: str
    merged_into_2025_07: str


@dataclass(frozen=True)
class Successor:
    """Who took over (part of) an agency's duties in the 2025 reorganisation, and by which act."""

    name: str
    scope: str
    effective: str  # ISO date
    source: str


@dataclass(frozen=True)
class Agency:
    canonical: str
    aliases: tuple[str, ...]  # as listed in data/agencies.csv
    successor_entries: tuple[Successor, ...] = ()
    variants: tuple[str, ...] = ()  # derived: "thành phố" for "tỉnh", "Ủy ban nhân dân" for "UBND"

    @property
    def successors(self) -> tuple[str, ...]:
        """The agencies holding its tasks now: itself when the reorganisation left it as it was."""
        return tuple(s.name for s in self.successor_entries) or (self.canonical,)

    @property
    def source(self) -> str:
        return "; ".join(dict.fromkeys(s.source for s in self.successor_entries))


# Provincial agencies are named for the province ("Công an tỉnh"); the five centrally governed
# cities write "thành phố" ("Công an Thành phố") for the same body.
PROVINCE_WORD = "tỉnh"
CITY_WORDS = ("thành phố", "Thành phố", "TP")
FULL_UBND = "Ủy ban nhân dân"


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(Province(r["name"], r["kind"], r["seat"], r["merged_into_2025_07"]) for r in csv_rows("provinces.csv"))


def province_successor(name: str | None) -> str | None:
    """The province that took over `name` on 1 July 2025 (data/provinces.csv, Nghị quyết
    202/2025/QH15): users tracking a 2025 plan need to know which province answers for it now."""
    if not name:
        return None
    key = fold(name)
    return next((p.merged_into_2025_07 for p in provinces() if fold(p.name) == key), None)


@cache
def agencies() -> tuple[Agency, ...]:
    """data/agencies.csv (names and variants) with data/agency_successors.csv (2025 successors,
    each with its legal source)."""
    successors: dict[str, list[Successor]] = {}
    for r in csv_rows("agency_successors.csv"):
        successors.setdefault(r["agency"], []).append(
            Successor(r["successor"], r["scope"], r["effective"], r["source"])
        )
    result = []
    for r in csv_rows("agencies.csv"):
        aliases = tuple(v.strip() for v in r["aliases"].split("|") if v.strip())
        result.append(
            Agency(
                r["canonical"],
                aliases,
                tuple(successors.get(r["canonical"], ())),
                _variants((r["canonical"], *aliases)),
            )
        )
    return tuple(result)


def _variants(names: tuple[str, ...]) -> tuple[str, ...]:
    """Spellings derived from the listed names: "UBND" written out, "tỉnh" as "thành phố".

    Kept apart from the listed aliases: they serve whole-name lookups (`canonical_agency`), not
    searches that look for a name's words scattered in interleaved OCR text, where "thành phố"
    and "Ủy ban nhân dân" occur everywhere."""
    spelled = [name.replace("UBND", FULL_UBND) for name in names if "UBND" in name]
    found = list(spelled)
    for name in (*names, *spelled):
        if name.endswith(" " + PROVINCE_WORD):
            found += [name[: -len(PROVINCE_WORD)] + word for word in CITY_WORDS]
    return tuple(dict.fromkeys(found))


# Characters that abbreviations and OCR use differently ("GD&ĐT", "GDĐT", "GD-ĐT"); dropped
# before names are compared.
NAME_PUNCTUATION = re.compile(r"[&\-–.,;:()\"'/]")


def agency_key(name: str) -> str:
    """An agency name folded for comparison: unmarked, lower case, without punctuation."""
    return " ".join(NAME_PUNCTUATION.sub(" ", fold(name)).split())


@cache
def _agency_names() -> tuple[list[str], list[Agency]]:
    names: list[str] = []
    owners: list[Agency] = []
    for agency in agencies():
        for name in (agency.canonical, *agency.aliases, *agency.variants):
            names.append(agency_key(name))
            owners.append(agency)
    return names, owners


@cache
def agency_keys() -> frozenset[str]:
    """Every gazetteer name and variant, as `agency_key` folds them."""
    return frozenset(_agency_names()[0])


def canonical_agency(written: str) -> Agency | None:
    """The gazetteer entry for an agency as written: exact or prefix match first ("Sở Y tế tỉnh
    Kon Tum"), then a close fuzzy match over the whole name, which OCR slips reach and
    neighbouring agencies ("Sở Y tế" / "Sở Tư pháp") do not."""
    query = agency_key(written)
    names, owners = _agency_names()
    prefixes = [(len(name), i) for i, name in enumerate(names) if query == name or query.startswith(name + " ")]
    if prefixes:
        return owners[max(prefixes)[1]]
    head = query.split(" ", 1)[0]
    for _name, _score, index in process.extract(
        query, names, scorer=fuzz.ratio, score_cutoff=AGENCY_MATCH_CUTOFF, limit=FUZZY_CANDIDATES
    ):
        if names[index].split(" ", 1)[0] == head:  # "Bộ Nông nghiệp ..." is no slip of "Sở Nông nghiệp ..."
            return owners[index]
    return None
