"""OCR ingest: speed against tesseract itself, text accuracy, and memory on a long scan.

Measures of issue 4, each against a baseline measured in the same run:

1. `kehoach extract --jobs 1` on a scanned sample against the `tesseract` command run page after
   page on the same 300-dpi page images (rendered beforehand, not timed): wall-time ratio.
2. The same with `--jobs 2`.
4. Syllable accuracy of `kehoach text` on the scans, and on the scan with an English-OCR text
   layer, against the text they were rendered from (samples/make_samples.py builds the PDFs from
   kon-tum-501.plan.txt + kon-tum-501.tasks.json, and from seed 000 parsed by parse_seed):
   share of reference syllables found in the output. Two figures: in order (longest common
   subsequence), and with whole blocks allowed to move (what the in-order alignment left is tiled
   greedily with runs of MIN_MOVED_BLOCK syllables or more). The reference is in the order the
   plan was written, the page in the order it was printed: a footnote sits at the foot of its
   page, a task cell broken by a page break goes on after the other cells of its row and the
   repeated table header; read in order, each such block counts as lost though every syllable
   in it was read. Moved blocks count what OCR read, single syllables never move.
5. Peak memory of the whole process tree (kehoach, its OCR workers, their tesseracts) on a
   100-page scan made on the fly from the Kon Tum scan's pages; sampled from /proc (sum of PSS).

(Measure 3, native PDFs, is bench/native.py.) On a shared machine the wall times are noisy:
CPU seconds (user + system, children included) are printed beside them.

Run: .venv/bin/python bench/ingest.py [--sample PDF] [--rounds N] [--memory-pages N] [--skip-memory]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from rapidfuzz.distance import LCSseq

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(SAMPLES))
from make_samples import TABLE_HEADER, parse_seed, read_sections  # noqa: E402

KON_TUM_SCAN = SAMPLES / "kon-tum-501-scan.pdf"
PLAN_000_SCAN = SAMPLES / "plan-000-scan.pdf"
ENGLISH_LAYER = SAMPLES / "kon-tum-501-eng-layer.pdf"
DPI = 300
SYLLABLE = re.compile(r"[^\W\d_]+")
MIN_MOVED_BLOCK = 3  # syllables: shorter common runs ("của các") are found anywhere by chance
TARGETS = {"ocr_jobs1": 1.15, "ocr_jobs2": 0.65, "accuracy": 0.99, "memory_mb": 600}


@dataclass
class Timed:
    wall: float
    cpu: float  # user + system of the command and everything it waited for
    stdout: bytes


def run_timed(command: list[str], env: dict[str, str] | None = None) -> Timed:
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Timed(wall, cpu, done.stdout)


def kehoach(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "kehoach_cli", "--quiet", *map(str, args)]


def render_pages(sample: Path, folder: Path) -> list[Path]:
    """The sample's pages as 300-dpi greyscale PNG files (dpi recorded: tesseract reads it)."""
    document = pypdfium2.PdfDocument(str(sample))
    images = []
    for index in range(len(document)):
        path = folder / f"page-{index + 1:03d}.png"
        document[index].render(scale=DPI / 72, grayscale=True).to_pil().save(path, dpi=(DPI, DPI))
        images.append(path)
    document.close()
    return images


