"""Interpolated Kneser-Ney syllable trigram LM, counted with numpy and stored in backoff form.

Why backoff form: interpolated KN can be written exactly as P(w|uv) = stored value for seen trigrams,
else bow(uv) * P(w|v), recursively. Only pruned n-grams (keys as packed int64 ids, log-probs as float16)
ship, so the runtime model is a handful of sorted arrays searched with np.searchsorted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from kehoach_cli.restore.model import BITS, pack3
from kehoach_cli.restore.tokens import BOS, EOS, NUM, PUNCT, UNK

SPECIALS = [BOS, EOS, UNK, NUM, PUNCT]


@dataclass
class LMArrays:
    """What the runtime needs: vocabulary and the backoff-form arrays."""

    vocab: list[str]
    arrays: dict[str, np.ndarray]


def build_vocab(counts: Counter, min_count: int) -> list[str]:
    """Specials first, then units seen at least `min_count` times, most frequent first."""
    words = [w for w, c in counts.most_common() if c >= min_count and w not in SPECIALS]
    return SPECIALS + words[: (1 << BITS) - len(SPECIALS) - 1]


def encode(sentences: list[list[str]], index: dict[str, int]) -> np.ndarray:
    """One int64 stream: <s> <s> w1 .. wn </s> per sentence; unknown units map to <unk>."""
    unk, bos, eos = index[UNK], index[BOS], index[EOS]
    out: list[int] = []
    for sent in sentences:
        out.append(bos)
        out.append(bos)
        out.extend(index.get(w, unk) for w in sent)
        out.append(eos)
    return np.asarray(out, dtype=np.int64)


def _discount(counts: np.ndarray) -> float:
    """Absolute discount D = n1 / (n1 + 2 n2)."""
    n1, n2 = np.sum(counts == 1), np.sum(counts == 2)
    return float(n1 / (n1 + 2 * n2)) if n1 + n2 else 0.5


def _group_sum(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(unique keys, sum of values, number of entries) per key; keys need not be sorted."""
    uk, inv, num = np.unique(keys, return_inverse=True, return_counts=True)
    return uk, np.bincount(inv, weights=values, minlength=len(uk)), num


def train_kn(stream: np.ndarray, vocab_size: int, bos: int, min_tri: int, min_bi: int) -> dict[str, np.ndarray]:
    """KN trigram estimation on an encoded stream; returns the backoff-form arrays."""
    a, b, c = stream[:-2], stream[1:-1], stream[2:]
    valid = c != bos
    k3, c3 = np.unique(pack3(a[valid], b[valid], c[valid]), return_counts=True)
    d3 = _discount(c3)
    mask2 = (1 << (2 * BITS)) - 1
    # continuation counts: distinct left contexts of each bigram / unigram
    k2, n2 = np.unique(k3 & mask2, return_counts=True)
    d2 = _discount(n2)
    w1 = k2 & ((1 << BITS) - 1)
    cont1 = np.bincount(w1, minlength=vocab_size).astype(np.float64)
    p1 = (cont1 + 0.5) / (cont1.sum() + 0.5 * vocab_size)
    # bigram level
    v2 = k2 >> BITS
    ctx2_total = np.bincount(v2, weights=n2, minlength=vocab_size)
    ctx2_types = np.bincount(v2, minlength=vocab_size)
    bow2 = np.where(ctx2_total > 0, d2 * ctx2_types / np.maximum(ctx2_total, 1), 1.0)
    p2 = (np.maximum(n2 - d2, 0) / ctx2_total[v2]) + bow2[v2] * p1[w1]
    # trigram level
    ctx3 = k3 >> BITS
    uctx, csum, ctypes = _group_sum(ctx3, c3.astype(np.float64))
    pos = np.searchsorted(uctx, ctx3)
    bow3 = d3 * ctypes / csum
    low = p2[np.searchsorted(k2, k3 & mask2)]
    p3 = np.maximum(c3 - d3, 0) / csum[pos] + bow3[pos] * low
    keep3 = c3 >= min_tri
    keepc = csum >= 2
    keep2 = n2 >= min_bi
    return {
        "k3": k3[keep3].astype(np.int64),
        "lp3": np.log(p3[keep3]).astype(np.float16),
        "kc": uctx[keepc].astype(np.int64),
        "lbow3": np.log(bow3[keepc]).astype(np.float16),
        "k2": k2[keep2].astype(np.int64),
        "lp2": np.log(p2[keep2]).astype(np.float16),
        "lbow2": np.log(bow2).astype(np.float16),
        "lp1": np.log(p1).astype(np.float16),
        "discounts": np.asarray([d2, d3], dtype=np.float32),
    }
