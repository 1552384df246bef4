"""Word 97 .doc, RTF and OpenDocument .odt inputs, converted to .docx by LibreOffice headless and read
by the Word path. The real .doc is in ../shared/real/ beside the checkout (see its README)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import docx
import pytest
from conftest import ROOT

from kehoach_cli.errors import InputError
from kehoach_cli.ingest import SUPPORTED_SUFFIXES, ingest_file
from kehoach_cli.ingest.office import convert_to_docx

REAL_DOC = ROOT.parent / "shared" / "real" / "lamdong_kh_kmt_2026_feb.doc"


@pytest.fixture(scope="module")
def real_doc():
    return ingest_file(REAL_DOC)


def test_a_word_97_file_is_read_with_its_text(real_doc):
    assert real_doc.kind == "doc"
    text = real_doc.pages[0].text
    assert "KẾ HOẠCH" in text
    assert "Tăng cường công tác đấu tranh phòng, chống ma túy" in text
    for agency in ("Ủy ban nhân dân tỉnh", "Công an tỉnh", "Sở Y tế", "Sở Giáo dục và Đào tạo"):
        assert agency in text
    assert real_doc.pages[0].source == "native"


def test_extract_gives_the_plan_of_a_word_97_file(kehoach):
    run = kehoach("extract", REAL_DOC)
    assert run.code == 0, run.stderr
    plan = json.loads(run.text)
    assert plan["source"]["kind"] == "doc"
    assert plan["metadata"]["title"].startswith("Tăng cường công tác đấu tranh phòng, chống ma túy")
    assert plan["tasks"]


def test_a_word_97_file_is_known_by_its_signature_whatever_its_name(tmp_path, real_doc):
    unnamed = tmp_path / "ke-hoach"
    shutil.copy(REAL_DOC, unnamed)
    document = ingest_file(unnamed)
    assert document.kind == "doc"
    assert document.pages[0].text == real_doc.pages[0].text


def test_batch_takes_office_files():
    assert {".doc", ".rtf", ".odt"} <= SUPPORTED_SUFFIXES


def _small_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Phòng, chống ma túy năm 2026")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Tuyên truyền về tác hại của ma túy", "Sở Y tế", "Quý I/2026"]):
        cell.text = text
    document.save(path)
    return path


def _converted_by_libreoffice(source: Path, kind: str, folder: Path) -> Path:
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            kind,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        start_new_session=True,
    )
    return folder / f"{source.stem}.{kind}"


@pytest.mark.parametrize("kind", ["odt", "rtf"])
def test_odt_and_rtf_are_read_with_their_tables(tmp_path, kind):
    converted = _converted_by_libreoffice(_small_docx(tmp_path / "plan.docx"), kind, tmp_path / "out")
    document = ingest_file(converted)
    assert document.kind == kind
    page = document.pages[0]
    assert "Phòng, chống ma túy năm 2026" in page.text
    assert [table.rows for table in page.tables] == [
        [
            ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"],
            ["1", "Tuyên truyền về tác hại của ma túy", "Sở Y tế", "Quý I/2026"],
        ]
    ]


@pytest.mark.parametrize(
    ("make", "cause"),
    [
        (lambda data: data[: len(data) * 2 // 3], "is damaged, truncated or not a Word document"),
        (lambda data: data[: data.find("WordDocument".encode("utf-16-le")) + 200], "LibreOffice cannot convert it"),
        (lambda data: b"not a Word file at all\n" * 40, "is not a Word 97 .doc file (no OLE signature)"),
    ],
)
def test_a_corrupt_doc_fails_in_one_line(kehoach, tmp_path, make, cause):
    corrupt = tmp_path / "hỏng.doc"
    corrupt.write_bytes(make(REAL_DOC.read_bytes()))
    run = kehoach("extract", corrupt)
    assert run.code == 1
    assert run.stderr.count("\n") == 1 and str(corrupt) in run.stderr and cause in run.stderr, run.stderr
    assert run.stdout == b""


def test_without_libreoffice_the_error_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(InputError) as caught:
        ingest_file(REAL_DOC)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{REAL_DOC}: ")
    assert "LibreOffice" in message and "apt-get install libreoffice-writer-nogui" in message


def test_a_conversion_over_its_time_limit_is_killed_with_its_children(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    # A launcher that starts the office as its child, as LibreOffice's does, and both hang.
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $$ $! > {pids}\nwait\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    with pytest.raises(InputError, match="took longer than 1 s"):
        convert_to_docx(REAL_DOC, REAL_DOC.read_bytes(), "doc", timeout=1)
    assert time.monotonic() - started < 30
    for pid in map(int, pids.read_text().split()):
        assert _gone(pid)


def _gone(pid: int) -> bool:
    """Killed: no such process, or a zombie its new parent has not reaped yet."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.1)
    return False