def tesseract_baseline(images: list[Path]) -> Timed:
    """`tesseract page.png out -l vie`, one page after the other."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    script = "; ".join(f"tesseract {p} {p.with_suffix('')} -l vie >/dev/null 2>&1" for p in images)
    return run_timed(["bash", "-c", script], env=env)


def speed(sample: Path, rounds: int = 1) -> list[tuple[str, float, float | None, str]]:
    """Measures 1 and 2, `rounds` times in turn (baseline, --jobs 1, --jobs 2): each ratio is taken
    within its round and the median round is shown, so a slow spell of a shared machine moves both
    sides of a ratio rather than one."""
    with tempfile.TemporaryDirectory() as folder:
        rendered = render_pages(sample, Path(folder))
        measured = [_round(sample, rendered) for _ in range(rounds)]
        words = words_read(Path(folder))
    blank = ", ".join(str(number) for number, count in words.items() if count == 0) or "none"
    base = _median([m["base"] for m in measured], key=lambda t: t.wall)
    rows = [
        ("tesseract CLI, page after page (s)", base.wall, base.cpu, ""),
        (f"  words it read (pages with none: {blank})", float(sum(words.values())), None, ""),
    ]
    for jobs, target in ((1, "ocr_jobs1"), (2, "ocr_jobs2")):
        ratios = sorted(((m[jobs].wall / m["base"].wall, m[jobs].cpu / m["base"].cpu), m[jobs]) for m in measured)
        (wall_ratio, cpu_ratio), ours = ratios[len(ratios) // 2]
        rows.append((f"kehoach extract --jobs {jobs} (s)", ours.wall, ours.cpu, ""))
        rows.append(("  ratio to tesseract (wall / cpu)", wall_ratio, cpu_ratio, f"<= {TARGETS[target]}"))
    if rounds > 1:
        rows.append(
            (
                f"  (median of {rounds} rounds; --jobs 1 wall ratios)",
                min(m[1].wall / m["base"].wall for m in measured),
                max(m[1].wall / m["base"].wall for m in measured),
                "min / max",
            )
        )
    return rows


def _round(sample: Path, rendered: list[Path]) -> dict:
    return {
        "base": tesseract_baseline(rendered),
        1: run_timed(kehoach("extract", "--jobs", "1", sample)),
        2: run_timed(kehoach("extract", "--jobs", "2", sample)),
    }


def _median(items: list[Timed], key: Callable[[Timed], float]) -> Timed:
    return sorted(items, key=key)[len(items) // 2]


def words_read(folder: Path) -> dict[int, int]:
    """Words the tesseract command wrote for each page (its page-NNN.txt files), by page number:
    on a scanned table with shaded cells its page analysis may find no text at all, and the
    baseline's time for that page is page analysis alone."""
    return {
        int(path.stem.split("-")[1]): len(path.read_text(encoding="utf-8").split())
        for path in sorted(folder.glob("page-*.txt"))
    }


def syllables(text: str) -> list[str]:
    return [s.lower() for s in SYLLABLE.findall(unicodedata.normalize("NFC", text))]


def kon_tum_source() -> str:
    """What the Kon Tum PDFs were rendered from: the marked-up plan text, then the appendix table
    (header, each section row, each task row cell by cell)."""
    sections = read_sections((SAMPLES / "kon-tum-501.plan.txt").read_text(encoding="utf-8"))
    parts = [line for lines in sections.values() for line in lines]
    parts += list(TABLE_HEADER)
    section = None
    for task in json.loads((SAMPLES / "kon-tum-501.tasks.json").read_text(encoding="utf-8")):
        if task.get("section") != section:
            section = task.get("section")
            parts += [str(section), task.get("section_title", "")]
        parts += [
            str(task.get("stt", "")),
            task["task"],
            task.get("lead_agency", ""),
            "; ".join(task.get("partner_agencies", [])),
            task.get("timeline", ""),
        ]
    return "\n".join(parts)


def plan_000_source() -> str:
    plan = parse_seed((SAMPLES / "000_e2d9b21277a96cb4.txt").read_text(encoding="utf-8"))
    return "\n".join([plan.title, plan.subtitle, *plan.body, *plan.recipients, *plan.signature, plan.signer])


@dataclass
class Accuracy:
    in_order: int  # reference syllables matched by the longest common subsequence
    moved: int  # more found in blocks of MIN_MOVED_BLOCK or more out of order
    size: int

    def share(self, moved: bool) -> float:
        return (self.in_order + (self.moved if moved else 0)) / self.size


def accuracy(sample: Path, source: str) -> Accuracy:
    """How much of the source `kehoach text` of the sample reads back (see the module's measure 4)."""
    output = run_timed(kehoach("text", sample)).stdout.decode("utf-8")
    return compare_syllables(syllables(source), syllables(output))


def compare_syllables(reference: list[str], found: list[str]) -> Accuracy:
    matched_ref, matched_out = _in_order(reference, found)
    left_ref = [s for i, s in enumerate(reference) if i not in matched_ref]
    left_out = [s for j, s in enumerate(found) if j not in matched_out]
    return Accuracy(len(matched_ref), _tiled(left_ref, left_out), len(reference))


