"""Word files typed in legacy fonts, built here run by run: where the font comes from (run, style),
VNI letters split over two runs, and a legacy-named font that already holds Unicode."""

from __future__ import annotations

from pathlib import Path

import docx


def _document(path: Path, runs: list[tuple[str, str | None]], normal_font: str | None = None) -> Path:
    document = docx.Document()
    if normal_font:
        document.styles["Normal"].font.name = normal_font
    paragraph = document.add_paragraph()
    for text, font in runs:
        paragraph.add_run(text).font.name = font
    document.save(path)
    return path


def _text(kehoach, path: Path) -> str:
    run = kehoach("text", path)
    assert run.code == 0, run.stderr
    return run.text.strip()


def test_fonts_of_runs_and_of_the_normal_style(kehoach, tmp_path):
    """VNI from the Normal style, a .VnTimeH run, a Unicode run in Times New Roman, a VNI letter
    whose mark glyph is in the next run."""
    runs = [
        ("Coäng hoøa xaõ hoäi ", None),
        ("ñ", ".VnTimeH"),
        ("y ban ", ".VnTime"),
        ("Liên hợp quốc ", "Times New Roman"),
        ("ngöô", None),
        ("øi", None),
    ]
    path = _document(tmp_path / "mixed.docx", runs, normal_font="VNI-Times")
    assert _text(kehoach, path) == "Cộng hòa xã hội Ủy ban Liên hợp quốc người"


def test_a_legacy_named_font_holding_unicode_is_kept(kehoach, tmp_path):
    path = _document(tmp_path / "converted.docx", [("Cộng hòa xã hội chủ nghĩa Việt Nam", ".VnTime")])
    assert _text(kehoach, path) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
