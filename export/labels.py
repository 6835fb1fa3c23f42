"""Place-name labels of printed maps: beside their symbol, clear of symbols, lines and each other.

A small cartographic placer (no extra dependency): each label, most important first, tries the
eight positions around its symbol, then the same further out with a thin leader line, and takes
the first free one (cost = overlap with labels placed, symbols and line samples). A label never
crosses the map frame: a spot that would is slid back inside (with a leader line when that takes
it away from its symbol). A symbol displaced off a shared point is labelled on its outer side, away
from the places it shares the point with, nearer its own symbol than any other (else a reader would
give it to the neighbour), with a leader line where that is a near thing.
Labels of important places (``keep``) are set where they overlap least, over symbols and lines if they must
but never over another label or the furniture; others are left out when no free spot exists — "where space
allows", as a print layout does.

District names (:func:`place_names`) come last and give way to everything: each takes the first spot in
its district clear of every symbol as drawn (displaced, at its drawn size, leader lines too), every
label and the frame, a size smaller if it must, and is left out rather than set over anything.

Text stays text: the white halo is a separate artist under it (path effects on the text itself
would turn it into glyph outlines in PDF and SVG).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from matplotlib import patheffects

from export.fast_labels import LabelHalos, annotate
from export.fast_leaders import LeaderLines
from export.label_boxes import boxes_array, near_boxes, overlap_sum, overlap_sums, page_points, text_measure
from export.label_meets import along_grid, leader_crossings, over_names

HALO = [patheffects.Stroke(linewidth=2.4, foreground="white")]
LABEL_COLOUR = "#212121"
FRAME_PAD = 3.0   # points kept between a label and the map frame
DRAWN_WIDTH = 1.1  # a label drawn at print dpi runs up to ~7 % wider than measured at 72 dpi (hinting): the frame test
                   # allows for it
CLEAR_PT = 1.0     # white space kept between a district name and anything drawn
ASSOCIATION_PT = 1.0  # a label this much nearer its own symbol than any other (the text's box is taller than its
                      # glyphs, a square's corners reach past its disc: the margin covers both)
HARD_WEIGHT = 50.0  # the cost of a label over another label or the furniture: a spot only if there is no other
SOFT_WEIGHT = 0.2   # the cost of a label over a district name's spot, against 1 over another label
LEADER_IF_PT = 4.0  # a label less than this much nearer its own symbol than any other gets a leader line to it
RINGS = (1.0, 2.2, 3.6)  # the rings of spots round a symbol, in its radius (plus 6 pt a ring past the first)
SLID_SHARES = (0.85, 0.15)  # a label above or below its symbol slid this share of its width left of it (extra spots)
NARROW_WIDTH, NARROW_HEIGHT = 0.92, 0.88   # and as narrow and low (A3: 'Khu công nghiệp / Gia Lộc III' 63.4 × 19 pt
                                           # drawn, 68 × 21.4 measured)
CLEAR_OWN_PT = 3.0  # how much nearer its own symbol than any other a label at its extra spots must be
ROW_PITCH = 1.25   # a label's second row lies this many of its row's heights below the first


def halo_annotate(ax, text: str, xy, **kw):
    """``ax.annotate`` with a white halo drawn under it; returns the (text) annotation (both are
    export.fast_labels.LabelAnnotation: drawn the same, faster)."""
    under = dict(kw, color="white", zorder=kw.get("zorder", 6) - 0.01, path_effects=HALO)
    under.pop("arrowprops", None)
    annotate(ax, text, xy, parse_math=False, **under)
    return annotate(ax, text, xy, parse_math=False, **kw)


def two_lines(name: str) -> str:
    """The name on two lines: before its bracket, else at the space nearest its middle (after a dash there), the last
    word never alone on its row where there are more ("Ga / Cao Xá", not "Ga Cao / Xá": a proper name stays whole);
    a line's name (export.line_names) and a place's label with no room for it on one line."""
    if " (" in name:
        return name.replace(" (", "\n(", 1)
    spaces = [i for i, c in enumerate(name) if c == " "]
    if not spaces:
        return name
    if len(spaces) >= 2:
        spaces = spaces[:-1]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    if name[cut + 1:cut + 3] == "– ":   # a row never starts with a dash: the break goes after it
        cut += 2
    return name[:cut] + "\n" + name[cut + 1:]


@dataclass
class Label:
    x: float                 # symbol centre, data units
    y: float
    text: str
    radius_pt: float         # half the symbol's size
    priority: float
    keep: bool = True
    symbol: int | None = None  # its own symbol's row in ``place_labels``'s ``symbols``
    outward: tuple[float, float] = (0.0, 0.0)  # where its symbol was displaced to (points): its label goes that way


@dataclass
class Placed:
    """The labels ``place_labels`` set: their page-point boxes, and the leader lines drawn to far ones."""

    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    leaders: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, y0, x1, y1 (points)
    numbered: list[tuple[int, str]] = field(default_factory=list)  # (number, name) of the places drawn by number


@dataclass
class Obstacles:
    """What a district name must not touch, in page points: discs (x, y, radius) and boxes (x0, y0, x1, y1)."""

    discs: np.ndarray
    boxes: np.ndarray

    def within(self, x0: float, y0: float, x1: float, y1: float) -> "Obstacles":
        """Those that reach into the box (x0, y0, x1, y1), ``CLEAR_PT`` included."""
        d, b, m = self.discs, self.boxes, CLEAR_PT
        return Obstacles(d[(d[:, 0] + d[:, 2] + m > x0) & (d[:, 0] - d[:, 2] - m < x1)
                           & (d[:, 1] + d[:, 2] + m > y0) & (d[:, 1] - d[:, 2] - m < y1)],
                         b[(b[:, 2] + m > x0) & (b[:, 0] - m < x1) & (b[:, 3] + m > y0) & (b[:, 1] - m < y1)])

    def plus(self, discs=(), boxes=()) -> "Obstacles":
        return Obstacles(np.concatenate([self.discs, np.asarray(discs, dtype=float).reshape(-1, 3)]),
                         np.concatenate([self.boxes, boxes_array(boxes)]))


def _rows_measure(measure, text: str) -> tuple[float, float]:
    """(width, height) in points of a label on one line or more: its widest row, and each row past the first
    ``ROW_PITCH`` of a row's height lower (matplotlib leads rows 1.2 times the font's line height)."""
    rows = [measure(row) for row in text.split("\n")]
    return max(w for w, _ in rows), rows[0][1] + sum(h for _, h in rows[1:]) * ROW_PITCH


def _as_drawn(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """A label's box (lower left anchored) as wide as its text may be drawn (DRAWN_WIDTH)."""
    return (box[0], box[1], box[0] + (box[2] - box[0]) * DRAWN_WIDTH, box[3])


