"""Trigram Viterbi decoding of a text's tokens over their candidate syllables.

Why this shape: exact Viterbi over (previous, current) candidate pairs, run on many sentences at once.
Sentences of similar length are stacked into a (sentences, positions, candidates) array, every trigram
score of the batch is fetched in one vectorised lookup, and the recursion is one numpy max per position
for the whole batch. Python work per token is a dictionary hit on a cached candidate list, so cost grows
linearly with the text; long runs without sentence punctuation are cut into windows.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain
from operator import itemgetter

import numpy as np

from kehoach_cli.restore.candidates import CandidateGenerator
from kehoach_cli.restore.model import Model
from kehoach_cli.restore.syllables import canonical, marked_share, skeleton, transfer_case
from kehoach_cli.restore.tokens import BOS, EOS, NUM, PUNCT, UNK, Token, gap_unit

WINDOW = 200
MAX_CANDIDATES = 12  # per token into the bigram pruning pass
BEAM = 4  # per token into the exact trigram pass
PRUNE_MARGIN = 5.0  # ... and only those within this many nats of the best bigram max-marginal
CHANNEL_WEIGHT = 1.0
MIN_VIETNAMESE_SHARE = 0.5
MIN_WORDS_FOR_LANGUAGE_CHECK = 3
BATCH_CELLS = 1_500_000  # sentences x positions x K^3 trigram scores held at once
NEG = np.float32(-1e9)
CACHE_MIN_CONFIDENCE = 0.9  # a choice this sure counts as evidence in the per-document cache
# weight of log(cache share) added to a disputed token's channel scores, in stripped / OCR'd text
# (tuned on training documents and OCR lines with diacritics/tune.py; OCR'd text keeps some evidence
# in its own mangled letters, so the document prior counts for less there)
CACHE_WEIGHT_STRIPPED, CACHE_WEIGHT_OCR = 1.0, 0.3
CACHE_SMOOTHING = 0.5
_ROMAN = re.compile(r"^(?:i{2,3}|iv|vi{1,3}|ix|xi{1,3})$")
WELL_MARKED_SHARE = 0.4  # texts above this share of marked syllables count as correctly marked
MARKED_CHANGE_PENALTY = -5.0  # extra cost of changing a valid syllable in such a text
# a digit inside a lower-case word ("s6" số, "1a" là, "d6ng" động) is OCR, not a code like "QH15"
_OCR_DIGIT = re.compile(r"^(?:[a-zđ]{1,3}[0-9][a-zđ]*|[0-9][a-z]{1,3})$")

try:  # the compiled loop (setup.py builds it); the numpy path below gives the same output without it
    from kehoach_cli.restore import _viterbi as native_loop
except ImportError:  # pragma: no cover - depends on the installation
    native_loop = None

Option = tuple[tuple[int, ...], tuple[float, ...]]
Unit = tuple[tuple[int, ...], tuple[float, ...], int]  # candidate ids, channel scores, token index (-1: none)


def slot_pairs(fingerprints: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A hash table as one array of (uint32 fingerprint, float32 value) slots for the compiled loop:
    a probe then touches one cache line instead of two."""
    pairs = np.empty((len(fingerprints), 2), np.uint32)
    pairs[:, 0] = fingerprints
    pairs[:, 1] = values.astype(np.float32).view(np.uint32)
    return pairs


def token_gaps(text: str, tokens: list[Token]) -> list[str]:
    """The text between each token and the one before it (from the start of the text for the first)."""
    ends = [0] + [t.end for t in tokens[:-1]]
    return [text[e:t.start] for e, t in zip(ends, tokens)]


def unit_confidence(local: np.ndarray, kept_choice: np.ndarray) -> np.ndarray:
    """Posterior of each unit's chosen candidate from its local scores (1.0 where nothing is in dispute).

    Why shared: both decoding paths hand their local scores here, so their confidences are the same bits.
    """
    need = local > NEG / 2
    shifted = local - local.max(axis=1, keepdims=True)
    prob = np.exp(shifted)
    prob /= prob.sum(axis=1, keepdims=True)
    chosen = np.take_along_axis(prob, kept_choice[:, None], axis=1)[:, 0]
    return np.where(need.any(axis=1), chosen, np.float32(1.0)).astype(np.float32)


