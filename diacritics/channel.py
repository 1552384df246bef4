"""Channel model: how an observed token arises from a true syllable.

Three paths, mixed at runtime: the word is already right, its marks were stripped, or English-model OCR
mangled it. The OCR path is learned from diacritics/build/channel_counts.tsv (rendered + OCR'd training
text aligned to its source, written by diacritics/ocr_channel.py):
- a token table P(observed | true) for pairs seen often enough ("ctia" | "của"),
- a character table P(observed char | true char) from same-length pairs, which generalises to unseen
  words ("6" | "ô", "é" | "ê", "p" | "đ"),
- a fold table: which skeleton letters an observed character can stand for, to find candidates.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from kehoach_cli.restore.syllables import canonical, skeleton

COUNTS = Path(__file__).resolve().parent / "build" / "channel_counts.tsv"
MIN_PAIR, MIN_CHAR = 1, 3
# An observed char folds to a true letter when seen >= FOLD_MIN_COUNT times and it is either a common
# reading of that observed char or a not-rare way the true letter is misread (capital Đ read as P).
FOLD_MIN_SHARE, FOLD_MIN_RATE, FOLD_MIN_COUNT = 0.03, 0.0005, 5
# Mixture weights of the three paths (already right, stripped, OCR); tuned on training text.
PARAMS = {"log_same": math.log(0.6), "log_strip": math.log(0.5), "log_ocr": math.log(0.4), "log_floor": -12.0}


def read_pairs(path: Path = COUNTS) -> Counter:
    """(observed, true) -> count; observed keeps its case (OCR reads capital Đ as P), true side is
    lower-case in canonical tone placement."""
    pairs: Counter = Counter()
    if not path.exists():
        return pairs
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        obs = unicodedata.normalize("NFC", parts[0])
        true = canonical(parts[1])
        if obs and true:
            pairs[obs, true] += int(parts[2])
    return pairs


def token_table(pairs: Counter) -> dict[str, dict[str, float]]:
    """obs -> {true: log P(obs | true)} for pairs seen at least MIN_PAIR times."""
    totals: Counter = Counter()
    for (_, true), n in pairs.items():
        totals[true] += n
    lower: Counter = Counter()
    for (obs, true), n in pairs.items():
        lower[obs.lower(), true] += n
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for (obs, true), n in lower.items():
        if n >= MIN_PAIR:
            table[obs][true] = round(math.log(n / totals[true]), 3)
    return dict(table)


def char_tables(pairs: Counter) -> tuple[dict[str, float], dict[str, list[str]]]:
    """("t\\to" -> log P(o | t)) from same-length pairs, and observed char -> skeleton letters it may be.

    The observed character keeps its case; lower-case entries pool both cases as the fallback.
    """
    joint: Counter = Counter()
    for (obs, true), n in pairs.items():
        if len(obs) == len(true):
            for o, t in zip(obs, true):
                joint[t, o] += n
                if o != o.lower():
                    joint[t, o.lower()] += n
    t_tot: Counter = Counter()
    o_tot: Counter = Counter()
    for (t, o), n in joint.items():
        t_tot[t] += n
        o_tot[o] += n
    chars = {f"{t}\t{o}": round(math.log(n / t_tot[t]), 3) for (t, o), n in joint.items() if n >= MIN_CHAR}
    fold: dict[str, Counter] = defaultdict(Counter)
    for (t, o), n in joint.items():
        if n >= FOLD_MIN_COUNT and (n / o_tot[o] >= FOLD_MIN_SHARE or n / t_tot[t] >= FOLD_MIN_RATE):
            fold[o][skeleton(t)] += n
    folds = {o: [s for s, _ in c.most_common(4)] for o, c in fold.items() if set(c) != {skeleton(o)}}
    return chars, folds


def build_channel(vocab: list[str]) -> tuple[dict, dict]:
    """The channel section of the model and a summary for the build report."""
    pairs = read_pairs()
    chars, folds = char_tables(pairs)
    table = token_table(pairs)
    channel = {"params": PARAMS, "tokens": table, "chars": chars, "fold": folds}
    info = {
        "ocr_pairs": sum(pairs.values()),
        "token_table": len(table),
        "char_pairs": len(chars),
        "fold_chars": len(folds),
    }
    return channel, info
