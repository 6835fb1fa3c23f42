"""Place-name labels of printed maps: beside their symbol, clear of symbols, lines and each other.

A small cartographic placer (no extra dependency): each label, most important first, tries the
eight positions around its symbol, then the same further out with a thin leader line, and takes
the first free one (cost = overlap with labels placed, symbols and line samples). A label never
crosses the map frame: a spot that would is slid back inside (with a leader line when that takes
it away from its symbol).
Labels of important places (``keep``) are always set, where they overlap least; others are left
out when no free spot exists — "where space allows", as a print layout does.

Text stays text: the white halo is a separate artist under it (path effects on the text itself
would turn it into glyph outlines in PDF and SVG).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib import patheffects

HALO = [patheffects.Stroke(linewidth=2.4, foreground="white")]
LABEL_COLOUR = "#212121"
FRAME_PAD = 3.0   # points kept between a label and the map frame
DRAWN_WIDTH = 1.1  # a label drawn at print dpi runs up to ~7 % wider than measured at 72 dpi (hinting): the frame test
                   # allows for it


def halo_annotate(ax, text: str, xy, **kw):
    """``ax.annotate`` with a white halo drawn under it; returns the (text) annotation."""
    under = dict(kw, color="white", zorder=kw.get("zorder", 6) - 0.01, path_effects=HALO)
    under.pop("arrowprops", None)
    ax.annotate(text, xy, parse_math=False, **under)
    return ax.annotate(text, xy, parse_math=False, **kw)


@dataclass
class Label:
    x: float                 # symbol centre, data units
    y: float
    text: str
    radius_pt: float         # half the symbol's size
    priority: float
    keep: bool = True


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

    w, h, _d = _points_renderer().get_text_width_height_descent(text, FontProperties(size=size), ismath=False)
    return w + 1.0, max(h, size) * 1.15


@lru_cache(maxsize=1)
def _points_renderer():
    from matplotlib.backends.backend_agg import RendererAgg
    return RendererAgg(72, 72, 72)  # 72 dpi: pixels are points


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


def _overlap_sum(box, others: np.ndarray) -> float:
    if not len(others):
        return 0.0
    w = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    h = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    return float(np.sum(np.clip(w, 0, None) * np.clip(h, 0, None)))


def _inside_shift(lo: float, hi: float, frame_lo: float, frame_hi: float) -> float:
    """How far to move the span [lo, hi] so that it lies inside [frame_lo, frame_hi] (left/bottom first when
    it is wider than the frame)."""
    if lo < frame_lo:
        return frame_lo - lo
    if hi > frame_hi:
        return max(frame_hi - hi, frame_lo - lo)
    return 0.0


def _beside_cover(px: float, py: float, w_pt: float, h_pt: float, covers: np.ndarray) -> list[tuple[float, float]]:
    """Spots just outside each kept-clear box (e.g. the locator inset) that covers the symbol at (px, py): the
    label is set beside the box, with a leader line to the symbol, rather than hidden under it."""
    out = []
    for bx0, by0, bx1, by1 in covers:
        if bx0 <= px <= bx1 and by0 <= py <= by1:
            out += [(bx1 + 3 - px, -h_pt / 2), (-w_pt / 2, by0 - 3 - h_pt - py), (bx0 - 3 - w_pt - px, -h_pt / 2),
                    (-w_pt / 2, by1 + 3 - py)]
    return out


def place_labels(ax, labels: list[Label], size: float, *, symbols: np.ndarray, lines: np.ndarray,
                 fixed: np.ndarray | None = None, colour: str = LABEL_COLOUR) -> list[tuple[float, ...]]:
    """Set the labels; returns the page-point boxes used (for tests and further labels)."""
    fig = ax.figure
    to_pt = 72.0 / fig.dpi
    x0, y0 = ax.transAxes.transform((0, 0)) * to_pt
    x1, y1 = ax.transAxes.transform((1, 1)) * to_pt
    placed: list[tuple[float, float, float, float]] = [tuple(b) for b in (fixed if fixed is not None else [])]
    measure = text_measure(fig, size)
    for lab in sorted(labels, key=lambda lab: -lab.priority):
        px, py = ax.transData.transform((lab.x, lab.y)) * to_pt
        if not (x0 <= px <= x1 and y0 <= py <= y1):
            continue
        r = lab.radius_pt + 1.5
        w_pt, h_pt = measure(lab.text)
        spots = []
        for k in (1.0, 2.2, 3.6):
            rr = r * k + (k - 1) * 6
            spots += [(rr, -h_pt / 2), (-rr - w_pt, -h_pt / 2), (-w_pt / 2, rr), (-w_pt / 2, -rr - h_pt),
                      (rr * 0.7, rr * 0.7), (rr * 0.7, -rr * 0.7 - h_pt), (-rr * 0.7 - w_pt, rr * 0.7),
                      (-rr * 0.7 - w_pt, -rr * 0.7 - h_pt)]
        placed_arr = boxes_array(placed)
        spots += _beside_cover(px, py, w_pt, h_pt, boxes_array(fixed if fixed is not None else []))
        best, best_cost = None, None
        for i, (dx, dy) in enumerate(spots):
            # a label never leaves the map frame: a spot across the frame slides back inside it
            sx = _inside_shift(px + dx, px + dx + w_pt * DRAWN_WIDTH, x0 + FRAME_PAD, x1 - FRAME_PAD)
            sy = _inside_shift(py + dy, py + dy + h_pt, y0 + FRAME_PAD, y1 - FRAME_PAD)
            dx, dy = dx + sx, dy + sy
            box = (px + dx, py + dy, px + dx + w_pt, py + dy + h_pt)
            slid = abs(sx) + abs(sy)
            cost = (_overlap_sum(box, placed_arr) + 0.6 * _overlap_sum(box, symbols)
                    + 0.25 * _overlap_sum(box, lines) + slid * h_pt * 0.5)
            if best_cost is None or cost + i * 0.01 < best_cost:
                best, best_cost = (dx, dy, box, i >= 8 or slid > lab.radius_pt), cost + i * 0.01
            if cost < 0.1:
                break
        dx, dy, box, far = best
        if best_cost > 0.02 * w_pt * h_pt and not lab.keep:
            continue  # no room: a minor label stays off rather than covering another
        placed.append(box)
        extra = {}
        if far:
            extra["arrowprops"] = {"arrowstyle": "-", "linewidth": 0.4, "color": "#455a64", "shrinkA": 0,
                                   "shrinkB": lab.radius_pt}
        halo_annotate(ax, lab.text, (lab.x, lab.y), xytext=(dx, dy), textcoords="offset points", fontsize=size,
                      color=colour, zorder=6, ha="left", va="bottom", annotation_clip=True, **extra)
    return placed
