"""Issue 7's measure: bad inputs tried, fuzz executions, crashes, hangs, inputs changed, half-written outputs.

    python bench/hardening.py [--fuzz-runs N]     (make bench-hardening)

Every kind of bad input in tests/bad_inputs.py goes through `kehoach extract -o OUT` and the whole
set through one `kehoach batch`. A crash is a traceback, an "unexpected error", an exit status
other than the case's, or an error line that does not name the file; a hang is a run killed at
the time bound; an input changed is one whose bytes, link or times differ afterwards; a
half-written output is a temporary file left behind or an output that does not parse. Then the
PDF fuzz target runs N executions (its crashes and time-outs are counted too).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bad_inputs import CASES, Case, readable_by_us  # noqa: E402
from measured import Measured, run_measured, snapshot  # noqa: E402

from kehoach_cli.errors import one_line  # noqa: E402

SECONDS_BOUND = 60.0


@dataclass
class Tally:
    tried: int = 0
    kinds: set[str] = field(default_factory=set)  # one per maker: the three truncations are one kind
    skipped: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    inputs_changed: list[str] = field(default_factory=list)
    half_written: list[str] = field(default_factory=list)
    fuzz_runs: int = 0
    peak_mb: float = 0.0
    slowest: tuple[float, str] = (0.0, "")


def crashed(case: Case, path: Path, run: Measured) -> bool:
    if "Traceback" in run.stderr or "unexpected error" in run.stderr:
        return True
    if case.usable:
        return run.code != 0
    return run.code != 1 or len(run.error_lines) != 1 or one_line(str(path)) not in run.error_lines[0]


def output_whole(output: Path) -> bool:
    """No temporary file beside the output, and the output (if any) is whole JSON."""
    leftovers = [p for p in output.parent.iterdir() if p.name.startswith(f".{output.name}.")]
    if leftovers:
        return False
    if not output.exists():
        return True
    try:
        json.loads(output.read_text(encoding="utf-8"))
    except ValueError:
        return False
    return True


def run_cases(work: Path, tally: Tally) -> None:
    for number, case in enumerate(CASES):
        own = work / f"{number:02}"
        own.mkdir()
        path = case.make(own)
        if case.kind == "no read permission" and readable_by_us(path):
            tally.skipped.append(f"{case.kind} (running as root, which reads the file anyway)")
            continue
        before = snapshot(path)
        output = work / f"{number:02}.json"
        run = run_measured("extract", path, *case.args, "-o", output, timeout=SECONDS_BOUND)
        tally.tried += 1
        tally.kinds.add(case.make.__qualname__)
        tally.peak_mb = max(tally.peak_mb, run.peak_mb)
        tally.slowest = max(tally.slowest, (run.seconds, case.kind))
        if run.hung:
            tally.hangs.append(case.kind)
        elif crashed(case, path, run):
            tally.crashes.append(f"{case.kind}: {run.stderr.strip()[-200:]}")
        if snapshot(path) != before:
            tally.inputs_changed.append(case.kind)
        if not output_whole(output):
            tally.half_written.append(case.kind)


def run_batch(work: Path, tally: Tally) -> None:
    """The whole corpus as one folder, with one good plan: the batch must finish and convert it."""
    folder = work / "inbox"
    folder.mkdir()
    for number, case in enumerate(CASES):
        (folder / f"{number:02}").mkdir()
        case.make(folder / f"{number:02}")
    (folder / "good.txt").write_bytes((ROOT / "samples" / "000_e2d9b21277a96cb4.txt").read_bytes())
    before = {p: snapshot(p) for p in folder.rglob("*")}
    out = work / "out"
    run = run_measured("batch", folder, "-o", out, "--ocr", "never", "--jobs", "2", timeout=5 * SECONDS_BOUND)
    tally.tried += 1
    if run.hung:
        tally.hangs.append("batch")
    elif "Traceback" in run.stderr or run.code != 1 or not (out / "good.txt.json").is_file():
        tally.crashes.append(f"batch: exit {run.code}: {run.stderr.strip()[-300:]}")
    if {p: snapshot(p) for p in folder.rglob("*")} != before:
        tally.inputs_changed.append("batch")
    for output in out.rglob("*"):
        if output.is_file() and (output.name.startswith(".") and output.name != ".kehoach-batch.json"):
            tally.half_written.append(f"batch: {output.name}")


def run_fuzz(runs: int, work: Path, tally: Tally) -> None:
    crashes = work / "crashes"
    crashes.mkdir()
    done = subprocess.run([sys.executable, str(ROOT / "fuzz" / "fuzz_pdf_ingest.py"), str(work / "corpus"),
                           f"-runs={runs}", "-max_len=4096", "-timeout=120", "-rss_limit_mb=2048",
                           f"-artifact_prefix={crashes}/"], capture_output=True, text=True)
    executed = re.search(r"Done (\d+) runs", done.stderr) or re.findall(r"^#(\d+)", done.stderr, re.M)
    tally.fuzz_runs = int(executed.group(1) if isinstance(executed, re.Match) else (executed or ["0"])[-1])
    for artifact in crashes.iterdir():
        target = tally.hangs if artifact.name.startswith("timeout-") else tally.crashes
        target.append(f"fuzz: {artifact.name} (kept in {crashes})")


def report(tally: Tally, seconds: float) -> None:
    rows = [("bad input kinds tried", len(tally.kinds)), ("bad input runs (extract and batch)", tally.tried),
            ("cases skipped", len(tally.skipped)),
            ("fuzz executions", tally.fuzz_runs), ("crashes", len(tally.crashes)), ("hangs", len(tally.hangs)),
            ("inputs changed", len(tally.inputs_changed)), ("half-written outputs", len(tally.half_written)),
            ("peak memory of a run", f"{tally.peak_mb:.0f} MB"),
            ("slowest run", f"{tally.slowest[0]:.1f} s ({tally.slowest[1]})"), ("elapsed", f"{seconds:.0f} s")]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    for name, items in (("skipped", tally.skipped), ("crash", tally.crashes), ("hang", tally.hangs), ("input changed", tally.inputs_changed),
                        ("half-written", tally.half_written)):
        for item in items:
            print(f"  {name}: {item}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz-runs", type=int, default=5000, help="fuzz executions (make fuzz runs 100,000)")
    args = parser.parse_args()
    start = time.monotonic()
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="kehoach-hardening-") as tmp:
        work = Path(tmp)
        (work / "extract").mkdir()
        run_cases(work / "extract", tally)
        run_batch(work, tally)
        if args.fuzz_runs:
            run_fuzz(args.fuzz_runs, work, tally)
    report(tally, time.monotonic() - start)
    failed = tally.crashes or tally.hangs or tally.inputs_changed or tally.half_written
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
