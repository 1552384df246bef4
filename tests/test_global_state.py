"""Reading a document leaves the process as it found it: Pillow's size check, pdfminer's logger
and the environment are changed only around the calls that need it, never at import."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from conftest import KON_TUM_NATIVE
from PIL import Image

from kehoach_cli.ingest import ingest_file

STATE = (
    "from PIL import Image; import logging, os; logger = logging.getLogger('pdfminer'); "
    "print(Image.MAX_IMAGE_PIXELS, logger.propagate, logger.handlers, os.environ.get('OMP_THREAD_LIMIT'))"
)


def _state() -> tuple:
    logger = logging.getLogger("pdfminer")
    return Image.MAX_IMAGE_PIXELS, logger.propagate, list(logger.handlers), os.environ.get("OMP_THREAD_LIMIT")


def test_importing_the_readers_changes_nothing():
    env = {key: value for key, value in os.environ.items() if key != "OMP_THREAD_LIMIT"}
    plain = subprocess.run([sys.executable, "-c", STATE], capture_output=True, text=True, env=env, check=True)
    imported = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kehoach_cli.ingest.image, kehoach_cli.ingest.pdf, "
            "kehoach_cli.ingest.ocr, kehoach_cli.pipeline, kehoach_cli.batch; " + STATE,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert imported.stdout == plain.stdout


def test_reading_a_pdf_and_an_image_gives_the_state_back(tmp_path):
    before = _state()
    Image.new("L", (40, 30), 255).save(tmp_path / "page.png")
    assert len(ingest_file(tmp_path / "page.png").pages) == 1
    assert ingest_file(KON_TUM_NATIVE).pages
    assert _state() == before
