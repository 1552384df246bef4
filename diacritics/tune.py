"""Tuning set for decoder constants: `python -m diacritics.tune` prints accuracy on TRAINING data only.

Why: the bench measures held-out documents and must not be tuned on. Here (a') is stripped text of a
fixed sample of training documents (the LM has seen them, so absolute figures are optimistic; use it for
the direction of a change) and (b') a fixed sample of the aligned training OCR lines
(diacritics/build/channel_lines.tsv). Both are scored like the bench.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from restore import line_score, score_lines  # noqa: E402

import kehoach_cli.restore as restore_api  # noqa: E402
from diacritics.corpus import clean_text  # noqa: E402
from diacritics.splits import split  # noqa: E402
from kehoach_cli.restore import restore_text  # noqa: E402
from kehoach_cli.restore.decoder import Decoder  # noqa: E402
from kehoach_cli.restore.model import load_model  # noqa: E402
from kehoach_cli.vietnamese import strip_marks  # noqa: E402

OCR_LINES = ROOT / "diacritics" / "build" / "channel_lines.tsv"
DEV_MODEL = ROOT / "diacritics" / "build" / "dev_model"  # LM without the tuning documents (`--build`)
DOCS, CHARS_PER_DOC, OCR_SAMPLE_STEP = 40, 12_000, 7


def tuning_documents() -> list[Path]:
    """Every n-th training document (never a held-out one)."""
    train, _ = split()
    step = max(1, len(train) // DOCS)
    return train[step // 2 :: step][:DOCS]


def build_dev_model() -> None:
    """An LM + channel like the shipped one but trained without the tuning documents, so (a') is fair."""
    import json

    import numpy as np

    from diacritics import build_model as bm
    from diacritics.channel import build_channel

    tune = set(tuning_documents())
    train, _, _, _ = bm.training_documents()
    bm.LM_CACHE = DEV_MODEL / "lm_cache.npz"
    DEV_MODEL.mkdir(parents=True, exist_ok=True)
    arrays, vocab, _ = bm.build_lm([p for p in train if p not in tune])
    channel, _ = build_channel(vocab)
    np.savez(DEV_MODEL / "lm.npz", **bm.shipped_arrays(arrays))
    (DEV_MODEL / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    (DEV_MODEL / "channel.json").write_text(json.dumps(channel, ensure_ascii=False), encoding="utf-8")


def training_texts() -> list[str]:
    """First characters of the tuning documents."""
    out = []
    for path in tuning_documents():
        text = clean_text(path.read_text(encoding="utf-8", errors="replace"))[:CHARS_PER_DOC]
        out.append(text[: text.rfind("\n") if "\n" in text else len(text)])
    return out


def tune_stripped(texts: list[str]) -> float:
    """(a') accuracy on stripped training text."""
    correct = total = 0
    for ref in texts:
        got = restore_text(strip_marks(ref)).text
        for g, r in zip(got.split("\n"), ref.split("\n")):
            c, t = line_score(g, r)
            correct += c
            total += t
    return correct / max(total, 1)


def tune_ocr() -> float:
    """(b') accuracy on a sample of the training OCR lines."""
    rows = [ln.split("\t") for ln in OCR_LINES.read_text(encoding="utf-8").splitlines() if ln.count("\t") == 1]
    rows = rows[::OCR_SAMPLE_STEP]
    return score_lines([r[0] for r in rows], [unicodedata.normalize("NFC", r[1]) for r in rows])[0]


def main() -> None:
    """Print (a') and (b') with the dev model (built by `--build` if missing)."""
    parser = argparse.ArgumentParser(prog="python -m diacritics.tune", description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="rebuild the dev language model first")
    args = parser.parse_args()
    if args.build or not (DEV_MODEL / "lm.npz").exists():
        build_dev_model()
    decoder = Decoder(load_model(DEV_MODEL))
    restore_api.default_decoder = lambda: decoder  # restore_text looks the decoder up at call time
    t0 = time.perf_counter()
    a = tune_stripped(training_texts())
    b = tune_ocr()
    print(f"(a') {a:.4%}  (b') {b:.4%}  {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
