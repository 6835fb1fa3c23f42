"""A line's name is scored by what its squares cover (export.line_names): the cover of every candidate stretch is
summed at once, over only the obstacles near each name; it must be the same number, to the last bit, as summing
each name's squares over every obstacle (export.label_boxes.overlap_sums), or a name could take another stretch."""
from __future__ import annotations

import numpy as np

from export.label_boxes import overlap_sums
from export.line_names import _covered


def _boxes(rng, shape, size):
    lo = rng.uniform(0, 120, (*shape, 2))
    return np.concatenate([lo, lo + rng.uniform(0.5, size, (*shape, 2))], axis=-1)


def test_a_names_cover_is_its_squares_cover_over_every_obstacle():
    rng = np.random.default_rng(7)
    crowded = 0
    for _ in range(300):
        names, squares = int(rng.integers(0, 30)), int(rng.integers(2, 30))
        name_squares = _boxes(rng, (names, squares), 12)
        others = _boxes(rng, (int(rng.integers(0, 150)),), float(rng.uniform(1, 40)))
        got = _covered(name_squares, others)
        want = [float(overlap_sums(name_squares[k], others).sum()) for k in range(names)]
        assert got.tolist() == want
        if len(others):   # squares that meet three or more obstacles: where the order of the sum shows
            meets = [((np.minimum(s[2], others[:, 2]) > np.maximum(s[0], others[:, 0]))
                      & (np.minimum(s[3], others[:, 3]) > np.maximum(s[1], others[:, 1]))).sum()
                     for s in name_squares.reshape(-1, 4)]
            crowded += sum(m >= 3 for m in meets)
    assert crowded > 1000   # the test reaches them
