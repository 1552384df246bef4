"""The shipped restoration model: loading and vectorised n-gram scoring.

Why arrays: the model is sorted packed n-gram keys with float16 log-probabilities in an uncompressed
.npz, so it loads in milliseconds without unpickling and is queried in bulk with np.searchsorted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .syllables import canonical
from .tokens import NUM, UNK

BITS = 20
MODEL_DIR = Path(__file__).resolve().parent / "model"


def pack2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bigram key: two syllable ids in one int64."""
    return (a.astype(np.int64) << BITS) | b


def pack3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Trigram key: three syllable ids in one int64."""
    return (((a.astype(np.int64) << BITS) | b) << BITS) | c


_MULT_SLOT = np.uint64(0x9E3779B97F4A7C15)
_MULT_FP = np.uint64(0xC2B2AE3D27D4EB4F)
LOAD_FACTOR = 0.55


def _probe_step(fps: np.ndarray, size: int) -> np.ndarray:
    """Odd probe stride from the fingerprint (double hashing: short probe chains, no clustering)."""
    return ((fps.astype(np.int64) >> 7) | 1) & (size - 1)


def _slots_and_fingerprints(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Home slot (multiplicative hash) and a non-zero 32-bit fingerprint of each packed key."""
    k = keys.astype(np.uint64)
    shift = np.uint64(64 - (size.bit_length() - 1))
    slots = ((k * _MULT_SLOT) >> shift).astype(np.int64)
    fps = ((k * _MULT_FP) >> np.uint64(32)).astype(np.uint32)
    fps[fps == 0] = 1
    return slots, fps


def build_hash(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Open-addressing table (fingerprints, values) with double hashing, filled in vectorised rounds.

    Why: a hashed probe is a couple of random reads per query where a binary search over a million
    sorted keys is twenty; fingerprints (not keys) keep the table at 6 bytes a slot.
    """
    size = 1 << max(4, int(np.ceil(np.log2(max(1, len(keys)) / LOAD_FACTOR))))
    fp_table = np.zeros(size, np.uint32)
    val_table = np.zeros(size, values.dtype)
    pos, fps = _slots_and_fingerprints(keys, size)
    step = _probe_step(fps, size)
    pending = np.arange(len(keys))
    while pending.size:
        free = fp_table[pos[pending]] == 0
        cand = pending[free]
        _, first = np.unique(pos[cand], return_index=True)
        win = cand[first]
        fp_table[pos[win]] = fps[win]
        val_table[pos[win]] = values[win]
        placed = np.zeros(len(keys), bool)
        placed[win] = True
        pending = pending[~placed[pending]]
        busy = pending[fp_table[pos[pending]] != 0]
        pos[busy] = (pos[busy] + step[busy]) & (size - 1)
    return fp_table, val_table


def _lookup(fp_table: np.ndarray, val_table: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(found mask, value where found) for each packed query key, probing the hash table in rounds."""
    found = np.zeros(query.shape, bool)
    value = np.zeros(query.shape, np.float32)
    if query.size == 0:
        return found, value
    size = len(fp_table)
    slot, fps = _slots_and_fingerprints(query.ravel(), size)
    step = _probe_step(fps, size)
    idx = np.arange(query.size)
    flat_found, flat_val = found.reshape(-1), value.reshape(-1)
    while idx.size:
        got = fp_table[slot]
        hit = got == fps
        flat_found[idx[hit]] = True
        flat_val[idx[hit]] = val_table[slot[hit]]
        go_on = ~hit & (got != 0)
        idx, fps, step = idx[go_on], fps[go_on], step[go_on]
        slot = (slot[go_on] + step) & (size - 1)
    return found, value


@dataclass
class Model:
    """Vocabulary, LM arrays and channel tables of the restorer."""

    vocab: list[str]
    index: dict[str, int]
    arrays: dict[str, np.ndarray]
    channel: dict

    def kept_unit(self, text: str, kind: str) -> int:
        """The vocabulary id a token kept as written stands for: <num> for a number, else its
        syllable or <unk>."""
        return self.index[NUM] if kind == "number" else self.index.get(canonical(text), self.index[UNK])

    def sentence_logprob(self, ids: list[int]) -> float:
        """Natural-log probability of a unit sequence that starts with two <s> and ends with </s>."""
        seq = np.asarray(ids, np.int64)
        return float(self.logprob(seq[:-2], seq[1:-1], seq[2:]).sum())

    def logprob(self, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Natural-log P(w | u v) under the backoff-form KN trigram, element-wise."""
        f3, lp3 = self.trigram(u, v, w)
        return np.where(f3, lp3, self.context_backoff(u, v) + self.logprob2(v, w))

    def trigram(self, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(stored?, log P(w | u v)) for trigrams kept in the model."""
        return _lookup(self.arrays["h3_fp"], self.arrays["h3_v"], pack3(u, v, w))

    def context_backoff(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """log backoff weight of the context (u, v); 0 for contexts not kept."""
        return self.context(u, v)[1]

    def context(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(kept?, log backoff weight or 0) of the contexts (u, v). Every kept trigram's context is kept
        (MIN_TRI >= 2 in diacritics/build_model.py), so trigrams of an unkept context need no lookup."""
        fc, lbow3 = _lookup(self.arrays["hc_fp"], self.arrays["hc_v"], pack2(u, v))
        return fc, np.where(fc, lbow3, np.float32(0.0))

    def logprob2(self, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Natural-log P(w | v) under the bigram level of the model, element-wise."""
        a = self.arrays
        f2, lp2 = _lookup(a["h2_fp"], a["h2_v"], pack2(v, w))
        return np.where(f2, lp2, a["lbow2"][v].astype(np.float32) + a["lp1"][w].astype(np.float32))


def load_model(model_dir: Path = MODEL_DIR) -> Model:
    """Read the model files from `model_dir`."""
    with np.load(model_dir / "lm.npz") as data:
        arrays = {k: data[k] for k in data.files}
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").split("\n")
    channel = json.loads((model_dir / "channel.json").read_text(encoding="utf-8"))
    return Model(vocab, {w: i for i, w in enumerate(vocab)}, arrays, channel)


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The packaged model, loaded on first use and kept for the process."""
    return load_model()
