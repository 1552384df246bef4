"""Benchmark of the restore stage: `.venv/bin/python bench/restore.py` prints one table.

(a) held-out corpus documents with every mark stripped, (b) held-out synthetic English-OCR lines
(bench/data/ocr_eng_heldout.tsv), (c) the body of seed 002 against its hand restoration
(tests/data/seed002.reference.txt). Accuracy = share of reference syllables restored exactly, case kept,
tone placement ignored. Speed is measured pinned to one core, as CPU time (what one core spends; the
machine is shared, so wall time is also shown) with the compiled loop and with the numpy fallback; the
whole-run figure and peak memory come from a fresh `python -m kehoach_cli restore` process; a 0.5 MB
and a 1 MB line (no line break) show that time grows linearly.
"""

from __future__ import annotations

import difflib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import kehoach_cli.restore as restore_api  # noqa: E402
from diacritics.corpus import clean_text  # noqa: E402
from diacritics.splits import split  # noqa: E402
from kehoach_cli.restore import default_decoder, restore_text  # noqa: E402
from kehoach_cli.restore.decoder import Decoder, native_loop  # noqa: E402
from kehoach_cli.restore.model import MODEL_DIR, default_model  # noqa: E402
from kehoach_cli.restore.syllables import canonical, transfer_case  # noqa: E402
from kehoach_cli.restore.tokens import tokenize  # noqa: E402
from kehoach_cli.vietnamese import strip_marks  # noqa: E402

OCR_HELDOUT = ROOT / "bench" / "data" / "ocr_eng_heldout.tsv"
SEED_REF = ROOT / "tests" / "data" / "seed002.reference.txt"
SEED_OCR = ROOT / "samples" / "002_e026816938ea239d.txt"
HELDOUT_DOCS, HELDOUT_CHARS_PER_DOC = 55, 12_000  # every held-out document, first 12k characters


def fold(word: str) -> str:
    """Comparison key: tone placement normalised, case kept."""
    return transfer_case(word, canonical(word))


def words(text: str) -> list[str]:
    """Word tokens (numbers and URLs excluded) as comparison keys."""
    return [fold(t.text) for t in tokenize(text) if t.kind == "word"]


def line_score(restored: str, reference: str) -> tuple[int, int]:
    """(correct, total) reference syllables; positional when token counts agree, else aligned by difflib."""
    got, ref = words(restored), words(reference)
    if len(got) == len(ref):
        return sum(g == r for g, r in zip(got, ref)), len(ref)
    sm = difflib.SequenceMatcher(a=got, b=ref, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()), len(ref)


def score_lines(observed: list[str], reference: list[str]) -> tuple[float, int]:
    """Accuracy over line pairs restored as one text (so the decoder sees context across lines)."""
    restored = restore_text("\n".join(observed)).text.split("\n")
    correct = total = 0
    for got, ref in zip(restored, reference):
        c, t = line_score(got, ref)
        correct += c
        total += t
    return correct / max(total, 1), total


