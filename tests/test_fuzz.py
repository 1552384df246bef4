"""The PDF fuzz target: a short smoke run, and every crash it ever found replayed as a regression test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kehoach_cli.errors import KehoachError
from kehoach_cli.ingest.pdf import PdfContent, read_pdf

ROOT = Path(__file__).resolve().parent.parent
CRASHES = sorted((ROOT / "tests" / "data" / "fuzz").glob("crash-*"))


@pytest.mark.parametrize("crash", CRASHES, ids=[path.name[:14] for path in CRASHES])
def test_inputs_that_once_crashed_are_refused_or_read(crash: Path) -> None:
    try:
        content = read_pdf(str(crash), crash.read_bytes())
    except KehoachError:
        return
    assert isinstance(content, PdfContent) and content.pages


def test_fuzz_smoke_run_finds_no_crash(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    done = subprocess.run([sys.executable, str(ROOT / "fuzz" / "fuzz_pdf_ingest.py"), str(tmp_path / "corpus"),
                           "-runs=2000", "-max_len=4096", "-timeout=20", "-rss_limit_mb=2048", "-seed=1"],
                          capture_output=True, timeout=240, cwd=tmp_path)
    log = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, log[-3000:]
    assert "Done 2000 runs" in log
