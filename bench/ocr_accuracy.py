"""Syllable accuracy of kehoach's OCR + restoration on a real scan, against a hand-checked transcription.

The scan is ../shared/real/lamdong_ttr91_kh_kmt_2026_scan.pdf (Tờ trình 91/TTr-CAT-PC04); pages 2-15 are
the draft Kế hoạch it submits. The reference is bench/truth/ocr/lamdong_ttr91_p02-15.txt, written by
reading the page images (bench/truth/ocr/README.md says how, and what it leaves out).

Both texts are cut into syllables the same way: NFC, split on white space, punctuation stripped from
each token's ends (a token of punctuation only is dropped; "50/NQ-CP" stays one token). The old and new
tone placements of oa/oe/uy ("hoá"/"hóa", "tuý"/"túy") count as the same syllable: the scan itself uses
both, and a reader would not call either a slip (--strict-tone counts them). Each page's syllable lists
are aligned with Levenshtein edit operations (rapidfuzz); S, D and I are the substituted, deleted
(in the reference, not in the output) and inserted syllables, and

    syllable accuracy = 1 - (S + D + I) / N      (N: syllables of the reference)

per page and pooled over the pages, case-sensitive (the headline, against the target) and
case-insensitive.

Run: .venv/bin/python bench/ocr_accuracy.py [--show N] [--text FILE] [--save FILE] [--check]
(make bench-ocr). --text scores a text file instead of running OCR: `kehoach text SCAN` output (15
pages separated by form feeds; page 1 is skipped) or 14 pages that are pages 2-15.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
SHARED = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared"
)
SCAN = SHARED / "real" / "lamdong_ttr91_kh_kmt_2026_scan.pdf"
REFERENCE = ROOT / "bench" / "truth" / "ocr" / "lamdong_ttr91_p02-15.txt"
FIRST_PAGE, LAST_PAGE = 2, 15
TARGET = 0.995
CONTEXT = 4  # syllables of context either side of a shown slip

# Old-style placement (tone on the second vowel of a final oa/oe/uy) -> new style (on the first).
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


@dataclass
class PageScore:
    page: int
    n: int = 0
    subs: int = 0
    dels: int = 0
    ins: int = 0
    errors_nocase: int = 0
    slips: list[tuple[list[str], list[str], list[str], list[str]]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return self.subs + self.dels + self.ins

    @property
    def accuracy(self) -> float:
        return 1 - self.errors / self.n if self.n else 1.0

    @property
    def accuracy_nocase(self) -> float:
        return 1 - self.errors_nocase / self.n if self.n else 1.0


def _strip_punct(token: str) -> str:
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] not in "LN":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] not in "LN":
        end -= 1
    return token[start:end]


def syllables(text: str) -> list[str]:
    """The text's syllables: NFC, white-space split, punctuation stripped from the ends, empties dropped."""
    tokens = (_strip_punct(t) for t in unicodedata.normalize("NFC", text).split())
    return [t for t in tokens if t]


def tone_placement_key(syllable: str) -> str:
    """The syllable with a final oa/oe/uy's tone mark on the first vowel ("tuý" -> "túy", "hoà" -> "hòa")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    if len(decomposed) >= 3 and decomposed[-1] in _TONES and decomposed[-3:-1].lower() in ("oa", "oe", "uy"):
        decomposed = decomposed[:-2] + decomposed[-1] + decomposed[-2]
    return unicodedata.normalize("NFC", decomposed)


def score_page(page: int, reference: str, output: str, strict_tone: bool = False) -> PageScore:
    """Align the page's reference and output syllables; count S, D, I (and the case-blind errors)."""
    ref, out = syllables(reference), syllables(output)
    key = (lambda s: s) if strict_tone else tone_placement_key
    ref_keys, out_keys = [key(s) for s in ref], [key(s) for s in out]
    score = PageScore(page, n=len(ref))
    for op in Levenshtein.editops(ref_keys, out_keys):
        if op.tag == "replace":
            score.subs += 1
        elif op.tag == "delete":
            score.dels += 1
        else:
            score.ins += 1
    score.errors_nocase = Levenshtein.distance([s.lower() for s in ref_keys], [s.lower() for s in out_keys])
    for op in Levenshtein.opcodes(ref_keys, out_keys):
        if op.tag != "equal":
            score.slips.append(
                (
                    ref[max(0, op.src_start - CONTEXT) : op.src_start],
                    ref[op.src_start : op.src_end],
                    out[op.dest_start : op.dest_end],
                    ref[op.src_end : op.src_end + CONTEXT],
                )
            )
    return score


