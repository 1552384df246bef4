"""PDF text layers in VNI and TCVN3 fonts, generated here: reportlab draws the legacy characters in
DejaVu Serif renamed "VNI-Times" / ".VnTimeH", so the text layer holds "Coäng hoøa" under that font
name as a PDF printed from a VNI document does (a viewer without the font shows that mojibake)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from kehoach_cli.ingest.legacy import read_legacy_table

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
PLAN = (SAMPLES / "kon-tum-501.plan.txt").read_text(encoding="utf-8")
LINE_CHARS = 70


def _legacy_font(name: str, pdf_name: str) -> str:
    font = TTFont(name, DEJAVU)
    font.face.name = pdf_name.encode("ascii")
    pdfmetrics.registerFont(font)
    return name


def _vni(text: str) -> str:
    spelling = {row["letter"]: row["vni"] for row in read_legacy_table("vni.tsv")}
    return "".join(spelling.get(char, char) for char in text)


def _body_lines() -> list[str]:
    """The first lines of the plan body, cut to fit a line of the page."""
    body = PLAN.split("[BODY]\n", 1)[1]
    lines = [line[:LINE_CHARS].rstrip() for line in body.splitlines() if line.strip()]
    return lines[:25]


def _pdf(path: Path, lines: list[str], font: str, encode) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    y = 800
    for line in lines:
        pdf.setFont(font, 11)
        pdf.drawString(50, y, encode(line))
        y -= 16
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def vni_font() -> str:
    return _legacy_font("TestVNITimes", "VNI-Times")


def test_vni_text_layer_reads_as_unicode(kehoach, tmp_path, vni_font):
    lines = _body_lines()
    path = _pdf(tmp_path / "vni.pdf", lines, vni_font, _vni)
    run = kehoach("text", path)
    assert run.code == 0, run.stderr
    assert run.text.splitlines() == lines
    assert "Thöïc hieän" in _vni("Thực hiện")  # the fixture really is VNI


def test_vni_pdf_is_native_text_not_ocr(kehoach, tmp_path, vni_font):
    path = _pdf(tmp_path / "vni.pdf", _body_lines(), vni_font, _vni)
    run = kehoach("extract", path, "--format", "json")
    assert run.code == 0, run.stderr
    plan = json.loads(run.text)
    assert plan["source"]["page_sources"] == ["native"] and plan["quality"]["ocr_pages"] == 0