class Decoder:
    """Restores token sequences with the model; one instance per model, caches candidate lists."""

    def __init__(self, model: Model, native: bool | None = None) -> None:
        """`native`: use the compiled loop (True), the numpy path (False), or the loop when built (None)."""
        if native and native_loop is None:
            raise RuntimeError("the compiled decoder loop (kehoach_cli.restore._viterbi) is not built")
        self.native = native_loop if native is not False else None
        self._tables: tuple | None = None
        self.model = model
        self.gen = CandidateGenerator(model)
        idx = model.index
        self.bos, self.eos, self.unk, self.num, self.punct = idx[BOS], idx[EOS], idx[UNK], idx[NUM], idx[PUNCT]
        self._options: dict[tuple[bool, bool, str], Option] = {}
        self._options_by_mode: dict[tuple[bool, bool], dict[str, Option]] = {}
        self._surfaces: dict[tuple[str, int, bool], str] = {}
        self._keys: dict[str, tuple[str, bool]] = {}

    def _own(self, text: str) -> Option:
        """A token that is kept as it is: its own unit (or <unk>) with no channel cost."""
        return (self.model.index.get(canonical(text), self.unk),), (0.0,)

    @staticmethod
    def is_stripped(tokens: list[Token]) -> bool:
        """True when (almost) no word carries a mark or non-ASCII symbol: marks were stripped, not misread.

        English-model OCR of Vietnamese always leaves é, ¢, @ … behind; one in a hundred words tolerated
        for foreign names.
        """
        words = Counter(t.text for t in tokens if t.kind == "word")
        odd = sum(n for w, n in words.items() if not w.isascii() or _OCR_DIGIT.match(w))
        return odd <= words.total() // 100

    @staticmethod
    def is_well_marked(tokens: list[Token]) -> bool:
        """True when the text is mostly correctly marked Vietnamese: its unmarked words are then
        probably right too ("nuôi con", "bệnh phong"), so changing any word costs more."""
        words = [t.text for t in tokens if t.kind == "word" and t.text.isalpha()]
        return marked_share(words) >= WELL_MARKED_SHARE

    def options(self, tok: Token, frozen: bool, stripped: bool = False, marked: bool = False) -> Option:
        """Candidate ids and weighted channel scores of one token (cached per form)."""
        if tok.kind == "number":
            return (self.num,), (0.0,)
        if tok.kind == "keep" or frozen:
            return self._own(tok.text)
        key = (stripped, marked, tok.text)
        hit = self._options.get(key)
        if hit is None:
            cands = self.gen.candidates(tok.text, stripped)[:MAX_CANDIDATES]
            own = self.model.index.get(canonical(tok.text), -1)
            change = MARKED_CHANGE_PENALTY if marked and own in self.gen.syllable_ids else 0.0
            if cands:
                hit = (tuple(c[0] for c in cands),
                       tuple(c[1] * CHANNEL_WEIGHT + (change if c[0] != own else 0.0) for c in cands))
            else:
                hit = self._own(tok.text)
            self._options[key] = hit
        return hit

    def line_flags(self, text: str, tokens: list[Token],
                   gaps: list[str] | None = None) -> tuple[set[int], set[int]]:
        """(tokens on lines that do not look Vietnamese, tokens on mostly lower-case lines).

        Non-Vietnamese lines (English prose, code) are left untouched. On a lower-case line a short
        ALL-CAPS word between non-capital words, restored to a syllable ("BO" -> Bộ), is OCR reading a
        marked vowel as a capital. `gaps`: the text before each token (computed here when not given).
        """
        if gaps is None:
            gaps = token_gaps(text, tokens)
        frozen: set[int] = set()
        lower: set[int] = set()
        first = 0
        for i in [i for i, gap in enumerate(gaps) if "\n" in gap]:
            if i > first:
                self._classify(tokens, range(first, i), frozen, lower)
            first = i
        self._classify(tokens, range(first, len(tokens)), frozen, lower)
        return frozen, lower

    def _classify(self, tokens: list[Token], line: range, frozen: set[int], lower: set[int]) -> None:
        """Add the line's tokens to `frozen` / `lower` as they qualify."""
        toks = tokens[line.start:line.stop]
        if self._foreign(toks):
            frozen.update(line)
        words = [i for i, t in zip(line, toks) if t.kind == "word" and len(t.text) > 1]
        caps = [tokens[i].text.isupper() for i in words]
        if not words or sum(caps) * 2 >= len(words):
            return
        lower.update(line)
        for k, is_caps in enumerate(caps):
            if is_caps and ((k > 0 and caps[k - 1]) or (k + 1 < len(caps) and caps[k + 1])):
                lower.discard(words[k])  # part of an ALL-CAPS run: a real heading or name

    def _foreign(self, toks: list[Token]) -> bool:
        """True when too few of the line's words fold to Vietnamese syllables."""
        words = [t.text for t in toks if t.kind == "word" and t.text.isalpha()]
        if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
            return False
        return self.gen.vietnamese_count(words) / len(words) < MIN_VIETNAMESE_SHARE

    def sentences(self, text: str, tokens: list[Token], frozen: set[int], stripped: bool,
                  marked: bool = False, gaps: list[str] | None = None) -> list[list[Unit]]:
        """LM sentences of units (punctuation units included), cut at sentence ends and every WINDOW units.

        Why in runs: most gaps are one space and mean nothing to the LM, so units are made for all tokens
        at once and Python only visits the other gaps (punctuation, line breaks).
        """
        if gaps is None:
            gaps = token_gaps(text, tokens)
        units = self._units(tokens, frozen, stripped, marked)
        punct: Unit = ((self.punct,), (0.0,), -1)
        out: list[list[Unit]] = []
        cur: list[Unit] = []

        def run(a: int, b: int) -> None:  # tokens a..b-1, each after a single space
            nonlocal cur
            while a < b:
                if len(cur) >= WINDOW:
                    out.append(cur)
                    cur = []
                take = min(WINDOW - len(cur), b - a)
                cur.extend(units[a:a + take])
                a += take

        prev = 0
        for i in [i for i, gap in enumerate(gaps) if gap != " "]:
            run(prev, i)
            unit = gap_unit(gaps[i])
            if cur and (unit == EOS or len(cur) >= WINDOW):
                out.append(cur)
                cur = []
            elif unit == PUNCT and cur:
                cur.append(punct)
            cur.append(units[i])
            prev = i + 1
        run(prev, len(tokens))
        if cur:
            out.append(cur)
        return out

    def _units(self, tokens: list[Token], frozen: set[int], stripped: bool, marked: bool) -> list[Unit]:
        """(candidate ids, channel scores, token index) of every token; known word forms by one dict hit."""
        known = self._options_by_mode.setdefault((stripped, marked), {})  # word form -> options
        opts: list[Option | None] = list(map(known.get, map(itemgetter(2), tokens)))  # only words are stored
        for i in frozen:
            opts[i] = None
        for i in [i for i, opt in enumerate(opts) if opt is None]:
            tok = tokens[i]
            opts[i] = self.options(tok, i in frozen, stripped, marked)
            if tok.kind == "word" and i not in frozen:
                known[tok.text] = opts[i]
        return list(zip(map(itemgetter(0), opts), map(itemgetter(1), opts), range(len(tokens))))

    def decode(self, text: str, tokens: list[Token]) -> tuple[list[str], list[float]]:
        """(restored text, confidence) of every token: a first pass, then sentences the document cache disputes again."""
        gaps = token_gaps(text, tokens)
        frozen, lower = self.line_flags(text, tokens, gaps)
        stripped = self.is_stripped(tokens)
        if stripped:
            lower = set()  # capitals are only OCR noise when the text was OCR'd
        sents = self.sentences(text, tokens, frozen, stripped, not stripped and self.is_well_marked(tokens), gaps)
        choice, conf = self._viterbi(sents, len(tokens))
        again = self._cache_pass(tokens, sents, choice, conf, CACHE_WEIGHT_STRIPPED if stripped else CACHE_WEIGHT_OCR)
        if again:
            choice2, conf2 = self._viterbi(again, len(tokens))
            redone = choice2 >= 0
            choice[redone], conf[redone] = choice2[redone], conf2[redone]
        return self._surfaces_of(tokens, sents, choice.tolist(), lower), conf.tolist()

    def _surfaces_of(self, tokens: list[Token], sents: list[list[Unit]], choice: list[int],
                     lower: set[int]) -> list[str]:
        """Restored text of every token (each token sits in exactly one sentence unit)."""
        out = [t.text for t in tokens]
        cache = self._surfaces
        for sent in sents:
            for ids, chan, tok in sent:
                if tok < 0 or (chan[0] == 0.0 and len(ids) == 1):
                    continue
                t = tokens[tok]
                key = (t.text, choice[tok], tok in lower)
                hit = cache.get(key)
                if hit is None:
                    hit = cache[key] = self._make_surface(t, ids, chan, choice[tok], key[2])
                out[tok] = hit
        return out

    def _viterbi(self, sents: list[list[Unit]], n_tokens: int) -> tuple[np.ndarray, np.ndarray]:
        """(chosen vocabulary id, confidence) per token index (-1 / 1.0 for tokens not in `sents`)."""
        units = list(chain.from_iterable(sents))
        decode = self._decode_native if self.native is not None else self._decode_numpy
        chosen, kept_choice, local = decode(sents, units)
        tok = np.fromiter(map(itemgetter(2), units), np.int64, len(units))
        real = tok >= 0
        choice = np.full(n_tokens, -1, np.int64)
        conf = np.ones(n_tokens, np.float32)
        choice[tok[real]] = chosen[real]
        conf[tok[real]] = unit_confidence(local, kept_choice)[real]
        return choice, conf

    def _decode_native(self, sents: list[list[Unit]],
                       units: list[Unit]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen id, index among kept candidates, local scores) per unit, by the compiled loop."""
        counts = np.fromiter(map(len, map(itemgetter(0), units)), np.int64, len(units))
        unit_start = np.zeros(len(units) + 1, np.int64)
        np.cumsum(counts, out=unit_start[1:])
        sent_start = np.zeros(len(sents) + 1, np.int64)
        np.cumsum(np.fromiter(map(len, sents), np.int64, len(sents)), out=sent_start[1:])
        n = int(unit_start[-1])
        ids = np.fromiter(chain.from_iterable(map(itemgetter(0), units)), np.int64, n)
        chan = np.fromiter(chain.from_iterable(map(itemgetter(1), units)), np.float32, n)
        chosen = np.empty(len(units), np.int64)
        kept_choice = np.empty(len(units), np.int64)
        local = np.empty((len(units), BEAM), np.float32)
        self.native.decode(self._native_tables(), ids, chan, unit_start, sent_start, BEAM, PRUNE_MARGIN,
                           chosen, kept_choice, local)
        return chosen, kept_choice, local

    def _native_tables(self) -> tuple:
        """The model's hash tables and unigram arrays as the compiled loop reads them (values float32)."""
        if self._tables is None:
            a = self.model.arrays
            self._tables = (slot_pairs(a["h2_fp"], a["h2_v"]), slot_pairs(a["hc_fp"], a["hc_v"]),
                            slot_pairs(a["h3_fp"], a["h3_v"]), a["lbow2"].astype(np.float32),
                            a["lp1"].astype(np.float32), self.bos, self.eos)
        return self._tables

    def _decode_numpy(self, sents: list[list[Unit]],
                      units: list[Unit]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen id, index among kept candidates, local scores) per unit, in vectorised numpy batches."""
        chosen = np.empty(len(units), np.int64)
        kept_choice = np.empty(len(units), np.int64)
        local = np.full((len(units), BEAM), NEG, np.float32)
        first = np.cumsum([0] + [len(s) for s in sents])
        for batch in self._batches(sents):
            ids, choice, loc = self._decode_batch([sents[i] for i in batch])
            for s, i in enumerate(batch):
                n = len(sents[i])
                chosen[first[i]:first[i] + n] = ids[s, 2:n + 2]
                kept_choice[first[i]:first[i] + n] = choice[s, 2:n + 2]
                local[first[i]:first[i] + n, :loc.shape[2]] = loc[s, :n]
        return chosen, kept_choice, local

    def _cache_pass(self, tokens: list[Token], sents: list[list[Unit]], choice: np.ndarray,
                    conf: np.ndarray, weight: float) -> list[list[Unit]]:
        """Sentences to decode again with a per-document cache prior added to unsure tokens' channel scores.

        Why: a name or a document's own term ("Thạnh", "hằng năm") that the LM cannot settle in one
        place is usually settled somewhere else in the same document (marked in mixed text, or restored
        with high confidence). Confident choices are counted per (skeleton, capitalised) key; an unsure
        token's candidates then get `weight` * log of the smoothed share of that evidence. Only sentences
        where the evidence disputes an unsure choice are decoded again.
        """
        sure = (conf >= CACHE_MIN_CONFIDENCE).tolist()
        picks = choice.tolist()
        key_of = {w: self._cache_key(w) for w in {t.text for t in tokens if t.kind == "word"}}
        keys = [key_of.get(t.text) for t in tokens]  # numbers and URLs never share a word's text
        evidence: dict[tuple[str, bool], dict[int, int]] = {}
        for (key, pick, is_sure), n in Counter(zip(keys, picks, sure)).items():
            if key is not None and is_sure:
                evidence.setdefault(key, {})[pick] = n
        priors: dict[tuple, tuple[tuple[float, ...], bool]] = {}
        out: list[list[Unit]] = []
        for sent in sents:
            new_sent: list[Unit] | None = None
            for j, (ids, chan, tok) in enumerate(sent):
                if tok < 0 or sure[tok] or len(ids) == 1 or keys[tok] not in evidence:
                    continue
                pk = (keys[tok], ids, picks[tok])
                hit = priors.get(pk)
                if hit is None:
                    hit = priors[pk] = self._prior(evidence[keys[tok]], ids, picks[tok], weight)
                if hit[1]:
                    new_sent = new_sent or list(sent)
                    new_sent[j] = (ids, tuple(c + b for c, b in zip(chan, hit[0])), tok)
            if new_sent is not None:
                out.append(new_sent)
        return out

    def _cache_key(self, text: str) -> tuple[str, bool]:
        """Cache key of a word: skeleton and whether it is capitalised (names are)."""
        hit = self._keys.get(text)
        if hit is None:
            hit = self._keys[text] = (skeleton(text), text[:1].isupper())
        return hit

    @staticmethod
    def _prior(votes: dict[int, int], ids: tuple[int, ...], pick: int, weight: float) -> tuple[tuple[float, ...], bool]:
        """(log-prior per candidate, whether the evidence favours another candidate than `pick`)."""
        counts = [votes.get(c, 0) for c in ids]
        total = sum(counts)
        if total == 0:
            return (), False
        prior = tuple(weight * math.log((n + CACHE_SMOOTHING) / (total + CACHE_SMOOTHING)) for n in counts)
        return prior, max(counts) > votes.get(pick, 0)

    @staticmethod
    def _batches(sents: list[list[Unit]]) -> list[list[int]]:
        """Indices of sentences grouped by similar length so padding stays small."""
        order = sorted(range(len(sents)), key=lambda i: len(sents[i]))
        batches: list[list[int]] = []
        cur: list[int] = []
        for i in order:
            width = max(len(u[0]) for u in sents[i])
            if cur and (len(cur) + 1) * (len(sents[i]) + 5) * max(width, 2) ** 3 > BATCH_CELLS:
                batches.append(cur)
                cur = []
            cur.append(i)
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
        lengths = np.asarray([len(sent) for sent in batch])
        for s, n in enumerate(lengths):
            valid[s, : n + 3] = True
        units = [u for sent in batch for u in sent]
        counts = np.fromiter(map(len, map(itemgetter(0), units)), np.int64, len(units))
        flat_ids = np.fromiter(chain.from_iterable(u[0] for u in units), np.int64, int(counts.sum()))
        flat_chan = np.fromiter(chain.from_iterable(u[1] for u in units), np.float32, int(counts.sum()))
        unit_s = np.repeat(np.arange(S), lengths)
        unit_p = np.arange(len(units)) - np.repeat(np.cumsum(lengths) - lengths, lengths) + 2
        starts = np.cumsum(counts) - counts
        # padding repeats the first candidate (with -inf channel) so padded lattice cells are cheap
        ids[unit_s, unit_p, :] = flat_ids[starts][:, None]
        chan[unit_s, unit_p, 0] = NEG
        cand_k = np.arange(len(flat_ids)) - np.repeat(starts, counts)
        ids[np.repeat(unit_s, counts), np.repeat(unit_p, counts), cand_k] = flat_ids
        chan[np.repeat(unit_s, counts), np.repeat(unit_p, counts), cand_k] = flat_chan
        return ids, chan, valid

    def _decode_batch(self, batch: list[list[Unit]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen vocabulary id, index of the choice among kept candidates) per (sentence, lattice
        position), and local scores per (sentence, unit position, kept candidate)."""
        ids, chan, valid, bigrams = self._prune(*self._lattice(batch))
        S, L, K = ids.shape
        shape = (S, L - 2, K, K, K)
        live = chan > NEG / 2
        real = (live[:, :-2, :, None, None] & live[:, 1:-1, None, :, None] & live[:, 2:, None, None, :]
                & valid[:, 2:, None, None, None])
        # backoff parts depend on pairs only: fetch them per pair, not per triple
        pair = (S, L - 1, K, K)
        live2 = live[:, :-1, :, None] & live[:, 1:, None, :] & valid[:, 1:, None, None]
        u2 = np.broadcast_to(ids[:, :-1, :, None], pair)[live2]
        w2 = np.broadcast_to(ids[:, 1:, None, :], pair)[live2]
        bow = np.zeros(pair, np.float32)
        kept = np.zeros(pair, bool)
        kept[live2], bow[live2] = self.model.context(u2, w2)
        ask = real & kept[:, :-1, :, :, None]  # trigrams are stored only under kept contexts
        low = bigrams  # kept candidates' bigram scores, already fetched by the pruning pass
        tri = bow[:, :-1, :, :, None] + low[:, 1:, None, :, :]
        found, lp3 = self.model.trigram(np.broadcast_to(ids[:, :-2, :, None, None], shape)[ask],
                                        np.broadcast_to(ids[:, 1:-1, None, :, None], shape)[ask],
                                        np.broadcast_to(ids[:, 2:, None, None, :], shape)[ask])
        sub = tri[ask]
        sub[found] = lp3[found]
        tri[ask] = sub
        tri[~real] = 0.0
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
        return chosen, choice, self._local_scores(tri, chan, choice)

    def _prune(self, ids: np.ndarray, chan: np.ndarray,
               valid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Keep the BEAM best candidates per position by bigram max-marginal (forward + backward max),
        dropping those PRUNE_MARGIN below the best; also returns the kept candidates' bigram scores.

        Why: a token's skeleton often has ten or more syllables; scoring all their trigram combinations
        is what makes decoding slow, while a bigram pass already ranks the right one near the top.
        """
        S, L, K = ids.shape
        shape = (S, L - 1, K, K)
        live = chan > NEG / 2
        real = live[:, :-1, :, None] & live[:, 1:, None, :] & valid[:, 1:, None, None]
        bi = np.zeros(shape, np.float32)
        bi[real] = self.model.logprob2(np.broadcast_to(ids[:, :-1, :, None], shape)[real],
                                       np.broadcast_to(ids[:, 1:, None, :], shape)[real])
        both = self._max_forward(np.concatenate([bi, bi[:, ::-1].transpose(0, 1, 3, 2)]),
                                 np.concatenate([chan, chan[:, ::-1]]))
        marginal = both[:S] + both[S:, ::-1] - chan  # forward max + backward max (both include chan once)
        keep = np.argsort(-marginal, axis=2, kind="stable")[:, :, :BEAM]
        chan = np.take_along_axis(chan, keep, axis=2)
        chan[np.take_along_axis(marginal, keep, axis=2) < marginal.max(axis=2, keepdims=True) - PRUNE_MARGIN] = NEG
        kept_bi = bi[np.arange(S)[:, None, None, None], np.arange(L - 1)[None, :, None, None],
                     keep[:, :-1, :, None], keep[:, 1:, None, :]]
        return np.take_along_axis(ids, keep, axis=2), chan, valid, kept_bi

    @staticmethod
    def _max_forward(bi: np.ndarray, chan: np.ndarray) -> np.ndarray:
        """Best score of any path ending in each (row, position, candidate), channel included.

        Why one pass: the backward max of a sentence is the forward max of the reversed sentence over
        transposed bigram scores, so both directions run as one stacked batch (half the numpy calls).
        """
        out = np.empty(chan.shape, np.float32)
        out[:, 0] = chan[:, 0]
        for p in range(1, chan.shape[1]):
            out[:, p] = (out[:, p - 1, :, None] + bi[:, p - 1]).max(axis=1) + chan[:, p]
        return out

    @staticmethod
    def _local_scores(tri: np.ndarray, chan: np.ndarray, choice: np.ndarray) -> np.ndarray:
        """Score of each kept candidate of each unit position given its chosen neighbours (the three
        trigrams around it, channel included), NEG where the position has nothing in dispute.

        Why from `tri`: the Viterbi pass already holds every trigram score among the kept candidates, so
        this is a gather, not three more rounds of hash lookups. Trigrams reaching past the sentence end
        are left out.
        """
        S, L, K = chan.shape
        rows = np.arange(S)[:, None]
        c = choice
        local = tri[rows, np.arange(L - 2)[None, :], c[:, :-2], c[:, 1:-1]]  # (S, L-2, K): u v [w]
        local[:, :-1] += tri[rows, np.arange(1, L - 2)[None, :], c[:, 1:-2], :, c[:, 3:]]  # u [w] x
        local[:, :-2] += tri[rows, np.arange(2, L - 2)[None, :], :, c[:, 3:-1], c[:, 4:]]  # [w] x y
        live = chan[:, 2:L] > NEG / 2
        need = live & (live.sum(axis=2, keepdims=True) > 1)
        return np.where(need, local + chan[:, 2:L], NEG)

    def _make_surface(self, tok: Token, ids: tuple[int, ...], chan: tuple[float, ...], chosen: int,
                      lower_line: bool) -> str:
        """The restored text of a token: its own text when the choice matches it, else the syllable in its case."""
        if len(ids) == 1 and chan[0] == 0.0:
            return tok.text
        word = self.model.vocab[chosen]
        if word.startswith("<") or canonical(tok.text) == word:
            return tok.text
        if lower_line and tok.text.isupper() and len(tok.text) <= 3 and chosen in self.gen.syllable_ids:
            return word[:1].upper() + word[1:]
        if _ROMAN.match(word) and tok.text[:1].isupper():
            return word.upper()  # "Ill" -> III: a Roman numeral is written in capitals
        if tok.text[:1] in "IJ" and word[:1] == "l" and not any(c.isupper() for c in tok.text[1:]):
            return word  # capital I / J is English OCR's reading of l, not a capital
        return transfer_case(tok.text, word)