def _as_drawn_all(boxes: np.ndarray) -> np.ndarray:
    """:func:`_as_drawn` of each row of ``boxes``."""
    out = boxes.copy()
    out[:, 2] = boxes[:, 0] + (boxes[:, 2] - boxes[:, 0]) * DRAWN_WIDTH
    return out


def _as_narrow_all(boxes: np.ndarray) -> np.ndarray:
    """Each of ``boxes`` (lower left anchored) as narrow and low as its text may be drawn: at print resolution a
    label may run ``NARROW_WIDTH`` of its measured width, its rows ``NARROW_HEIGHT`` of their measured height."""
    out = boxes.copy()
    out[:, 2] = boxes[:, 0] + (boxes[:, 2] - boxes[:, 0]) * NARROW_WIDTH
    out[:, 3] = boxes[:, 1] + (boxes[:, 3] - boxes[:, 1]) * NARROW_HEIGHT
    return out


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


def _gaps(box, symbols: np.ndarray, round_: np.ndarray) -> np.ndarray:
    """Distance in points from ``box`` to the edge of each symbol (0 where they meet): a round one (circle,
    diamond) as the disc in its box, a square as its box."""
    cx, cy = (symbols[:, 0] + symbols[:, 2]) / 2, (symbols[:, 1] + symbols[:, 3]) / 2
    nx, ny = np.minimum(np.maximum(cx, box[0]), box[2]), np.minimum(np.maximum(cy, box[1]), box[3])  # np.clip's
    disc = np.maximum(0.0, np.hypot(cx - nx, cy - ny) - (symbols[:, 2] - symbols[:, 0]) / 2)
    dx = np.maximum(0.0, np.maximum(symbols[:, 0] - box[2], box[0] - symbols[:, 2]))
    dy = np.maximum(0.0, np.maximum(symbols[:, 1] - box[3], box[1] - symbols[:, 3]))
    return np.where(round_, disc, np.hypot(dx, dy))


