"""Tone check of text that tesseract's Vietnamese model read: its tone marks are small, and it confuses
them ("để nghị" for đề nghị, "quyển trẻ em" for quyền, "Thương bỉnh" for Thương binh).

Why not the restorer: it keeps a well-formed marked syllable as it is, and these slips are all
well-formed syllables. Here each word may only change its tone mark; the OCR reading is evidence
(keeping it is free, another tone costs TONE_CHANGE nats, less for the pairs tesseract mixes up),
and the language model has to outweigh that cost for a word to change.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np

from kehoach_cli.restore import RestoredText, default_decoder
from kehoach_cli.restore.syllables import canonical, marked_share, place_tone, split_tone, transfer_case
from kehoach_cli.restore.tokens import BOS, EOS, PUNCT, gap_unit, tokenize

TONE_CHANGE = 9.0
NAME_CHANGE = 2.0  # more for a capitalised word: place names keep tones the model rarely saw ("Hà Lầm")
# Pairs of tones (0 none, 1 huyền, 2 sắc, 3 ngã, 4 hỏi, 5 nặng) that tesseract's `vie` model mixes up.
CONFUSED_TONES = {frozenset(pair): 5.0 for pair in ((1, 4), (0, 4), (1, 2), (3, 4))}
WINDOW = 200
FOREIGN_SHARE = 0.2  # a line with fewer marked syllables than this is not Vietnamese: left alone
# Letters tesseract prints for a Vietnamese one that looks the same: Icelandic eth for Đ/đ.
LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


@lru_cache(maxsize=50_000)
def tone_options(word: str) -> tuple[tuple[int, ...], tuple[float, ...]] | None:
    """(vocabulary ids, channel scores) of the word's tone variants, the word itself first at no cost;
    None when the word is no known syllable or has no known variant."""
    model = default_decoder().model
    syllables = default_decoder().gen.syllable_ids
    low = canonical(word)
    own = model.index.get(low)
    if own is None or own not in syllables:
        return None
    base, tone = split_tone(low)
    ids, scores = [own], [0.0]
    for other in range(6):
        if other == tone:
            continue
        variant = model.index.get(place_tone(base, other))
        if variant is not None and variant in syllables:
            ids.append(variant)
            scores.append(-CONFUSED_TONES.get(frozenset((tone, other)), TONE_CHANGE))
    return (tuple(ids), tuple(scores)) if len(ids) > 1 else None


def retone_text(text: str) -> RestoredText:
    """`text` with tone marks the language model finds misread put right, and look-alike letters
    (Ð) made Vietnamese; everything else as it was. Lines that are not Vietnamese are left alone."""
    text = unicodedata.normalize("NFC", text).translate(LOOKALIKES)
    tokens = tokenize(text)
    if not tokens:
        return RestoredText(text=text)
    model = default_decoder().model
    index = model.index
    foreign = _foreign_lines(text)
    units: list[tuple[tuple[int, ...], tuple[float, ...], int]] = []
    for position, token in enumerate(tokens):
        options = None
        if token.kind == "word" and text.count("\n", 0, token.start) not in foreign:
            options = tone_options(token.text)
            if options and token.text[:1].isupper():
                options = (options[0], (0.0, *(score - NAME_CHANGE for score in options[1][1:])))
        if options is None:
            options = ((model.kept_unit(token.text, token.kind),), (0.0,))
        units.append((*options, position))
    restored = [token.text for token in tokens]
    for sentence in _sentences(text, tokens, units, index[PUNCT]):
        for (ids, _, position), pick in zip(sentence, _best_path(model, sentence, index[BOS], index[EOS])):
            if position >= 0 and pick:
                restored[position] = transfer_case(tokens[position].text, model.vocab[ids[pick]])
    parts, previous = [], 0
    for token, new in zip(tokens, restored):
        if new != token.text:
            parts += [text[previous:token.start], new]
            previous = token.end
    parts.append(text[previous:])
    ends = [0, *(token.end for token in tokens)]
    gaps = [text[end:token.start] for end, token in zip(ends, tokens)] + [text[tokens[-1].end:]]
    return RestoredText("".join(parts), gaps=gaps, originals=[token.text for token in tokens], restored=restored,
                        confidence=[1.0] * len(tokens))


def _foreign_lines(text: str) -> set[int]:
    """Numbers of the lines with several words and hardly any marked Vietnamese syllable."""
    foreign = set()
    for number, line in enumerate(text.split("\n")):
        words = [t.text for t in tokenize(line) if t.kind == "word" and t.text.isalpha()]
        if len(words) >= 3 and marked_share(words) < FOREIGN_SHARE:
            foreign.add(number)
    return foreign


def _best_path(model, sentence: list, bos: int, eos: int) -> list[int]:
    """Index of the chosen candidate of every unit: trigram Viterbi over (previous, current) pairs."""
    # scores[(a, b)]: best score of a path ending with candidates a (one before) and b (current)
    scores = {(bos, bos): (0.0, [])}
    for ids, channel, _ in [*sentence, ((eos,), (0.0,), -1)]:
        pairs = list(scores)
        u = np.repeat([a for a, _ in pairs], len(ids))
        v = np.repeat([b for _, b in pairs], len(ids))
        w = np.tile(ids, len(pairs))
        lm = model.logprob(u, v, w)
        best: dict[tuple[int, int], tuple[float, list[int]]] = {}
        for k, (pair, cand) in enumerate((pair, c) for pair in pairs for c in range(len(ids))):
            total = scores[pair][0] + float(lm[k]) + channel[cand]
            key = (pair[1], ids[cand])
            if key not in best or total > best[key][0]:
                best[key] = (total, [*scores[pair][1], cand])
        scores = best
    return max(scores.values(), key=lambda item: item[0])[1][:-1]


def _sentences(text: str, tokens: list, units: list, punct: int) -> list[list]:
    """LM sentences of units, cut where the text between tokens ends a sentence and every WINDOW units."""
    out: list[list] = []
    current: list = []
    previous_end = 0
    for token, unit in zip(tokens, units):
        gap = gap_unit(text[previous_end:token.start])
        if current and (gap == EOS or len(current) >= WINDOW):
            out.append(current)
            current = []
        elif gap == PUNCT and current:
            current.append(((punct,), (0.0,), -1))
        current.append(unit)
        previous_end = token.end
    if current:
        out.append(current)
    return out
