"""The package's data files (kehoach_cli/data): the one place that knows where they are and how
their kinds of file are read, so that a table is edited as data and read the same way everywhere."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def data_text(*parts: str) -> str:
    """The text of data/<parts...> (UTF-8), from wherever the package is installed (a wheel, a zip)."""
    return resources.files("kehoach_cli.data").joinpath(*parts).read_text(encoding="utf-8")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """A data file's entries: one a line, "#" lines are comments (read once: callers sit on hot paths)."""
    return tuple(line.strip() for line in data_text(name).splitlines() if line.strip() and not line.startswith("#"))


def csv_rows(name: str) -> list[dict[str, str]]:
    """The rows of a CSV data file, keyed by its header."""
    return list(csv.DictReader(data_text(name).splitlines()))


def tsv_rows(*parts: str) -> list[dict[str, str]]:
    """The rows of a tab-separated data file ("#" lines are comments, the first row names the columns)."""
    lines = [line for line in data_text(*parts).splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]