def _misattribution(box, lab: Label, symbols: np.ndarray, round_: np.ndarray, margin: float = ASSOCIATION_PT
                    ) -> float:
    """How much nearer ``box`` lies to another symbol than to its own, with ``margin`` to spare (points; 0 when
    its own is clearly the nearest)."""
    if lab.symbol is None or len(symbols) < 2:
        return 0.0
    gaps = _gaps(box, symbols, round_)
    own = gaps[lab.symbol]
    gaps[lab.symbol] = np.inf
    return float(max(0.0, own + margin - gaps.min()))


def _misattributions(boxes: np.ndarray, lab: Label, symbols: np.ndarray, round_: np.ndarray,
                     margin: float = ASSOCIATION_PT) -> np.ndarray:
    """:func:`_misattribution` of each row of ``boxes`` (the same values)."""
    if lab.symbol is None or len(symbols) < 2:
        return np.zeros(len(boxes))
    cx, cy = (symbols[:, 0] + symbols[:, 2]) / 2, (symbols[:, 1] + symbols[:, 3]) / 2
    b = boxes[:, None, :]
    nx, ny = np.minimum(np.maximum(cx, b[..., 0]), b[..., 2]), np.minimum(np.maximum(cy, b[..., 1]), b[..., 3])
    disc = np.maximum(0.0, np.hypot(cx - nx, cy - ny) - (symbols[:, 2] - symbols[:, 0]) / 2)
    dx = np.maximum(0.0, np.maximum(symbols[:, 0] - b[..., 2], b[..., 0] - symbols[:, 2]))
    dy = np.maximum(0.0, np.maximum(symbols[:, 1] - b[..., 3], b[..., 1] - symbols[:, 3]))
    gaps = np.where(round_, disc, np.hypot(dx, dy))
    own = gaps[:, lab.symbol].copy()
    gaps[:, lab.symbol] = np.inf
    return np.maximum(0.0, own + margin - gaps.min(axis=1))


def _ring(rr: float, w_pt: float, h_pt: float, outward: tuple[float, float]) -> list[tuple[float, float]]:
    """The eight spots at distance ``rr`` round a symbol (offsets of the label's lower left corner); for a
    displaced symbol, those on its outer side first."""
    d = rr * 0.7
    spots = [(rr, -h_pt / 2), (-rr - w_pt, -h_pt / 2), (-w_pt / 2, rr), (-w_pt / 2, -rr - h_pt), (d, d),
             (d, -d - h_pt), (-d - w_pt, d), (-d - w_pt, -d - h_pt)]
    ox, oy = outward
    if ox or oy:  # by how much each spot's direction points the way its symbol was moved (sorted: ties keep order)
        order = sorted(range(8), key=lambda k: -(_RING[k][0] * ox + _RING[k][1] * oy) / _RING_NORM[k])
        return [spots[k] for k in order]
    return spots


def _slid(rr: float, w_pt: float, h_pt: float) -> list[tuple[float, float]]:
    """The spots above and below a symbol at distance ``rr`` with the label slid along its side, mostly to the left
    or mostly to the right of the symbol: a label that finds no room at its ring's spots tries them before it is
    numbered (with a leader line); they fit between a line's name and another label where neither the centred
    nor the diagonal spot does."""
    return [(-w_pt * share, dy) for dy in (-rr - h_pt, rr) for share in SLID_SHARES]


_RING = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1))  # the directions of _ring's spots
_RING_NORM = tuple(np.hypot(*direction) for direction in _RING)


