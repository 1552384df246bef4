"""Issues 7 and 18: every hostile input and fault tried, and what came of each.

    python bench/hardening.py [--fuzz-runs N]     (make bench-hardening)

Hostile inputs: every kind in tests/bad_inputs.py goes through `kehoach extract -o OUT` (then the
whole set through one `kehoach batch`), its process tree's memory sampled (tests/processes.py).
A crash is an exit status other than the case's, an "unexpected error" or an error line that does
not name the file; a traceback is counted apart; a hang is a run killed at the time bound; an
orphan is a process of the command's tree alive 5 s after it ended; an input changed is one
whose bytes, link or times differ afterwards; a half-written output is a temporary file left
beside it or an output that does not parse, scratch a file left in the command's TMPDIR.

Faults: the command killed (SIGKILL, SIGTERM, SIGHUP and Ctrl-C to its process group, `timeout`
through a pipe), a worker killed, a full disk, files in the way of outputs, names that are not
UTF-8 or are 255 bytes long, failures that should not stick: each is a check of
tests/test_faults.py, run here whole (the suite runs one of each), and each check that fails is
counted under what it checks (orphans, lost or stale outputs, tracebacks). Then the PDF fuzz
target runs N executions (its crashes and time-outs are counted too).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_faults  # noqa: E402
from bad_inputs import CASES, Case, readable_by_us  # noqa: E402
from measured import Measured, run_measured, snapshot  # noqa: E402
from processes import TreeRun, run_tree  # noqa: E402

from kehoach_cli.errors import one_line  # noqa: E402

SECONDS_BOUND = 60.0


PROBLEMS = (
    "crashes",
    "hangs",
    "orphans",
    "tracebacks",
    "lost outputs",
    "stale outputs",
    "inputs changed",
    "half-written",
    "scratch left",
)


@dataclass
class Row:
    """One input or fault tried, and what came of it."""

    name: str
    size_mb: float | None = None  # the input's size (None for a fault)
    code: int | None = None
    seconds: float = 0.0
    peak_mb: float | None = None  # the process tree's, at its most
    problems: dict[str, str] = field(default_factory=dict)  # kind (of PROBLEMS) -> what was seen


@dataclass
class Tally:
    rows: list[Row] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)  # one per maker: the three truncations are one kind
    skipped: list[str] = field(default_factory=list)
    fuzz_runs: int = 0
    fuzz_problems: dict[str, list[str]] = field(default_factory=dict)

    def count(self, problem: str) -> int:
        return sum(problem in row.problems for row in self.rows) + len(self.fuzz_problems.get(problem, []))


def crashed(case: Case, path: Path, run: Measured | TreeRun) -> bool:
    lines = run.stderr.strip().splitlines()
    if "unexpected error" in run.stderr:
        return True
    if case.usable:
        return run.code != 0
    return run.code != 1 or len(lines) != 1 or one_line(str(path)) not in lines[0]


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
        run = run_tree(["extract", path, *case.args, "-o", output], work / f"{number:02}.tmp", timeout=SECONDS_BOUND)
        size = path.stat().st_size / (1 << 20) if path.is_file() else None
        row = Row(case.kind, size, run.code, run.seconds, run.peak_mb)
        tally.rows.append(row)
        tally.kinds.add(case.make.__qualname__)
        if run.hung:
            row.problems["hangs"] = f"killed after {SECONDS_BOUND:g} s"
        elif crashed(case, path, run):
            row.problems["crashes"] = f"exit {run.code}: {run.stderr.strip()[-200:]}"
        if "Traceback" in run.stderr:
            row.problems["tracebacks"] = run.stderr.strip()[-200:]
        if run.left_behind:
            row.problems["orphans"] = str(run.left_behind)
        if run.temporary_files:
            row.problems["scratch left"] = ", ".join(run.temporary_files[:5])
        if snapshot(path) != before:
            row.problems["inputs changed"] = "yes"
        if not output_whole(output):
            row.problems["half-written"] = str(output)


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
    run = run_tree(
        ["batch", folder, "-o", out, "--ocr", "never", "--jobs", "2"], work / "batch.tmp", timeout=5 * SECONDS_BOUND
    )
    row = Row("batch of every hostile input and a good plan", None, run.code, run.seconds, run.peak_mb)
    tally.rows.append(row)
    if run.hung:
        row.problems["hangs"] = "batch"
    elif run.code != 1 or "unexpected error" in run.stderr:
        row.problems["crashes"] = f"exit {run.code}: {run.stderr.strip()[-300:]}"
    if "Traceback" in run.stderr:
        row.problems["tracebacks"] = run.stderr.strip()[-300:]
    if not (out / "good.txt.json").is_file() or not (out / "tasks.csv").is_file():
        row.problems["lost outputs"] = "good.txt.json or tasks.csv missing"
    if run.left_behind:
        row.problems["orphans"] = str(run.left_behind)
    if {p: snapshot(p) for p in folder.rglob("*")} != before:
        row.problems["inputs changed"] = "batch"
    for output in out.rglob("*"):
        if output.is_file() and (output.name.startswith(".") and output.name != ".kehoach-batch.json"):
            row.problems["half-written"] = output.name


# Each fault: a check of tests/test_faults.py and what its failure counts as.
FAULTS: tuple[tuple[str, str, Callable[[Path], None]], ...] = (
    (
        "batch --jobs 2 killed (SIGKILL) mid-OCR",
        "orphans",
        lambda tmp: test_faults.test_killing_a_batch_leaves_no_process_nor_file(tmp, _scan(tmp), signal.SIGKILL),
    ),
    (
        "batch --jobs 2 stopped by SIGTERM mid-OCR",
        "orphans",
        lambda tmp: test_faults.test_killing_a_batch_leaves_no_process_nor_file(tmp, _scan(tmp), signal.SIGTERM),
    ),
    ("batch --jobs 2: SIGHUP, SIGINT to its group, then a rerun", "orphans", lambda tmp: _group_signals(tmp)),
    (
        "extract --jobs 2: terminal closed (SIGHUP to its group)",
        "orphans",
        lambda tmp: test_faults.test_terminating_extract_leaves_no_scratch(tmp, _scan(tmp)),
    ),
    ("extract --jobs 2: SIGKILL, SIGTERM", "orphans", lambda tmp: _extract_signals(tmp)),
    ("timeout 20 kehoach batch ... 2>&1 \\| cat", "hangs", lambda tmp: _timeout_through_a_pipe(tmp)),
    (
        "a worker killed (as the OOM killer would)",
        "stale outputs",
        test_faults.test_combined_files_follow_the_outputs_when_a_worker_dies,
    ),
    (
        "manifest and documents.csv unwritable; input folder named tasks.csv",
        "tracebacks",
        test_faults.test_unwritable_combined_files_and_manifest_are_one_line_each,
    ),
    ("disk full (file size limit) in a batch, then a rerun", "lost outputs", lambda tmp: _disk_full_then_rerun(tmp)),
    (
        "output unwritable then free again; password given later",
        "stale outputs",
        test_faults.test_a_rerun_retries_passing_failures_and_given_passwords,
    ),
    ("names not UTF-8 in a batch", "crashes", test_faults.test_a_batch_converts_names_that_are_not_utf8),
    (
        "-o name of 251 bytes; batch inputs of 240 and 255 bytes",
        "lost outputs",
        test_faults.test_long_names_fit_the_file_systems_limit,
    ),
    (
        "a batch input swapped for a link after discovery",
        "inputs changed",
        test_faults.test_a_batch_does_not_follow_a_file_swapped_for_a_link,
    ),
    ("two batches into one folder at once, then a rerun", "stale outputs", lambda tmp: _concurrent_batches(tmp)),
)


def _scan(tmp: Path) -> Path:
    (tmp / "scan").mkdir(exist_ok=True)
    return test_faults.make_small_scan(tmp / "scan")


def _group_signals(tmp: Path) -> None:
    from processes import has, start_marked

    folder = tmp / "inbox"
    folder.mkdir()
    shutil.copy(_scan(tmp), folder / "scan.pdf")
    shutil.copy(ROOT / "samples" / "000_e2d9b21277a96cb4.txt", folder / "plan.txt")
    for sig, code in ((signal.SIGHUP, 129), (signal.SIGINT, 130)):
        run = start_marked(["batch", folder, "-o", tmp / "out", "--jobs", "2"], tmp / f"tmp-{sig}")
        assert run.wait_for(partial(has("tesseract"), run), 120), "tesseract never started"
        run.hit(sig, group=True)
        assert run.left_behind(5.0) == [], f"{sig.name}: processes left"
        _, stderr = run.process.communicate(timeout=60)
        assert run.process.returncode == code and b"Traceback" not in stderr, stderr
        assert run.temporary_files() == [], f"{sig.name}: scratch left"
    _complete_after_rerun(folder, tmp / "out", 2)


def _complete_after_rerun(folder: Path, out: Path, documents: int) -> None:
    """A plain rerun ends the work: every plan's output there, the combined files agreeing."""
    rerun = run_measured("batch", folder, "-o", out, "--jobs", "2", "-q", timeout=600)
    assert rerun.code == 0 and "Traceback" not in rerun.stderr, rerun.stderr
    outputs = [
        json.loads(p.read_text(encoding="utf-8")) for p in out.rglob("*.json") if p.name != ".kehoach-batch.json"
    ]
    assert len(outputs) == documents, "outputs lost"
    rows = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    tasks = (out / "tasks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == documents and len(tasks) == sum(len(o["tasks"]) for o in outputs), "combined files stale"


def _extract_signals(tmp: Path) -> None:
    from processes import has, start_marked

    scan = _scan(tmp)
    for sig, code in ((signal.SIGKILL, -9), (signal.SIGTERM, 143)):
        run = start_marked(["extract", scan, "--jobs", "2", "-o", tmp / "out.json"], tmp / f"tmp-{sig}")
        assert run.wait_for(partial(has("tesseract"), run), 120), "tesseract never started"
        run.hit(sig)
        assert run.left_behind(5.0) == [], f"{sig.name}: processes left"
        run.process.communicate(timeout=60)
        assert run.process.returncode == code and run.temporary_files() == []
        assert not (tmp / "out.json").exists()


def _timeout_through_a_pipe(tmp: Path) -> None:
    """Workers holding stderr open kept `cat` waiting for ever."""
    folder = tmp / "inbox"
    folder.mkdir()
    shutil.copy(ROOT / "samples" / "kon-tum-501-scan.pdf", folder / "scan.pdf")
    shell = f"timeout 20 {sys.executable} -m kehoach_cli batch {folder} -o {tmp / 'out'} --jobs 2 2>&1 | cat"
    started = time.monotonic()
    subprocess.run(["bash", "-c", shell], capture_output=True, timeout=60)
    assert time.monotonic() - started < 30


def _disk_full_then_rerun(tmp: Path) -> None:
    import resource

    folder = tmp / "inbox"
    folder.mkdir()
    for n in range(3):
        shutil.copy(ROOT / "samples" / "000_e2d9b21277a96cb4.txt", folder / f"plan-{n}.txt")

    def full() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    run = run_measured("batch", folder, "-o", tmp / "out", "--jobs", "2", preexec=full, timeout=300)
    assert run.code == 1 and "Traceback" not in run.stderr and "File too large" in run.stderr, run.stderr
    _complete_after_rerun(folder, tmp / "out", 3)


def _concurrent_batches(tmp: Path) -> None:
    folder = tmp / "inbox"
    folder.mkdir()
    for n in range(6):
        shutil.copy(ROOT / "samples" / "000_e2d9b21277a96cb4.txt", folder / f"plan-{n}.txt")
    command = [sys.executable, "-m", "kehoach_cli", "batch", str(folder), "-o", str(tmp / "out"), "--jobs", "1", "-q"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert b"Traceback" not in stderr, stderr
    _complete_after_rerun(folder, tmp / "out", 6)


def run_faults(work: Path, tally: Tally) -> None:
    for number, (name, counts_as, check) in enumerate(FAULTS):
        own = work / f"fault-{number:02}"
        own.mkdir()
        started = time.monotonic()
        row = Row(name)
        try:
            check(own)
        except Exception as exc:  # the check's failure, counted under what it checks
            row.problems[counts_as] = f"{type(exc).__name__}: {str(exc)[:300]}"
        row.seconds = time.monotonic() - started
        tally.rows.append(row)


def run_fuzz(runs: int, work: Path, tally: Tally) -> None:
    crashes = work / "crashes"
    crashes.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_pdf_ingest.py"),
            str(work / "corpus"),
            f"-runs={runs}",
            "-max_len=4096",
            "-timeout=120",
            "-rss_limit_mb=2048",
            f"-artifact_prefix={crashes}/",
        ],
        capture_output=True,
        text=True,
    )
    executed = re.search(r"Done (\d+) runs", done.stderr) or re.findall(r"^#(\d+)", done.stderr, re.M)
    tally.fuzz_runs = int(executed.group(1) if isinstance(executed, re.Match) else (executed or ["0"])[-1])
    for artifact in crashes.iterdir():
        # libFuzzer's slow units took over 10 s (-report_slow_units) and finished: shown, not failures
        kind = (
            "hangs"
            if artifact.name.startswith("timeout-")
            else ("slow fuzz units" if artifact.name.startswith("slow-unit-") else "crashes")
        )
        tally.fuzz_problems.setdefault(kind, []).append(f"fuzz: {artifact.name} (kept in {crashes})")


