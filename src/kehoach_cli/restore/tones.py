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
from kehoach_cli.restore.decoder import Unit, token_gaps
from kehoach_cli.restore.syllables import canonical, place_tone, split_tone, transfer_case
from kehoach_cli.restore.tokens import EOS, PUNCT, gap_unit, tokenize

TONE_CHANGE = 9.0
NAME_CHANGE = 2.0  # more for a capitalised word: place names keep tones the model rarely saw ("Hà Lầm")
# Pairs of tones (0 none, 1 huyền, 2 sắc, 3 ngã, 4 hỏi, 5 nặng) that tesseract's `vie` model mixes up.
CONFUSED_TONES = {frozenset(pair): 5.0 for pair in ((1, 4), (0, 4), (1, 2), (3, 4))}
WINDOW = 200
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
    (Ð) made Vietnamese; everything else as it was."""
    text = unicodedata.normalize("NFC", text).translate(LOOKALIKES)
    tokens = tokenize(text)
    if not tokens:
        return RestoredText(text=text)
    decoder = default_decoder()
    frozen, _ = decoder.line_flags(text, tokens, token_gaps(text, tokens))
    units: list[Unit] = []
    for index, token in enumerate(tokens):
        options = tone_options(token.text) if token.kind == "word" and index not in frozen else None
        if options and token.text[:1].isupper():
            options = (options[0], (0.0, *(score - NAME_CHANGE for score in options[1][1:])))
        units.append((*(options or decoder.options(token, True)), index))
    choice, confidence = decoder._viterbi(_sentences(text, tokens, units, decoder.punct), len(tokens))
    restored = [token.text for token in tokens]
    for ids, _, index in units:
        if len(ids) > 1 and choice[index] != ids[0]:
            restored[index] = transfer_case(tokens[index].text, decoder.model.vocab[choice[index]])
    parts, previous = [], 0
    for token, new in zip(tokens, restored):
        if new != token.text:
            parts += [text[previous:token.start], new]
            previous = token.end
    parts.append(text[previous:])
    return RestoredText("".join(parts), tokens, restored, np.asarray(confidence).tolist())


def _sentences(text: str, tokens: list, units: list[Unit], punct: int) -> list[list[Unit]]:
    """LM sentences of units, cut where the text between tokens ends a sentence and every WINDOW units."""
    out: list[list[Unit]] = []
    current: list[Unit] = []
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
