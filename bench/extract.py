"""Extraction speed and memory on the bundled samples, against a baseline measured in the same run.

Baseline: pdfplumber's plain `extract_text()` over every page of the same PDF (what any tool
must at least do). The ratio says what kehoach's structure, tables and records cost on top.
Each figure is the median of several runs in fresh processes; peak memory is the child's max RSS.

Run: .venv/bin/python bench/extract.py [--repeat N]
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
SAMPLES = [ROOT / "samples" / "kon-tum-501-native.pdf", ROOT / "samples" / "plan-000-native.pdf"]
BASELINE = "import pdfplumber, sys\nwith pdfplumber.open(sys.argv[1]) as pdf:\n    [p.extract_text() for p in pdf.pages]"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'sample':28} {'baseline s':>10} {'kehoach s':>10} {'ratio':>7} {'peak MB':>8}")
    for sample in SAMPLES:
        base, _ = median_run([sys.executable, "-c", BASELINE, str(sample)], args.repeat)
        ours, peak = median_run([sys.executable, "-m", "kehoach_cli", "extract", str(sample)], args.repeat)
        print(f"{sample.name:28} {base:10.2f} {ours:10.2f} {ours / base:7.2f} {peak:8.0f}")


if __name__ == "__main__":
    main()