def _off_grid(px: float, py: float, tried: list[tuple[float, float, float]], w_pt: float, h_pt: float, radius: float,
              grid: np.ndarray, frame: tuple[float, float, float, float]) -> list[tuple[float, float, float]]:
    """The spots (dx, dy, slid) whose leader line would run along a grid line moved a third of the label's width
    across the leader, to the first side where it does not (still inside the frame): the leader then crosses the
    grid at an angle and is seen as a leader."""
    ends = np.array([(px + dx + w_pt / 2, py + dy + h_pt / 2) for dx, dy, _ in tried])
    # only a spot with a leader can hide it in the grid: the others are not measured (each spot's answer is its own)
    leads = np.flatnonzero([k >= 8 or slid > radius for k, (_, _, slid) in enumerate(tried)])
    out = list(tried)
    for k in leads[along_grid(px, py, ends[leads], grid)]:
        dx, dy, slid = tried[k]
        d = ends[k] - (px, py)
        n = np.array([-d[1], d[0]]) / max(float(np.hypot(*d)), 1e-9) * w_pt / 3
        for sign in (1.0, -1.0):
            nx, ny = dx + n[0] * sign, dy + n[1] * sign
            sx = _inside_shift(px + nx, px + nx + w_pt * DRAWN_WIDTH, frame[0] + FRAME_PAD, frame[2] - FRAME_PAD)
            sy = _inside_shift(py + ny, py + ny + h_pt, frame[1] + FRAME_PAD, frame[3] - FRAME_PAD)
            end = np.array([[px + nx + sx + w_pt / 2, py + ny + sy + h_pt / 2]])
            if not along_grid(px, py, end, grid)[0]:
                out[k] = (nx + sx, ny + sy, slid + abs(sx) + abs(sy))
                break
    return out


def _first_best(costs: np.ndarray) -> tuple[int, float]:
    """The spot a label takes and its score: the spots are tried in order, each scored its cost plus 0.01 a place
    down the list, until one costs under 0.1; the best scored of those tried (the first of equals) wins."""
    scores = costs + np.arange(len(costs)) * 0.01
    free = np.flatnonzero(costs < 0.1)
    tried = scores[: free[0] + 1] if len(free) else scores
    best = int(np.argmin(tried))
    return best, float(tried[best])


class _Rows:
    """Boxes (page points) that grow one at a time, as an array: each label is tested against those set before it,
    and an array is not rebuilt from a list of tuples for every label."""

    def __init__(self, first: np.ndarray, more: int) -> None:
        self._rows = np.empty((len(first) + more, 4))
        self._rows[: len(first)] = first
        self._count = len(first)

    def add(self, box: tuple[float, float, float, float]) -> None:
        self._rows[self._count] = box
        self._count += 1

    def array(self) -> np.ndarray:
        return self._rows[: self._count]


