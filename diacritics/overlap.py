"""Find corpus documents that overlap the two seed plans, so they can be kept out of training.

Why: tvpl_admin_docs holds other provinces' plans implementing the same decision as the seeds; a model
trained on them would have seen the seed text and the seed benchmark would flatter it. Overlap is
measured on skeleton 8-grams (marks removed), because seed 002 is OCR text with mangled marks.
"""

from __future__ import annotations

from pathlib import Path

from diacritics.splits import shared_dir
from kehoach_cli.restore.syllables import skeleton
from kehoach_cli.restore.tokens import tokenize

SEEDS_DIR = shared_dir("seeds")
NGRAM = 8
MAX_SHARED_FRACTION = 0.01


def skeleton_ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """Set of n-grams of word skeletons."""
    words = [skeleton(t.text) for t in tokenize(text) if t.kind == "word"]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


REFERENCES_DIR = Path(__file__).resolve().parent.parent / "tests" / "data"


def seed_ngrams(seeds_dir: Path = SEEDS_DIR) -> dict[str, set[tuple[str, ...]]]:
    """Skeleton 8-grams per seed document; an OCR'd seed also uses its hand restoration when present
    (tests/data/seedNNN.reference.txt), whose words are intact."""
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        grams = skeleton_ngrams(path.read_text(encoding="utf-8"))
        ref = REFERENCES_DIR / f"seed{path.name[:3]}.reference.txt"
        if ref.exists():
            grams |= skeleton_ngrams(ref.read_text(encoding="utf-8"))
        out[path.name] = grams
    return out


def overlapping(
    docs: list[Path], seeds: dict[str, set[tuple[str, ...]]]
) -> tuple[list[tuple[Path, str, float]], dict[str, tuple[Path, float]]]:
    """((document, seed, shared fraction of the seed's 8-grams) above the threshold,
    seed -> most-overlapping document and its fraction, for the build report)."""
    out = []
    top: dict[str, tuple[Path, float]] = {}
    for path in docs:
        grams = skeleton_ngrams(path.read_text(encoding="utf-8", errors="replace"))
        for name, sg in seeds.items():
            frac = len(grams & sg) / max(1, len(sg))
            if frac >= MAX_SHARED_FRACTION:
                out.append((path, name, frac))
            if frac > top.get(name, (path, -1.0))[1]:
                top[name] = (path, frac)
    return out, top
