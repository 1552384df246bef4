"""OCR of awkward pages: turned sideways or upside down, skewed, too large to render at the dpi."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pypdfium2
import pytest
from conftest import KON_TUM_SCAN, SAMPLES, run_kehoach
from PIL import Image, ImageDraw, ImageFont

from kehoach_cli.ingest.ocr import render_dpi
from kehoach_cli.ingest.page_geometry import lines_run_vertically

ROTATED = SAMPLES / "kon-tum-501-rotated.pdf"
PAGE_2_SENTENCE = "Thường xuyên rà soát, kịp thời đề xuất cấp có"


def _scan_page(index: int, dpi: int = 150) -> Image.Image:
    document = pypdfium2.PdfDocument(str(KON_TUM_SCAN))
    try:
        return document[index].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


@pytest.mark.parametrize("index", [0, 1, 6])  # a header page, a body page, a landscape table page
def test_sideways_text_lines_are_seen(index):
    grey = np.asarray(_scan_page(index))
    assert not lines_run_vertically(grey, 150)
    assert lines_run_vertically(np.ascontiguousarray(np.rot90(grey)), 150)


@pytest.fixture(scope="module")
def rotated_text():
    run = run_kehoach("text", ROTATED)
    assert run.code == 0, run.stderr
    return run.text.split("\f")


def test_a_page_scanned_sideways_is_read_upright(rotated_text):
    assert len(rotated_text) == 3
    assert PAGE_2_SENTENCE in " ".join(rotated_text[1].split())


def test_the_turn_is_reported(kehoach):
    plan = json.loads(kehoach("extract", ROTATED).text)
    assert plan["source"]["page_sources"] == ["ocr"] * 3
    assert [w for w in plan["quality"]["warnings"] if "rotated" in w] == ["page 2 was rotated by 270°: read upright"]
    assert plan["metadata"]["doc_number"] == "501/KH-UBND"


def test_an_upside_down_page_is_read_upright(tmp_path):
    path = tmp_path / "upside-down.png"
    _scan_page(0, dpi=300).rotate(180).save(path, dpi=(300, 300))
    plan = json.loads(run_kehoach("extract", path).text)
    assert plan["metadata"]["doc_number"] == "501/KH-UBND"
    assert "page 1 was rotated by 180°: read upright" in plan["quality"]["warnings"]


def test_render_dpi_keeps_small_pages_and_lowers_huge_ones():
    assert render_dpi(1, 595, 842, 300) == (300, [])  # A4
    dpi, warnings = render_dpi(3, 72 * 100, 72 * 100, 300)  # 100 x 100 inches
    assert dpi == 50 and warnings == ["page 3 (2540 x 2540 mm) is too large to OCR at 300 dpi: read at 50 dpi"]


def test_a_huge_page_is_read_at_a_lower_dpi(tmp_path):
    """A 3 x 2 m poster page: 1.4 billion pixels at 300 dpi, read at a dpi that fits."""
    image = Image.new("L", (1181, 787), 255)  # at 10 dpi: 3 x 2 m
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", 60)
    ImageDraw.Draw(image).text((100, 300), "KẾ HOẠCH 501/KH-UBND", font=font, fill=0)
    path = tmp_path / "poster.pdf"
    image.save(path, resolution=10)
    run = run_kehoach("text", path, "--ocr", "always")
    assert run.code == 0, run.stderr
    assert "501/KH-UBND" in run.text
    plan = json.loads(run_kehoach("extract", path).text)
    assert "page 1 (3000 x 1999 mm) is too large to OCR at 300 dpi: read at 51 dpi" in plan["quality"]["warnings"]


def test_a_table_page_leaves_only_its_own_prose_to_read():
    """Tables painted out in the paper's grey, not white: white paint on a grey scan left the
    table's outline as ink, and tesseract read a whole blank landscape page for its page number."""
    from kehoach_cli.ingest.page_geometry import ink_box, without_tables
    from kehoach_cli.ingest.scan_tables import scan_rules

    page = _scan_page(6, dpi=300)  # page 7: the appendix table and the page number above it
    scan = scan_rules(page, 300)
    assert scan.grids
    left, top, right, bottom = ink_box(np.asarray(without_tables(page, scan.grids)), 300)
    assert (right - left) * (bottom - top) < 0.01 * page.width * page.height


def test_ocr_runs_opencv_on_one_thread_as_it_runs_tesseract():
    """Pages are the unit of parallel work: OpenCV's own threads spent a quarter more CPU on the
    table rules of the Kon Tum scan than one thread (2.6 s against 2.0 s over 11 pages)."""
    script = (
        "import cv2; from kehoach_cli.ingest.ocr import ocr_pages; from pathlib import Path\n"
        f"path = Path({str(ROTATED)!r})\n"
        "ocr_pages(path, 'pdf', path.read_bytes(), [2], jobs=1)\n"
        "print(cv2.getNumThreads())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1"]


