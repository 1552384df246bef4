"""Task rows and metadata on real documents, against the hand-checked truth of bench/truth/.

Each truth file names a document of ../shared (corpus text copies, real Word files, PDFs and scans);
the document is extracted as `kehoach extract` does and compared with the truth:

* Rows. Extracted and expected duties are aligned in document order: the monotone alignment that
  maximises the summed task similarity (rapidfuzz ratio on folded text, the lead's words taken off
  the front of a task that opens with them), a pair counting only at MIN_TASK_SIMILARITY or more.
  Precision = matched / extracted, recall = matched / expected. A truth file with "pages" scores only
  the rows extracted from those pages.
* Lead accuracy: over matched rows, the share whose lead agency is the expected one (folded, spaces
  and end punctuation ignored; a requested "Đề nghị X" item's lead is X).
* Metadata: doc_type, doc_number, issued_date, issuer, signer_name, each where the truth states it
  (a null in the truth means the document leaves it blank: the right answer is null); the same of the
  cover letter a file opens with ("cover"), where the truth has one.

Per document, per shape (a document counts under every shape it shows) and overall (rows pooled).

Run: .venv/bin/python bench/real.py [--only SUBSTRING] [--skip-ocr] [--check] [--misses]
     [--set heldout]   (bench/truth/heldout only: report its figures, never tune on them)
(make bench-real)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling module below, also when imported
from alignment import align  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "bench" / "truth"
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared"
)
MIN_TASK_SIMILARITY = 70
METADATA_FIELDS = ("doc_type", "doc_number", "issued_date", "issuer", "signer_name")
TARGET_F1, TARGET_LEAD = 0.95, 0.97
HELDOUT = "heldout"  # bench/truth/heldout: scored only with --set heldout
OCR_KINDS = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass
class Score:
    name: str
    shapes: list[str]
    expected: int = 0
    extracted: int = 0
    matched: int = 0
    leads: list[bool] = field(default_factory=list)
    metadata: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else float(self.expected == 0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else float(self.extracted == 0)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def fold(text: str | None) -> str:
    from kehoach_cli.vietnamese import fold as kfold

    return " ".join(kfold(unicodedata.normalize("NFC", text or "")).split())


def lead_key(text: str | None) -> str:
    folded = fold(text).strip(" .,;:")
    return folded.removeprefix("de nghi ").removeprefix("giao ").strip(" .,;:")


def task_similarity(expected: dict, extracted: dict) -> float:
    """Similarity of two duties, whether or not each opens with its agency's name."""
    a, b = fold(expected.get("task")), fold(extracted.get("task"))
    variants_a = {a, _without_lead(a, expected.get("lead"))}
    variants_b = {b, _without_lead(b, extracted.get("lead_agency"))}
    return max(fuzz.ratio(x, y) for x in variants_a for y in variants_b)


def _without_lead(task: str, lead: str | None) -> str:
    key = fold(lead)
    return task[len(key) :].strip(" ,:") if key and task.startswith(key) else task


def align_rows(expected: list[dict], extracted: list[dict]) -> list[tuple[int, int]]:
    """Expected and extracted rows paired in document order, table rows and prose duties apart
    (a document's appendix rows may be listed before or after its prose duties)."""
    pairs: list[tuple[int, int]] = []
    for origin in ("table", "prose"):
        want = [i for i, row in enumerate(expected) if row.get("origin", "prose") == origin]
        have = [j for j, row in enumerate(extracted) if row.get("origin") == origin]
        sims = [[task_similarity(expected[i], extracted[j]) for j in have] for i in want]
        pairs += [(want[a], have[b]) for a, b in align(sims, MIN_TASK_SIMILARITY)]
    return sorted(pairs)


def metadata_right(name: str, expected: object, got: object) -> bool:
    if name in ("issuer", "doc_type", "signer_name"):
        return fold(str(expected or "")) == fold(str(got or ""))
    return (expected or None) == (got or None)