def place_labels(ax, labels: list[Label], size: float, *, symbols: np.ndarray, lines: np.ndarray,
                 fixed: np.ndarray | None = None, soft: np.ndarray | None = None,
                 round_symbols: np.ndarray | None = None, colour: str = LABEL_COLOUR,
                 number_missing: bool = False, grid: np.ndarray | None = None,
                 numbers_known: Callable[[list[tuple[int, str]]], None] | None = None,
                 names: np.ndarray | None = None, name_rows: np.ndarray | None = None) -> Placed:
    """Set the labels clear of ``symbols``, ``lines``, the ``fixed`` boxes (page points) and the lines' ``names`` (rows
    cx, cy, angle, width, height: their turned boxes, set first), their leader lines clear of the names' rows of text
    (``name_rows``, the same way: a leader under a name is not seen), and of the ``soft``
    ones where that costs little (district names, which move off a label); returns the boxes used and the
    leader lines drawn (for the district names that come after, and for tests). ``symbols`` are the drawn
    symbols' boxes; ``round_symbols`` says which are discs in their box (default: none). ``number_missing``: a label
    that finds no room is drawn as a number instead (``Placed.numbered`` keys it), so every place is identified.
    ``grid``: the graticule's segments (page points); a spot whose leader line would run along one moves aside
    (walk 16, finding 12: "Ga Bình Giang"'s leader was hidden in a meridian). ``numbers_known(numbered)`` is called
    once the places drawn by number are known, before their numbers are placed (a page whose legend will not hold
    their key stops there: export.snapshot)."""
    round_ = np.zeros(len(symbols), dtype=bool) if round_symbols is None else np.asarray(round_symbols, dtype=bool)
    fig = ax.figure
    to_pt = 72.0 / fig.dpi
    x0, y0 = ax.transAxes.transform((0, 0)) * to_pt
    x1, y1 = ax.transAxes.transform((1, 1)) * to_pt
    fixed_arr = boxes_array(fixed if fixed is not None else [])
    placed = _Rows(fixed_arr, len(labels))  # the furniture, then each label set
    drawn = _Rows(fixed_arr, len(labels))  # the same, each label's box as wide as it may be drawn: no letters meet
    soft_arr = boxes_array(soft if soft is not None else [])
    names_arr = np.asarray(names, dtype=float).reshape(-1, 5) if names is not None and len(names) else None
    rows_arr = np.asarray(name_rows if name_rows is not None else names, dtype=float).reshape(-1, 5) \
        if names_arr is not None else None
    grid_arr = boxes_array(grid if grid is not None else [])
    out = Placed()
    measure = text_measure(fig, size)
    points = page_points(ax)   # the limits stay put while the labels are set
    leaders: LeaderLines | None = None   # every leader line of these labels, drawn at once (made on the first)
    halos: LabelHalos | None = None      # and every halo
    def attempt(lab: Label, force: bool = False, more: bool = False) -> bool:
        """Set ``lab`` at its best spot; False if there is none free (``force``: at its best spot anyway; ``more``:
        the spots slid along its symbol's sides tried too, and only a spot plainly its symbol's taken)."""
        nonlocal leaders, halos
        px, py = points((lab.x, lab.y))
        r = lab.radius_pt + 1.5
        w_pt, h_pt = _rows_measure(measure, lab.text)
        displaced = bool(lab.outward[0] or lab.outward[1])
        spots = []
        for k in RINGS:
            spots += _ring(r * k + (k - 1) * 6, w_pt, h_pt, lab.outward)
        spots += _beside_cover(px, py, w_pt, h_pt, fixed_arr)
        if more:
            spots += [spot for k in RINGS for spot in _slid(r * k + (k - 1) * 6, w_pt, h_pt)]
        tried = []
        for dx, dy in spots:
            # a label never leaves the map frame: a spot across the frame slides back inside it
            sx = _inside_shift(px + dx, px + dx + w_pt * DRAWN_WIDTH, x0 + FRAME_PAD, x1 - FRAME_PAD)
            sy = _inside_shift(py + dy, py + dy + h_pt, y0 + FRAME_PAD, y1 - FRAME_PAD)
            tried.append((dx + sx, dy + sy, abs(sx) + abs(sy)))
        if len(grid_arr):   # a leader that would run along a grid line is not seen: its label moves aside
            tried = _off_grid(px, py, tried, w_pt, h_pt, lab.radius_pt, grid_arr, (x0, y0, x1, y1))
        # what the spots can touch, each with its weight: labels placed, symbols, line samples, district names
        reach = boxes_array([(px + dx, py + dy, px + dx + w_pt, py + dy + h_pt) for dx, dy, _ in tried])
        near, weight = near_boxes([placed.array(), symbols, lines, soft_arr], (1.0, 0.6, 0.25, SOFT_WEIGHT),
                             (reach[:, 0].min(), reach[:, 1].min(), reach[:, 2].max(), reach[:, 3].max()))
        # the labels set and the furniture: letters over letters are never read, important place or not
        hard, _ = near_boxes([drawn.array()], (1.0,),
                        (reach[:, 0].min(), reach[:, 1].min(), reach[:, 2].max() + w_pt, reach[:, 3].max()))
        # every spot's cost at once (the same sums, spot by spot, as one array operation each)
        overs = overlap_sums(_as_drawn_all(reach), hard)
        if names_arr is not None:   # over a line's name, or its leader line across one: as taken as over a label
            leads = np.array([k >= 8 or slid > lab.radius_pt for k, (_, _, slid) in enumerate(tried)], dtype=bool)
            overs = overs + (over_names(_as_drawn_all(reach), names_arr)
                             | (leads & leader_crossings(px, py, lab.radius_pt, reach, rows_arr))) * w_pt * h_pt
        costs = overlap_sums(reach, near, weight) + np.array([slid for _, _, slid in tried]) * h_pt * 0.5 \
            + overs * HARD_WEIGHT
        # a displaced symbol's label nearer another symbol than its own (the places it shares the point
        # with are right beside it): a reader would give it to that one
        wrongs = _misattributions(reach, lab, symbols, round_) if displaced else np.zeros(len(tried))
        costs = np.where(wrongs != 0, costs + (0.5 * w_pt * h_pt + wrongs * h_pt * 2), costs)
        # at its extra spots (``more``) a label is set only plainly nearer its own symbol than any other: over a
        # neighbour, corner to corner with its own, Thị trấn Phú Thái read as Xã Cộng Hòa's (A4 portrait)
        unclear = ((_misattributions(reach, lab, symbols, round_, CLEAR_OWN_PT) > 0)
                   | (_misattributions(_as_narrow_all(reach), lab, symbols, round_, CLEAR_OWN_PT) > 0) if more
                   else np.zeros(len(tried), dtype=bool))
        costs = np.where(unclear, costs + w_pt * h_pt * HARD_WEIGHT, costs)
        i, best_cost = _first_best(costs)
        dx, dy, slid = tried[i]
        box = (px + dx, py + dy, px + dx + w_pt, py + dy + h_pt)
        best_hard, far = float(overs[i]), i >= 8 or slid > lab.radius_pt
        # not plainly nearer its own symbol than any other (measured and drawn text differ a little): a leader
        far = far or (displaced and _misattribution(box, lab, symbols, round_, LEADER_IF_PT) > 0)
        if not force:
            # no room: a minor label stays off rather than covering another (a district name is no reason: it moves)
            if best_cost - SOFT_WEIGHT * overlap_sum(box, soft_arr) > 0.02 * w_pt * h_pt and not lab.keep:
                return False
            if best_hard > 0.0:  # every spot is over a label or the furniture: an important place's label too stays off
                return False
            if displaced and _misattribution(box, lab, symbols, round_, -1.0) > 0:  # the free spot is another's
                return False
            if unclear[i]:
                return False
        placed.add(box)
        drawn.add(_as_drawn(box))
        out.boxes.append(box)
        extra = {}
        if far:
            extra["arrowprops"] = {"arrowstyle": "-", "linewidth": 0.4, "color": "#455a64", "shrinkA": 0,
                                   "shrinkB": lab.radius_pt}
            out.leaders.append((px, py, (box[0] + box[2]) / 2, (box[1] + box[3]) / 2))
        if "\n" in lab.text:   # rows left of the symbol end at its side, rows right of it start there
            extra["multialignment"] = "right" if box[2] <= px else "left"
        note = annotate(ax, lab.text, (lab.x, lab.y), xytext=(dx, dy), textcoords="offset points", fontsize=size,
                        color=colour, zorder=6, ha="left", va="bottom", annotation_clip=True, parse_math=False,
                        **extra)
        if halos is None:  # as halo_annotate draws them, from the labels themselves
            halos = LabelHalos(zorder=6 - 0.01, effects=HALO)
            ax.add_artist(halos)
        if far:
            if leaders is None:
                leaders = LeaderLines(zorder=6 - 0.005)   # over the halos, under the texts
                ax.add_artist(leaders)
            leaders.add(note)
        halos.add(note)
        return True

    missed = []
    for lab in sorted(labels, key=lambda lab: -lab.priority):
        px, py = points((lab.x, lab.y))
        if not (x0 <= px <= x1 and y0 <= py <= y1):
            continue
        # no room at its usual spots: where it would be numbered, the spots slid along its symbol's sides, then its
        # name on two rows, half as wide (Thị trấn Phú Thái's room on the A4 landscape print, between the Hà Nội – Hải
        # Phòng railway's name and the labels to its west, is narrower than its name on one row); the lesser places'
        # labels, set after it, keep off it
        if not attempt(lab) and number_missing and not attempt(lab, more=True) and not (
                " " in lab.text and attempt(replace(lab, text=two_lines(lab.text)), more=True)):
            missed.append(lab)
    # a place whose name finds no room gets a number, keyed in the legend ("Chú dẫn số"): numbered from the
    # north-west, row by row, so the key reads as the map does
    band = 6 * size   # rows of this height, top to bottom, each west to east
    missed.sort(key=lambda lab: (-int(points((lab.x, lab.y))[1] // band), lab.x))
    out.numbered = [(n, lab.text) for n, lab in enumerate(missed, start=1)]
    if numbers_known is not None:
        numbers_known(out.numbered)
    for n, lab in enumerate(missed, start=1):
        number = Label(lab.x, lab.y, str(n), lab.radius_pt, lab.priority, keep=True, symbol=lab.symbol,
                       outward=lab.outward)
        if not attempt(number):
            attempt(number, force=True)   # a number is drawn even where it touches another: the place is identified
    return out
