"""Where a district's name is written on a print map: the free spot nearest its own point, inside it.

Split from export/labels.py (which places the places' labels): a name gives way to every symbol, leader
and label already set (``Obstacles``), keeps its middle and both ends in its district, and is tried at
``NAME_SHRINK`` times its size before it is left out. The web map does the same in the browser
(mapview/label_clearance.py).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from export.label_boxes import page_points, text_measure
from export.labels import CLEAR_PT, DRAWN_WIDTH, FRAME_PAD, Obstacles

NAME_SHRINK = 0.85  # a district name with no free spot at its size tries this much smaller before it is left out
NAME_CHUNK = 96     # district-name spots tried at a time, nearest first
NAME_BANDS = (12.0, 40.0, 120.0, 400.0, 1e9)   # points: how far a district name is searched, band after band


@dataclass(frozen=True)
class NameSpot:
    """Where a name is written, centred: data units, its size, and its box in page points."""

    name: str
    x: float
    y: float
    size: float
    box: tuple[float, float, float, float]


def place_names(ax, names: Sequence[tuple[str, tuple[float, float]]], size: float, obstacles: Obstacles,
                areas: Mapping[str, shapely.Geometry]) -> list[NameSpot]:
    """Where to write each name, for those that fit.

    Each name, in order, takes the free spot nearest its own point: spots on a grid over its area (``areas``,
    data units; a name without one searches round its point), whose box lies in the frame, clear (by
    ``CLEAR_PT``) of ``obstacles`` and of the names set before it, with its middle and both ends in its area.
    With none free it tries ``NAME_SHRINK`` times smaller, then is left out."""
    fig = ax.figure
    to_pt = 72.0 / fig.dpi
    fx0, fy0 = ax.transAxes.transform((0, 0)) * to_pt + FRAME_PAD
    fx1, fy1 = ax.transAxes.transform((1, 1)) * to_pt - FRAME_PAD
    inverse = ax.transData.inverted()
    points = page_points(ax)
    out: list[NameSpot] = []
    for name, (x, y) in names:
        px, py = points((x, y))
        area = areas.get(name)
        if area is not None:
            (ax0, ay0), (ax1, ay1) = points(np.reshape(area.bounds, (2, 2)))
        else:
            ax0, ay0, ax1, ay1 = px - 60, py - 60, px + 60, py + 60
        for s in (size, size * NAME_SHRINK):
            w_pt, h_pt = text_measure(fig, s)(name)
            w_pt *= DRAWN_WIDTH
            span = (max(ax0, fx0) + w_pt / 2, max(ay0, fy0) + h_pt / 2, min(ax1, fx1) - w_pt / 2,
                    min(ay1, fy1) - h_pt / 2)   # where a centre keeps the box in the frame and the area's bounds
            found = _free_spot(px, py, w_pt, h_pt, span, obstacles, area, inverse, to_pt)
            if found is not None:
                cx, cy = found
                dx, dy = inverse.transform((cx / to_pt, cy / to_pt))
                out.append(NameSpot(name, float(dx), float(dy), s,
                                    (cx - w_pt / 2, cy - h_pt / 2, cx + w_pt / 2, cy + h_pt / 2)))
                obstacles = obstacles.plus(boxes=[out[-1].box])
                break
    return out


def _free_spot(px: float, py: float, w_pt: float, h_pt: float, span: tuple[float, float, float, float],
               obstacles: Obstacles, area, inverse, to_pt: float) -> tuple[float, float] | None:
    """The centre (points) nearest (px, py) of a free ``w_pt`` × ``h_pt`` box: on a grid a third of its height
    apart from (px, py), within ``span`` (its centre's range), clear of ``obstacles``, its middle and ends in
    ``area``. Searched in bands of distance (sideways counting less than up or down), nearest first: most names
    find one in the first band, and a big district on an atlas page is not searched whole."""
    step = h_pt / 3
    lo_x, lo_y, hi_x, hi_y = span
    if lo_x > hi_x or lo_y > hi_y:
        return None
    inner = -1.0
    for reach in NAME_BANDS:
        i = np.arange(max(np.ceil((lo_x - px) / step), -np.ceil(reach / step)),
                      min(np.floor((hi_x - px) / step), np.ceil(reach / step)) + 1)
        j = np.arange(max(np.ceil((lo_y - py) / step), -np.ceil(reach / 1.5 / step)),
                      min(np.floor((hi_y - py) / step), np.ceil(reach / 1.5 / step)) + 1)
        grid = _Grid(px + i * step, py + j * step, w_pt, h_pt)
        column, row = np.tile(np.arange(len(i)), len(j)), np.repeat(np.arange(len(j)), len(i))  # meshgrid's, raveled
        cx, cy = grid.xs[column], grid.ys[row]
        metric = np.hypot(cx - px, (cy - py) * 1.5)
        band = (metric > inner) & (metric <= reach)
        inner = reach
        order = np.argsort(metric[band], kind="stable")
        column, row = column[band][order], row[band][order]
        if not len(column):
            continue
        near = obstacles.within(grid.x0[column].min(), grid.y0[row].min(), grid.x1[column].max(), grid.y1[row].max())
        hits = grid.hits(near)
        for lo in range(0, len(column), NAME_CHUNK):
            at = lo + np.nonzero(~hits(column[lo:lo + NAME_CHUNK], row[lo:lo + NAME_CHUNK]))[0]
            if len(at) and area is not None:
                xs, ys = grid.xs[column[at]], grid.ys[row[at]]
                probe = np.concatenate([np.column_stack([xs, ys]), np.column_stack([grid.x0[column[at]] + 1, ys]),
                                        np.column_stack([grid.x1[column[at]] - 1, ys])]) / to_pt
                data = inverse.transform(probe)
                at = at[shapely.contains_xy(area, data[:, 0], data[:, 1]).reshape(3, -1).all(axis=0)]
            if len(at):
                return float(grid.xs[column[at[0]]]), float(grid.ys[row[at[0]]])
        if reach >= np.hypot(max(abs(lo_x - px), abs(hi_x - px)), 1.5 * max(abs(lo_y - py), abs(hi_y - py))):
            break  # the bands so far cover the whole span
    return None


class _Grid:
    """The candidate boxes of one band: every column of centres ``xs`` by every row ``ys``, each box ``w_pt`` by
    ``h_pt``. A box's left and right edges depend on its column only, its bottom and top on its row only: what
    an obstacle does to a column (or a row) is worked out once for the column, not once per box of it."""

    def __init__(self, xs: np.ndarray, ys: np.ndarray, w_pt: float, h_pt: float) -> None:
        self.xs, self.ys = xs, ys
        self.x0, self.x1 = xs - w_pt / 2, xs + w_pt / 2
        self.y0, self.y1 = ys - h_pt / 2, ys + h_pt / 2

    def hits(self, obstacles: Obstacles):
        """A test of which boxes (by column and row index) come within ``CLEAR_PT`` of a disc or box of
        ``obstacles``: the same comparisons, of the same numbers, as testing every box against every obstacle.

        A box is within reach of a disc where the distance from the disc's centre to the box's nearest point is
        under its radius plus ``CLEAR_PT``; that distance is the hypotenuse of the gap across the box's columns and
        the gap across its rows, each computed per column or row. A hypotenuse is never shorter than either side,
        so it is only computed for the pairs where both are short."""
        discs, boxes = obstacles.discs, obstacles.boxes
        reach = discs[:, 2] + CLEAR_PT
        # the gap from each disc's centre to each column's (row's) nearest point: np.clip's own values
        gap_x = discs[:, None, 0] - np.minimum(np.maximum(discs[:, None, 0], self.x0), self.x1)
        gap_y = discs[:, None, 1] - np.minimum(np.maximum(discs[:, None, 1], self.y0), self.y1)
        close_x, close_y = np.abs(gap_x) < reach[:, None], np.abs(gap_y) < reach[:, None]
        over_x = (self.x0 < boxes[:, None, 2] + CLEAR_PT) & (self.x1 > boxes[:, None, 0] - CLEAR_PT)
        over_y = (self.y0 < boxes[:, None, 3] + CLEAR_PT) & (self.y1 > boxes[:, None, 1] - CLEAR_PT)

        def test(column: np.ndarray, row: np.ndarray) -> np.ndarray:
            hit = (over_x[:, column] & over_y[:, row]).any(axis=0)
            disc, box = np.nonzero(close_x[:, column] & close_y[:, row])
            near = np.hypot(gap_x[disc, column[box]], gap_y[disc, row[box]]) < reach[disc]
            hit[box[near]] = True
            return hit
        return test
