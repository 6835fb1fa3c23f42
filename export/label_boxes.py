"""The boxes every placer of a printed map's text works with, in page points: text measured as the page will set
it, a line as small boxes along it, a line as discs, and the area a box shares with others.

Out of export.labels (the place labels' placer), because three placers share them: the place labels, the lines'
names (export.line_names) and the district names (export.name_spots, export.base_layer); each then imports what
it measures with, not the others' placer.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import matplotlib
import numpy as np


def segment_discs(segments: Sequence[tuple[float, float, float, float]], half_width: float,
                  step: float = 1.5) -> np.ndarray:
    """Discs of radius ``half_width`` every ``step`` points along each segment (x0, y0, x1, y1): a line as
    obstacles."""
    out = []
    for x0, y0, x1, y1 in segments:
        n = max(1, int(np.hypot(x1 - x0, y1 - y0) / step))
        t = np.linspace(0.0, 1.0, n + 1)
        out.append(np.column_stack([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, np.full(n + 1, half_width)]))
    return np.concatenate(out) if out else np.zeros((0, 3))


def text_measure(fig, size: float):
    """(width, height) in points of a label at ``size``, measured by the figure's own renderer."""
    from matplotlib.font_manager import FontProperties

    from export.fast_text import font_files

    files = font_files(FontProperties(size=size))
    hinting = str(matplotlib.rcParams["text.hinting"])

    def measure(text: str) -> tuple[float, float]:
        return _extent(text, size, files, hinting)
    return measure


@lru_cache(maxsize=20000)
def _extent(text: str, size: float, files: tuple, hinting: str) -> tuple[float, float]:
    """Agg's extent of ``text`` (keyed on the font files and hinting it is measured with)."""
    from matplotlib.font_manager import FontProperties

    w, h, _d = points_renderer().get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
    return w + 1.0, max(h, size) * 1.15


@lru_cache(maxsize=1)
def points_renderer():
    from matplotlib.backends.backend_agg import RendererAgg
    return RendererAgg(72, 72, 72)  # 72 dpi: pixels are points


def page_points(ax):
    """A function of data coordinates (a point, or N×2) to page points on ``ax``, as ``ax.transData.transform(xy) *
    72 / dpi`` gives them, for as long as the axes' limits and position stay put (a placer's run).

    matplotlib composes ``transData``'s matrix anew (a dozen transform objects) on every call; the placers call it
    for every label, symbol and name. On linear axes ``transData`` is that matrix alone, so applying the matrix
    taken once is the same arithmetic, to the last bit."""
    to_pt = 72.0 / ax.figure.dpi
    trans = ax.transData
    if not trans.is_affine:   # a non-linear scale: the whole transform, each time
        return lambda xy: trans.transform(xy) * to_pt
    affine = trans.get_affine()
    return lambda xy: affine.transform(xy) * to_pt


def boxes_array(boxes) -> np.ndarray:
    return np.asarray(list(boxes), dtype=float).reshape(-1, 4)


def line_samples(ax, lines, step_pt: float = 6.0, half_pt: float = 2.0) -> np.ndarray:
    """Small boxes (page points) along every drawn line, so labels keep off them."""
    to_pt = 72.0 / ax.figure.dpi
    out = []
    for xy in lines:
        p = ax.transData.transform(np.asarray(xy)[:, :2]) * to_pt
        for a, b in zip(p[:-1], p[1:]):
            n = max(1, int(np.hypot(*(b - a)) / step_pt))
            t = np.linspace(0, 1, n + 1)[:, None]
            s = a + (b - a) * t
            out.append(np.column_stack([s[:, 0] - half_pt, s[:, 1] - half_pt, s[:, 0] + half_pt, s[:, 1] + half_pt]))
    return np.concatenate(out) if out else np.zeros((0, 4))


def overlap_sum(box, others: np.ndarray, weight: np.ndarray | None = None) -> float:
    """The area ``box`` shares with ``others`` (each area times its ``weight``, when given)."""
    if not len(others):
        return 0.0
    w = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    h = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    area = np.maximum(w, 0) * np.maximum(h, 0)  # np.clip(w, 0, None)'s values, without its Python wrapper
    return float(np.sum(area if weight is None else area * weight))


def overlap_sums(boxes: np.ndarray, others: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """:func:`overlap_sum` of each row of ``boxes`` (the same values: the same operations, each row summed as
    one array)."""
    if not len(others):
        return np.zeros(len(boxes))
    w = np.minimum(boxes[:, None, 2], others[None, :, 2]) - np.maximum(boxes[:, None, 0], others[None, :, 0])
    h = np.minimum(boxes[:, None, 3], others[None, :, 3]) - np.maximum(boxes[:, None, 1], others[None, :, 1])
    area = np.maximum(w, 0) * np.maximum(h, 0)
    return np.sum(area if weight is None else area * weight, axis=1)


def near_boxes(kinds: list[np.ndarray], weights: tuple[float, ...], region: tuple[float, float, float, float]
          ) -> tuple[np.ndarray, np.ndarray]:
    """The boxes of each kind that reach into ``region``, in one array, with their kind's weight: a label's
    spots are tested against a handful of boxes, not every line sample of the map."""
    x0, y0, x1, y1 = region
    boxes, weight = [], []
    for kind, w in zip(kinds, weights):
        keep = kind[(kind[:, 2] > x0) & (kind[:, 0] < x1) & (kind[:, 3] > y0) & (kind[:, 1] < y1)]
        boxes.append(keep)
        weight.append(np.full(len(keep), w))
    return np.concatenate(boxes), np.concatenate(weight)
