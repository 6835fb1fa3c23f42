"""The label placer's costs for all spots at once are its costs spot by spot, to the last bit (so the same
spot wins)."""
from __future__ import annotations

import numpy as np

from export.label_boxes import overlap_sum, overlap_sums
from export.labels import Label, _as_drawn, _as_drawn_all, _misattribution, _misattributions


def _boxes(rng, n: int) -> np.ndarray:
    x, y = rng.uniform(0, 300, n), rng.uniform(0, 200, n)
    return np.column_stack([x, y, x + rng.uniform(1, 60, n), y + rng.uniform(1, 12, n)])


def test_every_spot_costs_what_it_costs_alone():
    rng = np.random.default_rng(7)
    for _ in range(200):
        spots, others = _boxes(rng, int(rng.integers(1, 30))), _boxes(rng, int(rng.integers(0, 400)))
        weight = rng.choice([1.0, 0.6, 0.25, 0.2], len(others))
        sums, weighted = overlap_sums(spots, others), overlap_sums(spots, others, weight)
        drawn = _as_drawn_all(spots)
        symbols = _boxes(rng, int(rng.integers(2, 40)))
        round_ = rng.random(len(symbols)) < 0.7
        label = Label(0, 0, "x", 3, 1, symbol=int(rng.integers(0, len(symbols))))
        wrong = _misattributions(spots, label, symbols, round_)
        for i, spot in enumerate(map(tuple, spots)):
            assert sums[i] == overlap_sum(spot, others)
            assert weighted[i] == overlap_sum(spot, others, weight)
            assert tuple(drawn[i]) == _as_drawn(spot)
            assert wrong[i] == _misattribution(spot, label, symbols, round_)
