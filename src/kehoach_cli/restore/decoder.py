"""Trigram Viterbi decoding of a text's tokens over their candidate syllables.

Why this shape: exact Viterbi over (previous, current) candidate pairs, run on many sentences at once.
Per-token work is array work over *form ids*: every distinct token text (and every distinct gap
between tokens) is numbered once per decoder, its properties (kind, case, language check, candidate
options per mode, cache key) are computed once per form, and a document is then a few integer arrays
that numpy gathers from. Documents repeat their words heavily (a few thousand forms in a hundred
thousand tokens), so Python only loops over new forms, sentence-level punctuation and disputed tokens.
The compiled loop (or the numpy path) decodes all sentences; long runs without sentence punctuation
are cut into windows, so cost grows linearly with the text.
"""

from __future__ import annotations

import math
import re
import threading
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from kehoach_cli.restore.candidates import CandidateGenerator
from kehoach_cli.restore.model import Model
from kehoach_cli.restore.syllables import canonical, is_marked, is_syllable_shape, skeleton, transfer_case
from kehoach_cli.restore.tokens import BOS, EOS, NUM, PUNCT, UNK, Token, gap_unit, token_kind

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


class Search(NamedTuple):
    """How many candidates per token reach the exact trigram pass, and how far (nats) below the best
    bigram max-marginal one may be."""

    beam: int
    margin: float


RESTORE_SEARCH = Search(BEAM, PRUNE_MARGIN)
# The repair of OCR'd text scores the best eight candidates of a word (its tone variants and close
# syllables) by bigram evidence exactly: their channel costs (4-16 nats) are what the trigram context
# has to outweigh, so none is cut by a margin.
REPAIR_SEARCH = Search(8, math.inf)
# option modes of the repair (restoration modes are (stripped, marked) pairs): tone variants only, for
# words next to unreadable ones; tone variants and close syllables for the others
TONE_MODE, REPAIR_MODE = "tones", "repair"
FOREIGN_SHARE = 0.2  # tone check: a line with fewer marked syllables than this is not Vietnamese

Option = tuple[tuple[int, ...], tuple[float, ...]]
Unit = tuple[tuple[int, ...], tuple[float, ...], int]  # candidate ids, channel scores, token index (-1: none)
WORD, NUMBER, KEEP = 0, 1, 2
_KINDS = {"word": WORD, "number": NUMBER, "keep": KEEP}
_GAP_NONE, _GAP_PUNCT, _GAP_EOS = 0, 1, 2
# per-form properties, one array each (see Decoder._add_forms)
_FORM_FIELDS = ("kind", "alpha", "long", "upper", "odd", "marked", "viet", "canon", "own", "key")


