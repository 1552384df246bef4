"""Trigram Viterbi decoding of a text's tokens over their candidate syllables.

Why this shape: exact Viterbi over (previous, current) candidate pairs, run on many sentences at once.
Sentences of similar length are stacked into a (sentences, positions, candidates) array, every trigram
score of the batch is fetched in one vectorised lookup, and the recursion is one numpy max per position
for the whole batch. Python work per token is a dictionary hit on a cached candidate list, so cost grows
linearly with the text; long runs without sentence punctuation are cut into windows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kehoach_cli.restore.candidates import CandidateGenerator
from kehoach_cli.restore.model import Model
from kehoach_cli.restore.syllables import canonical, transfer_case
from kehoach_cli.restore.tokens import BOS, EOS, NUM, PUNCT, UNK, Token, gap_unit

WINDOW = 200
MAX_CANDIDATES = 12  # per token into the bigram pruning pass
BEAM = 6  # per token into the exact trigram pass
CHANNEL_WEIGHT = 1.0
MIN_VIETNAMESE_SHARE = 0.5
MIN_WORDS_FOR_LANGUAGE_CHECK = 3
BATCH_CELLS = 1_500_000  # sentences x positions x K^3 trigram scores held at once
NEG = np.float32(-1e9)

Option = tuple[tuple[int, ...], tuple[float, ...]]
Unit = tuple[tuple[int, ...], tuple[float, ...], int]  # candidate ids, channel scores, token index (-1: none)


@dataclass
class Decision:
    """Chosen surface form and confidence of one token."""

    restored: str
    confidence: float


class Decoder:
    """Restores token sequences with the model; one instance per model, caches candidate lists."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.gen = CandidateGenerator(model)
        idx = model.index
        self.bos, self.eos, self.unk, self.num, self.punct = idx[BOS], idx[EOS], idx[UNK], idx[NUM], idx[PUNCT]
        self._options: dict[str, Option] = {}

    def _own(self, text: str) -> Option:
        """A token that is kept as it is: its own unit (or <unk>) with no channel cost."""
        return (self.model.index.get(canonical(text), self.unk),), (0.0,)

    def options(self, tok: Token, frozen: bool) -> Option:
        """Candidate ids and weighted channel scores of one token (cached per form)."""
        if tok.kind == "number":
            return (self.num,), (0.0,)
        if tok.kind == "keep" or frozen:
            return self._own(tok.text)
        hit = self._options.get(tok.text)
        if hit is None:
            cands = self.gen.candidates(tok.text)[:MAX_CANDIDATES]
            if cands:
                hit = tuple(c[0] for c in cands), tuple(c[1] * CHANNEL_WEIGHT for c in cands)
            else:
                hit = self._own(tok.text)
            self._options[tok.text] = hit
        return hit

    def frozen_lines(self, text: str, tokens: list[Token]) -> set[int]:
        """Indices of tokens on lines that do not look Vietnamese (English prose, code), left untouched."""
        frozen: set[int] = set()
        line: list[int] = []
        prev_end = 0
        for i, tok in enumerate(tokens):
            if "\n" in text[prev_end:tok.start]:
                frozen.update(self._foreign(tokens, line))
                line = []
            line.append(i)
            prev_end = tok.end
        frozen.update(self._foreign(tokens, line))
        return frozen

    def _foreign(self, tokens: list[Token], line: list[int]) -> list[int]:
        """The line's token indices when too few of its words fold to Vietnamese syllables, else []."""
        words = [i for i in line if tokens[i].kind == "word" and tokens[i].text.isalpha()]
        if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
            return []
        viet = sum(1 for i in words if self.gen.looks_vietnamese(tokens[i].text))
        return line if viet / len(words) < MIN_VIETNAMESE_SHARE else []

    def sentences(self, text: str, tokens: list[Token], frozen: set[int]) -> list[list[Unit]]:
        """LM sentences of units (punctuation units included), cut at sentence ends and every WINDOW units."""
        out: list[list[Unit]] = []
        cur: list[Unit] = []
        prev_end = 0
        punct: Unit = ((self.punct,), (0.0,), -1)
        for i, tok in enumerate(tokens):
            gap = gap_unit(text[prev_end:tok.start])
            if cur and (gap == EOS or len(cur) >= WINDOW):
                out.append(cur)
                cur = []
            elif gap == PUNCT and cur:
                cur.append(punct)
            ids, chan = self.options(tok, i in frozen)
            cur.append((ids, chan, i))
            prev_end = tok.end
        if cur:
            out.append(cur)
        return out

    def decode(self, text: str, tokens: list[Token]) -> dict[int, Decision]:
        """Decision for every token index."""
        sents = self.sentences(text, tokens, self.frozen_lines(text, tokens))
        result: dict[int, Decision] = {}
        for batch in self._batches(sents):
            choice, conf = self._decode_batch(batch)
            for s, sent in enumerate(batch):
                for j, (ids, chan, tok) in enumerate(sent):
                    if tok >= 0:
                        word = int(choice[s, j + 2])
                        result[tok] = Decision(self._surface(tokens[tok], ids, chan, word), float(conf[s, j + 2]))
        return result

    @staticmethod
    def _batches(sents: list[list[Unit]]) -> list[list[list[Unit]]]:
        """Sentences grouped by similar length so padding stays small."""
        order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
        batches: list[list[list[Unit]]] = []
        cur: list[list[Unit]] = []
        for i in order:
            width = max(len(u[0]) for u in sents[i])
            if cur and (len(cur) + 1) * (len(sents[i]) + 5) * max(width, 2) ** 3 > BATCH_CELLS:
                batches.append(cur)
                cur = []
            cur.append(sents[i])
        if cur:
            batches.append(cur)
        return batches

    def _lattice(self, batch: list[list[Unit]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(ids, channel, valid) arrays of shape (S, L, K) / (S, L): <s> <s> units </s>, padded."""
        S = len(batch)
        L = max(len(s) for s in batch) + 3
        K = max(len(u[0]) for s in batch for u in s)
        ids = np.full((S, L, K), self.eos, np.int64)
        chan = np.full((S, L, K), NEG, np.float32)
        chan[:, :, 0] = 0.0
        ids[:, :2, :] = self.bos
        valid = np.zeros((S, L), bool)
        si, pi, ki, vi, ci = [], [], [], [], []
        fs, fp, fv = [], [], []
        for s, sent in enumerate(batch):
            valid[s, : len(sent) + 3] = True
            for j, (cids, cch, _) in enumerate(sent):
                fs.append(s)
                fp.append(j + 2)
                fv.append(cids[0])
                for k in range(1, len(cids)):
                    si.append(s)
                    pi.append(j + 2)
                    ki.append(k)
                    vi.append(cids[k])
                    ci.append(cch[k])
                if cch[0]:
                    si.append(s)
                    pi.append(j + 2)
                    ki.append(0)
                    vi.append(cids[0])
                    ci.append(cch[0])
        # padding repeats the first candidate (with -inf channel) so padded lattice cells are cheap
        ids[fs, fp, :] = np.asarray(fv, np.int64)[:, None]
        ids[si, pi, ki] = vi
        chan[si, pi, ki] = ci
        return ids, chan, valid

    def _decode_batch(self, batch: list[list[Unit]]) -> tuple[np.ndarray, np.ndarray]:
        """(chosen vocabulary id, confidence) per (sentence, lattice position)."""
        ids, chan, valid = self._prune(*self._lattice(batch))
        S, L, K = ids.shape
        shape = (S, L - 2, K, K, K)
        live = chan > NEG / 2
        real = (live[:, :-2, :, None, None] & live[:, 1:-1, None, :, None] & live[:, 2:, None, None, :]
                & valid[:, 2:, None, None, None])
        tri = np.zeros(shape, np.float32)
        tri[real] = self.model.logprob(np.broadcast_to(ids[:, :-2, :, None, None], shape)[real],
                                       np.broadcast_to(ids[:, 1:-1, None, :, None], shape)[real],
                                       np.broadcast_to(ids[:, 2:, None, None, :], shape)[real])
        delta = chan[:, 0, :, None] + chan[:, 1, None, :]
        back = np.zeros((S, L, K, K), np.int8)
        for p in range(2, L):
            total = delta[:, :, :, None] + tri[:, p - 2] + chan[:, p, None, None, :]
            back[:, p] = total.argmax(axis=1)
            delta = total.max(axis=1)
        choice = np.zeros((S, L), np.int64)
        flat = delta.reshape(S, -1).argmax(axis=1)
        b, c = flat // K, flat % K
        rows = np.arange(S)
        for p in range(L - 1, 1, -1):
            choice[:, p] = c
            a = back[rows, p, b, c]
            b, c = a, b
        choice[:, 1] = c
        chosen = np.take_along_axis(ids, choice[:, :, None], axis=2)[:, :, 0]
        return chosen, self._confidence(ids, chan, choice)

    def _prune(self, ids: np.ndarray, chan: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Keep the BEAM best candidates per position by bigram max-marginal (forward + backward max).

        Why: a token's skeleton often has ten or more syllables; scoring all their trigram combinations
        is what makes decoding slow, while a bigram pass already ranks the right one near the top.
        """
        S, L, K = ids.shape
        if K <= BEAM:
            return ids, chan, valid
        shape = (S, L - 1, K, K)
        live = chan > NEG / 2
        real = live[:, :-1, :, None] & live[:, 1:, None, :] & valid[:, 1:, None, None]
        bi = np.zeros(shape, np.float32)
        bi[real] = self.model.logprob2(np.broadcast_to(ids[:, :-1, :, None], shape)[real],
                                       np.broadcast_to(ids[:, 1:, None, :], shape)[real])
        fwd = np.empty((S, L, K), np.float32)
        bwd = np.zeros((S, L, K), np.float32)
        fwd[:, 0] = chan[:, 0]
        for p in range(1, L):
            fwd[:, p] = (fwd[:, p - 1, :, None] + bi[:, p - 1]).max(axis=1) + chan[:, p]
        for p in range(L - 2, -1, -1):
            bwd[:, p] = (bi[:, p] + (chan[:, p + 1] + bwd[:, p + 1])[:, None, :]).max(axis=2)
        keep = np.argsort(-(fwd + bwd), axis=2, kind="stable")[:, :, :BEAM]
        return np.take_along_axis(ids, keep, axis=2), np.take_along_axis(chan, keep, axis=2), valid

    def _confidence(self, ids: np.ndarray, chan: np.ndarray, choice: np.ndarray) -> np.ndarray:
        """Posterior of the chosen candidate given its chosen neighbours (three trigrams around it)."""
        S, L, K = ids.shape
        chosen = np.take_along_axis(ids, choice[:, :, None], axis=2)[:, :, 0]
        pad = np.full((S, 2), self.eos, np.int64)
        ch = np.concatenate([chosen, pad], axis=1)
        cand = ids[:, 2:L]
        shape = (S, L - 2, K)
        prev2 = np.broadcast_to(ch[:, 0:L - 2, None], shape)
        prev1 = np.broadcast_to(ch[:, 1:L - 1, None], shape)
        next1 = np.broadcast_to(ch[:, 3:L + 1, None], shape)
        next2 = np.broadcast_to(ch[:, 4:L + 2, None], shape)
        lp = self.model.logprob
        local = (lp(prev2.ravel(), prev1.ravel(), cand.ravel()) + lp(prev1.ravel(), cand.ravel(), next1.ravel())
                 + lp(cand.ravel(), next1.ravel(), next2.ravel())).reshape(shape) + chan[:, 2:L]
        local = local - local.max(axis=2, keepdims=True)
        prob = np.exp(local)
        prob /= prob.sum(axis=2, keepdims=True)
        conf = np.ones((S, L), np.float32)
        conf[:, 2:L] = np.take_along_axis(prob, choice[:, 2:L, None], axis=2)[:, :, 0]
        return conf

    def _surface(self, tok: Token, ids: tuple[int, ...], chan: tuple[float, ...], chosen: int) -> str:
        """The restored text of a token: its own text when the choice matches it, else the syllable in its case."""
        if len(ids) == 1 and chan[0] == 0.0:
            return tok.text
        word = self.model.vocab[chosen]
        if word.startswith("<") or canonical(tok.text) == word:
            return tok.text
        return transfer_case(tok.text, word)
