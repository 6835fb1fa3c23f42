"""What a printed label's box or its leader line meets on the page: the lines' names (turned boxes) and the grid.

export.labels asks these for every spot a label tries; each answer is exact geometry, vectorised over the spots.
"""
from __future__ import annotations

import numpy as np

from export.name_clear import segments_meet

LEADER_HALF_PT = 0.2   # half a label's leader line (0.4 pt wide): it keeps export.name_clear's white space off a name
GRID_PT = 1.5       # a leader line whose points lie this near a grid line, most of its length, runs along it unseen


def along_grid(px: float, py: float, ends: np.ndarray, grid: np.ndarray, near: float = GRID_PT) -> np.ndarray:
    """Whether a leader from (px, py) to each of ``ends`` (N×2, page points) runs along one of the ``grid`` segments
    (x0, y0, x1, y1): most of its points (three of five past its symbol) within ``near`` of a grid line, where the
    reader sees a grid line, not a leader."""
    if len(grid) and len(ends):   # only the segments that come near the leaders (the rest are farther than ``near``)
        lo = np.minimum(ends.min(axis=0), (px, py)) - (near + 1.0)
        hi = np.maximum(ends.max(axis=0), (px, py)) + (near + 1.0)
        grid = grid[(np.maximum(grid[:, 0], grid[:, 2]) >= lo[0]) & (np.minimum(grid[:, 0], grid[:, 2]) <= hi[0])
                    & (np.maximum(grid[:, 1], grid[:, 3]) >= lo[1]) & (np.minimum(grid[:, 1], grid[:, 3]) <= hi[1])]
    if not len(grid) or not len(ends):
        return np.zeros(len(ends), dtype=bool)
    t = np.linspace(0.2, 1.0, 5)[None, :, None]
    start = np.array([px, py])[None, None, :]
    pts = start + (ends[:, None, :] - start) * t                       # N×5×2
    # each leader's points against only the grid segments that come near its own box (the others are farther
    # than ``near`` from all its points), pair by pair
    lo, hi = np.minimum(ends, (px, py)) - (near + 1.0), np.maximum(ends, (px, py)) + (near + 1.0)
    leader, seg = np.nonzero((np.maximum(grid[None, :, 0], grid[None, :, 2]) >= lo[:, None, 0])
                             & (np.minimum(grid[None, :, 0], grid[None, :, 2]) <= hi[:, None, 0])
                             & (np.maximum(grid[None, :, 1], grid[None, :, 3]) >= lo[:, None, 1])
                             & (np.minimum(grid[None, :, 1], grid[None, :, 3]) <= hi[:, None, 1]))
    close_at = np.zeros((len(ends), 5), dtype=bool)                    # each point within ``near`` of a grid line
    if len(leader):
        a, b = grid[seg, :2], grid[seg, 2:]
        ab = (b - a)[:, None, :]
        rel = pts[leader] - a[:, None, :]                              # P×5×2
        u = np.clip((rel * ab).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-9), 0.0, 1.0)
        gap = np.hypot(*(rel - u[..., None] * ab).transpose(2, 0, 1))  # P×5
        first = np.flatnonzero(np.r_[True, leader[1:] != leader[:-1]])  # nonzero gives each leader's pairs together
        close_at[leader[first]] = np.logical_or.reduceat(gap <= near, first, axis=0)
    close = close_at.sum(axis=1)
    return (close >= 3) & (np.hypot(ends[:, 0] - px, ends[:, 1] - py) > near * 2)


def over_names(boxes: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Whether each of ``boxes`` (x0, y0, x1, y1) meets one of the ``names`` (rows cx, cy, angle, width, height: a
    line's name turned along it): apart on none of the four axes (the page's and the name's). Exact, where the name's
    row of squares (export.line_names) reached past a turned name's corners and kept labels from the room beside it.
    A name on two rows is one box: a label beside its shorter row would read as part of it."""
    bx, by = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    ex, ey = (boxes[:, 2] - boxes[:, 0])[:, None] / 2, (boxes[:, 3] - boxes[:, 1])[:, None] / 2
    a = np.radians(names[:, 2])[None, :]
    ca, sa = np.abs(np.cos(a)), np.abs(np.sin(a))
    hw, hh = names[None, :, 3] / 2, names[None, :, 4] / 2
    dx, dy = bx[:, None] - names[None, :, 0], by[:, None] - names[None, :, 1]
    du, dv = dx * np.cos(a) + dy * np.sin(a), -dx * np.sin(a) + dy * np.cos(a)
    apart = ((np.abs(dx) >= ex + hw * ca + hh * sa) | (np.abs(dy) >= ey + hw * sa + hh * ca)
             | (np.abs(du) >= hw + ex * ca + ey * sa) | (np.abs(dv) >= hh + ex * sa + ey * ca))
    return (~apart).any(axis=1)


def leader_crossings(px: float, py: float, radius: float, reach: np.ndarray, names: np.ndarray) -> np.ndarray:
    """Whether the leader line to each label box of ``reach`` from the symbol at (px, py) would cross one of the
    ``names`` (rows cx, cy, angle, width, height: the lines' names' turned boxes, export.line_names): drawn as
    matplotlib draws it, from its symbol's edge (``radius`` out) to where it meets the label's box."""
    cx, cy = (reach[:, 0] + reach[:, 2]) / 2, (reach[:, 1] + reach[:, 3]) / 2
    dx, dy = cx - px, cy - py
    length = np.maximum(np.hypot(dx, dy), 1e-9)
    with np.errstate(divide="ignore", invalid="ignore"):   # where the leader meets its label's box (the centre inside)
        tx = np.where(dx > 0, (reach[:, 0] - px) / dx, np.where(dx < 0, (reach[:, 2] - px) / dx, 0.0))
        ty = np.where(dy > 0, (reach[:, 1] - py) / dy, np.where(dy < 0, (reach[:, 3] - py) / dy, 0.0))
    end = np.clip(np.maximum(tx, ty), 0.0, 1.0)
    start = np.minimum(radius / length, end)
    segments = np.column_stack([px + dx * start, py + dy * start, px + dx * end, py + dy * end,
                                np.full(len(reach), LEADER_HALF_PT)])
    a = np.radians(names[:, 2])[:, None]
    meets, _ = segments_meet(names[:, 0], names[:, 1], np.cos(a), np.sin(a), names[:, 3:4] / 2, names[:, 4:5] / 2,
                             segments)
    return meets.any(axis=0)
