"""Extraction speed and memory on the bundled samples, against baselines measured in the same run.

Native PDFs: the baseline is pdfplumber's plain `extract_text()` over every page (what any tool
must at least do); the ratio says what structure, tables and records cost on top.
Scanned PDFs: the baseline is the naive way, each page rendered at 300 dpi and read by
`tesseract -l vie` one after the other; the ratio shows what parallel OCR and table recovery
give and cost. Each figure is the median of runs in fresh processes; peak memory is the
largest child's max RSS (tesseract's own processes included for the scans).

Run: .venv/bin/python bench/extract.py [--repeat N] [--no-scans]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIVE = [ROOT / "samples" / "kon-tum-501-native.pdf", ROOT / "samples" / "plan-000-native.pdf"]
SCANS = [ROOT / "samples" / "kon-tum-501-scan.pdf", ROOT / "samples" / "plan-000-scan.pdf"]
NATIVE_BASELINE = "import pdfplumber, sys\nwith pdfplumber.open(sys.argv[1]) as pdf:\n    [p.extract_text() for p in pdf.pages]"
SCAN_BASELINE = """import os, sys, pypdfium2, pytesseract
os.environ["OMP_THREAD_LIMIT"] = "1"
pdf = pypdfium2.PdfDocument(sys.argv[1])
for page in pdf:
    pytesseract.image_to_string(page.render(scale=300 / 72, grayscale=True).to_pil(), lang="vie")
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return elapsed, peak / 1024


def median_run(command: list[str], repeat: int) -> tuple[float, float]:
    runs = [timed(command) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def compare(sample: Path, baseline: str, repeat: int) -> None:
    base, _ = median_run([sys.executable, "-c", baseline, str(sample)], repeat)
    ours, peak = median_run([sys.executable, "-m", "kehoach_cli", "extract", str(sample)], repeat)
    print(f"{sample.name:28} {base:10.2f} {ours:10.2f} {ours / base:7.2f} {peak:8.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per native sample (scans: 1)")
    parser.add_argument("--no-scans", action="store_true", help="skip the OCR'd samples (slow)")
    args = parser.parse_args()
    print(f"{'sample':28} {'baseline s':>10} {'kehoach s':>10} {'ratio':>7} {'peak MB':>8}")
    for sample in NATIVE:
        compare(sample, NATIVE_BASELINE, args.repeat)
    for sample in [] if args.no_scans else SCANS:
        compare(sample, SCAN_BASELINE, 1)


if __name__ == "__main__":
    main()