def test_a_pool_forked_after_opencv_ran_threaded_does_not_hang():
    """A forked OCR worker that reset OpenCV's thread pool hung on the pool's copied locks when the
    parent had run OpenCV with threads before (as the test suite does): the parent sets it instead."""
    script = (
        "import cv2, numpy as np; from kehoach_cli.ingest.ocr import ocr_pages; from pathlib import Path\n"
        "cv2.setNumThreads(2); cv2.GaussianBlur(np.zeros((2000, 2000), np.uint8), (31, 31), 0)\n"
        f"path = Path({str(ROTATED)!r})\n"
        "done = ocr_pages(path, 'pdf', path.read_bytes(), [1, 2], jobs=2)\n"
        "print(sorted(done), cv2.getNumThreads())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split("\n")[0] == "[1, 2] 1", done.stderr


def test_a_run_of_pages_is_read_by_one_tesseract_per_model_and_mode_as_if_apart(monkeypatch):
    """Two table pages: their prose, their cells and their row numbers in English were nine
    tesseract processes (a model load each); read as a run, three, and the same pages."""
    import pytesseract

    from kehoach_cli.ingest import ocr, page_recipe

    data = KON_TUM_SCAN.read_bytes()
    apart = {n: ocr.ocr_pages(KON_TUM_SCAN, "pdf", data, [n], jobs=1)[n] for n in (7, 8)}
    calls = []
    real = pytesseract.image_to_data

    def counted(image, **kwargs):
        calls.append((kwargs["lang"], kwargs["config"]))
        return real(image, **kwargs)

    monkeypatch.setattr(pytesseract, "image_to_data", counted)
    together = ocr.ocr_pages(KON_TUM_SCAN, "pdf", data, [7, 8], jobs=1)
    assert sorted(calls) == [
        ("eng", page_recipe.NUMBER_CONFIG),
        ("vie", page_recipe.PAGE_CONFIG),
        ("vie", f"--psm {page_recipe.CELL_PSM}"),
    ]
    assert together == apart


def _arrays(value, depth: int = 0):
    """The numpy arrays in a value, through containers and dataclasses, with the bytes each keeps alive."""
    import dataclasses

    if depth > 6:
        return
    if isinstance(value, np.ndarray):
        yield value.base.nbytes if isinstance(value.base, np.ndarray) else value.nbytes
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _arrays(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _arrays(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _arrays(getattr(value, field.name), depth + 1)


def test_a_page_waiting_for_tesseract_holds_no_page_sized_image():
    """A run holds a dozen pages while tesseract reads them: each keeps only small things (its
    first column's crops, copied: a crop was a view that kept the whole straightened page)."""
    from kehoach_cli.ingest.ocr import PageReader
    from kehoach_cli.ingest.ocr_options import OcrSettings
    from kehoach_cli.ingest.page_recipe import CELL_PSM, PAGE_CONFIG, page_reading
    from kehoach_cli.ingest.tesseract import languages

    with PageReader("pdf", KON_TUM_SCAN.read_bytes()) as reader:
        page = page_reading(reader, 7, OcrSettings(), languages())
        request = page.send(None)
        assert [read.config for read in request] == [PAGE_CONFIG, f"--psm {CELL_PSM}"]
        assert max(request[1].image.shape) > 2000  # the cell collage: the page's images were there
        del request
        held, frame_owner = [], page
        while frame_owner is not None:
            held += list(_arrays(list(frame_owner.gi_frame.f_locals.values())))
            frame_owner = frame_owner.gi_yieldfrom
        page.close()
    assert held and max(held) < 100_000


def test_pages_are_dealt_into_runs_one_per_worker_at_least_and_twelve_pages_at_most():
    from kehoach_cli.ingest.ocr_options import RUN_PAGES, page_runs

    assert page_runs(list(range(1, 12)), 1) == [list(range(1, 12))]
    assert page_runs(list(range(1, 12)), 2) == [[1, 3, 5, 7, 9, 11], [2, 4, 6, 8, 10]]
    assert page_runs([4], 2) == [[4]]
    runs = page_runs(list(range(1, 101)), 2)
    assert len(runs) == 9 and max(map(len, runs)) <= RUN_PAGES
    assert sorted(page for run in runs for page in run) == list(range(1, 101))


def test_tesseract_runs_one_thread_and_this_process_is_left_as_it_was(monkeypatch):
    """tesseract's OpenMP threads are limited in its own environment: the worker's environment, and
    pytesseract's way of starting processes, are the same after OCR as before."""
    import pytesseract

    from kehoach_cli.ingest.ocr import ocr_pages

    environments, real = [], subprocess.Popen

    def popen(args, **kwargs):
        if not {"--list-langs", "--version"} & set(args):  # a page read, not a question about tesseract
            environments.append(kwargs.get("env") or {})
        return real(args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    plain = pytesseract.pytesseract.subprocess_args
    assert ocr_pages(ROTATED, "pdf", ROTATED.read_bytes(), [2], jobs=1)[2].page is not None
    assert environments and all(env.get("OMP_THREAD_LIMIT") == "1" for env in environments)
    assert "OMP_THREAD_LIMIT" not in os.environ
    assert pytesseract.pytesseract.subprocess_args is plain
