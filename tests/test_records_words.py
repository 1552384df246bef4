"""No record holds a word its document does not contain (after OCR and restoration), for every document
with a hand-checked expected file (real documents in bench/truth/, samples in samples/expected/): a
record keeps the document's own words, and canonical names go in their own fields."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from conftest import ROOT, SAMPLES

from kehoach_cli.pipeline import read_document, records_of

TRUTH = ROOT / "bench" / "truth"
SHARED = ROOT.parent / "shared"
WORD = re.compile(r"\w+")
# The fields that hold the document's words (lead_agency_canonical and the successors do not).
WORDED_FIELDS = ("task", "lead_agency", "partner_agencies", "timeline", "section_title", "extra")


def words(value: object) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(words(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(words(v) for v in value)) if value else set()
    return {w.lower() for w in WORD.findall(unicodedata.normalize("NFC", str(value or "")))}


def documents() -> list:
    """Every document with an expected file: the real ones (when ../shared is there) and the samples."""
    real = [SHARED / json.loads(p.read_text(encoding="utf-8"))["source"] for p in sorted(TRUTH.rglob("*.json"))]
    samples = [SAMPLES / p.name.removesuffix(".json") for p in sorted((SAMPLES / "expected").glob("*.json"))]
    return (real if SHARED.is_dir() else []) + samples


@pytest.mark.parametrize("source", documents(), ids=lambda p: p.name)
def test_every_word_of_every_record_is_in_the_document(source):
    document, quality = read_document(source)
    known = words(document.text)
    for task in records_of(document, quality).tasks:
        record = task.model_dump()
        strange = set().union(*(words(record[name]) for name in WORDED_FIELDS)) - known
        assert not strange, f"{source.name} row {task.stt}: {sorted(strange)} not in the document"
