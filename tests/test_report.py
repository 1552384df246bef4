"""The HTML report, opened in a real headless Chromium (tests/browser.py): it loads with no console error
and no network request, the filter narrows the tasks table (marks or none), it fits a phone's width and
prints without the filter box; `kehoach report OUT` rebuilds it byte for byte."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from browser import Browser, chromium_path
from test_database import text_batch

from kehoach_cli.report import write_report
from kehoach_cli.vietnamese import fold

VISIBLE_ROWS = "document.querySelectorAll('#tasks tbody tr:not([hidden])').length"
VISIBLE_TEXT = "Array.from(document.querySelectorAll('#tasks tbody tr:not([hidden])'), r => r.textContent)"


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory) -> Path:
    from conftest import run_kehoach

    return text_batch(tmp_path_factory.mktemp("report"), run_kehoach)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if chromium_path() is None:
        pytest.fail("chromium is not installed: `make system-deps` (scripts/install-system-deps.sh) installs it")
    with Browser(tmp_path_factory.mktemp("profile")) as chromium:
        yield chromium


def type_into_filter(page, text: str) -> None:
    """Select the box's text and type over it, as a user does (the page sees input events)."""
    page.evaluate("document.getElementById('filter').select()")
    if text:
        page.call("Input.insertText", text=text)
    else:
        for kind in ("keyDown", "keyUp"):
            page.call("Input.dispatchKeyEvent", type=kind, key="Backspace", code="Backspace", windowsVirtualKeyCode=8)


def matches(row: str, query: str) -> bool:
    """The filter's rule: every word of the query, folded, anywhere in the row's folded text."""
    return all(word in fold(row) for word in fold(query).split())


def test_report_is_self_contained(batch_out):
    page = (batch_out / "report.html").read_text(encoding="utf-8")
    assert "default-src 'none'" in page  # the page may not fetch anything, whatever it holds
    assert not re.search(r"""\b(?:src|href)\s*=\s*["'](?!data:|#)""", page)
    assert not re.search(r"https?://|//cdn|@import|url\(", page)
    assert "<svg" in page and "Noto Sans" in page and "sans-serif" in page
    assert page.count("<tr>") > 80  # the plans, the tasks, a warning, the failed file


def test_report_loads_cleanly_and_the_filter_narrows_the_table(batch_out, browser):
    url = (batch_out / "report.html").as_uri()
    page = browser.open(url)
    with sqlite3.connect(batch_out / "kehoach.sqlite") as db:
        total = db.execute("SELECT count(*) FROM tasks").fetchone()[0]
    assert page.evaluate(VISIBLE_ROWS) == total
    assert page.evaluate("document.querySelectorAll('svg rect').length") > 5
    assert "broken.pdf" in page.evaluate("document.getElementById('failures').nextElementSibling.textContent")

    rows = page.evaluate(VISIBLE_TEXT)

    type_into_filter(page, "bao ve tre em")
    unmarked = page.evaluate(VISIBLE_TEXT)
    # every word, folded, anywhere in the row: "bao" is in "bảo" and in "báo"
    assert unmarked == [text for text in rows if matches(text, "bao ve tre em")]
    assert 0 < len(unmarked) < total
    assert page.evaluate("document.getElementById('shown').textContent") == str(len(unmarked))
    type_into_filter(page, "Bảo vệ TRẺ EM")
    assert page.evaluate(VISIBLE_TEXT) == unmarked
    type_into_filter(page, "sở tài chính")
    assert page.evaluate(VISIBLE_TEXT) == [text for text in rows if matches(text, "sở tài chính")] != []
    type_into_filter(page, "")
    assert page.evaluate(VISIBLE_ROWS) == total
    assert page.problems(url) == []

    linked = browser.open(url + "#q=so%20tu%20phap")  # a filtered view sent as a link
    assert 0 < linked.evaluate(VISIBLE_ROWS) < total
    assert linked.problems(url) == []


def test_report_fits_a_phone_and_prints_without_the_filter(batch_out, browser):
    url = (batch_out / "report.html").as_uri()
    phone = browser.open(url, width=390, height=844, mobile=True)
    # wide tables scroll inside their own box; the page itself never scrolls sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.call("Emulation.setEmulatedMedia", media="print")
    assert phone.evaluate("getComputedStyle(document.querySelector('.filter')).display") == "none"
    assert phone.problems(url) == []


def test_a_capped_table_says_so(batch_out, browser, tmp_path):
    target = tmp_path / "capped.html"
    write_report(target, batch_out / "kehoach.sqlite", max_rows=5)
    page = browser.open(target.as_uri())
    assert page.evaluate(VISIBLE_ROWS) == 5
    assert "Bảng hiển thị 5 trên" in page.evaluate("document.body.textContent")
    type_into_filter(page, "zzzz")
    assert page.evaluate(VISIBLE_ROWS) == 0


def test_report_command_rebuilds_the_same_page(batch_out, kehoach, tmp_path):
    again = tmp_path / "again.html"
    done = kehoach("report", batch_out, "-o", again)
    assert done.code == 0 and done.stdout == b"", done.stderr
    assert again.read_bytes() == (batch_out / "report.html").read_bytes()
    # an output of a version without the database: it is built from the plans documents.csv lists
    older = tmp_path / "older"
    older.mkdir()
    for path in batch_out.rglob("*"):
        if path.is_file() and path.name != "kehoach.sqlite" and path.name != "report.html":
            (older / path.relative_to(batch_out)).parent.mkdir(parents=True, exist_ok=True)
            (older / path.relative_to(batch_out)).write_bytes(path.read_bytes())
    assert kehoach("report", older).code == 0
    assert (older / "report.html").read_bytes() == again.read_bytes()
    assert (older / "kehoach.sqlite").read_bytes() == (batch_out / "kehoach.sqlite").read_bytes()
    failed = kehoach("report", tmp_path / "missing")
    assert failed.code == 1 and len(failed.stderr.splitlines()) == 1 and "not a folder" in failed.stderr


def test_extract_format_html(kehoach):
    from conftest import SEED_000

    done = kehoach("extract", SEED_000, "--format", "html")
    assert done.code == 0 and done.text.startswith("<!DOCTYPE html>") and "Sở" in done.text
