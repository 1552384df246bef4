"""Measure 3 of issue 4: `kehoach extract` of a native plan against naive text dumping.

The baseline is the least any tool must do: open the PDF with pdfplumber and call `extract_text()`
on every page. kehoach does all of it (text, word boxes, ruled tables, structure, records, JSON).
Both run as fresh processes, interleaved, `--repeat` times each in the same run; the ratio is of
the median wall times (CPU seconds, user + system, are printed too: on a shared machine they move
less than wall time). Target: ratio <= 1.0 on a native plan of 10 pages or more.

Run: .venv/bin/python bench/native.py [--repeat N] [PDF ...]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "samples" / "kon-tum-501-native.pdf", ROOT / "samples" / "plan-000-native.pdf"]
TARGET = 1.0
MIN_PAGES = 10  # the measure is on a plan of at least this many pages
NAIVE = "import pdfplumber, sys\nwith pdfplumber.open(sys.argv[1]) as pdf:\n    [p.extract_text() for p in pdf.pages]"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(sample: Path, repeat: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    naive, ours = [], []
    for _ in range(repeat):  # interleaved, so a burst of load on the machine hits both alike
        naive.append(timed([sys.executable, "-c", NAIVE, str(sample)]))
        ours.append(timed([sys.executable, "-m", "kehoach_cli", "extract", str(sample)]))
    return naive, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path, default=SAMPLES, help="native PDFs (default: the samples)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command per PDF")
    args = parser.parse_args()
    print(
        f"{'measure':8} {'sample':26} {'pages':>5} {'naive s':>8} {'kehoach s':>9} {'ratio':>6} "
        f"{'naive cpu':>9} {'ours cpu':>8} {'cpu ratio':>9} {'target':>7}  result"
    )
    for sample in args.pdfs:
        pages = len(pypdfium2.PdfDocument(str(sample)))
        naive, ours = compare(sample, args.repeat)
        base, mine = statistics.median(w for w, _ in naive), statistics.median(w for w, _ in ours)
        base_cpu, mine_cpu = statistics.median(c for _, c in naive), statistics.median(c for _, c in ours)
        counts = pages >= MIN_PAGES
        verdict = ("met" if mine / base <= TARGET else "NOT met") if counts else f"(< {MIN_PAGES} pages)"
        print(
            f"{'3 native' if counts else '':8} {sample.name:26} {pages:5} {base:8.2f} {mine:9.2f} "
            f"{mine / base:6.2f} {base_cpu:9.2f} {mine_cpu:8.2f} {mine_cpu / base_cpu:9.2f} "
            f"{'<= ' + format(TARGET, '.2f'):>7}  {verdict}",
            flush=True,
        )


if __name__ == "__main__":
    main()