def _in_order(reference: list[str], found: list[str]) -> tuple[set[int], set[int]]:
    """Positions of both sides on a longest common subsequence."""
    ref_set, out_set = set(), set()
    for block in LCSseq.opcodes(reference, found):
        if block.tag == "equal":
            ref_set.update(range(block.src_start, block.src_end))
            out_set.update(range(block.dest_start, block.dest_end))
    return ref_set, out_set


def _tiled(reference: list[str], found: list[str]) -> int:
    """Syllables of `reference` covered by greedy string tiling of `found`: the longest common
    run first, each syllable used once, runs shorter than MIN_MOVED_BLOCK ignored."""
    ref, out = list(reference), list(found)
    covered = 0
    while True:
        matcher = difflib.SequenceMatcher(None, ref, out, autojunk=False)
        block = matcher.find_longest_match(0, len(ref), 0, len(out))
        if block.size < MIN_MOVED_BLOCK:
            return covered
        covered += block.size
        ref[block.a : block.a + block.size] = [None] * block.size  # never equal to anything again
        out[block.b : block.b + block.size] = [object() for _ in range(block.size)]


def long_scan(pages: int, path: Path) -> Path:
    """A `pages`-page scan: the Kon Tum scan's pages over and over."""
    source, long = pypdfium2.PdfDocument(str(KON_TUM_SCAN)), pypdfium2.PdfDocument.new()
    count = len(source)
    for start in range(0, pages, count):
        long.import_pages(source, list(range(min(count, pages - start))))
    long.save(str(path))
    return path


def tree_rss_mb(root: int) -> float:
    """Memory of `root` and all its descendants, from /proc: the sum of their proportional set
    sizes (PSS), because forked OCR workers share most of their pages with the parent and a sum
    of resident sizes would count those pages once per process."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total / 1024


def peak_memory(sample: Path) -> tuple[float, float, float]:
    """Peak RSS of the process tree (MB), sampled every 50 ms; wall seconds; pages OCR'd."""
    process = subprocess.Popen(kehoach("extract", sample), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak, start = 0.0, time.perf_counter()
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()))
    reader.start()
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.05)
    reader.join()
    plan = json.loads(output[0] or b"{}")
    return peak, time.perf_counter() - start, float(plan.get("quality", {}).get("ocr_pages", 0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=KON_TUM_SCAN, help="scanned PDF for measures 1-2")
    parser.add_argument("--memory-pages", type=int, default=100, help="pages of the scan for measure 5")
    parser.add_argument("--skip-memory", action="store_true", help="skip measure 5 (several minutes)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of measures 1-2 (median ratio shown)")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {len(os.sched_getaffinity(0))} cores", flush=True)
    print(f"{'measure':48} {'wall / value':>12} {'cpu':>8}  target", flush=True)
    for name, wall, cpu, target in speed(args.sample, args.rounds):
        print(f"{name:48} {wall:12.2f} {'' if cpu is None else f'{cpu:8.2f}':>8}  {target}", flush=True)
    for sample, source in (
        (KON_TUM_SCAN, kon_tum_source()),
        (PLAN_000_SCAN, plan_000_source()),
        (ENGLISH_LAYER, kon_tum_source()),
    ):
        result = accuracy(sample, source)
        print(
            f"{'syllable accuracy, ' + sample.name:48} {100 * result.share(moved=True):11.2f}% {result.size:8d}"
            "  >= 99 %",
            flush=True,
        )
        print(f"{'  of which in order':48} {100 * result.share(moved=False):11.2f}%", flush=True)
    if not args.skip_memory:
        with tempfile.TemporaryDirectory() as folder:
            scan = long_scan(args.memory_pages, Path(folder) / "long-scan.pdf")
            peak, wall, pages = peak_memory(scan)
        print(f"{f'peak memory, {args.memory_pages}-page scan (MB)':48} {peak:12.0f} {'':8}  <= 600", flush=True)
        print(f"{'  wall seconds, pages OCR_d':48} {wall:12.1f} {pages:8.0f}", flush=True)


if __name__ == "__main__":
    main()
