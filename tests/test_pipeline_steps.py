"""The pipeline as steps over plain data (pipeline.py): what a batch schedules apart is what
`extract_document` runs in order, and the options are data a manifest can record."""

from __future__ import annotations

import pickle
from dataclasses import fields

from conftest import KON_TUM_NATIVE, SEED_000

from kehoach_cli.pipeline import (
    ExtractOptions,
    Listeners,
    OcrChoice,
    extract_document,
    finish_reading,
    ingest_document,
    ocr_document,
    pages_to_ocr,
    records_of,
)


def test_options_are_plain_data_and_never_record_the_password():
    options = ExtractOptions(ocr="never", jobs=3, password="secret")
    assert all(isinstance(getattr(options, f.name), (bool, int, float, str, type(None))) for f in fields(options))
    assert pickle.loads(pickle.dumps(options)) == options
    recorded = options.recorded()
    assert recorded == {"ocr": "never", "restore": True, "dpi": 300, "page_timeout": 180.0}
    assert "secret" not in repr(recorded)


def test_the_steps_run_apart_give_what_extract_document_gives():
    """A batch runs the steps in different processes, the document pickled between them."""
    for path in (SEED_000, KON_TUM_NATIVE):
        options = ExtractOptions(ocr="never")
        document, quality = pickle.loads(pickle.dumps(ingest_document(path, options)))
        choice = pages_to_ocr(document, options)
        ocr = ocr_document(path, document, choice, options)
        read = finish_reading(document, quality, choice, ocr, options)
        assert records_of(*read) == extract_document(path, options)


def test_a_page_ocr_cannot_read_is_said_once_to_the_listener_and_in_the_warnings():
    heard: list[str] = []
    options = ExtractOptions(ocr="never")
    document, quality = ingest_document(KON_TUM_NATIVE, options)
    choice = OcrChoice((1, 2, 3, 5), "tesseract is not installed")
    assert ocr_document(KON_TUM_NATIVE, document, choice, ExtractOptions(), Listeners(on_warning=heard.append)) == {}
    assert heard == ["OCR is not available: tesseract is not installed"]
    _, quality = finish_reading(document, quality, choice, {}, options)
    assert quality.warnings[-1] == (
        "pages 1-3, 5 have no usable text layer and were not OCR'd: tesseract is not installed"
    )
