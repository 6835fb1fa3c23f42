"""District-name spots tested column by column and row by row find the spots the box-by-box test finds, to the
last bit (so every name lands where it did)."""
from __future__ import annotations

import numpy as np

from export.labels import CLEAR_PT, Obstacles
from export.name_spots import _Grid


def _box_by_box(boxes: np.ndarray, obstacles: Obstacles) -> np.ndarray:
    """Every box against every disc and box: the nearest point of the box to each disc's centre."""
    discs, other = obstacles.discs, obstacles.boxes
    nx = np.clip(discs[:, 0], boxes[:, None, 0], boxes[:, None, 2])
    ny = np.clip(discs[:, 1], boxes[:, None, 1], boxes[:, None, 3])
    hit = (np.hypot(discs[:, 0] - nx, discs[:, 1] - ny) < discs[:, 2] + CLEAR_PT).any(axis=1)
    return hit | ((boxes[:, None, 0] < other[None, :, 2] + CLEAR_PT) & (boxes[:, None, 2] > other[None, :, 0] - CLEAR_PT)
                  & (boxes[:, None, 1] < other[None, :, 3] + CLEAR_PT)
                  & (boxes[:, None, 3] > other[None, :, 1] - CLEAR_PT)).any(axis=1)


def test_a_grid_of_spots_is_hit_where_each_spot_alone_is_hit():
    rng = np.random.default_rng(11)
    hits = 0
    for trial in range(1500):
        px, py = rng.uniform(0, 500, 2)
        h_pt, w_pt = rng.uniform(5, 12), rng.uniform(10, 80)
        if trial % 2:  # whole numbers and halves: a disc can be exactly CLEAR_PT from a box (not a hit)
            px, py, h_pt, w_pt = float(rng.integers(0, 500)), float(rng.integers(0, 500)), 6.0, float(2 * rng.integers(5, 40))
        i = np.arange(-rng.integers(0, 20), rng.integers(0, 20) + 1).astype(float)
        j = np.arange(-rng.integers(0, 10), rng.integers(0, 10) + 1).astype(float)
        grid = _Grid(px + i * h_pt / 3, py + j * h_pt / 3, w_pt, h_pt)
        column, row = np.tile(np.arange(len(i)), len(j)), np.repeat(np.arange(len(j)), len(i))
        pick = rng.permutation(len(column))[:96]
        column, row = column[pick], row[pick]
        n = int(rng.integers(0, 200))
        discs = np.column_stack([rng.uniform(px - 80, px + 80, n), rng.uniform(py - 30, py + 30, n),
                                 rng.choice([0.2, 1.5, 3.0, 6.0], n)])
        if trial % 3 == 0 and n:  # discs just touching a box's right edge (CLEAR_PT away): the near things
            k = rng.integers(0, len(column), n)
            discs[:, 0], discs[:, 1] = grid.x1[column[k]] + discs[:, 2] + CLEAR_PT, grid.ys[row[k]]
        corner = np.column_stack([rng.uniform(px - 80, px + 80, 6), rng.uniform(py - 30, py + 30, 6)])
        obstacles = Obstacles(discs, np.column_stack([corner, corner + rng.uniform(1, 40, (6, 2))]))
        cx, cy = grid.xs[column], grid.ys[row]
        boxes = np.column_stack([cx - w_pt / 2, cy - h_pt / 2, cx + w_pt / 2, cy + h_pt / 2])
        found = grid.hits(obstacles)(column, row)
        assert np.array_equal(found, _box_by_box(boxes, obstacles))
        hits += int(found.sum())
    assert hits > 1000  # the obstacles do reach the spots


def test_a_spot_exactly_clear_pt_from_an_obstacle_is_free():
    """``CLEAR_PT`` of white space is enough: a disc or a box exactly that far from a spot leaves it free; any
    nearer and it is taken — as the box-by-box test says."""
    grid = _Grid(np.array([100.0, 104.0]), np.array([50.0]), 20.0, 6.0)   # boxes 90–110 and 94–114, 47–53
    column, row = np.array([0, 1]), np.array([0, 0])
    boxes = np.array([[90.0, 47.0, 110.0, 53.0], [94.0, 47.0, 114.0, 53.0]])
    for gap in (CLEAR_PT, CLEAR_PT - 0.25):
        disc = Obstacles(np.array([[114.0 + 1.5 + gap, 50.0, 1.5]]), np.zeros((0, 4)))  # right of the second box
        box = Obstacles(np.zeros((0, 3)), np.array([[80.0, 53.0 + gap, 120.0, 60.0]]))   # above both
        for obstacles in (disc, box):
            found = grid.hits(obstacles)(column, row)
            assert np.array_equal(found, _box_by_box(boxes, obstacles))
        assert list(grid.hits(box)(column, row)) == [gap < CLEAR_PT] * 2
        assert list(grid.hits(disc)(column, row)) == [False, gap < CLEAR_PT]
