"""Candidate syllables for an observed token, with their channel log-probabilities.

Why: the decoder only chooses among a few candidates per token. They come from the syllable inventory
through the token's skeleton (marks removed, OCR look-alike characters folded by the learned fold table)
plus the learned token table; each gets log P(observed | candidate) from the channel mixture.

The tone channel (`tone_options`) is narrower: for text tesseract's Vietnamese model read, a word may
only change its tone mark, at a fixed cost (TONE_CHANGE nats, less for the tones it mixes up).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from functools import cached_property

import numpy as np

from kehoach_cli.restore.model import Model
from kehoach_cli.restore.neighbours import Neighbours
from kehoach_cli.restore.syllables import VOWELS, canonical, place_tone, skeleton, split_tone, syllable_shapes
from kehoach_cli.restore.tokens import BOS, UNK
from kehoach_cli.vietnamese import strip_marks

try:  # the compiled alignment (setup.py builds it with the decoder loop); the Python loop gives the same
    from kehoach_cli.restore._viterbi import edit_score as _edit_score
except ImportError:  # pragma: no cover - depends on the installation
    _edit_score = None

MAX_CANDIDATES = 12
MAX_FOLD_VARIANTS = 24
RANK_MARGIN = 12.0  # drop candidates this far (nats) below the best by channel + unigram prior
# Weighted edit channel for mangles that change length ("chirc" chức, "ngtra" ngừa, "nhi€ém" nhiệm).
EDIT_INSERT, EDIT_DELETE, EDIT_SUB_SAME_BASE, EDIT_SUB_OTHER = -4.0, -4.0, -1.5, -6.0
# Tone channel: cost (nats) of reading a word with another tone than the one OCR printed. Tones are
# 0 none, 1 huyền, 2 sắc, 3 ngã, 4 hỏi, 5 nặng; tesseract's `vie` model mixes up the CONFUSED_TONES pairs
# ("để nghị" for đề nghị, "quyển trẻ em" for quyền, "Thương bỉnh" for Thương binh).
TONE_CHANGE = 9.0
CONFUSED_TONES = {frozenset(pair): 5.0 for pair in ((1, 4), (0, 4), (1, 2), (3, 4))}
NAME_CHANGE = 2.0  # more for a capitalised word: place names keep tones the model rarely saw ("Hà Lầm")
TONES = range(6)
# Repair of OCR'd words (repair_options): at most this many changes offered per word; a word the model
# does not know at all costs less to change (it is kept as <unk>, which the LM finds likely anywhere),
# but a change never costs less than MIN_CHANGE.
MAX_REPAIRS = 10
MISREAD_KEEP = 6.0  # what keeping a word that cannot stand as written costs (CandidateGenerator._misread)
MIN_VOWELLESS = 3
UNKNOWN_DISCOUNT = 3.0
MIN_CHANGE = 4.0


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
        self.syllable_ids: set[int] = set()
        first_word = model.index[BOS] + 5
        words = model.vocab[first_word:]
        # the whole vocabulary normalised in one call each: per-word calls were most of the start-up
        skeletons = strip_marks("\n".join(words).lower()).split("\n") if words else []
        for i, (sk, shaped) in enumerate(zip(skeletons, syllable_shapes(words)), start=first_word):
            self.skel_index[sk].append(i)
            if shaped:
                self.syllable_skeletons.add(sk)
                self.syllable_ids.add(i)
        self.rank_prior = model.arrays.get("lf1", model.arrays["lp1"]).astype(np.float32)
        self._cache: dict[str, list[tuple[int, float]]] = {}
        self._char_memo: dict[tuple[str, str], float] = {}  # (observed, true) char -> log-prob, by alignment
        self._pair_memo: dict[str, float] = {}  # the same keyed by observed + true char, for the compiled alignment
        self._same_length_memo: dict[tuple[str, str], float] = {}  # ... position by position
        self._viet: dict[str, bool] = {}
        self._folds: dict[str, list[str]] = {}
        self._deletions: dict[str, list[str]] | None = None

    def fold_variants(self, obs: str) -> list[str]:
        """Skeletons the observed token may stand for (learned OCR look-alikes folded), fewest
        substitutions first: the plain fold, then one look-alike swapped, then two (memoised: the
        language check and the candidate search both ask)."""
        hit = self._folds.get(obs)
        if hit is None:
            hit = self._folds[obs] = self._fold_variants(obs)
        return hit

    def _fold_variants(self, obs: str) -> list[str]:
        options = []
        for ch in obs:
            base = skeleton(ch)
            alts = self.fold.get(ch) or self.fold.get(ch.lower(), [])
            options.append(list(dict.fromkeys(([base] if base.isalpha() else []) + alts)) or [base])
        first = [opts[0] for opts in options]
        out = ["".join(first)]
        swaps = [(i, alt) for i, opts in enumerate(options) for alt in opts[1:]]
        for i, alt in swaps:
            out.append("".join(first[:i] + [alt] + first[i + 1 :]))
        for (i, a), (j, b) in itertools.combinations(swaps, 2):
            if len(out) >= MAX_FOLD_VARIANTS:
                break
            if i != j:
                v = list(first)
                v[i], v[j] = a, b
                out.append("".join(v))
        return list(dict.fromkeys(out))[:MAX_FOLD_VARIANTS]

    def _char_lp(self, o: str, t: str) -> float:
        """log P(observed char | true char): learned table, else a default by base letter (memoised)."""
        hit = self._char_memo.get((o, t))
        if hit is None:
            hit = self._char_memo[(o, t)] = self._char_lp_uncached(o, t)
        return hit

    def _char_lp_uncached(self, o: str, t: str) -> float:
        lp = self.chars.get(f"{t}\t{o}")
        if lp is None:
            lp = self.chars.get(f"{t}\t{o.lower()}")
        if lp is not None:
            return lp
        if o.lower() == t:
            return 0.0
        return EDIT_SUB_SAME_BASE if skeleton(o) == skeleton(t) else EDIT_SUB_OTHER

    def edit_score(self, obs: str, true: str) -> float:
        """log P(obs | true) by the best weighted alignment (substitutions, insertions, deletions).

        Each cell is max(diagonal + char, up + insert, left + delete), the first of equal values kept
        (as max() does), written out: this runs for every candidate of every mangled-looking word."""
        if _edit_score is not None:
            return _edit_score(obs, true, self._pair_memo, self._char_lp, EDIT_INSERT, EDIT_DELETE)
        return self._edit_score_py(obs, true)

    def _edit_score_py(self, obs: str, true: str) -> float:
        memo, char_lp = self._char_memo, self._char_lp
        prev = [j * EDIT_DELETE for j in range(len(true) + 1)]
        for i, o in enumerate(obs, start=1):
            left = i * EDIT_INSERT
            cur = [left]
            diag = prev[0]
            for t, up in zip(true, prev[1:]):
                lp = memo.get((o, t))
                best = diag + (char_lp(o, t) if lp is None else lp)
                if up + EDIT_INSERT > best:
                    best = up + EDIT_INSERT
                if left + EDIT_DELETE > best:
                    best = left + EDIT_DELETE
                cur.append(best)
                left, diag = best, up
            prev = cur
        return prev[-1]

    def _deletion_index(self) -> dict[str, list[str]]:
        """Syllable skeletons under themselves and their one-letter deletions (SymSpell-style), built on first use."""
        if self._deletions is None:
            index: dict[str, list[str]] = defaultdict(list)
            for sk in self.syllable_skeletons:
                for key in {sk} | {sk[:i] + sk[i + 1 :] for i in range(len(sk))}:
                    index[key].append(sk)
            self._deletions = dict(index)
        return self._deletions

    def fuzzy_ids(self, obs: str) -> set[int]:
        """Syllables within about two edits of a fold of `obs`, for tokens with no exact skeleton match."""
        index = self._deletion_index()
        found: set[str] = set()
        variants = self.fold_variants(obs)
        firsts = {v[:1] for v in variants}  # OCR keeps the first letter (its look-alikes are folded)
        for v in variants[:4]:
            keys = {v} | {v[:i] + v[i + 1 :] for i in range(len(v))}
            if len(v) >= 4:
                keys |= {k[:i] + k[i + 1 :] for k in list(keys) for i in range(len(k))}
            for key in keys:
                found.update(index.get(key, ()))
        return {i for sk in found if sk[:1] in firsts for i in self.skel_index[sk]}

    def char_score(self, obs: str, true: str) -> float:
        """log P(obs | true) under the per-character OCR model; alignment when lengths differ."""
        if len(obs) != len(true):
            return self.edit_score(obs, true)
        total = 0.0
        memo = self._same_length_memo
        for pair in zip(obs, true):
            lp = memo.get(pair)
            if lp is None:
                o, t = pair
                lp = self.chars.get(f"{t}\t{o}")
                if lp is None:
                    lp = self.chars.get(f"{t}\t{o.lower()}")
                lp = memo[pair] = lp if lp is not None else (0.0 if o.lower() == t else -9.0)
            total += lp
        return total

    def channel_score(self, obs: str, true: str) -> float:
        """log P(obs | true) for an observed token (original case) and a lower-case syllable:
        mixture of the already-right, stripped and OCR-mangled paths."""
        return self._channel_scores(obs, [true])[0]

    def _channel_scores(self, obs: str, trues: list[str]) -> list[float]:
        """channel_score of `obs` against each of `trues` (the per-token work done once)."""
        p = self.params
        log_same, log_strip, log_ocr = p["log_same"], p["log_strip"], p["log_ocr"]
        low = obs.lower()
        table = self.tokens.get(low) or {}
        out = []
        for true in trues:
            score = -1e31
            if low == true:
                score = log_same
            elif low == skeleton(true):
                score = _logaddexp(score, log_strip)
            ocr = table.get(true)
            if ocr is None:
                ocr = self.char_score(obs, true)
            out.append(_logaddexp(score, log_ocr + ocr))
        return out

    def candidates(self, obs: str, stripped_input: bool = False) -> list[tuple[int, float]]:
        """Top (vocab id, channel log-prob) pairs for an observed token (original case); [] when none.

        `stripped_input`: the text carries no mark or OCR symbol at all, so marks were removed, not
        misread; only the token's own skeleton is searched (OCR look-alike folds would add noise).
        """
        single_letters = not stripped_input  # OCR drops whole vowels ("K" for Kế) only in OCR'd text
        if stripped_input and not any(i in self.syllable_ids for i in self.skel_index.get(skeleton(obs), ())):
            stripped_input = False  # no syllable has this skeleton: a misreading ("ctia"), search as OCR
        key = ("s:" if stripped_input else "o:" if single_letters else "f:") + obs  # results differ per mode
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        index = self.model.index
        low = obs.lower()
        ids: set[int] = set()
        if low in index:
            ids.add(index[low])
        plain = skeleton(low)
        vocab = self.model.vocab
        for sk in [plain] if stripped_input else self.fold_variants(obs):
            # non-syllables (abbreviations) only when they differ from the token by đ alone ("QD" -> "QĐ")
            ids.update(
                i
                for i in self.skel_index.get(sk, ())
                if i in self.syllable_ids or (sk == plain and vocab[i].replace("đ", "d") == low)
            )
        for true in {} if stripped_input else self.tokens.get(low, {}):
            if true in index:
                ids.add(index[true])
        if not stripped_input and self._wants_fuzzy(obs, low, ids, single_letters):
            ids |= self.fuzzy_ids(obs)
        vocab = self.model.vocab
        ids_list = list(ids)
        scored = list(zip(ids_list, self._channel_scores(obs, [vocab[i] for i in ids_list])))
        ranked = sorted(((c + float(self.rank_prior[i]), i, c) for i, c in scored), reverse=True)
        result = [(i, c) for r, i, c in ranked[:MAX_CANDIDATES] if r >= ranked[0][0] - RANK_MARGIN]
        self._cache[key] = result
        return result

    def _wants_fuzzy(self, obs: str, low: str, ids: set[int], single_letters: bool) -> bool:
        """Search by edit distance only for mangled-looking words: no syllable candidate yet, not an
        abbreviation (two or more capitals), some letters."""
        if (
            len(low) < (1 if single_letters else 2)
            or sum(c.isupper() for c in obs) >= 2
            or not any(c.isalpha() for c in low)
        ):
            return False
        return not any(i in self.syllable_ids for i in ids)

    def tone_options(self, obs: str) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
        """(vocabulary ids, channel scores) of the token's tone variants, the token itself first at no
        cost; None when it is no known syllable or has no known variant (it is then kept as it is).

        Why only tones: a well-formed marked syllable OCR'd by the Vietnamese model is right but for its
        tone mark at worst, so its other letters are evidence the full channel would throw away.
        """
        index, low = self.model.index, canonical(obs)
        own = index.get(low)
        if own is None or own not in self.syllable_ids:
            return None
        base, tone = split_tone(low)
        extra = NAME_CHANGE if obs[:1].isupper() else 0.0
        ids, scores = [own], [0.0]
        for other in TONES:
            variant = index.get(place_tone(base, other)) if other != tone else None
            if variant is not None and variant in self.syllable_ids:
                ids.append(variant)
                scores.append(-CONFUSED_TONES.get(frozenset((tone, other)), TONE_CHANGE) - extra)
        return (tuple(ids), tuple(scores)) if len(ids) > 1 else None

    def repair_options(self, obs: str) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
        """(vocabulary ids, channel scores) of what an OCR'd word may stand for: itself first at no cost,
        then its tone variants (as `tone_options`) and the syllables one letter or mark away in any
        tone, at their cost (neighbours.py); None when nothing is near (the word is then kept as it is).

        Why: a word tesseract misread by a letter ("póp phần", "ma túp") is kept unless its context
        makes a neighbour far likelier than the cost of the change. Abbreviations and codes (two
        capitals or more: "UBND", "TTr") and words with digits or foreign letters get the tone check only.
        """
        tones = self.tone_options(obs)
        if not self._repairable(obs):
            return tones
        own = self.model.index.get(canonical(obs), self.model.index[UNK])
        first = tones or ((own,), (-MISREAD_KEEP if self._misread(obs, own) else 0.0,))
        near = self._near_syllables(obs, own)
        others = sorted(
            (i for i in near if i not in first[0]), key=lambda i: near[i] + float(self.rank_prior[i]), reverse=True
        )[: MAX_REPAIRS - len(first[0])]
        ids = (*first[0], *others)
        return (ids, (*first[1], *(near[i] for i in others))) if len(ids) > 1 else None

    def _near_syllables(self, obs: str, own: int) -> dict[int, float]:
        """Channel score of every syllable whose toneless spelling is the word's or one edit from it.

        A capitalised word the model knows may be a name ("xã Chiềng Ken"): only its marks may change,
        not its letters. A single letter (a list marker "b)", a Roman numeral "V") may only become
        another bare letter. A word the model does not know at all costs less to change: kept, it is <unk>, which
        the LM finds likely anywhere.
        """
        base, tone = split_tone(canonical(obs))
        name = obs[:1].isupper()
        known = own in self.syllable_ids
        extra = (NAME_CHANGE if name else 0.0) - (UNKNOWN_DISCOUNT if own == self.model.index[UNK] else 0.0)
        out: dict[int, float] = {}
        for near in self.neighbours.near(base):
            if (near.letter and name and known) or (len(base) == 1 and len(near.spelling) > 1):
                continue
            for i, t in self.neighbours.syllables(near.spelling):
                change = (
                    near.cost + extra + (CONFUSED_TONES.get(frozenset((tone, t)), TONE_CHANGE) if t != tone else 0.0)
                )
                if i != own:
                    out[i] = max(out.get(i, -math.inf), -max(change, MIN_CHANGE))
        return out

    def _misread(self, obs: str, own: int) -> bool:
        """A word that cannot stand as written: no Vietnamese syllable, yet marked as one ("dụo") or three
        letters or more with no vowel ("trnh"); foreign words and codes have neither."""
        if own in self.syllable_ids:
            return False
        plain = strip_marks(obs).lower()
        return plain != obs.lower() or len(obs) >= MIN_VOWELLESS and not any(c in VOWELS for c in plain)

    @staticmethod
    def _repairable(obs: str) -> bool:
        """A word whose letters may be repaired: Latin letters with Vietnamese marks only, at most its
        first one a capital."""
        return obs.isalpha() and skeleton(obs).isascii() and not any(c.isupper() for c in obs[1:])

    @cached_property
    def neighbours(self) -> Neighbours:
        """The syllable inventory for one-edit look-ups, built on first use (restoration never asks)."""
        return Neighbours((i, self.model.vocab[i]) for i in self.syllable_ids)

    def vietnamese_count(self, words: list[str]) -> int:
        """How many of `words` look_vietnamese (known forms by one dict hit each)."""
        known = list(map(self._viet.get, words))
        if None in known:
            return sum([self.looks_vietnamese(w) for w in words])
        return known.count(True)

    def looks_vietnamese(self, obs: str) -> bool:
        """True when some fold of the token is the skeleton of a Vietnamese syllable."""
        hit = self._viet.get(obs)
        if hit is None:
            # the plain skeleton is the first fold variant and settles most words without the others
            hit = self._viet[obs] = skeleton(obs) in self.syllable_skeletons or any(
                sk in self.syllable_skeletons for sk in self.fold_variants(obs)
            )
        return hit
