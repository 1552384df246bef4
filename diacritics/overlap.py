"""Find corpus documents that overlap the two seed plans, so they can be kept out of training.

Why: tvpl_admin_docs holds other provinces' plans implementing the same decision as the seeds; a model
trained on them would have seen the seed text and the seed benchmark would flatter it. Overlap is
measured on skeleton 8-grams (marks removed), because seed 002 is OCR text with mangled marks.
"""

from __future__ import annotations

from pathlib import Path

from kehoach_cli.restore.syllables import skeleton
from kehoach_cli.restore.tokens import tokenize

SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
NGRAM = 8
MAX_SHARED_FRACTION = 0.01


def skeleton_ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """Set of n-grams of word skeletons."""
    words = [skeleton(t.text) for t in tokenize(text) if t.kind == "word"]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def seed_ngrams(seeds_dir: Path = SEEDS_DIR) -> dict[str, set[tuple[str, ...]]]:
    """Skeleton 8-grams per seed document."""
    return {p.name: skeleton_ngrams(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))}


def overlapping(docs: list[Path], seeds: dict[str, set[tuple[str, ...]]]) -> list[tuple[Path, str, float]]:
    """(document, seed, shared fraction of the seed's 8-grams) for documents above the threshold."""
    out = []
    for path in docs:
        grams = skeleton_ngrams(path.read_text(encoding="utf-8", errors="replace"))
        for name, sg in seeds.items():
            frac = len(grams & sg) / max(1, len(sg))
            if frac >= MAX_SHARED_FRACTION:
                out.append((path, name, frac))
    return out
