"""Lookup tables shipped as data files (provinces, agencies), loaded once per process."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


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
    aliases: tuple[str, ...]
    successor_entries: tuple[Successor, ...] = ()

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


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kehoach_cli.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(Province(r["name"], r["kind"], r["seat"], r["merged_into_2025_07"]) for r in _rows("provinces.csv"))


@cache
def agencies() -> tuple[Agency, ...]:
    """data/agencies.csv (names and variants) with data/agency_successors.csv (2025 successors,
    each with its legal source)."""
    successors: dict[str, list[Successor]] = {}
    for r in _rows("agency_successors.csv"):
        successors.setdefault(r["agency"], []).append(Successor(r["successor"], r["scope"], r["effective"], r["source"]))
    return tuple(Agency(r["canonical"], _with_city_variants(r["canonical"], r["aliases"]),
                        tuple(successors.get(r["canonical"], ())))
                 for r in _rows("agencies.csv"))


def _with_city_variants(canonical: str, aliases: str) -> tuple[str, ...]:
    names = [v.strip() for v in aliases.split("|") if v.strip()]
    for name in (canonical, *names[:]):
        if name.endswith(" " + PROVINCE_WORD):
            names += [name[: -len(PROVINCE_WORD)] + word for word in CITY_WORDS]
    return tuple(names)
