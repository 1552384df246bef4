"""The PDF fuzz target: a short smoke run, and every crash it ever found replayed as a regression test."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from measured import run_measured

from kehoach_cli.errors import KehoachError
from kehoach_cli.ingest.pdf import PdfContent, read_pdf

ROOT = Path(__file__).resolve().parent.parent
CRASHES = sorted(
    path for path in (ROOT / "tests" / "data" / "fuzz").iterdir() if path.name.startswith(("crash-", "timeout-"))
)


@pytest.mark.parametrize("crash", CRASHES, ids=[path.name[:16] for path in CRASHES])
def test_inputs_that_once_crashed_are_refused_or_read(crash: Path) -> None:
    """crash-*: an exception escaped read_pdf; timeout-*: pdfminer looped for ever (now cut after a few
    CPU seconds: CPU time is what is bounded, as a busy machine stretches wall time)."""
    start = time.process_time()
    try:
        content = read_pdf(str(crash), crash.read_bytes())
    except KehoachError:
        content = None
    assert content is None or (isinstance(content, PdfContent) and content.pages)
    assert time.process_time() - start < 45


@pytest.mark.parametrize("crash", CRASHES, ids=[path.name[:16] for path in CRASHES])
def test_inputs_that_once_crashed_fail_well_in_the_command(tmp_path: Path, crash: Path) -> None:
    path = tmp_path / "input.pdf"
    path.write_bytes(crash.read_bytes())
    run = run_measured("extract", path, "--ocr", "never", timeout=240)
    assert run.code in (0, 1) and not run.hung and "Traceback" not in run.stderr
    assert len(run.error_lines) == (1 if run.code else 0), run.stderr  # pdfminer's own log lines stay quiet


def test_fuzz_smoke_run_finds_no_crash(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_pdf_ingest.py"),
            str(tmp_path / "corpus"),
            "-runs=2000",
            "-max_len=4096",
            "-timeout=120",
            "-rss_limit_mb=2048",
            "-seed=1",
        ],
        capture_output=True,
        timeout=240,
        cwd=tmp_path,
    )
    log = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, log[-3000:]
    assert "Done 2000 runs" in log