def report(tally: Tally, seconds: float) -> None:
    inputs = [row for row in tally.rows if row.peak_mb is not None]
    faults = [row for row in tally.rows if row.peak_mb is None]
    print("| input | size | exit | time | peak memory (tree) | problems |")
    print("|---|---|---|---|---|---|")
    for row in inputs:
        size = f"{row.size_mb:.1f} MB" if row.size_mb is not None else "-"
        print(
            f"| {row.name} | {size} | {row.code} | {row.seconds:.1f} s | {row.peak_mb:.0f} MB | "
            f"{', '.join(row.problems) or 'none'} |"
        )
    print()
    print("| fault | time | problems |")
    print("|---|---|---|")
    for row in faults:
        print(f"| {row.name} | {row.seconds:.0f} s | {', '.join(row.problems) or 'none'} |")
    print()
    small = [row for row in inputs if row.size_mb is not None and row.size_mb <= 20]
    heaviest = max(small, key=lambda row: row.peak_mb or 0.0, default=None)
    totals = [
        ("hostile input kinds tried", len(tally.kinds)),
        ("runs of hostile inputs", len(inputs)),
        ("faults tried", len(faults)),
        ("cases skipped", len(tally.skipped)),
        ("fuzz executions", tally.fuzz_runs),
        *((problem, tally.count(problem)) for problem in PROBLEMS),
        ("slow fuzz units (over 10 s, finished)", len(tally.fuzz_problems.get("slow fuzz units", []))),
        ("inputs <= 20 MB over 1 GB of memory", sum((row.peak_mb or 0) > 1024 for row in small)),
        ("most memory, input <= 20 MB", f"{heaviest.peak_mb:.0f} MB ({heaviest.name})" if heaviest else "-"),
        ("slowest input", "{1:.1f} s ({0})".format(*max(((r.name, r.seconds) for r in inputs), key=lambda x: x[1]))),
        ("elapsed", f"{seconds:.0f} s"),
    ]
    print("| measure | result |")
    print("|---|---|")
    for name, value in totals:
        print(f"| {name} | {value} |")
    for item in tally.skipped:
        print(f"  skipped: {item}")
    for row in tally.rows:
        for problem, seen in row.problems.items():
            print(f"  {problem}: {row.name}: {seen}")
    for problem, items in tally.fuzz_problems.items():
        for item in items:
            print(f"  {problem}: {item}")


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
        run_faults(work, tally)
        if args.fuzz_runs:
            run_fuzz(args.fuzz_runs, work, tally)
    report(tally, time.monotonic() - start)
    failed = any(tally.count(problem) for problem in PROBLEMS)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