def heldout_texts() -> list[str]:
    """Fixed sample of held-out corpus text: the first characters of every n-th held-out document."""
    _, held = split()
    if not held:
        sys.exit("bench/restore.py: no held-out corpus documents found (is ../shared/corpus there?)")
    step = max(1, len(held) // HELDOUT_DOCS)
    out = []
    for path in held[::step][:HELDOUT_DOCS]:
        text = clean_text(path.read_text(encoding="utf-8", errors="replace"))[:HELDOUT_CHARS_PER_DOC]
        out.append(text[: text.rfind("\n") if "\n" in text else len(text)])
    return out


def bench_stripped(texts: list[str]) -> tuple[float, int, float, float]:
    """(a): accuracy, syllables, decoder syllables per CPU second and per wall second (model loaded;
    each new word form's candidates are generated on first sight, as in a real run)."""
    correct = total = 0
    cpu = wall = 0.0
    for ref in texts:
        stripped = strip_marks(ref)
        t0, c0 = time.perf_counter(), time.process_time()
        got = restore_text(stripped).text
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        for g, r in zip(got.split("\n"), ref.split("\n")):
            c, t = line_score(g, r)
            correct += c
            total += t
    return correct / max(total, 1), total, total / cpu, total / wall


def numpy_path_speed(texts: list[str]) -> float:
    """Syllables per CPU second of the numpy fallback on the same texts (fresh decoder, same work)."""
    decoder = Decoder(default_model(), native=False)
    saved = restore_api.default_decoder
    restore_api.default_decoder = lambda: decoder  # restore_text looks the decoder up at call time
    try:
        n = 0
        c0 = time.process_time()
        for ref in texts:
            n += len(restore_text(strip_marks(ref)).tokens)
        return n / (time.process_time() - c0)
    finally:
        restore_api.default_decoder = saved


def long_lines() -> tuple[float, float]:
    """CPU seconds for a 0.5 MB and a 1 MB line of stripped text without a line break."""
    unit = "uy ban nhan dan tinh trien khai ke hoach thuc hien quyet dinh cua thu tuong chinh phu "
    out = []
    for size in (500_000, 1_000_000):
        line = (unit * (size // len(unit) + 1))[:size]
        c0 = time.process_time()
        restore_text(line)
        out.append(time.process_time() - c0)
    return out[0], out[1]


def bench_ocr() -> tuple[float, int] | None:
    """(b): held-out English-OCR lines."""
    if not OCR_HELDOUT.exists():
        return None
    pairs = [ln.split("\t") for ln in OCR_HELDOUT.read_text(encoding="utf-8").splitlines() if ln.count("\t") == 1]
    return score_lines([p[0] for p in pairs], [unicodedata.normalize("NFC", p[1]) for p in pairs])


def seed_body() -> tuple[list[str], list[str]] | None:
    """Seed 002 OCR lines and reference lines before the appendix ("Phụ lục")."""
    if not SEED_REF.exists():
        return None
    ref = unicodedata.normalize("NFC", SEED_REF.read_text(encoding="utf-8")).split("\n")
    obs = SEED_OCR.read_text(encoding="utf-8").split("\n")
    end = next((i for i, ln in enumerate(ref) if re.match(r"\s*(PHỤ LỤC|Phụ lục)", ln)), len(ref))
    return obs[:end], ref[:end]


def bench_seed() -> tuple[float, int] | None:
    """(c): seed 002 body."""
    body = seed_body()
    return score_lines(*body) if body else None


def bench_whole_run(texts: list[str]) -> tuple[float, float, float, int]:
    """(syllables per wall second and per CPU second incl. start-up, peak RSS MB, syllables) for a
    fresh CLI process on stripped held-out text."""
    text = strip_marks("\n\n".join(texts))
    n = len(words(text))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(text)
    cmd = ["taskset", "-c", "0", sys.executable, "-m", "kehoach_cli", "restore", fh.name]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    os.unlink(fh.name)
    return n / seconds, n / cpu, after.ru_maxrss / 1024, n


def main() -> None:
    """Run everything and print the table."""
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    default_decoder()
    load, load_cpu = time.perf_counter() - t0, time.process_time() - c0
    texts = heldout_texts()
    acc_a, n_a, speed_cpu, speed_wall = bench_stripped(texts)
    b, c = bench_ocr(), bench_seed()
    whole_wall, whole_cpu, rss, n_w = bench_whole_run(texts)
    fallback = numpy_path_speed(texts)
    half, full = long_lines()
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file()) / 2**20
    fmt = lambda r, target: ("n/a (data missing)", target) if r is None else (f"{r[0]:.2%} of {r[1]:,} syl", target)  # noqa: E731
    loop = "compiled loop" if native_loop is not None else "numpy path (loop not built)"
    rows = [
        ("(a) held-out corpus, marks stripped", f"{acc_a:.2%} of {n_a:,} syl", ">= 99.0 %"),
        ("(b) held-out synthetic English OCR", *fmt(b, ">= 97 %")),
        ("(c) seed 002 body vs hand reference", *fmt(c, ">= 97 %")),
        (f"decoder speed, one core ({loop})", f"{speed_cpu:,.0f} syl/s CPU ({speed_wall:,.0f} wall)", ">= 100,000"),
        ("decoder speed, numpy fallback", f"{fallback:,.0f} syl/s CPU", "(reference)"),
        (
            "whole `kehoach restore` run, one core",
            f"{whole_cpu:,.0f} syl/s CPU ({whole_wall:,.0f} wall; {n_w:,} syl)",
            ">= 50,000",
        ),
        ("peak RSS of that run", f"{rss:.0f} MB", "<= 400 MB"),
        ("model load + decoder set-up (this process)", f"{load_cpu:.2f} s CPU ({load:.2f} wall)", "< 0.5 s"),
        ("model size (restore/model)", f"{size:.1f} MB", "<= 40 MB"),
        ("0.5 MB / 1 MB line, CPU", f"{half:.2f} s / {full:.2f} s (x{full / half:.2f})", "linear (x2)"),
    ]
    w0, w1 = max(len(r[0]) for r in rows), max(len(r[1]) for r in rows)
    print(f"load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end (2 cores, shared)")
    print(f"{'measure':<{w0}} | {'result':<{w1}} | target")
    print(f"{'-' * w0}-|-{'-' * w1}-|-------")
    for name, result, target in rows:
        print(f"{name:<{w0}} | {result:<{w1}} | {target}")


if __name__ == "__main__":
    main()
