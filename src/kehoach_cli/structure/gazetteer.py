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
class Agency:
    canonical: str
    aliases: tuple[str, ...]
    successors: tuple[str, ...]
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kehoach_cli.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(Province(r["name"], r["kind"], r["seat"], r["merged_into_2025_07"]) for r in _rows("provinces.csv"))


@cache
def agencies() -> tuple[Agency, ...]:
    def split(value: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in value.split("|") if v.strip())

    return tuple(Agency(r["canonical"], split(r["aliases"]), split(r["successors"]), r["source"])
                 for r in _rows("agencies.csv"))
