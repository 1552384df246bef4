"""Words OCR put in the wrong table cell: a line's word read into the cell below.

Why: in a scan whose rows sit close to the rules, the first word of a cell's last line can be read
into the cell below, where it stands as a line of its own above the text ("quy" / "Tổ chức triển
khai ..." under "... theo định của pháp luật"). Such a stray is moved back where the language model
finds it belongs in the last line of the cell above, and only when that reads far better.
"""

from __future__ import annotations

from kehoach_cli.restore import default_decoder
from kehoach_cli.restore.tokens import BOS, EOS, tokenize

MAX_STRAY_WORDS = 2
MIN_GAIN = 6.0  # nats the cells must read better with the word moved back


def rejoin_strays(rows: list[list[str | None]]) -> list[list[str | None]]:
    """The table's rows with stray words moved back to the cell above in the same column."""
    rows = [list(row) for row in rows]
    for below, above in zip(rows[1:], rows):
        for column, (lower, upper) in enumerate(zip(below, above)):
            moved = _move_back(upper, lower) if lower and upper else None
            if moved:
                above[column], below[column] = moved
    return rows


def _move_back(upper: str, lower: str) -> tuple[str, str] | None:
    first, _, rest = lower.partition("\n")
    words = first.split()
    if not (
        rest
        and 0 < len(words) <= MAX_STRAY_WORDS
        and all(w.isalpha() and w.islower() for w in words)
        and rest.lstrip()[:1].isupper()
    ):
        return None
    head, _, last = upper.rpartition("\n")
    line = last.split()
    before = logprob(line) + logprob(words)
    gain, at = max((logprob([*line[:i], *words, *line[i:]]) - before, i) for i in range(len(line) + 1))
    if gain < MIN_GAIN:
        return None
    joined = " ".join([*line[:at], *words, *line[at:]])
    return (f"{head}\n{joined}" if head else joined), rest


def logprob(words: list[str]) -> float:
    """Log-probability of the words as one sentence under the restorer's trigram model."""
    model = default_decoder().model
    index = model.index
    ids = [index[BOS], index[BOS]]
    for token in tokenize(" ".join(words)):
        ids.append(model.kept_unit(token.text, token.kind))
    ids.append(index[EOS])
    return model.sentence_logprob(ids)
