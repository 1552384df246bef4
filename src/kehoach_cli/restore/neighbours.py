"""Syllables one letter or one mark away from an OCR'd word, with what the change costs.

Why: tesseract's Vietnamese model misreads whole letters and marks, not only tones ("póp phần" for góp
phần, "Giúo dục" for Giáo dục, "Khân trương" for Khẩn trương). The repair of an OCR'd page considers,
besides the word as read, the syllables of the model's inventory whose toneless spelling is one edit
away (a base letter, or one of the marks ˆ ˘ ˒ and the stroke of đ, added, dropped or swapped), in any
tone; the language model then has to outweigh the cost of the change for a word to be repaired.

Spellings are compared in decomposed form (NFD, đ written d + stroke), so "â" is "a" plus a mark and
dropping that mark is one edit; a base letter edit costs more than a mark edit because OCR keeps the
shape of a letter more often than the small marks on it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from kehoach_cli.restore.syllables import split_tone

STROKE = "\u0335"  # stands for the stroke of đ in a decomposed spelling
# cost (nats) of one edit of the toneless spelling: a mark (ˆ ˘ ˒, đ's stroke) or a base letter
MARK_EDIT, LETTER_EDIT = 6.0, 8.0


def spelling(base: str) -> str:
    """Decomposed spelling of a toneless lower-case syllable: every mark is a character of its own."""
    return unicodedata.normalize("NFD", base).replace("đ", "d" + STROKE)


def is_mark(ch: str) -> bool:
    """True for a combining mark (or đ's stroke) of a decomposed spelling."""
    return unicodedata.combining(ch) > 0


def edit_cost(a: str, b: str) -> float:
    """Cost of the one edit (insertion, deletion or substitution) that turns spelling `a` into `b`."""
    if len(a) == len(b):
        i = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
        return MARK_EDIT if is_mark(a[i]) and is_mark(b[i]) else LETTER_EDIT
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(longer, shorter)) if x != y), len(shorter))
    return MARK_EDIT if is_mark(longer[i]) else LETTER_EDIT


class Near(NamedTuple):
    """A toneless spelling of the inventory near a word's, the cost of the edit, and whether the edit
    is of a base letter (not only a mark)."""

    spelling: str
    cost: float
    letter: bool


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Neighbours:
    """The syllable inventory by toneless spelling, indexed for one-edit look-ups (SymSpell-style:
    every spelling under itself and its one-character deletions)."""

    def __init__(self, syllables: Iterable[tuple[int, str]]) -> None:
        """`syllables`: (vocabulary id, lower-case marked syllable) pairs."""
        self.by_base: dict[str, list[tuple[int, int]]] = defaultdict(list)  # spelling -> (id, tone)
        for i, word in syllables:
            base, tone = split_tone(word)
            self.by_base[spelling(base)].append((i, tone))
        self.index: dict[str, list[str]] = defaultdict(list)
        for spelled in self.by_base:
            for key in {spelled} | _deletions(spelled):
                self.index[key].append(spelled)

    def near(self, base: str) -> list[Near]:
        """The inventory's toneless spellings one edit from `base` (toneless), with `base` itself at no
        cost when it is in the inventory."""
        spelled = spelling(base)
        found: set[str] = set()
        for key in {spelled} | _deletions(spelled):
            found.update(s for s in self.index.get(key, ()) if _one_edit(spelled, s))
        out = [Near(s, cost, cost == LETTER_EDIT) for s in sorted(found) for cost in (edit_cost(spelled, s),)]
        return ([Near(spelled, 0.0, False)] if spelled in self.by_base else []) + out

    def syllables(self, spelled: str) -> list[tuple[int, int]]:
        """(vocabulary id, tone) of every syllable with this toneless spelling."""
        return self.by_base.get(spelled, [])


def _one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` are one insertion, deletion or substitution apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
