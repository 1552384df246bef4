"""The database and the report of a large batch, against writing its tasks.csv (issue 17).

Plans are made from the samples' outputs: the text samples and the Kon Tum Word file are extracted
once, and each of N plans takes 30 of their tasks in turn (its own file name and number), written as
a batch output folder (per-plan JSON, documents.csv, errors.jsonl), as `kehoach batch` leaves it.

1. Time, side by side in one process, each step alternated over --rounds rounds (median):
   - tasks.csv: render(plans, "csv") and its atomic write, from the plans in memory (as the batch's
     combined-file step has them);
   - kehoach.sqlite + report.html: write_database_and_report from the same plans in memory.
   Target: the second at most 3x the first. The time to read the per-plan JSON, which both pay once
   in a batch, is printed beside them.
2. Peak memory (the process's maximum resident set) of `kehoach report OUT` on a folder without its
   database, which reads the plans one at a time, for N/4, N/2 and N plans, each in a fresh process.
   Target: flat (the largest peak at most 10 % above the smallest). Writing tasks.csv of all the plans
   (which holds them all, as the batch's combined-file step does) is measured the same way beside it.

Run: .venv/bin/python bench/report.py [--plans 1000] [--tasks 30] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SOURCES = ("000_e2d9b21277a96cb4.txt", "002_e026816938ea239d.txt", "kon-tum-501.plan.txt", "kon-tum-501.docx")
TIME_TARGET, MEMORY_TARGET = 3.0, 1.10

# What each memory probe runs in a fresh process. The modules are imported first and the kernel's
# record of the peak resident set is reset (clear_refs 5), so the peak it prints, in kB, is that of
# the work alone, above the resident set it started from.
PROBE = """
import sys
from pathlib import Path
from kehoach_cli.export import render
from kehoach_cli.models import PlanDocument
from kehoach_cli.report import rebuild_report
import kehoach_cli.batch  # rebuild_report imports it when it runs: its import is no part of the work

def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

out = Path(sys.argv[2])
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
start = status("VmRSS")
if sys.argv[1] == "report":
    rebuild_report(out)
else:
    plans = [PlanDocument.model_validate_json(p.read_text(encoding="utf-8")) for p in sorted(out.glob("p*.json"))]
    (out / "tasks.csv").write_text(render(plans, "csv"), encoding="utf-8")
print(start, status("VmHWM"))
"""


def sample_documents():
    from kehoach_cli.pipeline import ExtractOptions, extract_document

    return [extract_document(SAMPLES / name, ExtractOptions(ocr="never")) for name in SOURCES]


def make_batch_output(out: Path, samples, plans: int, tasks: int) -> list:
    """N plans of `tasks` tasks each, written as a batch output; returns them (in memory)."""
    from kehoach_cli.batch import DOCUMENT_COLUMNS, _document_row
    from kehoach_cli.export import csv_table

    pool = [task for document in samples for task in document.tasks]
    made = []
    out.mkdir(parents=True, exist_ok=True)
    for i in range(plans):
        template = samples[i % len(samples)]
        chosen = [pool[(i * tasks + k) % len(pool)] for k in range(tasks)]
        name = f"p{i:05d}.txt"
        document = template.model_copy(
            update={
                "tasks": chosen,
                "source": template.source.model_copy(update={"path": f"plans/{name}"}),
                "metadata": template.metadata.model_copy(update={"doc_number": f"{i + 1}/KH-UBND"}),
            }
        )
        (out / f"{name}.json").write_text(document.model_dump_json(indent=2) + "\n", encoding="utf-8")
        made.append((name, document))
    rows = [_document_row(name, document) for name, document in made]
    (out / "documents.csv").write_text(csv_table(list(DOCUMENT_COLUMNS), rows), encoding="utf-8")
    (out / "errors.jsonl").write_text("", encoding="utf-8")
    return made


def timed(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def peak_kb(kind: str, out: Path) -> tuple[int, int]:
    """The resident set (kB) a probe started its work with, and its peak during the work."""
    (out / "kehoach.sqlite").unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, kind, str(out)], capture_output=True, text=True, check=True, timeout=1800
    )
    start, peak = map(int, done.stdout.split()[-2:])
    return start, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from kehoach_cli.batch import write_file
    from kehoach_cli.export import render
    from kehoach_cli.models import PlanDocument
    from kehoach_cli.report import write_database_and_report

    samples = sample_documents()
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-report-") as tmp:
        out = Path(tmp) / "out"
        made = make_batch_output(out, samples, args.plans, args.tasks)
        plans = [document for _, document in made]
        load = timed(
            lambda: [
                PlanDocument.model_validate_json((out / f"{name}.json").read_text(encoding="utf-8")) for name, _ in made
            ]
        )
        csv_times, view_times = [], []
        for _ in range(args.rounds):
            csv_times.append(timed(lambda: write_file(out / "tasks.csv", render(plans, "csv"))))
            view_times.append(timed(lambda: write_database_and_report(out, made, [])))
        csv_time, view_time = statistics.median(csv_times), statistics.median(view_times)
        ratio = view_time / csv_time
        sizes = {name: (out / name).stat().st_size for name in ("tasks.csv", "kehoach.sqlite", "report.html")}

        counts = sorted({max(1, args.plans // 4), max(1, args.plans // 2), args.plans})
        memory: dict[str, list[tuple[int, int]]] = {"report": [], "csv": []}
        for count in counts:
            part = Path(tmp) / f"part{count}"
            make_batch_output(part, samples, count, args.tasks)
            for kind in memory:
                memory[kind].append(peak_kb(kind, part))

    tasks = args.plans * args.tasks
    print(f"{args.plans} plans x {args.tasks} tasks = {tasks} tasks; median of {args.rounds} rounds")
    print("| step | seconds | size |\n|---|---|---|")
    print(f"| read the per-plan JSON (both pay it once) | {load:.2f} | |")
    print(f"| tasks.csv | {csv_time:.2f} | {sizes['tasks.csv'] / 1e6:.1f} MB |")
    print(
        f"| kehoach.sqlite + report.html | {view_time:.2f} | {sizes['kehoach.sqlite'] / 1e6:.1f} MB + "
        f"{sizes['report.html'] / 1e6:.1f} MB |"
    )
    ok_time = ratio <= TIME_TARGET
    print(f"ratio database+report / tasks.csv: {ratio:.2f} (target <= {TIME_TARGET}): {'ok' if ok_time else 'MISSED'}")
    print(
        "| plans | peak RSS of `kehoach report` (database + report): at start -> peak | the same for tasks.csv "
        "of all plans |\n|---|---|---|"
    )
    for count, (report_start, report_peak), (csv_start, csv_peak) in zip(counts, memory["report"], memory["csv"]):
        print(
            f"| {count} | {report_start / 1024:.0f} -> {report_peak / 1024:.0f} MB | "
            f"{csv_start / 1024:.0f} -> {csv_peak / 1024:.0f} MB |"
        )
    peaks = [peak for _, peak in memory["report"]]
    growth = max(peaks) / min(peaks)
    ok_memory = growth <= MEMORY_TARGET
    print(
        f"report memory, largest / smallest: {growth:.2f} (target <= {MEMORY_TARGET}): "
        f"{'ok' if ok_memory else 'MISSED'}"
    )
    return 0 if ok_time and ok_memory else 1


if __name__ == "__main__":
    sys.exit(main())