def split_pages(text: str) -> list[str]:
    """Pages 2-15 of a text: `kehoach text` output (15 pages) or the 14 pages themselves."""
    pages = text.split("\f")
    if pages and not pages[-1].strip() and len(pages) in (LAST_PAGE + 1, LAST_PAGE - FIRST_PAGE + 2):
        pages = pages[:-1]  # a trailing form feed
    if len(pages) == LAST_PAGE:
        return pages[FIRST_PAGE - 1 :]
    if len(pages) == LAST_PAGE - FIRST_PAGE + 1:
        return pages
    raise SystemExit(
        f"expected {LAST_PAGE} pages (the whole scan) or {LAST_PAGE - FIRST_PAGE + 1} "
        f"(pages {FIRST_PAGE}-{LAST_PAGE}) separated by form feeds, got {len(pages)}"
    )


def reference_pages() -> list[str]:
    pages = REFERENCE.read_text(encoding="utf-8").split("\f")
    if len(pages) != LAST_PAGE - FIRST_PAGE + 1:
        raise SystemExit(f"{REFERENCE}: {len(pages)} pages, expected {LAST_PAGE - FIRST_PAGE + 1}")
    return pages


def run_ocr() -> tuple[str, float]:
    """The scan's text as `kehoach text` prints it, and the wall seconds OCR + restoration took."""
    sys.path.insert(0, str(ROOT / "src"))
    from kehoach_cli.pipeline import ExtractOptions, document_text

    started = time.perf_counter()
    result = document_text(SCAN, ExtractOptions())
    return result.text, time.perf_counter() - started


def report(scores: list[PageScore], show: int) -> bool:
    print(f"{'page':>5} {'N':>6} {'S':>4} {'D':>4} {'I':>4} {'accuracy':>9} {'no case':>9}")
    for s in scores:
        print(f"{s.page:>5} {s.n:>6} {s.subs:>4} {s.dels:>4} {s.ins:>4} {s.accuracy:>9.2%} {s.accuracy_nocase:>9.2%}")
    total = PageScore(
        0,
        n=sum(s.n for s in scores),
        subs=sum(s.subs for s in scores),
        dels=sum(s.dels for s in scores),
        ins=sum(s.ins for s in scores),
        errors_nocase=sum(s.errors_nocase for s in scores),
    )
    print(
        f"{'all':>5} {total.n:>6} {total.subs:>4} {total.dels:>4} {total.ins:>4} "
        f"{total.accuracy:>9.2%} {total.accuracy_nocase:>9.2%}"
    )
    met = total.accuracy >= TARGET
    print(
        f"target: syllable accuracy >= {TARGET:.1%} (case-sensitive): {'met' if met else 'NOT met'} "
        f"({total.accuracy:.2%}; {total.errors} errors in {total.n} syllables, "
        f"one per {total.n / total.errors:.0f})"
        if total.errors
        else f"target >= {TARGET:.1%}: met (no error)"
    )
    shown = 0
    for s in scores:
        for before, ref, out, after in s.slips:
            if shown >= show:
                break
            if shown == 0:
                print(f"\nfirst {show} slips (page: reference -> output, with context):")
            print(
                f"  p{s.page:<2} …{' '.join(before)} [{' '.join(ref) or '∅'}] -> [{' '.join(out) or '∅'}] "
                f"{' '.join(after)}…"
            )
            shown += 1
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--text", type=Path, help="score this text file instead of running OCR")
    parser.add_argument("--save", type=Path, help="write the OCR output here (to score again with --text)")
    parser.add_argument("--show", type=int, default=20, metavar="N", help="list the first N slips (default 20)")
    parser.add_argument("--strict-tone", action="store_true", help="count hoá/hóa, tuý/túy as different")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is not met")
    args = parser.parse_args()
    if args.text:
        text = args.text.read_text(encoding="utf-8")
        print(f"scoring {args.text} (no OCR run)")
    else:
        if not SCAN.is_file():
            raise SystemExit(f"{SCAN} is not there")
        text, seconds = run_ocr()
        pages = text.count("\f") + 1
        print(f"OCR + restoration of {SCAN.name} ({pages} pages): {seconds:.1f} s wall, {seconds / pages:.1f} s/page")
        if args.save:
            args.save.write_text(text, encoding="utf-8")
    output = split_pages(text)
    scores = [
        score_page(FIRST_PAGE + i, ref, out, args.strict_tone)
        for i, (ref, out) in enumerate(zip(reference_pages(), output))
    ]
    met = report(scores, args.show)
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