def token_gaps(text: str, tokens: list[Token]) -> list[str]:
    """The text between each token and the one before it (from the start of the text for the first)."""
    ends = [0] + [t.end for t in tokens[:-1]]
    return [text[e : t.start] for e, t in zip(ends, tokens)]


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
    """Restores token sequences with the model; one instance per model, caches everything per form."""

    def __init__(self, model: Model, native: bool | None = None) -> None:
        """`native`: use the compiled loop (True), the numpy path (False), or the loop when built (None)."""
        if native and native_loop is None:
            raise RuntimeError("the compiled decoder loop (kehoach_cli.restore._viterbi) is not built")
        self.native = native_loop if native is not False else None
        self._tables: tuple | None = None
        # bigram memo the compiled loop keeps across calls (documents share most word pairs); one call
        # at a time uses it, the loop itself runs without the GIL
        self._memo = np.zeros((1 << 16, 2), np.uint64)
        self._memo_lock = threading.Lock()
        self.model = model
        self.gen = CandidateGenerator(model)
        idx = model.index
        self.bos, self.eos, self.unk, self.num, self.punct = idx[BOS], idx[EOS], idx[UNK], idx[NUM], idx[PUNCT]
        # option table: every distinct candidate list handed to the decoder, and its flat arrays
        self._opts: list[Option] = []
        self._opt_start = np.zeros(0, np.int64)
        self._opt_len = np.zeros(0, np.int64)
        self._opt_ids = np.zeros(0, np.int64)
        self._opt_chan = np.zeros(0, np.float32)
        self._opt_trivial = np.zeros(0, bool)  # a single candidate with no channel cost: nothing to decide
        self._pending: list[Option] = []
        self.punct_opt = self._add_option(((self.punct,), (0.0,)))
        self.num_opt = self._add_option(((self.num,), (0.0,)))
        # forms: distinct token texts, with one array per property
        self._form_index: dict[str, int] = {}
        self._forms: list[str] = []
        self._form_obj = np.zeros(0, object)
        self._fa = {name: np.zeros(0, np.int64) for name in _FORM_FIELDS}
        # (stripped, marked), or TONE_MODE for the tone check -> option per form
        self._mode_opt: dict[tuple[bool, bool] | str, np.ndarray] = {}
        self._keys: dict[tuple[str, bool], int] = {}
        # gaps: distinct texts between tokens -> (contains a line break, is one space, LM unit)
        self._gap_index: dict[str, int] = {}
        self._gap_nl = np.zeros(0, bool)
        self._gap_space = np.zeros(0, bool)
        self._gap_unit: list[int] = []
        self._surfaces: dict[int, str] = {}
        self._repair_surfaces: dict[int, str] = {}

    # -- tables of options, forms and gaps ------------------------------------------------------------

    def _add_option(self, opt: Option) -> int:
        """Number of a new option (its arrays are appended by _flush_options)."""
        self._opts.append(opt)
        self._pending.append(opt)
        return len(self._opts) - 1

    def _flush_options(self) -> None:
        """Append the pending options to the flat option arrays."""
        new, self._pending = self._pending, []
        if not new:
            return
        lens = np.fromiter(map(len, map(itemgetter(0), new)), np.int64, len(new))
        starts = len(self._opt_ids) + np.cumsum(lens) - lens
        ids = np.fromiter(chain.from_iterable(map(itemgetter(0), new)), np.int64, int(lens.sum()))
        chan = np.fromiter(chain.from_iterable(map(itemgetter(1), new)), np.float32, int(lens.sum()))
        trivial = np.fromiter((len(o[0]) == 1 and o[1][0] == 0.0 for o in new), bool, len(new))
        self._opt_start = np.concatenate([self._opt_start, starts])
        self._opt_len = np.concatenate([self._opt_len, lens])
        self._opt_ids = np.concatenate([self._opt_ids, ids])
        self._opt_chan = np.concatenate([self._opt_chan, chan])
        self._opt_trivial = np.concatenate([self._opt_trivial, trivial])

    def _own(self, text: str) -> Option:
        """A token that is kept as it is: its own unit (or <unk>) with no channel cost."""
        return (self.model.index.get(canonical(text), self.unk),), (0.0,)

    def _add_forms(self, texts: list[str]) -> None:
        """Number new token texts and compute their properties once."""
        index, gen, keys = self.model.index, self.gen, self._keys
        rows = []
        for w in texts:
            self._form_index[w] = len(self._forms)
            self._forms.append(w)
            kind = _KINDS[token_kind(w)]
            word = kind == WORD
            alpha = word and w.isalpha()
            canon = canonical(w)
            own = self.num_opt if kind == NUMBER else self._add_option(self._own(w))
            key = keys.setdefault((skeleton(w), w[:1].isupper()), len(keys)) if word else -1
            rows.append(
                (
                    kind,
                    alpha,
                    word and len(w) > 1,
                    w.isupper(),
                    word and (not w.isascii() or _OCR_DIGIT.match(w) is not None),  # OCR symptom
                    alpha and is_marked(w) and is_syllable_shape(w.lower()),  # marked, well-formed syllable
                    alpha and gen.looks_vietnamese(w),  # for the per-line language check
                    index.get(canon, -2),
                    own,
                    key,
                )
            )
        cols = list(zip(*rows))
        for name, col in zip(_FORM_FIELDS, cols):
            self._fa[name] = np.concatenate([self._fa[name], np.asarray(col, np.int64)])
        obj = np.empty(len(texts), object)
        obj[:] = texts
        self._form_obj = np.concatenate([self._form_obj, obj])
        for mode, arr in self._mode_opt.items():
            self._mode_opt[mode] = self._extend_mode(arr)

    def _extend_mode(self, arr: np.ndarray) -> np.ndarray:
        """A mode's option-per-form array grown to every form: words unknown (-1), others their own."""
        fa = self._fa
        tail = np.where(fa["kind"][len(arr) :] == WORD, -1, fa["own"][len(arr) :])
        return np.concatenate([arr, tail])

    def _form_ids(self, texts: list[str]) -> np.ndarray:
        """Form id of every token text (new texts numbered first)."""
        try:
            return np.fromiter(map(self._form_index.__getitem__, texts), np.int64, len(texts))
        except KeyError:
            self._add_forms(list(dict.fromkeys(w for w in texts if w not in self._form_index)))
            return np.fromiter(map(self._form_index.__getitem__, texts), np.int64, len(texts))

    def _gap_ids(self, gaps: list[str]) -> np.ndarray:
        """Gap id of every gap (new gaps classified first)."""
        try:
            return np.fromiter(map(self._gap_index.__getitem__, gaps), np.int64, len(gaps))
        except KeyError:
            new = list(dict.fromkeys(g for g in gaps if g not in self._gap_index))
            for g in new:
                self._gap_index[g] = len(self._gap_unit)
                unit = gap_unit(g)
                self._gap_unit.append(_GAP_EOS if unit == EOS else _GAP_PUNCT if unit == PUNCT else _GAP_NONE)
            self._gap_nl = np.concatenate([self._gap_nl, np.fromiter(("\n" in g for g in new), bool, len(new))])
            self._gap_space = np.concatenate([self._gap_space, np.fromiter((g == " " for g in new), bool, len(new))])
            return np.fromiter(map(self._gap_index.__getitem__, gaps), np.int64, len(gaps))

    def _word_option(self, text: str, stripped: bool, marked: bool) -> Option:
        """Candidate ids and weighted channel scores of a word form in a mode."""
        cands = self.gen.candidates(text, stripped)[:MAX_CANDIDATES]
        if not cands:
            return self._own(text)
        own = self.model.index.get(canonical(text), -1)
        change = MARKED_CHANGE_PENALTY if marked and own in self.gen.syllable_ids else 0.0
        return (
            tuple(c[0] for c in cands),
            tuple(c[1] * CHANNEL_WEIGHT + (change if c[0] != own else 0.0) for c in cands),
        )

    def _form_option(self, text: str, mode: tuple[bool, bool] | str) -> Option:
        """Candidates of a word form in a mode: its tone variants for the tone check, else restoration's."""
        if mode == TONE_MODE:
            return self.gen.tone_options(text) or self._own(text)
        if mode == REPAIR_MODE:
            return self.gen.repair_options(text) or self._own(text)
        return self._word_option(text, *mode)

    def _token_options(self, f: np.ndarray, frozen: np.ndarray, mode: tuple[bool, bool] | str) -> np.ndarray:
        """Option id of every token: its own for frozen tokens, else its form's in this mode."""
        arr = self._mode_opt.get(mode)
        if arr is None or len(arr) < len(self._forms):
            arr = self._mode_opt[mode] = self._extend_mode(np.zeros(0, np.int64) if arr is None else arr)
        need = np.unique(f[~frozen])
        missing = need[arr[need] < 0]
        if missing.size:
            for form in missing.tolist():
                arr[form] = self._add_option(self._form_option(self._forms[form], mode))
        self._flush_options()
        return np.where(frozen, self._fa["own"][f], arr[f])

    # -- per-document flags ----------------------------------------------------------------------------

    def _is_stripped(self, f: np.ndarray) -> bool:
        """True when (almost) no word carries a mark or non-ASCII symbol: marks were stripped, not misread.

        English-model OCR of Vietnamese always leaves é, ¢, @ … behind; one in a hundred words tolerated
        for foreign names.
        """
        words = self._fa["kind"][f] == WORD
        return int(np.count_nonzero(words & (self._fa["odd"][f] != 0))) <= int(np.count_nonzero(words)) // 100

    def _is_well_marked(self, f: np.ndarray) -> bool:
        """True when the text is mostly correctly marked Vietnamese: its unmarked words are then
        probably right too ("nuôi con", "bệnh phong"), so changing any word costs more."""
        alpha = self._fa["alpha"][f] != 0
        n = int(np.count_nonzero(alpha))
        return n > 0 and int(np.count_nonzero(self._fa["marked"][f][alpha])) / n >= WELL_MARKED_SHARE

    def _line_flags(self, f: np.ndarray, nl: np.ndarray, want_lower: bool) -> tuple[np.ndarray, np.ndarray]:
        """(tokens on lines that do not look Vietnamese, tokens on mostly lower-case lines) as masks.

        Non-Vietnamese lines (English prose, code) are left untouched. On a lower-case line a short
        ALL-CAPS word between non-capital words, restored to a syllable ("BO" -> Bộ), is OCR reading a
        marked vowel as a capital. `nl[i]`: a line break comes before token i.
        """
        fa = self._fa
        line, lines = self._lines(nl)
        alpha = fa["alpha"][f]
        n_alpha = np.bincount(line, alpha, lines)
        n_viet = np.bincount(line, fa["viet"][f], lines)
        foreign = (n_alpha >= MIN_WORDS_FOR_LANGUAGE_CHECK) & (n_viet < n_alpha * MIN_VIETNAMESE_SHARE)
        frozen = foreign[line]
        if not want_lower:
            return frozen, np.zeros(len(f), bool)
        long = fa["long"][f] != 0  # words of two letters or more
        caps = long & (fa["upper"][f] != 0)
        n_long = np.bincount(line, long, lines)
        n_caps = np.bincount(line, caps, lines)
        lower = ((n_long > 0) & (n_caps * 2 < n_long))[line]
        j = np.flatnonzero(long)  # a capital word next to another on its line: a real heading or name
        cj, lj = caps[j], line[j]
        run = np.zeros(len(j), bool)
        run[1:] |= cj[:-1] & (lj[:-1] == lj[1:])
        run[:-1] |= cj[1:] & (lj[1:] == lj[:-1])
        lower[j[cj & run]] = False
        return frozen, lower

    @staticmethod
    def _lines(nl: np.ndarray) -> tuple[np.ndarray, int]:
        """(line number of every token, number of lines), from `nl[i]`: a line break comes before token i."""
        nl = nl.copy()
        nl[:1] = False
        line = np.cumsum(nl)
        return line, int(line[-1]) + 1 if len(line) else 0

    def _unmarked_lines(self, f: np.ndarray, nl: np.ndarray) -> np.ndarray:
        """Tokens on lines of three words or more with hardly any marked Vietnamese syllable, as a mask.

        Why not the restorer's language check: text tesseract's Vietnamese model read keeps its marks,
        so a line without them is another language (an English title, a code), not stripped Vietnamese.
        """
        line, lines = self._lines(nl)
        n_alpha = np.bincount(line, self._fa["alpha"][f], lines)
        n_marked = np.bincount(line, self._fa["marked"][f], lines)
        share = np.divide(n_marked, n_alpha, out=np.zeros(lines), where=n_alpha > 0)
        return ((n_alpha >= MIN_WORDS_FOR_LANGUAGE_CHECK) & (share < FOREIGN_SHARE))[line]

    def _sentences(self, gid: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """(token index per unit, -1 for a punctuation unit; first unit of each sentence and the end).

        LM sentences are cut at sentence ends and every WINDOW units. Why in runs: most gaps are one
        space and mean nothing to the LM, so Python only visits the other gaps (punctuation, line breaks).
        """
        units = cur = prev = 0
        cuts = [0]
        punct_at: list[int] = []
        gap_unit_of = self._gap_unit
        for i in np.flatnonzero(~self._gap_space[gid[:n]]).tolist() + [n]:
            a = prev
            while a < i:  # tokens a..i-1, each after a single space
                if cur >= WINDOW:
                    cuts.append(units)
                    cur = 0
                take = min(WINDOW - cur, i - a)
                cur += take
                units += take
                a += take
            if i == n:
                break
            unit = gap_unit_of[gid[i]]
            if cur and (unit == _GAP_EOS or cur >= WINDOW):
                cuts.append(units)
                cur = 0
            elif unit == _GAP_PUNCT and cur:
                punct_at.append(i)
                units += 1
                cur += 1
            cur += 1
            units += 1
            prev = i + 1
        cuts.append(units)
        unit_tok = np.insert(np.arange(n, dtype=np.int64), punct_at, -1)
        return unit_tok, np.asarray(cuts, np.int64)

    # -- decoding --------------------------------------------------------------------------------------

    def decode(self, text: str, tokens: list[Token]) -> tuple[list[str], list[float]]:
        """(restored text, confidence) of every token of `text` (as `tokenize` splits it)."""
        if not tokens:
            return [], []
        gaps = token_gaps(text, tokens) + [text[tokens[-1].end :]]
        return self.decode_split(gaps, [t.text for t in tokens])

    def decode_split(self, gaps: list[str], texts: list[str]) -> tuple[list[str], list[float]]:
        """(restored text, confidence) of every token, given the tokens' texts and the gaps around them
        (as `split_text` returns them): a first pass, then sentences the document cache disputes again."""
        n = len(texts)
        if not n:
            return [], []
        f = self._form_ids(texts)
        gid = self._gap_ids(gaps[:n])
        stripped = self._is_stripped(f)
        # capitals are OCR noise only in OCR'd text
        frozen, lower = self._line_flags(f, self._gap_nl[gid], not stripped)
        marked = not stripped and self._is_well_marked(f)
        tok_opt = self._token_options(f, frozen, (stripped, marked))
        unit_tok, sent_start = self._sentences(gid, n)
        unit_opt = np.where(unit_tok >= 0, tok_opt[unit_tok], self.punct_opt)
        choice, conf = self._viterbi(unit_tok, unit_opt, sent_start, {}, n)
        again, override = self._cache_pass(
            f, unit_tok, unit_opt, sent_start, choice, conf, CACHE_WEIGHT_STRIPPED if stripped else CACHE_WEIGHT_OCR
        )
        if again:
            sel = np.concatenate([np.arange(sent_start[s], sent_start[s + 1]) for s in again])
            lens = np.asarray([sent_start[s + 1] - sent_start[s] for s in again], np.int64)
            starts2 = np.zeros(len(again) + 1, np.int64)
            np.cumsum(lens, out=starts2[1:])
            where = {u: k for k, u in enumerate(sel.tolist())}
            choice2, conf2 = self._viterbi(
                unit_tok[sel], unit_opt[sel], starts2, {where[u]: c for u, c in override.items()}, n
            )
            redone = choice2 >= 0
            choice[redone], conf[redone] = choice2[redone], conf2[redone]
        return self._surfaces_of(f, tok_opt, choice, lower), conf.tolist()

    def decode_repairs(self, gaps: list[str], texts: list[str]) -> tuple[list[str], list[float]]:
        """(repaired text, confidence) of every token of OCR'd text: a word may change its tone mark, or
        become a syllable one letter or mark away (CandidateGenerator.repair_options), in its own case;
        a word next to an unreadable one only its tone mark (its context is no evidence); lines that are
        not Vietnamese are kept. Same sentences and compiled loop as restoration."""
        n = len(texts)
        if not n:
            return [], []
        f = self._form_ids(texts)
        gid = self._gap_ids(gaps[:n])
        frozen = self._unmarked_lines(f, self._gap_nl[gid])
        tok_opt = np.where(
            self._next_to_unreadable(f),
            self._token_options(f, frozen, TONE_MODE),
            self._token_options(f, frozen, REPAIR_MODE),
        )
        unit_tok, sent_start = self._sentences(gid, n)
        unit_opt = np.where(unit_tok >= 0, tok_opt[unit_tok], self.punct_opt)
        choice, conf = self._viterbi(unit_tok, unit_opt, sent_start, {}, n, REPAIR_SEARCH)
        return self._surfaces_of(f, tok_opt, choice, None), conf.tolist()

    def _next_to_unreadable(self, f: np.ndarray) -> np.ndarray:
        """Tokens whose previous or next token is an unreadable word, as a mask: a word that is neither
        a syllable the model knows nor a code in capitals ("Thàâch", "h", "tzÌ"), where OCR lost the
        text around it too ("Thàâch viên" is Thành viên; "liên" would fit the LM better)."""
        fa = self._fa
        canon = fa["canon"][f]
        known = np.zeros(len(f), bool)
        known[canon >= 0] = self._syllable_mask[canon[canon >= 0]]
        readable = (fa["kind"][f] != WORD) | known | ((fa["upper"][f] != 0) & (fa["long"][f] != 0))
        out = np.zeros(len(f), bool)
        out[1:] |= ~readable[:-1]
        out[:-1] |= ~readable[1:]
        return out

    @cached_property
    def _syllable_mask(self) -> np.ndarray:
        """Per vocabulary id: a Vietnamese syllable."""
        mask = np.zeros(len(self.model.vocab), bool)
        mask[list(self.gen.syllable_ids)] = True
        return mask

    def _surfaces_of(
        self, f: np.ndarray, tok_opt: np.ndarray, choice: np.ndarray, lower: np.ndarray | None
    ) -> list[str]:
        """Restored text of every token: its own text unless the choice differs from its own syllable.
        `lower` None: the OCR repair's surfaces, the chosen syllable in the token's case and nothing else."""
        out = self._form_obj[f]
        change = np.flatnonzero(~self._opt_trivial[tok_opt] & (choice != self._fa["canon"][f]))
        if change.size:
            vocab_size = len(self.model.vocab)
            tones = lower is None
            keys = (f[change] * 2 + (0 if lower is None else lower[change])) * vocab_size + choice[change]
            uniq, inverse = np.unique(keys, return_inverse=True)
            cache, make = (
                (self._repair_surfaces, self._repair_surface) if tones else (self._surfaces, self._make_surface)
            )
            surf = []
            for key in uniq.tolist():
                hit = cache.get(key)
                if hit is None:
                    form, chosen = divmod(key, vocab_size)
                    hit = cache[key] = make(self._forms[form // 2], chosen, bool(form % 2))
                surf.append(hit)
            arr = np.empty(len(surf), object)
            arr[:] = surf
            out[change] = arr[inverse]
        return out.tolist()

    def _viterbi(
        self,
        unit_tok: np.ndarray,
        unit_opt: np.ndarray,
        sent_start: np.ndarray,
        override: dict[int, tuple[float, ...]],
        n_tokens: int,
        search: Search = RESTORE_SEARCH,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(chosen vocabulary id, confidence) per token index (-1 / 1.0 for tokens not in the units).

        `override`: channel scores replacing those of the unit's option, by unit index.
        """
        if self.native is not None:
            chosen, kept_choice, local = self._decode_native(unit_opt, sent_start, override, search)
        else:
            units: list[Unit] = [
                (self._opts[o][0], override.get(u, self._opts[o][1]), t)
                for u, (o, t) in enumerate(zip(unit_opt.tolist(), unit_tok.tolist()))
            ]
            bounds = sent_start.tolist()
            chosen, kept_choice, local = self._decode_numpy(
                [units[a:b] for a, b in zip(bounds, bounds[1:])], units, search
            )
        real = unit_tok >= 0
        choice = np.full(n_tokens, -1, np.int64)
        conf = np.ones(n_tokens, np.float32)
        choice[unit_tok[real]] = chosen[real]
        conf[unit_tok[real]] = unit_confidence(local, kept_choice)[real]
        return choice, conf

    def _decode_native(
        self, unit_opt: np.ndarray, sent_start: np.ndarray, override: dict[int, tuple[float, ...]], search: Search
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen id, index among kept candidates, local scores) per unit, by the compiled loop."""
        counts = self._opt_len[unit_opt]
        unit_start = np.zeros(len(unit_opt) + 1, np.int64)
        np.cumsum(counts, out=unit_start[1:])
        n = int(unit_start[-1])
        gather = np.arange(n, dtype=np.int64) + np.repeat(self._opt_start[unit_opt] - unit_start[:-1], counts)
        ids = self._opt_ids[gather]
        chan = self._opt_chan[gather]
        for u, scores in override.items():
            chan[unit_start[u] : unit_start[u + 1]] = np.asarray(scores, np.float32)
        chosen = np.empty(len(unit_opt), np.int64)
        kept_choice = np.empty(len(unit_opt), np.int64)
        local = np.empty((len(unit_opt), search.beam), np.float32)
        tables = self._native_tables()
        native = self.native
        assert native is not None, "_viterbi takes this path only with the compiled loop"
        with self._memo_lock:
            native.decode(
                tables,
                ids,
                chan,
                unit_start,
                sent_start,
                search.beam,
                search.margin,
                chosen,
                kept_choice,
                local,
                self._memo,
            )
        return chosen, kept_choice, local

    def _native_tables(self) -> tuple:
        """The model's hash tables (fingerprints, float16 values: read as stored, nothing copied) and
        unigram arrays (float32) as the compiled loop reads them."""
        if self._tables is None:
            a = self.model.arrays
            tables = [
                np.ascontiguousarray(a[f"{t}_{part}"], np.uint32 if part == "fp" else np.float16)
                for t in ("h2", "hc", "h3")
                for part in ("fp", "v")
            ]
            self._tables = (*tables, a["lbow2"].astype(np.float32), a["lp1"].astype(np.float32), self.bos, self.eos)
        return self._tables

    def _decode_numpy(
        self, sents: list[list[Unit]], units: list[Unit], search: Search
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen id, index among kept candidates, local scores) per unit, in vectorised numpy batches."""
        chosen = np.empty(len(units), np.int64)
        kept_choice = np.empty(len(units), np.int64)
        local = np.full((len(units), search.beam), NEG, np.float32)
        first = np.cumsum([0] + [len(s) for s in sents])
        for batch in self._batches(sents):
            ids, choice, loc = self._decode_batch([sents[i] for i in batch], search)
            for s, i in enumerate(batch):
                n = len(sents[i])
                chosen[first[i] : first[i] + n] = ids[s, 2 : n + 2]
                kept_choice[first[i] : first[i] + n] = choice[s, 2 : n + 2]
                local[first[i] : first[i] + n, : loc.shape[2]] = loc[s, :n]
        return chosen, kept_choice, local

    def _cache_pass(
        self,
        f: np.ndarray,
        unit_tok: np.ndarray,
        unit_opt: np.ndarray,
        sent_start: np.ndarray,
        choice: np.ndarray,
        conf: np.ndarray,
        weight: float,
    ) -> tuple[list[int], dict[int, tuple[float, ...]]]:
        """(sentences to decode again, new channel scores by unit) with a per-document cache prior added
        to unsure tokens' channel scores.

        Why: a name or a document's own term ("Thạnh", "hằng năm") that the LM cannot settle in one
        place is usually settled somewhere else in the same document (marked in mixed text, or restored
        with high confidence). Confident choices are counted per (skeleton, capitalised) key; an unsure
        token's candidates then get `weight` * log of the smoothed share of that evidence. Only sentences
        where the evidence disputes an unsure choice are decoded again.
        """
        sure = conf >= CACHE_MIN_CONFIDENCE
        key = self._fa["key"][f]  # -1: not a word
        vocab_size = len(self.model.vocab)
        counted = sure & (key >= 0)
        pairs, counts = np.unique(key[counted] * vocab_size + choice[counted], return_counts=True)
        if not pairs.size:
            return [], {}
        evidence: dict[int, dict[int, int]] = {}
        for pair, count in zip(pairs.tolist(), counts.tolist()):
            k, pick = divmod(pair, vocab_size)
            evidence.setdefault(k, {})[pick] = count
        has = np.zeros(len(self._keys) + 1, bool)
        has[np.unique(pairs // vocab_size)] = True
        tok = np.maximum(unit_tok, 0)
        open_ = (unit_tok >= 0) & ~sure[tok] & (self._opt_len[unit_opt] > 1) & has[key[tok]]
        units = np.flatnonzero(open_)
        if not units.size:
            return [], {}
        priors: dict[tuple, tuple[tuple[float, ...], bool]] = {}
        override: dict[int, tuple[float, ...]] = {}
        again: list[int] = []
        sent_of = np.searchsorted(sent_start, units, side="right") - 1
        picks = choice[unit_tok[units]].tolist()
        for u, o, k, pick, s in zip(
            units.tolist(), unit_opt[units].tolist(), key[unit_tok[units]].tolist(), picks, sent_of.tolist()
        ):
            ids, chan = self._opts[o]
            pk = (k, ids, pick)
            hit = priors.get(pk)
            if hit is None:
                hit = priors[pk] = self._prior(evidence[k], ids, pick, weight)
            if hit[1]:
                override[u] = tuple(c + b for c, b in zip(chan, hit[0]))
                if not again or again[-1] != s:
                    again.append(s)
        return again, override

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

    def _decode_batch(self, batch: list[list[Unit]], search: Search) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(chosen vocabulary id, index of the choice among kept candidates) per (sentence, lattice
        position), and local scores per (sentence, unit position, kept candidate)."""
        ids, chan, valid, bigrams = self._prune(*self._lattice(batch), search)
        S, L, K = ids.shape
        shape = (S, L - 2, K, K, K)
        live = chan > NEG / 2
        real = (
            live[:, :-2, :, None, None]
            & live[:, 1:-1, None, :, None]
            & live[:, 2:, None, None, :]
            & valid[:, 2:, None, None, None]
        )
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
        found, lp3 = self.model.trigram(
            np.broadcast_to(ids[:, :-2, :, None, None], shape)[ask],
            np.broadcast_to(ids[:, 1:-1, None, :, None], shape)[ask],
            np.broadcast_to(ids[:, 2:, None, None, :], shape)[ask],
        )
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

    def _prune(
        self, ids: np.ndarray, chan: np.ndarray, valid: np.ndarray, search: Search
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Keep the `search.beam` best candidates per position by bigram max-marginal (forward + backward
        max), dropping those `search.margin` below the best; also returns the kept candidates' bigram scores.

        Why: a token's skeleton often has ten or more syllables; scoring all their trigram combinations
        is what makes decoding slow, while a bigram pass already ranks the right one near the top.
        """
        S, L, K = ids.shape
        shape = (S, L - 1, K, K)
        live = chan > NEG / 2
        real = live[:, :-1, :, None] & live[:, 1:, None, :] & valid[:, 1:, None, None]
        bi = np.zeros(shape, np.float32)
        bi[real] = self.model.logprob2(
            np.broadcast_to(ids[:, :-1, :, None], shape)[real], np.broadcast_to(ids[:, 1:, None, :], shape)[real]
        )
        both = self._max_forward(
            np.concatenate([bi, bi[:, ::-1].transpose(0, 1, 3, 2)]), np.concatenate([chan, chan[:, ::-1]])
        )
        marginal = both[:S] + both[S:, ::-1] - chan  # forward max + backward max (both include chan once)
        keep = np.argsort(-marginal, axis=2, kind="stable")[:, :, : search.beam]
        chan = np.take_along_axis(chan, keep, axis=2)
        chan[np.take_along_axis(marginal, keep, axis=2) < marginal.max(axis=2, keepdims=True) - search.margin] = NEG
        kept_bi = bi[
            np.arange(S)[:, None, None, None],
            np.arange(L - 1)[None, :, None, None],
            keep[:, :-1, :, None],
            keep[:, 1:, None, :],
        ]
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

    def _repair_surface(self, text: str, chosen: int, _lower_line: bool) -> str:
        """The repaired text of an OCR'd token: the chosen syllable in the token's case, or the token
        itself when it stays unknown (no restoration rules: "Vì" is never the Roman numeral VI)."""
        word = self.model.vocab[chosen]
        return text if word.startswith("<") else transfer_case(text, word)

    def _make_surface(self, text: str, chosen: int, lower_line: bool) -> str:
        """The restored text of a token: its own text when the choice matches it, else the syllable in its case."""
        word = self.model.vocab[chosen]
        if word.startswith("<") or canonical(text) == word:
            return text
        if lower_line and text.isupper() and len(text) <= 3 and chosen in self.gen.syllable_ids:
            return word[:1].upper() + word[1:]
        if _ROMAN.match(word) and text[:1].isupper():
            return word.upper()  # "Ill" -> III: a Roman numeral is written in capitals
        if text[:1] in "IJ" and word[:1] == "l" and not any(c.isupper() for c in text[1:]):
            return word  # capital I / J is English OCR's reading of l, not a capital
        return transfer_case(text, word)
