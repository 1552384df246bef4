"""Property-based tests (hypothesis) on the text paths: restore, structure, CSV and JSON round trips.

Example counts are modest and fixed (derandomized) for the suite; HYPOTHESIS_PROFILE=long runs 2,000
random examples a test.
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_cli.export import _flat, render, task_rows
from kehoach_cli.ingest import IngestedDocument, PageText
from kehoach_cli.models import PlanDocument, Quality, Source, TaskRecord, TaskRow
from kehoach_cli.records import build_plan_document
from kehoach_cli.restore import restore_text
from kehoach_cli.restore.tokens import OCR_LETTER_SYMBOLS
from kehoach_cli.structure import structure_document

settings.register_profile(
    "suite", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Text as files give it: any character but lone surrogates (no decoder of the tool makes them).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
# Cells that trip spreadsheets and CSV readers: separators, quotes, line breaks, a BOM, formulas.
NASTY = st.sampled_from(
    [
        "",
        ",",
        ";",
        '"',
        "'",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "\ufeff",
        "=SUM(A1)",
        "+1",
        "-2",
        "@x",
        "; ",
        "Sở Tài chính",
        "Ủy ban nhân dân",
        "null",
        "None",
        " ",
        "\u2028",
        "\x00",
    ]
)
CELL = st.lists(st.one_of(NASTY, ANY_TEXT), max_size=4).map("".join)
WORDS = (
    "Ủy ban nhân dân tỉnh Kế hoạch số 12/KH-UBND ngày 15 tháng 3 năm 2025 Sở Tài chính chủ trì phối hợp "
    "các sở ban ngành thực hiện báo cáo kết quả trước ngày 15/12 hằng năm Tổ chức thực hiện Nhiệm vụ "
    "giải pháp Quý I Quý IV 2025-2030 Thường xuyên UBND các huyện thành phố Công an tỉnh"
).split()
LABELS = ("I.", "II.", "III.", "IV.", "1.", "2.", "1.1.", "a)", "b)", "-", "+", "*", "STT", "TT")
LINE = st.tuples(st.sampled_from(LABELS + ("",) * 4), st.lists(st.sampled_from(WORDS), min_size=1, max_size=15)).map(
    lambda t: " ".join([t[0], *t[1]]).strip()
)
# A table written a cell a line (web copies): lone bars between cells, two bars end a row.
BAR_CELL = st.one_of(st.just("|"), st.just("|"), st.sampled_from(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]))
PLAN_TEXT = st.lists(
    st.one_of(
        LINE, LINE.map(lambda line: line.upper()), LINE.map(lambda line: line.replace(" ", "\t")), ANY_TEXT, BAR_CELL
    ),
    max_size=40,
).map("\n".join)


def _non_letters(text: str) -> str:
    """Every character restoration must leave as it was: spaces, line breaks, punctuation and
    symbols. Letters and their marks are what it changes; so are digits and the symbols English
    OCR writes for Vietnamese letters ("s6" số, "S@" Sở), inside a word or alone ("@" ở)."""
    return "".join(
        c
        for c in unicodedata.normalize("NFC", text)
        if unicodedata.category(c)[0] not in "LMN" and c not in OCR_LETTER_SYMBOLS
    )


@given(ANY_TEXT)
def test_restore_keeps_lines_and_every_non_letter(text: str) -> None:
    restored = restore_text(text).text
    assert restored.count("\n") == text.count("\n")
    assert _non_letters(restored) == _non_letters(text)


def _marked(word: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word)) or "đ" in word.lower()


# Restoration is not idempotent on stripped text ("ban dan" -> "ban dần" -> "bản dần": an unmarked
# word is marked once its neighbours are) nor on noise ("oC0" -> "oc" -> "ớc": OCR repair edits
# letters). It holds on correct text with the context of a page: four lines or more of words that
# carry their marks, with numbering, numbers and codes, in any case, are left exactly as they are.
# In a text of a line or two it does not always hold (the cases below, found by this property).
MARKED_WORDS = tuple(word for word in WORDS if _marked(word))
NUMBERS = st.sampled_from(("12/KH-UBND", "15/12/2026", "2025-2030", "27/QĐ-TTg", "100%", "(1)", "1.000.000"))
CORRECT_LINE = st.tuples(
    st.sampled_from(tuple(label for label in LABELS if label not in ("TT", "STT", "a)", "b)")) + ("",) * 4),
    st.lists(st.sampled_from(MARKED_WORDS) | NUMBERS, min_size=6, max_size=15),
).map(lambda t: " ".join([t[0], *t[1]]).strip())
CORRECT_TEXT = st.lists(CORRECT_LINE | CORRECT_LINE.map(str.upper), min_size=4, max_size=8).map("\n".join)


@given(CORRECT_TEXT)
def test_restore_leaves_correct_vietnamese_alone(text: str) -> None:
    assert restore_text(text).text == text


@pytest.mark.xfail(
    strict=True,
    reason="found by the property above, left to the restoration model's owners: "
    "in a text of a line or two, a label, an abbreviation or a marked word "
    "is re-marked",
)
@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("TT nhân dân", "Từ nhân dân"),
        ("I. chính\nSTT Ủy", "I. chính\nSỬ Ủy"),
        ("I. 12/KH-UBND xuyên\na) nhân", "I. 12/KH-UBND xuyên\ná) nhân"),
        ("I. Ủy\nI. 15/12/2026 hằng 12/KH-UBND", "I. Ủy\nI. 15/12/2026 hạng 12/KH-UBND"),
    ],
)
def test_short_correct_texts_are_left_alone(text: str, now: str) -> None:
    assert restore_text(text).text == text  # restored as `now`


def _document(text: str) -> PlanDocument:
    pages = [PageText(number=n, text=chunk, source="text") for n, chunk in enumerate(text.split("\f"), start=1)]
    ingested = IngestedDocument("plan.txt", "0" * 64, "text", pages)
    return build_plan_document(ingested, structure_document(pages), Quality())


@given(PLAN_TEXT)
def test_structure_of_any_text_gives_valid_records(text: str) -> None:
    document = _document(text)
    again = PlanDocument.model_validate_json(document.model_dump_json())
    assert again == document
    for task in document.tasks:
        assert task.task.strip()


TASKS = st.builds(
    TaskRecord,
    section=st.none() | CELL,
    section_title=st.none() | CELL,
    stt=st.none() | CELL,
    task=CELL,
    lead_agency=st.none() | CELL,
    partner_agencies=st.lists(CELL, max_size=3),
    timeline=st.none() | CELL,
    origin=st.sampled_from(["table", "prose"]),
    page=st.none() | st.integers(1, 5000),
    extra=st.dictionaries(CELL, CELL, max_size=3),
    confidence=st.floats(0, 1),
    partner_agencies_canonical=st.lists(st.none() | CELL, max_size=3),
)


def _plan(tasks: list[TaskRecord], path: str, doc_number: str | None) -> PlanDocument:
    source = Source(path=path, sha256="0" * 64, kind="text", pages=1, page_sources=["text"])
    return PlanDocument(source=source, metadata={"doc_number": doc_number}, tasks=tasks)


@given(st.lists(TASKS, max_size=5), CELL, st.none() | CELL)
def test_csv_gives_back_every_cell(tasks: list[TaskRecord], path: str, doc_number: str | None) -> None:
    plan = _plan(tasks, path, doc_number)
    data = render([plan], "csv").encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    expected = [
        {k: "" if v is None else str(v) for k, v in _flat(row.model_dump(mode="json")).items()}
        for row in task_rows([plan])
    ]
    assert rows == expected
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[0] == list(TaskRow.model_fields)


@given(st.lists(TASKS, max_size=5), CELL, st.none() | CELL)
def test_json_and_jsonl_give_back_the_records(tasks: list[TaskRecord], path: str, doc_number: str | None) -> None:
    plan = _plan(tasks, path, doc_number)
    assert PlanDocument.model_validate(json.loads(render([plan], "json"))) == plan
    lines = render([plan], "jsonl").split("\n")
    assert lines.pop() == ""
    assert [TaskRow.model_validate(json.loads(line)) for line in lines] == task_rows([plan])


# Cells of a task table written a cell a line: numbers, agencies, times, duties, bullets, nothing.
TABLE_CELL = st.sampled_from(
    ["", "1", "2.", "Sở Y tế", "UBND các xã, phường", "Quý IV/2026", "Năm 2025 - 2026", "Thường xuyên"]
    + ["Tổ chức tuyên truyền về cải cách hành chính.", "- Rà soát văn bản", "Báo cáo", "Ghi chú (nếu có)"]
)


@given(st.integers(min_value=2, max_value=8), st.data())
def test_a_short_row_keeps_its_cells_in_order_in_the_header_width(width: int, data: st.DataObject) -> None:
    """A text table's row under merged cells is placed whatever its cells: every cell once, in order,
    the columns it skips None, the row as wide as the header."""
    from kehoach_cli.structure.tables import Header, column_shapes, placed

    roles = {0: "stt", 1: "task", width - 1: "lead"} if width > 2 else {0: "task", 1: "lead"}
    full = data.draw(st.lists(st.lists(TABLE_CELL, min_size=width, max_size=width), min_size=1, max_size=4))
    short = data.draw(st.lists(TABLE_CELL, min_size=1, max_size=width - 1))
    shapes = column_shapes(full, width)
    if not shapes:
        return  # no row has two cells of its own: nothing to tell the columns by
    row = placed(short, Header(roles, width), shapes)
    assert len(row) == width
    assert [cell for cell in row if cell is not None] == short
