"""Per-page source choice: `--ocr auto|always|never`, an English-model OCR text layer redone by
OCR, restoration only where OCR cannot run, and the warnings when it cannot (real tesseract)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2
import pytest
from conftest import KON_TUM_NATIVE, KON_TUM_TASKS, SAMPLES, run_kehoach

ENGLISH_LAYER = SAMPLES / "kon-tum-501-eng-layer.pdf"
ROTATED = SAMPLES / "kon-tum-501-rotated.pdf"
DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-vie"


@pytest.fixture(scope="module")
def english_layer_plan():
    run = run_kehoach("extract", ENGLISH_LAYER)
    assert run.code == 0, run.stderr
    return json.loads(run.text)


@pytest.fixture(scope="module")
def first_native_page(tmp_path_factory) -> Path:
    """Page 1 of the native Kon Tum plan alone: a good Vietnamese text layer."""
    path = tmp_path_factory.mktemp("native") / "page-1.pdf"
    source, single = pypdfium2.PdfDocument(str(KON_TUM_NATIVE)), pypdfium2.PdfDocument.new()
    single.import_pages(source, [0])
    single.save(str(path))
    return path


def test_the_sample_layer_is_english_ocr(kehoach):
    layer = kehoach("text", ENGLISH_LAYER, "--ocr", "never", "--no-restore").text
    assert "S6: 501/KH-UBND" in layer and "Số" not in layer


def test_auto_redoes_an_english_ocr_layer_with_the_vietnamese_model(english_layer_plan):
    assert english_layer_plan["source"]["page_sources"] == ["ocr"] * 11
    assert english_layer_plan["quality"]["ocr_pages"] == 11
    # Pages OCR read are not restored; only the tone check mends a few of tesseract's tone slips.
    assert english_layer_plan["quality"]["restored_tokens"] < 50
    meta = english_layer_plan["metadata"]
    assert (meta["doc_number"], meta["issued_date"], meta["issuer"]) == (
        "501/KH-UBND",
        "2025-02-17",
        "Ủy ban nhân dân tỉnh Kon Tum",
    )
    table = [t for t in english_layer_plan["tasks"] if t["origin"] == "table"]
    expected = json.loads(KON_TUM_TASKS.read_text(encoding="utf-8"))
    assert [(t["section"], t["stt"]) for t in table] == [(e["section"], e["stt"]) for e in expected]


def test_doubtful_ocr_words_are_counted(english_layer_plan):
    low = english_layer_plan["quality"]["low_confidence_tokens"]
    words = sum(len(t["task"].split()) for t in english_layer_plan["tasks"])
    assert 0 < low < 0.1 * words


def test_never_restores_the_bad_layer_instead():
    plan = json.loads(run_kehoach("extract", ENGLISH_LAYER, "--ocr", "never").text)
    assert plan["source"]["page_sources"] == ["restored"] * 11
    assert plan["quality"]["ocr_pages"] == 0 and plan["quality"]["restored_tokens"] > 500
    assert plan["metadata"]["doc_number"] == "501/KH-UBND"


def test_auto_keeps_a_good_text_layer_and_always_ocrs_it(first_native_page):
    auto = json.loads(run_kehoach("extract", first_native_page).text)
    assert auto["source"]["page_sources"] == ["native"] and auto["quality"]["ocr_pages"] == 0
    always = json.loads(run_kehoach("extract", first_native_page, "--ocr", "always", "--dpi", "200").text)
    assert always["source"]["page_sources"] == ["ocr"] and always["quality"]["ocr_pages"] == 1
    assert always["metadata"]["doc_number"] == "501/KH-UBND"


def test_an_unknown_mode_is_a_usage_error(kehoach):
    run = kehoach("extract", ROTATED, "--ocr", "sometimes")
    assert run.code == 2 and run.stdout == b""


def _without_tesseract() -> dict[str, str]:
    """The environment with tesseract off the PATH (python itself runs by its full path)."""
    return {**os.environ, "PATH": "/nonexistent"}


def _run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kehoach_cli", *map(str, args)],
        capture_output=True,
        env={**env, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"},
        timeout=600,
    )


def test_missing_tesseract_is_one_warning_not_a_failure(tmp_path):
    folder, out = tmp_path / "plans", tmp_path / "out"
    folder.mkdir()
    for sample in (ROTATED, ENGLISH_LAYER):
        (folder / sample.name).write_bytes(sample.read_bytes())
    done = _run("batch", folder, "--out-dir", out, env=_without_tesseract())
    assert done.returncode == 0, done.stderr
    stderr = done.stderr.decode()
    warnings = [line for line in stderr.splitlines() if line.startswith("kehoach: warning:")]
    assert len(warnings) == 1 and DEBIAN_PACKAGES in warnings[0]
    layer = json.loads((out / "kon-tum-501-eng-layer.pdf.json").read_text(encoding="utf-8"))
    assert layer["source"]["page_sources"] == ["restored"] * 11  # restoration where OCR cannot run
    assert any("were not OCR'd: tesseract is not installed" in w for w in layer["quality"]["warnings"])


def test_missing_vietnamese_model_names_the_packages(tmp_path):
    tessdata = tmp_path / "tessdata"
    tessdata.mkdir()
    english = next(Path("/usr/share/tesseract-ocr").glob("*/tessdata/eng.traineddata"))
    shutil.copy(english, tessdata / "eng.traineddata")
    done = _run("extract", ROTATED, env={**os.environ, "TESSDATA_PREFIX": str(tessdata)})
    assert done.returncode == 0
    assert f"tesseract has no Vietnamese model (Debian: apt-get install {DEBIAN_PACKAGES})" in done.stderr.decode()


def test_a_page_over_its_time_limit_fails_alone():
    run = run_kehoach("extract", ROTATED, "--ocr-timeout", "0.1")
    assert run.code == 0, run.stderr
    plan = json.loads(run.text)
    assert plan["quality"]["ocr_pages"] == 0
    assert [w for w in plan["quality"]["warnings"] if "OCR failed" in w] == [
        f"page {n}: OCR failed: tesseract took longer than 0.1 s" for n in (1, 2, 3)
    ]


def test_jobs_default_to_the_usable_cores():
    if shutil.which("taskset") is None:
        pytest.skip("taskset (util-linux) not installed")
    code = "from kehoach_cli.ingest.ocr import default_jobs; print(default_jobs())"
    done = subprocess.run(
        ["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "1"