def score_document(path: Path, truth: dict, skip_ocr: bool) -> Score:
    from kehoach_cli.pipeline import ExtractOptions, extract_document

    score = Score(path.relative_to(TRUTH).with_suffix("").as_posix(), truth.get("shapes", []))
    source = SHARED / truth["source"]
    options = ExtractOptions(ocr="never" if skip_ocr else "auto")
    started = time.perf_counter()
    try:
        document = extract_document(source, options).model_dump()
    except Exception as exc:  # noqa: BLE001 - a bench reports every failure and goes on
        score.error = f"{type(exc).__name__}: {exc}"
        return score
    score.seconds = time.perf_counter() - started
    pages = truth.get("pages")
    extracted = [t for t in document["tasks"] if not pages or t["page"] is None or pages[0] <= t["page"] <= pages[1]]
    expected = truth["tasks"]
    pairs = align_rows(expected, extracted)
    score.expected, score.extracted, score.matched = len(expected), len(extracted), len(pairs)
    for i, j in pairs:
        right = lead_key(expected[i].get("lead")) == lead_key(extracted[j].get("lead_agency"))
        score.leads.append(right)
        if not right:
            score.misses.append(f"lead {expected[i].get('lead')!r} got {extracted[j].get('lead_agency')!r}")
    matched_e = {i for i, _ in pairs}
    matched_x = {j for _, j in pairs}
    score.misses += [
        f"missed [{e.get('lead')}] {e['task'][:90]!r}" for i, e in enumerate(expected) if i not in matched_e
    ]
    score.misses += [
        f"extra [{x.get('lead_agency')}] {x['task'][:90]!r}" for j, x in enumerate(extracted) if j not in matched_x
    ]
    for part in ("metadata", "cover"):
        got = document.get(part) or {}
        for name in METADATA_FIELDS:
            if name in truth.get(part, {}):
                key = name if part == "metadata" else f"cover.{name}"
                score.metadata[key] = metadata_right(name, truth[part][name], got.get(name))
                if not score.metadata[key]:
                    score.misses.append(f"{key}: expected {truth[part][name]!r}, got {got.get(name)!r}")
    return score


def pooled(scores: list[Score]) -> tuple[float, float, float, float | None, int]:
    expected = sum(s.expected for s in scores)
    extracted = sum(s.extracted for s in scores)
    matched = sum(s.matched for s in scores)
    precision = matched / extracted if extracted else 1.0
    recall = matched / expected if expected else 1.0
    leads = [v for s in scores for v in s.leads]
    return precision, recall, f1(precision, recall), (sum(leads) / len(leads) if leads else None), expected


def report(scores: list[Score], show_misses: bool) -> bool:
    print(f"{'document':42} {'exp':>4} {'got':>4} {'P':>6} {'R':>6} {'F1':>6} {'lead':>6} {'meta':>5} {'s':>6}")
    for s in scores:
        if s.error:
            print(f"{s.name:42} ERROR {s.error}")
            continue
        lead = f"{sum(s.leads) / len(s.leads):.3f}" if s.leads else "-"
        meta = f"{sum(s.metadata.values())}/{len(s.metadata)}" if s.metadata else "-"
        print(
            f"{s.name:42} {s.expected:4} {s.extracted:4} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{lead:>6} {meta:>5} {s.seconds:6.1f}"
        )
        if show_misses:
            for miss in s.misses:
                print(f"    {miss}")
    by_shape: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        for shape in s.shapes:
            by_shape[shape].append(s)
    print(f"\n{'shape':28} {'docs':>4} {'rows':>5} {'P':>6} {'R':>6} {'F1':>6} {'lead':>6}")
    for shape in sorted(by_shape):
        p, r, f, lead, rows = pooled(by_shape[shape])
        print(
            f"{shape:28} {len(by_shape[shape]):4} {rows:5} {p:6.3f} {r:6.3f} {f:6.3f} "
            f"{'-' if lead is None else f'{lead:.3f}':>6}"
        )
    good = [s for s in scores if not s.error]
    p, r, f, lead, rows = pooled(good)
    fields: dict[str, list[bool]] = defaultdict(list)
    for s in good:
        for name, right in s.metadata.items():
            fields[name].append(right)
    print(
        f"\noverall: {len(good)} documents, {rows} expected rows: precision {p:.3f}, recall {r:.3f}, "
        f"F1 {f:.3f}, lead accuracy {'-' if lead is None else f'{lead:.3f}'}"
    )
    print("metadata: " + ", ".join(f"{name} {sum(v)}/{len(v)}" for name, v in fields.items()))
    errors = len(scores) - len(good)
    met = not errors and f >= TARGET_F1 and (lead or 0) >= TARGET_LEAD
    print(f"targets (F1 >= {TARGET_F1}, lead >= {TARGET_LEAD}, no errors): {'met' if met else 'NOT met'}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="score only truth files whose path contains this")
    parser.add_argument("--skip-ocr", action="store_true", help="no tesseract: pass over PDFs and images")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    parser.add_argument("--misses", action="store_true", help="list every missed, extra or wrong row")
    parser.add_argument(
        "--set",
        choices=("dev", "heldout"),
        default="dev",
        help="dev: bench/truth/corpus and real (default); heldout: bench/truth/heldout,"
        " for reporting only, never for tuning",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    scores = []
    for path in sorted(TRUTH.rglob("*.json")):
        if (path.relative_to(TRUTH).parts[0] == HELDOUT) != (args.set == "heldout"):
            continue
        truth = json.loads(path.read_text(encoding="utf-8"))
        if args.only and args.only not in str(path):
            continue
        if args.skip_ocr and truth["source"].lower().endswith(OCR_KINDS):
            continue
        scores.append(score_document(path, truth, args.skip_ocr))
    met = report(scores, args.misses)
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
