"""Batch conversion of a folder: --jobs 1 against --jobs 2, resume, and the whole batch's peak memory.

The folder holds 20 mixed files made from samples/: native PDFs (whole and page ranges), small
scans (two pages cut from the scanned samples), text files, .docx files written from the text
samples, and one corrupt PDF. Runs, each `kehoach batch` in a fresh process:
  1. --jobs 1 into a fresh folder (the baseline);
  2. --jobs 2 into another fresh folder (target: at least 1.7 times faster than 1.);
  3. the same command again, nothing changed (target: at most 5 % of 2.);
  4. again after one text file changed (target: exactly one per-document output rewritten).
Peak memory is the largest sum of resident memory over the batch's whole process tree (the
command, its workers and their tesseract processes), polled every 50 ms (target: at most 1 GB).

Run: .venv/bin/python bench/batch.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pypdfium2
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SPEEDUP_TARGET, RERUN_TARGET, MEMORY_TARGET_MB = 1.7, 0.05, 1024
POLL_SECONDS = 0.05


def pdf_pages(source: Path, pages: list[int], target: Path) -> None:
    """A PDF of some pages (0-based) of another."""
    original = pypdfium2.PdfDocument(source)
    part = pypdfium2.PdfDocument.new()
    part.import_pages(original, pages)
    part.save(target)


def docx_from_text(source: Path, target: Path) -> None:
    """A Word document with one paragraph per line of a text sample."""
    document = Document()
    for line in source.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    document.save(target)


def build_folder(folder: Path) -> list[Path]:
    """The 20 files; returns them in the order made."""
    kon_tum, plan_000 = SAMPLES / "kon-tum-501-native.pdf", SAMPLES / "plan-000-native.pdf"
    scans = {"kon-tum": SAMPLES / "kon-tum-501-scan.pdf", "plan-000": SAMPLES / "plan-000-scan.pdf"}
    texts = {
        "000": SAMPLES / "000_e2d9b21277a96cb4.txt",
        "002": SAMPLES / "002_e026816938ea239d.txt",
        "kon-tum": SAMPLES / "kon-tum-501.plan.txt",
    }
    for sub in ("native", "scanned", "text", "docx"):
        (folder / sub).mkdir(parents=True)
    shutil.copy(kon_tum, folder / "native" / "kon-tum-501.pdf")
    shutil.copy(plan_000, folder / "native" / "plan-000.pdf")
    pdf_pages(kon_tum, [0, 1, 2, 3], folder / "native" / "kon-tum-501-p1-4.pdf")
    pdf_pages(kon_tum, list(range(4, 11)), folder / "native" / "kon-tum-501-appendix.pdf")
    pdf_pages(plan_000, [0, 1, 2], folder / "native" / "plan-000-p1-3.pdf")
    pdf_pages(scans["kon-tum"], [0, 1], folder / "scanned" / "kon-tum-501-p1-2.pdf")
    pdf_pages(scans["kon-tum"], [2, 3], folder / "scanned" / "kon-tum-501-p3-4.pdf")
    pdf_pages(scans["plan-000"], [0, 1], folder / "scanned" / "plan-000-p1-2.pdf")
    pdf_pages(scans["plan-000"], [2, 3], folder / "scanned" / "plan-000-p3-4.pdf")
    for name, source in texts.items():
        shutil.copy(source, folder / "text" / f"{name}.txt")
        shutil.copy(source, folder / "text" / f"{name}-copy.txt")
        docx_from_text(source, folder / "docx" / f"{name}.docx")
    docx_from_text(texts["002"], folder / "docx" / "002-copy.docx")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)  # a header, then garbage
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(files) == 20, len(files)
    return files


def run_batch(folder: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds of one `kehoach batch` and its process tree.

    CPU time (of the command and every descendant it reaped) says whether the wall time is the
    batch's own: on a machine busy with other work, wall time exceeds CPU time / jobs."""
    cpu_before = _children_cpu()
    command = [sys.executable, "-m", "kehoach_cli", "batch", str(folder), "-o", str(out), "--jobs", str(jobs), "-q"]
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process))
        time.sleep(POLL_SECONDS)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):  # 1: the corrupt file, expected
        raise SystemExit(f"kehoach batch exited with {process.returncode}")
    return elapsed, peak / 2**20, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def output_times(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*.json") if not p.name.startswith(".")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build the folder and outputs here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kehoach-bench-batch-"))
    folder = work / "plans"
    build_folder(folder)
    serial, serial_peak, serial_cpu = run_batch(folder, work / "out-jobs1", 1)
    parallel, parallel_peak, parallel_cpu = run_batch(folder, work / "out-jobs2", 2)
    before = output_times(work / "out-jobs2")
    rerun, _, rerun_cpu = run_batch(folder, work / "out-jobs2", 2)
    unchanged_rewritten = sum(output_times(work / "out-jobs2")[p] != t for p, t in before.items())
    changed = folder / "text" / "000-copy.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nGhi chú: bản sửa đổi.\n", encoding="utf-8")
    before = output_times(work / "out-jobs2")
    one, _, one_cpu = run_batch(folder, work / "out-jobs2", 2)
    rewritten = sorted(p.name for p, t in output_times(work / "out-jobs2").items() if before.get(p) != t)
    outputs = len(list((work / "out-jobs2").rglob("*.json"))) - 1  # less the manifest

    rows = [
        ("--jobs 1 (baseline)", f"{serial:.1f}", f"{serial_cpu:.1f}", "1.00", f"{serial_peak:.0f}", "", ""),
        (
            "--jobs 2",
            f"{parallel:.1f}",
            f"{parallel_cpu:.1f}",
            f"{serial / parallel:.2f}x faster",
            f"{parallel_peak:.0f}",
            f">= {SPEEDUP_TARGET}x",
            ok(serial / parallel >= SPEEDUP_TARGET),
        ),
        (
            "re-run, nothing changed",
            f"{rerun:.1f}",
            f"{rerun_cpu:.1f}",
            f"{rerun / parallel:.1%} of --jobs 2",
            "",
            f"<= {RERUN_TARGET:.0%}, 0 rewritten ({unchanged_rewritten})",
            ok(rerun / parallel <= RERUN_TARGET and unchanged_rewritten == 0),
        ),
        (
            "re-run, one file changed",
            f"{one:.1f}",
            f"{one_cpu:.1f}",
            f"rewritten: {', '.join(rewritten)}",
            "",
            "exactly 1",
            ok(rewritten == ["000-copy.txt.json"]),
        ),
        (
            "peak memory (whole tree)",
            "",
            "",
            "",
            f"{max(serial_peak, parallel_peak):.0f}",
            f"<= {MEMORY_TARGET_MB} MB",
            ok(max(serial_peak, parallel_peak) <= MEMORY_TARGET_MB),
        ),
    ]
    print(
        f"20 files ({outputs} converted, 1 corrupt) in {folder}; {psutil.cpu_count()} cores, "
        f"load average {psutil.getloadavg()[0]:.1f}"
    )
    header = ("run", "wall s", "CPU s", "ratio", "peak MB", "target", "")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
    if not args.keep:
        shutil.rmtree(work)


def ok(passed: bool) -> str:
    return "ok" if passed else "MISSED"


if __name__ == "__main__":
    main()
