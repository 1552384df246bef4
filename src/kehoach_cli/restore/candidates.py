"""Candidate syllables for an observed token, with their channel log-probabilities.

Why: the decoder only chooses among a few candidates per token. They come from the syllable inventory
through the token's skeleton (marks removed, OCR look-alike characters folded by the learned fold table)
plus the learned token table; each gets log P(observed | candidate) from the channel mixture.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np

from kehoach_cli.restore.model import Model
from kehoach_cli.restore.syllables import is_syllable_shape, skeleton
from kehoach_cli.restore.tokens import BOS

MAX_CANDIDATES = 12
MAX_FOLD_VARIANTS = 16


def _logaddexp(a: float, b: float) -> float:
    """log(exp a + exp b) without overflow."""
    if a < b:
        a, b = b, a
    return a + math.log1p(math.exp(b - a)) if b > -1e30 else a


class CandidateGenerator:
    """Builds and caches the candidate list of each distinct observed (lower-case) token."""

    def __init__(self, model: Model) -> None:
        self.model = model
        ch = model.channel
        self.params = ch["params"]
        self.tokens: dict[str, dict[str, float]] = ch["tokens"]
        self.chars: dict[str, float] = ch["chars"]
        self.fold: dict[str, list[str]] = ch["fold"]
        self.skel_index: dict[str, list[int]] = defaultdict(list)
        self.syllable_skeletons: set[str] = set()
        first_word = model.index[BOS] + 5
        for i, w in enumerate(model.vocab[first_word:], start=first_word):
            sk = skeleton(w)
            self.skel_index[sk].append(i)
            if is_syllable_shape(w):
                self.syllable_skeletons.add(sk)
        self.rank_prior = model.arrays.get("lf1", model.arrays["lp1"]).astype(np.float32)
        self._cache: dict[str, list[tuple[int, float]]] = {}
        self._viet: dict[str, bool] = {}

    def fold_variants(self, obs: str) -> list[str]:
        """Skeletons the observed token may stand for (learned OCR look-alikes folded)."""
        options = []
        for ch in obs:
            base = skeleton(ch)
            alts = self.fold.get(ch) or self.fold.get(ch.lower(), [])
            options.append(list(dict.fromkeys(([base] if base.isalpha() else []) + alts)) or [base])
        out = []
        for combo in itertools.islice(itertools.product(*options), MAX_FOLD_VARIANTS):
            out.append("".join(combo))
        return out

    def char_score(self, obs: str, true: str) -> float:
        """log P(obs | true) under the per-character OCR model (same length only)."""
        if len(obs) != len(true):
            return self.params["log_floor"]
        total = 0.0
        for o, t in zip(obs, true):
            lp = self.chars.get(f"{t}\t{o}")
            if lp is None:
                lp = self.chars.get(f"{t}\t{o.lower()}")
            total += lp if lp is not None else (0.0 if o.lower() == t else -9.0)
        return total

    def channel_score(self, obs: str, true: str) -> float:
        """log P(obs | true) for an observed token (original case) and a lower-case syllable:
        mixture of the already-right, stripped and OCR-mangled paths."""
        p = self.params
        low = obs.lower()
        score = -1e31
        if low == true:
            score = p["log_same"]
        if low == skeleton(true) and low != true:
            score = _logaddexp(score, p["log_strip"])
        table = self.tokens.get(low)
        ocr = table[true] if table and true in table else self.char_score(obs, true)
        return _logaddexp(score, p["log_ocr"] + ocr)

    def candidates(self, obs: str) -> list[tuple[int, float]]:
        """Top (vocab id, channel log-prob) pairs for an observed token (original case); [] when none."""
        hit = self._cache.get(obs)
        if hit is not None:
            return hit
        index = self.model.index
        low = obs.lower()
        ids: set[int] = set()
        if low in index:
            ids.add(index[low])
        for sk in self.fold_variants(obs):
            ids.update(self.skel_index.get(sk, ()))
        for true in self.tokens.get(low, {}):
            if true in index:
                ids.add(index[true])
        vocab = self.model.vocab
        scored = [(i, self.channel_score(obs, vocab[i])) for i in ids]
        scored.sort(key=lambda x: -(x[1] + float(self.rank_prior[x[0]])))
        result = scored[:MAX_CANDIDATES]
        self._cache[obs] = result
        return result

    def looks_vietnamese(self, obs: str) -> bool:
        """True when some fold of the token is the skeleton of a Vietnamese syllable."""
        hit = self._viet.get(obs)
        if hit is None:
            hit = self._viet[obs] = any(sk in self.syllable_skeletons for sk in self.fold_variants(obs))
        return hit
