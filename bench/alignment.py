"""The order-keeping alignment the record benches score rows with."""

from __future__ import annotations


def align(sims: list[list[float]], threshold: float) -> list[tuple[int, int]]:
    """Pairs (expected row, extracted row), both in document order, with the largest summed
    similarity; a pair below `threshold` never counts."""
    rows = len(sims)
    cols = len(sims[0]) if sims else 0
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            pair = sims[i][j] + best[i + 1][j + 1] if sims[i][j] >= threshold else -1.0
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows and j < cols:
        if sims[i][j] >= threshold and best[i][j] == sims[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs
