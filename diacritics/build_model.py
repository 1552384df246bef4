"""One command to rebuild the shipped restoration model: `python -m diacritics.build_model`.

Steps: fixed train/held-out split, seed-overlap exclusion, corpus preparation, KN trigram LM, channel
model from the OCR channel counts, then the model files in src/kehoach_cli/restore/model/ and the build
report diacritics/MODEL.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from diacritics.channel import build_channel
from diacritics.corpus import document_units
from diacritics.lm import BOS, build_vocab, encode, train_kn
from diacritics.overlap import MAX_SHARED_FRACTION, overlapping, seed_ngrams
from diacritics.splits import CORPUS_ROOT, split
from kehoach_cli.restore.model import MODEL_DIR, build_hash

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "diacritics" / "MODEL.md"
LM_CACHE = ROOT / "diacritics" / "build" / "restore_lm_cache.npz"  # lets `--channel-only` skip the corpus pass
# Closest to the input domain (provincial administrative prose): counted twice.
UPWEIGHTED = ("tvpl_admin_docs", "admin_docs_word_recommend")
MIN_VOCAB, MIN_TRI, MIN_BI = 2, 2, 1


def log(msg: str) -> None:
    """Progress on stderr."""
    print(f"[build_model] {msg}", file=sys.stderr, flush=True)


def training_documents() -> tuple[list[Path], list[Path], list[tuple[Path, str, float]], dict]:
    """(training docs, held-out docs, seed-overlap exclusions, most-overlapping doc per seed)."""
    train, held = split()
    excluded, top = overlapping(train, seed_ngrams())
    drop = {p for p, _, _ in excluded}
    return [p for p in train if p not in drop], held, excluded, top


def collect(docs: list[Path]) -> tuple[list[list[str]], Counter, Counter]:
    """All LM sentences (up-weighted folders repeated), unit counts, syllables per folder."""
    sentences: list[list[str]] = []
    per_folder: Counter = Counter()
    for path in docs:
        folder = path.relative_to(CORPUS_ROOT).parts[0]
        units = document_units(path)
        per_folder[folder] += sum(len(s) for s in units)
        sentences.extend(units * (2 if folder in UPWEIGHTED else 1))
    counts = Counter(w for s in sentences for w in s)
    return sentences, counts, per_folder


MEASURED_HEADING = "## Measured (bench/restore.py)"


def kept_section(heading: str) -> list[str]:
    """The hand-kept section under `heading` of the current report (figures measured after a build), so
    a rebuild does not drop it; empty when there is none."""
    if not REPORT.exists():
        return []
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    if heading not in lines:
        return []
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def write_report(
    train: list[Path],
    held: list[Path],
    excluded,
    top: dict,
    per_folder: Counter,
    arrays: dict,
    vocab: list[str],
    channel_info: dict,
    seconds: float,
) -> None:
    """diacritics/MODEL.md: what the model was trained on and how big it is."""
    rel = lambda p: p.relative_to(CORPUS_ROOT).as_posix()  # noqa: E731
    folders = Counter(rel(p).split("/")[0] for p in train)
    lines = [
        "# Restoration model build report",
        "",
        f"Built by `python -m diacritics.build_model` (`make model`) in {seconds:.0f} s; "
        "`--channel-only` re-trains the channel on the cached LM. Needs only numpy.",
        "",
        "Pipeline: corpus documents from `diacritics/splits.py` (held-out ones never read), minus documents "
        "overlapping the seed plans; NFC, private-use glyphs and page furniture dropped, hard-wrapped lines "
        "joined (`corpus.py`); tone placement normalised to hòa/thủy; interpolated Kneser-Ney syllable trigram "
        "(`lm.py`), trigrams seen once pruned; channel from `diacritics/build/channel_counts.tsv` "
        "(rendered + `tesseract -l eng` training text, `ocr_channel.py`) as token, character and fold tables "
        "(`channel.py`). Shipped: vocabulary, double-hashed n-gram fingerprint tables with float16 log-probs, "
        "channel tables; no corpus text. Decoder constants (e.g. the per-document cache weights in "
        "`decoder.py`) are tuned with `python -m diacritics.tune`, which builds a dev LM without 40 "
        "training documents and scores those (stripped) plus training OCR lines; never the bench.",
        "",
        "Runtime: the decoder's inner loop (bigram max-marginal pruning to 4 candidates, exact trigram "
        "Viterbi, local scores for the confidence) is C (`src/kehoach_cli/restore/_viterbi.c`, built by "
        "`setup.py` at install, optional) with a numpy path of identical output "
        "(`tests/test_restore_native.py`). The tone check of OCR'd pages (`restore.retone_text`) is the same "
        "decoder and loop over a tone-only channel (`CandidateGenerator.tone_options`: a word may only change "
        "its tone mark, at a cost), every tone variant scored by the exact pass (beam 6, no pruning margin).",
        "",
        *kept_section(MEASURED_HEADING),
        "## Training corpus (per folder)",
        "",
        "| folder | documents | LM units |",
        "|---|---|---|",
    ]
    lines += [f"| {f} | {folders[f]} | {per_folder[f]:,} |" for f in sorted(folders)]
    lines += [
        "",
        f"Up-weighted (counted twice): {', '.join(UPWEIGHTED)}.",
        "",
        f"## Held out ({len(held)} documents, diacritics/splits.py)",
        "",
    ]
    lines += [f"- {rel(p)}" for p in held]
    lines += ["", "## Excluded for overlap with the seed plans (skeleton 8-grams)", ""]
    lines += [
        f"Threshold: a document sharing >= {MAX_SHARED_FRACTION:.0%} of a seed's skeleton 8-grams "
        "(seed 002 measured on its OCR text and on its hand reference).",
        "",
    ]
    lines += [f"- {rel(p)} (shares {f:.1%} of {s}'s 8-grams)" for p, s, f in excluded] or ["- none"]
    lines += ["", "Largest overlap per seed before exclusion:", ""]
    lines += [f"- {name}: {rel(p)} ({f:.2%})" for name, (p, f) in sorted(top.items())]
    lines += [
        "",
        "## Model",
        "",
        f"- vocabulary: {len(vocab):,} units",
        f"- trigrams kept (count >= {MIN_TRI}): {len(arrays['k3']):,}; bigrams: {len(arrays['k2']):,};"
        f" trigram contexts: {len(arrays['kc']):,}",
        f"- KN discounts (bigram, trigram): {arrays['discounts'].round(3).tolist()}",
        f"- channel: {json.dumps(channel_info)}",
        "- files: " + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in sorted(MODEL_DIR.iterdir())),
        "",
        "## Training documents",
        "",
    ]
    lines += [f"- {rel(p)}" for p in train]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


def unigram_logfreq(vocab: list[str], counts: Counter) -> np.ndarray:
    """log relative frequency of each unit: ranks the candidates of a token before decoding."""
    freq = np.asarray([counts.get(w, 0) for w in vocab], np.float64) + 0.5
    return np.log(freq / freq.sum()).astype(np.float16)


def build_lm(train: list[Path]) -> tuple[dict, list[str], Counter]:
    """(LM arrays, vocabulary, per-folder unit counts) from the training documents."""
    t0 = time.time()
    sentences, counts, per_folder = collect(train)
    log(f"{sum(per_folder.values()):,} units collected in {time.time() - t0:.0f} s")
    vocab = build_vocab(counts, MIN_VOCAB)
    index = {w: i for i, w in enumerate(vocab)}
    stream = encode(sentences, index)
    del sentences
    arrays = train_kn(stream, len(vocab), index[BOS], MIN_TRI, MIN_BI)
    arrays["lf1"] = unigram_logfreq(vocab, counts)
    log(f"LM: {len(arrays['k3']):,} trigrams, {len(arrays['k2']):,} bigrams ({time.time() - t0:.0f} s)")
    LM_CACHE.parent.mkdir(parents=True, exist_ok=True)
    folders = sorted(per_folder)
    np.savez(
        LM_CACHE,
        vocab=np.asarray(vocab),
        folders=np.asarray(folders),
        folder_units=np.asarray([per_folder[f] for f in folders]),
        **arrays,
    )
    return arrays, vocab, per_folder


def cached_lm() -> tuple[dict, list[str], Counter]:
    """The LM of the last full build (for re-training only the channel)."""
    with np.load(LM_CACHE) as data:
        arrays = {k: data[k] for k in data.files if k not in ("vocab", "folders", "folder_units")}
        vocab = data["vocab"].tolist()
        per_folder = Counter(dict(zip(data["folders"].tolist(), data["folder_units"].tolist())))
    return arrays, vocab, per_folder


def shipped_arrays(arrays: dict) -> dict:
    """The runtime form: sorted n-gram key arrays become fingerprint hash tables."""
    out = {k: v for k, v in arrays.items() if k not in ("k3", "lp3", "kc", "lbow3", "k2", "lp2")}
    for name, keys, vals in (("h3", "k3", "lp3"), ("hc", "kc", "lbow3"), ("h2", "k2", "lp2")):
        out[f"{name}_fp"], out[f"{name}_v"] = build_hash(arrays[keys], arrays[vals])
    return out


def main() -> None:
    """Build everything and write it into the package; `--channel-only` reuses the cached LM."""
    parser = argparse.ArgumentParser(prog="python -m diacritics.build_model", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--channel-only", action="store_true", help="re-train only the channel, reusing the cached language model"
    )
    args = parser.parse_args()
    t0 = time.time()
    train, held, excluded, top = training_documents()
    log(f"{len(train)} training docs, {len(held)} held out, {len(excluded)} excluded for seed overlap")
    channel_only = args.channel_only and LM_CACHE.exists()
    arrays, vocab, per_folder = cached_lm() if channel_only else build_lm(train)
    channel, channel_info = build_channel(vocab)
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    np.savez(MODEL_DIR / "lm.npz", **shipped_arrays(arrays))
    (MODEL_DIR / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    (MODEL_DIR / "channel.json").write_text(json.dumps(channel, ensure_ascii=False), encoding="utf-8")
    write_report(train, held, excluded, top, per_folder, arrays, vocab, channel_info, time.time() - t0)
    log(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
