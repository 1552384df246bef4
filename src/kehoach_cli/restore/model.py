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

BITS = 20
MODEL_DIR = Path(__file__).resolve().parent / "model"


def pack2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Bigram key: two syllable ids in one int64."""
    return (a.astype(np.int64) << BITS) | b


def pack3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Trigram key: three syllable ids in one int64."""
    return (((a.astype(np.int64) << BITS) | b) << BITS) | c


def _lookup(keys: np.ndarray, values: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(found mask, value where found) for each query key in a sorted key array.

    Queries are de-duplicated and sorted first: a text repeats its n-grams, and sorted queries make
    the binary searches cache-friendly.
    """
    if len(keys) == 0:
        return np.zeros(query.shape, bool), np.zeros(query.shape, np.float32)
    uq, inv = np.unique(query, return_inverse=True)
    pos = np.searchsorted(keys, uq)
    pos = np.minimum(pos, len(keys) - 1)
    found = keys[pos] == uq
    return found[inv].reshape(query.shape), values[pos].astype(np.float32)[inv].reshape(query.shape)


@dataclass
class Model:
    """Vocabulary, LM arrays and channel tables of the restorer."""

    vocab: list[str]
    index: dict[str, int]
    arrays: dict[str, np.ndarray]
    channel: dict

    def logprob(self, u: np.ndarray, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Natural-log P(w | u v) under the backoff-form KN trigram, element-wise."""
        a = self.arrays
        f3, lp3 = _lookup(a["k3"], a["lp3"], pack3(u, v, w))
        fc, lbow3 = _lookup(a["kc"], a["lbow3"], pack2(u, v))
        f2, lp2 = _lookup(a["k2"], a["lp2"], pack2(v, w))
        low = np.where(f2, lp2, a["lbow2"][v].astype(np.float32) + a["lp1"][w].astype(np.float32))
        return np.where(f3, lp3, np.where(fc, lbow3, 0.0) + low)


    def logprob2(self, v: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Natural-log P(w | v) under the bigram level of the model, element-wise."""
        a = self.arrays
        f2, lp2 = _lookup(a["k2"], a["lp2"], pack2(v, w))
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
