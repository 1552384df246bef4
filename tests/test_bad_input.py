"""Each bad input: one line on stderr naming the file and the cause, exit 1, nothing on stdout."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_000
from reportlab.pdfgen import canvas


def _pdf(path: Path, *, encrypt: str | None = None) -> Path:
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    pdf.drawString(72, 720, "Ke hoach so 1/KH-UBND")
    pdf.showPage()
    pdf.save()
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
        "encrypted": (_pdf(tmp / "locked.pdf", encrypt="secret"), "encrypted"),
        "truncated": (truncated, "damaged or truncated"),
        "empty text": (empty, "is empty"),
        "not utf-8": (binary, "is not UTF-8"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "not a pdf", "encrypted", "truncated", "empty text",
                                  "not utf-8"])
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
