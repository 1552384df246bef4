"""Each bad input: one line on stderr naming the file and the cause, exit 1, nothing on stdout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest
from conftest import KON_TUM_NATIVE, KON_TUM_SCAN, SEED_000
from reportlab.pdfgen import canvas


def _pdf(path: Path, *, encrypt: str | None = None) -> Path:
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    pdf.drawString(72, 720, "Ke hoach so 1/KH-UBND")
    pdf.showPage()
    pdf.save()
    return path


def _zero_pages(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty."""
    body = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    )
    offsets = [body.index(b"1 0 obj"), body.index(b"2 0 obj")]
    xref = b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    path.write_bytes(body + xref + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(body))
    return path


def _cases(tmp: Path) -> dict[str, tuple[Path, str]]:
    fake = tmp / "fake.pdf"
    fake.write_text("this is not a pdf", encoding="utf-8")
    truncated = tmp / "truncated.pdf"
    truncated.write_bytes(_pdf(tmp / "whole.pdf").read_bytes()[:300])
    empty = tmp / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    folder = tmp / "folder.pdf"
    folder.mkdir()
    binary = tmp / "latin1.txt"
    # 8-bit text that is no Vietnamese encoding's reading (Windows-1258, TCVN3 and VNI files are read:
    # tests/test_text_encodings.py); "Kê hoach nãm" used to be here, and is now read as Windows-1258.
    binary.write_bytes("Größe und Übermaß, schön".encode("latin-1"))
    return {
        "missing": (tmp / "missing.pdf", "no such file"),
        "directory": (folder, "is a directory"),
        "not a pdf": (fake, "is not a PDF"),
        "encrypted": (
            _pdf(tmp / "locked.pdf", encrypt="secret"),
            "encrypted: a password is needed (give it with --password)",
        ),
        "no pages": (_zero_pages(tmp / "zero.pdf"), "has no pages"),
        "truncated": (truncated, "damaged or truncated"),
        "empty text": (empty, "is empty"),
        "not utf-8": (binary, "is not UTF-8"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "directory", "not a pdf", "encrypted", "no pages", "truncated", "empty text", "not utf-8"]
)
def test_bad_input_gives_one_clear_line(kehoach, tmp_path, case):
    path, cause = _cases(tmp_path)[case]
    before = path.read_bytes() if path.is_file() else None
    run = kehoach("extract", path)
    assert run.code == 1
    assert run.stdout == b""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert str(path) in lines[0] and cause in lines[0]
    assert "Traceback" not in run.stderr
    if before is not None:
        assert path.read_bytes() == before  # inputs are never modified


def test_debug_shows_the_traceback(kehoach, tmp_path):
    run = kehoach("--debug", "extract", tmp_path / "missing.pdf")
    assert run.code == 1
    assert "Traceback" in run.stderr


def test_one_bad_file_does_not_stop_the_others(kehoach, tmp_path):
    run = kehoach("extract", tmp_path / "missing.txt", SEED_000, "--format", "jsonl")
    assert run.code == 1
    rows = run.text.splitlines()
    assert len(rows) > 10
    assert "missing.txt" in run.stderr and "1 extracted, 1 failed" in run.stderr


def test_usage_error_exits_2(kehoach):
    run = kehoach("extract", SEED_000, "--format", "xml")
    assert run.code == 2
    assert run.stdout == b""


@pytest.fixture(scope="module")
def locked_plan(tmp_path_factory) -> Path:
    """The Kon Tum plan encrypted (AES-256) with a user password."""
    path = tmp_path_factory.mktemp("locked") / "kon-tum-locked.pdf"
    with pikepdf.open(KON_TUM_NATIVE) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner-pw", user="user-pw", R=6))
    return path


@pytest.fixture(scope="module")
def kon_tum_document() -> dict:
    from conftest import run_kehoach

    return json.loads(run_kehoach("extract", KON_TUM_NATIVE).text)


def test_password_opens_an_encrypted_plan(kehoach, locked_plan, kon_tum_document):
    run = kehoach("extract", locked_plan, "--password", "user-pw")
    assert run.code == 0, run.stderr
    document = json.loads(run.text)
    assert document["tasks"] == kon_tum_document["tasks"]
    assert document["metadata"] == kon_tum_document["metadata"]
    assert document["quality"]["warnings"] == []


def test_wrong_password_is_one_clear_line(kehoach, locked_plan):
    run = kehoach("extract", locked_plan, "--password", "guess")
    assert run.code == 1 and run.stdout == b""
    assert run.stderr.strip() == (
        f"kehoach: error: {locked_plan}: is encrypted and the password given (--password) is wrong"
    )


def test_password_for_text_and_batch(kehoach, locked_plan, tmp_path):
    text = kehoach("text", locked_plan, "--password", "user-pw")
    assert text.code == 0 and text.text.startswith("ỦY BAN NHÂN DÂN\nTỈNH KON TUM\n")
    folder, out = tmp_path / "plans", tmp_path / "out"
    folder.mkdir()
    (folder / locked_plan.name).write_bytes(locked_plan.read_bytes())
    batch = kehoach("batch", folder, "--out-dir", out, "--password", "user-pw")
    assert batch.code == 0, batch.stderr
    converted = json.loads((out / f"{locked_plan.name}.json").read_text(encoding="utf-8"))
    assert converted["metadata"]["doc_number"] == "501/KH-UBND"


def test_broken_cross_reference_table_is_recovered_with_a_warning(kehoach, tmp_path, kon_tum_document):
    data = KON_TUM_NATIVE.read_bytes()
    start = data.rindex(b"\nxref\n")
    # every object offset in the table points 7 bytes too far
    broken = data[:start] + re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 7), data[start:])
    assert broken != data
    path = tmp_path / "broken-xref.pdf"
    path.write_bytes(broken)
    run = kehoach("extract", path)
    assert run.code == 0, run.stderr
    document = json.loads(run.text)
    assert document["tasks"] == kon_tum_document["tasks"]
    assert document["metadata"] == kon_tum_document["metadata"]
    assert any("damaged (cross-reference table)" in w for w in document["quality"]["warnings"])
    assert path.read_bytes() == broken  # the input is left as it was


def test_password_opens_an_encrypted_scan_for_ocr(kehoach, tmp_path):
    # OCR renders from the decrypted copy ingest made: no second password prompt, no failure
    path = tmp_path / "locked-scan.pdf"
    with pikepdf.open(KON_TUM_SCAN) as scan:
        one = pikepdf.new()
        one.pages.append(scan.pages[0])
        one.save(path, encryption=pikepdf.Encryption(owner="o", user="scan-pw", R=4))
    run = kehoach("extract", path, "--password", "scan-pw", "--jobs", "1")
    assert run.code == 0, run.stderr
    document = json.loads(run.text)
    assert document["source"]["page_sources"] == ["ocr"]
    assert document["metadata"]["doc_number"] == "501/KH-UBND"
