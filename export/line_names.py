"""The lines of a printed map (railways, Ring Road V) named as a QGIS print layout names them (walk 16, finding 9).

On paper colour means urban class or status, so the lines cannot be told apart by colour: the existing Hà Nội–Hải
Phòng line and the new standard-gauge one are drawn alike. Each line is therefore named on the map, its name set
parallel to it along a straight-enough stretch inside the frame, beside the line (its dashes stay visible), in a
white halo and clear of the symbols, the furniture and the other lines' names; and the legend gives each line its
own entry, drawn in the line's own style, named as on the map. The name comes from the data (``name``, or
``name_en`` on an English page), without the "section through the province" qualifier the map itself shows.

What a name may not do (export.name_clear): go under 7 pt, touch a point symbol, leave the frame, or lie over the
furniture or another name: never. Cross another line: only where it must. Its placings are tried in this order, the
first that finds a spot wins: the whole name clear of the other lines, then its short forms (no bracket, then no
generic "Đường sắt"/"railway"), beside the line and then a little off it; only then across the other lines, the
fewest and the shortest length of them under it. A line left unnamed could not be told from the railways drawn like it.

A rotated name is, for the point labels and the district names that come after it, a row of small squares along
its centre line (:attr:`LineName.boxes`): the label placer's own boxes (export.labels), so no second placer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from export.label_boxes import boxes_array, page_points, text_measure
from export.labels import DRAWN_WIDTH, FRAME_PAD, HALO, LABEL_COLOUR, two_lines
from export.legend_layout import PRINT_MIN_PT
from export.name_clear import crossings, keeps_clear, line_segments
from export.symbols import PX_TO_PT, TextEntry
from layers.base import LegendEntry, Style
from layers.registry import get_layer

# the section qualifier ("đoạn qua Hải Dương", "Hải Dương section"): the map shows where the line runs
_SECTION = [re.compile(p) for p in (r"\s*[—–]\s*đoạn qua[^()]*$", r",\s*đoạn qua[^()]*(?=\))", r"\s*\(đoạn qua[^()]*\)",
                                     r"\s*[—–]\s*[^—–()]*\bsection$", r",\s*[^,()]*\bsection(?=\))",
                                     r"\s*\([^()]*\bsection\)")]
STEP_PT = 4.0          # candidate stretches start this far apart along a line
BEND_PT = 2.5          # a stretch is straight enough when the line strays at most this far from its chord
BEND_SHARE = 0.04      # or this share of the name's length, when that is more
TWO_LINES = 0.15       # the cost of a name set on two lines rather than one
SHORT_COST = 0.4       # the cost of a name set without its bracketed qualifier
BARE_COST = 0.7        # and without its generic word
_GENERIC = re.compile(r"^Đường sắt\s+|\s+railway$")
SHARES = (1.0, 0.7, 0.45, 0.3)  # a line too short or bent for its whole name: the name centred on a shorter stretch
SMALLER, SMALLER_COST = 0.85, 0.3   # a name that meets a symbol at every stretch: a size smaller, if that clears it
MIN_PT = PRINT_MIN_PT  # a name is read on paper as the legend is: never smaller (the atlas's 7 pt names are not shrunk)
_SIDE_COST = {1.0: 0.0, -1.0: 0.05, 0.0: 0.15}   # above the line reads as a map does; on it (its dashes hidden) last
_SIDE_SIGN = np.array([1.0, -1.0, 1.0])           # above, below, on: which way off the line (on: its mean offset)
_SIDE_COSTS = np.array([_SIDE_COST[1.0], _SIDE_COST[-1.0], _SIDE_COST[0.0]])
GAP_PT = 1.2           # white space between a line and its name
END_COST = 0.1         # a name longer than its stretch set from the stretch's end rather than centred on it
FRAME_NEAR = 6.0       # points past the frame a line's segment may still reach a name by (its width, the white space)
FAR_COST = 0.1         # per point a name is set farther off its line than GAP_PT, to keep clear of a symbol
CLEAR_GAPS = (GAP_PT, GAP_PT + 4.0)            # white space to the line of each search clear of the other lines, in turn
CROSS_GAPS = (GAP_PT, GAP_PT + 4.0, GAP_PT + 9.0)   # and of each across them
CROSS_COST, CROSS_LENGTH = 2.0, 4.0   # a name that has to cross another line: per line crossed, per its length under the name (share of the name's length)
LINE_WEIGHTS = (200.0, 5.0, 0.5)   # cost of a name over a symbol, another line's sample, a district name's spot (per its area)


def line_name(props: dict, lang: str) -> str:
    """The name a line is labelled with, on the map and in the legend: the data's, section qualifier dropped."""
    name = props.get("name_en") if lang == "en" and props.get("name_en") else props.get("name")
    name = " ".join(str(name or "").split())
    for pattern in _SECTION:
        name = pattern.sub("", name)
    return name.strip()


def short_forms(name: str) -> list[tuple[float, str]]:
    """(cost, text) of the forms a line may be named by on the map, in order: its name; where no stretch holds that,
    without its bracketed qualifier ("(tuyến hiện có)"); last, without the generic word too ("Đường sắt", "railway":
    the legend's heading says it): the legend, which gives the whole name, says which line it is."""
    short = re.sub(r"\s*\([^()]*\)$", "", name).strip()
    bare = _GENERIC.sub("", short).strip()
    out = [(0.0, name)]
    for cost, form in ((SHORT_COST, short), (BARE_COST, bare)):
        if form and form not in [f for _, f in out]:
            out.append((cost, form))
    return out


def lines_in_view(scene) -> list[tuple[str, str, Style]]:
    """(layer id, name, style as drawn) of every line on the page, in the layers' order, each name once."""
    out, seen = [], set()
    for layer_id in scene.frames:
        spec = get_layer(layer_id)
        for props in scene.rows_in_view(layer_id):
            geom = props.get("geometry")
            if geom is None or "Line" not in geom.geom_type:
                continue
            name = line_name(props, scene.lang)
            if name and name not in seen:
                seen.add(name)
                out.append((layer_id, name, spec.style_of(props, scene.ctx)))
    return out


def line_sections(sections: list[tuple[str, list[LegendEntry]]], scene) -> list[tuple[str, list[LegendEntry]]]:
    """The legend with each line its own entry: a layer's line entry (e.g. "Đường sắt — hướng tuyến sơ đồ") gives
    way to one entry per line drawn like it, in that line's style and named as on the map, and stays as the note
    under them that says what the pattern means."""
    titles = {get_layer(layer_id).title(scene.lang): layer_id for layer_id in scene.frames}
    lines = lines_in_view(scene)
    out = []
    for heading, entries in sections:
        layer_id = titles.get(heading)
        mine = [(name, style) for lid, name, style in lines if lid == layer_id]
        if not mine:
            out.append((heading, entries))
            continue
        new: list[LegendEntry] = []
        for entry in entries:
            if entry.shape != "line":
                new.append(entry)
                continue
            alike = [(name, style) for name, style in mine if bool(style.dash) == bool(entry.style.dash)]
            new += [LegendEntry(name, style, "line") for name, style in alike]
            new.append(TextEntry(entry.label, Style("#546e7a"), "text") if alike else entry)
        out.append((heading, new))
    return out


@dataclass
class LineName:
    """A line's name as set: its centre (page points), angle (degrees), text and the squares it covers."""

    text: str
    x: float
    y: float
    angle: float
    width: float
    height: float
    boxes: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    row_widths: tuple[float, ...] = ()   # each row's width (points), rows centred on each other

    def rows(self) -> list[tuple[float, float, float, float, float]]:
        """Each row's turned box (cx, cy, angle, width, height; page points): a name on two rows leaves the corners
        beside its shorter row empty (a leader line through them runs past it, not under it)."""
        widths = self.row_widths or (self.width,)
        h = self.height / len(widths)
        a = np.radians(self.angle)
        v = np.array([-np.sin(a), np.cos(a)])
        out = []
        for i, width in enumerate(widths):
            cx, cy = np.array([self.x, self.y]) + v * (self.height / 2 - h * (i + 0.5))
            out.append((float(cx), float(cy), self.angle, width, h))
        return out

    def corners(self) -> np.ndarray:
        """The four corners of the name's rotated box (page points)."""
        a = np.radians(self.angle)
        u, v = np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])
        hw, hh = self.width / 2, self.height / 2
        c = np.array([self.x, self.y])
        return np.array([c - u * hw - v * hh, c + u * hw - v * hh, c + u * hw + v * hh, c - u * hw + v * hh])


def _squares(cx: np.ndarray, cy: np.ndarray, angle: np.ndarray, width: float, height: float) -> np.ndarray:
    """Squares as tall as the text, every half height along its centre line: a rotated box as upright boxes; for
    each of the names centred at (``cx``, ``cy``) turned ``angle`` (K values each), K×n×4."""
    a = np.radians(angle)
    n = max(2, int(np.ceil(width / (height / 2))) + 1)
    t = np.linspace(-(width - height) / 2, (width - height) / 2, n)[None, :]
    xs, ys, h = cx[:, None] + t * np.cos(a)[:, None], cy[:, None] + t * np.sin(a)[:, None], height / 2
    return np.stack([xs - h, ys - h, xs + h, ys + h], axis=-1)


def _covered(squares: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The area each name's squares (K×n×4) share with ``others`` (M×4), for all K names at once: the same sums as
    export.label_boxes.overlap_sums of each name's squares, summed.

    Each square's areas are summed over only the others that reach the box round its name's squares (the rest
    share nothing with it); a square that meets one or two of them has their sum in any order, and the few that
    meet more are summed over every one of ``others`` as overlap_sums sums them, so each square has the same sum
    to the last bit; the name's is then its squares' sum, as before."""
    count, n = squares.shape[:2]
    if not len(others) or not count:
        return np.zeros(count)
    lo, hi = squares[:, :, :2].min(axis=1), squares[:, :, 2:].max(axis=1)
    name, other = np.nonzero((np.minimum(hi[:, None, 0], others[None, :, 2]) > np.maximum(lo[:, None, 0], others[None, :, 0]))
                             & (np.minimum(hi[:, None, 1], others[None, :, 3]) > np.maximum(lo[:, None, 1], others[None, :, 1])))
    rows = np.zeros((count, n))
    if len(name):
        area = _areas(squares[name], others[other][:, None, :])          # pairs × n, name by name
        first = np.flatnonzero(np.r_[True, name[1:] != name[:-1]])
        rows[name[first]] = np.add.reduceat(area, first, axis=0)
        crowded = np.add.reduceat((area > 0).astype(np.int64), first, axis=0) > 2   # squares meeting three or more
        if crowded.any():
            which, square = np.nonzero(crowded)
            k = name[first][which]
            rows[k, square] = _areas(squares[k, square][:, None, :], others[None, :, :]).sum(axis=1)
    return rows.sum(axis=1)


def _areas(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """The area each of ``boxes`` shares with each of ``others`` (broadcast against each other, boxes in the last
    axis): export.label_boxes.overlap_sums' operations."""
    w = np.minimum(boxes[..., 2], others[..., 2]) - np.maximum(boxes[..., 0], others[..., 0])
    h = np.minimum(boxes[..., 3], others[..., 3]) - np.maximum(boxes[..., 1], others[..., 1])
    return np.maximum(w, 0) * np.maximum(h, 0)


def _dense(p: np.ndarray, step: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Points every ``step`` along the polyline ``p`` (page points) and their distance along it."""
    seg = np.hypot(*np.diff(p, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    if s[-1] <= 0:
        return p[:1], s[:1]
    t = np.arange(0.0, s[-1] + step / 2, step)
    return np.column_stack([np.interp(t, s, p[:, 0]), np.interp(t, s, p[:, 1])]), t


def _candidates(dense: tuple[np.ndarray, np.ndarray], width: float, height: float, half_line: float, frame,
                share: float = 1.0, gap: float = GAP_PT) -> np.ndarray:
    """(cost, cx, cy, angle) of each straight-enough stretch ``share`` of ``width`` long, the name (centred on it)
    beside the line on either side, wholly inside ``frame`` (x0, y0, x1, y1): one row each, stretch by stretch along
    the line, each above it, below it, on it. ``dense`` is the part as :func:`_dense` samples it (page points),
    once per part for all its tries. Every stretch is measured at once (numpy's own operations, so the same values
    as stretch by stretch)."""
    pts, s = dense
    along = width * share
    span = int(np.ceil(along / 2.0))
    x0, y0, x1, y1 = frame
    # a name comes within ``within`` of both ends of its stretch (it is set beside a straight-enough stretch and is
    # at least as long): a stretch with an end farther than that outside the frame has no name inside it. On an atlas
    # page the frame holds a few kilometres of a line that runs across the province: its other stretches go untried.
    within = max(BEND_PT, BEND_SHARE * along) + half_line + gap + height + 2.0
    near = (pts[:, 0] >= x0 - within) & (pts[:, 0] <= x1 + within) & (pts[:, 1] >= y0 - within) \
        & (pts[:, 1] <= y1 + within)
    starts = np.arange(0, max(0, len(pts) - span), max(1, int(STEP_PT / 2.0)))
    starts = starts[near[starts] & near[starts + span]]
    if s[-1] < along or not len(starts):
        return np.zeros((0, 4))
    a, b = pts[starts], pts[starts + span]
    chord = b - a
    length = np.hypot(chord[:, 0], chord[:, 1])
    long_enough = ~(length < along * 0.97)
    starts, a, b, u = starts[long_enough], a[long_enough], b[long_enough], chord[long_enough] / length[long_enough, None]
    u = np.where(((u[:, 0] < 0) | ((u[:, 0] == 0) & (u[:, 1] < 0)))[:, None], -u, u)   # text reads left to right
    v = np.column_stack([-u[:, 1], u[:, 0]])
    stretch = sliding_window_view(pts, span + 1, axis=0)[starts].transpose(0, 2, 1)   # each stretch's points
    dev = np.matmul(stretch - a[:, None, :], v[:, :, None])[..., 0]   # how far each strays across its chord
    hi, lo = dev.max(axis=1), dev.min(axis=1)
    straight = ~(hi - lo > max(BEND_PT, BEND_SHARE * along))
    u, v, a, b, dev, hi, lo = (x[straight] for x in (u, v, a, b, dev, hi, lo))
    angle = np.degrees(np.arctan2(u[:, 1], u[:, 0]))
    mid = (a + b) / 2
    # above the line, below it, on it (its dashes hidden under the halo)
    off = np.column_stack([hi + half_line + gap + height / 2, -lo + half_line + gap + height / 2, dev.mean(axis=1)])
    c = mid[:, None, :] + v[:, None, :] * _SIDE_SIGN[None, :, None] * off[:, :, None]
    side_costs = _SIDE_COSTS
    if share < 1.0:   # a name longer than its stretch: centred on it, or from its start or its end on (off a line's end)
        ends = [c + u[:, None, :] * (sign * (width - along) / 2) for sign in (-1.0, 1.0)]
        c, side_costs = np.concatenate([c, *ends], axis=1), np.concatenate([_SIDE_COSTS] + [_SIDE_COSTS + END_COST] * 2)
    cx, cy = c[..., 0], c[..., 1]
    # the name's corners (LineName.corners: c ∓ u·hw ∓ v·hh, u = (ca, sa), v = (-sa, ca)) inside the frame
    ca, sa = np.cos(np.radians(angle))[:, None], np.sin(np.radians(angle))[:, None]
    hw, hh = width * DRAWN_WIDTH / 2, height / 2
    xs = np.stack([cx - ca * hw - -sa * hh, cx + ca * hw - -sa * hh, cx + ca * hw + -sa * hh, cx - ca * hw + -sa * hh])
    ys = np.stack([cy - sa * hw - ca * hh, cy + sa * hw - ca * hh, cy + sa * hw + ca * hh, cy - sa * hw + ca * hh])
    inside = ~((xs.min(axis=0) < x0 + FRAME_PAD) | (xs.max(axis=0) > x1 - FRAME_PAD)
               | (ys.min(axis=0) < y0 + FRAME_PAD) | (ys.max(axis=0) > y1 - FRAME_PAD))
    # flatter names read more easily; above the line reads as a map does
    pref = np.abs(angle)[:, None] / 90.0 * 0.3 + side_costs[None, :]
    return np.stack([pref, cx, cy, np.broadcast_to(angle[:, None], cx.shape)], axis=-1)[inside]


def place_line_names(ax, lines: list[tuple[str, Style, list[np.ndarray]]], size: float, *, symbols: np.ndarray,
                     samples: list[np.ndarray], fixed: np.ndarray, soft: np.ndarray | None = None,
                     scale: float = 1.0, round_symbols: np.ndarray | None = None,
                     keep_off: np.ndarray | None = None) -> list[LineName]:
    """Name each line (name, style, parts in data units) along itself: the stretch whose name covers least of the
    symbols, the other lines (``samples``: each line's boxes, as export.label_boxes.line_samples gives them) and the
    ``soft`` boxes, never a ``fixed`` box (the furniture) or another line's name, never over a symbol
    (``round_symbols``: which are discs in their box; export.name_clear), never under ``MIN_PT``, inside the frame;
    clear of the other lines where any stretch holds the name or its short form, else across as few of them, over as
    short a length, as the line allows (a line unnamed could not be told from the railways drawn like it); never over
    the ``keep_off`` segments (x0, y0, x1, y1, half width; page points: the leader lines of displaced symbols, a name
    over which hides whose symbol is whose); draws them and returns them. A line with no stretch at all (the frame,
    the furniture, the symbols) is not named."""
    to_pt = 72.0 / ax.figure.dpi
    (fx0, fy0), (fx1, fy1) = ax.transAxes.transform([(0.0, 0.0), (1.0, 1.0)]) * to_pt
    soft = boxes_array([] if soft is None else soft)
    taken = [boxes_array(fixed)]
    out: list[LineName] = []
    round_ = np.zeros(len(symbols), dtype=bool) if round_symbols is None else np.asarray(round_symbols, dtype=bool)
    # each part in page points, and sampled along itself, once per line: every try (form, size, share, gap)
    # measures its stretches on the same samples
    points = page_points(ax)
    pages = [[points(np.asarray(xy)[:, :2]) for xy in parts] for _, _, parts in lines]
    segments = [_in_frame(line_segments(pages[n], style.weight * PX_TO_PT * scale / 2), (fx0, fy0, fx1, fy1))
                for n, (_, style, _) in enumerate(lines)]
    measures: dict = {}   # text_measure of each size tried, made once, not once per try
    base = max(size, MIN_PT)
    sizes = [base] + ([base * SMALLER] if base * SMALLER >= MIN_PT else [])
    # the shortest line in the frame first: it has the fewest stretches to offer, a long one has room elsewhere
    order = sorted(range(len(lines)), key=lambda n: _length_inside(pages[n], (fx0, fy0, fx1, fy1)))
    for n in order:
        name, style, _ = lines[n]
        others = [s for m, s in enumerate(samples) if m != n] or [np.zeros((0, 4))]
        near = [m for m in range(len(lines)) if m != n]
        crossing = np.concatenate([segments[m] for m in near] or [np.zeros((0, 5))])
        owner = np.concatenate([np.full(len(segments[m]), m) for m in near] or [np.zeros(0, dtype=int)])
        search = dict(parts=[_dense(p) for p in pages[n]], frame=(fx0, fy0, fx1, fy1), measures=measures, half_line=style.weight * PX_TO_PT * scale / 2,
                      taken=np.concatenate(taken), obstacles=[symbols, np.concatenate(others), soft], symbols=symbols,
                      round_=round_, crossing=crossing, keep_off=keep_off, cache={})
        best = None
        # clear of the other lines: the whole name, else its short forms; only then across as little of them as it can
        for cross, gaps in ((False, CLEAR_GAPS), (True, CROSS_GAPS) if len(crossing) else (True, ())):
            for form_cost, form in short_forms(name):
                tries = [(share, form_cost + lines_cost + (SMALLER_COST if text_size != base else 0.0), text, text_size)
                         for text_size in sizes for share in SHARES
                         for lines_cost, text in ((0.0, form), (TWO_LINES, two_lines(form)))]
                for gap in gaps:   # beside the line, else a little off it
                    best = best or _best(ax, **search, tries=tries, owner=owner if cross else None, gap=gap)
        if best is None:
            continue
        _, text, cx, cy, angle, w_pt, h_pt, squares, _, text_size = best
        taken.append(squares)
        measure = measures[text_size]
        out.append(LineName(text, cx, cy, angle, w_pt, h_pt, squares,
                            tuple(measure(row)[0] for row in text.split("\n"))))
        _draw(ax, text, cx / to_pt, cy / to_pt, angle, text_size)
    return out


def _best(ax, *, tries, parts, frame, measures: dict, half_line: float, taken: np.ndarray, obstacles, symbols,
          round_, crossing: np.ndarray, owner: np.ndarray | None = None, gap: float = GAP_PT,
          keep_off: np.ndarray | None = None, cache: dict | None = None):
    """The cheapest placing (cost, text, cx, cy, angle, width, height, squares, share, size) of a line's name over
    ``tries`` (share, cost, text, size) along the line's ``parts`` (each as :func:`_dense` samples it), off the
    ``taken`` boxes and the symbols; without ``owner``, clear of the
    ``crossing`` segments too, with it across them at a cost per line crossed and per length under the name.
    ``cache`` keeps the spots clear of the symbols found for a try, for the line's next search (the same spots,
    across the other lines)."""
    best = None
    cache = {} if cache is None else cache
    for share, lines_cost, text, text_size in tries:
        if best is not None and (share < best[-2] or text_size < best[-1]) and best[0] < 1.0:
            break   # named along a longer stretch already (at the full size), clear of the symbols
        for n in range(len(parts)):
            key = (text, text_size, share, gap, n)
            if key not in cache:
                cache[key] = _spots(ax, parts[n], text, text_size, share, gap, frame=frame, measures=measures,
                                    half_line=half_line, taken=taken, obstacles=obstacles, symbols=symbols, round_=round_,
                                    keep_off=keep_off)
            if cache[key] is None:
                continue
            w_pt, h_pt, cxs, cys, angles, squares, cost = cache[key]
            cost = cost + lines_cost
            if owner is None:
                clear = keeps_clear(cxs, cys, angles, w_pt * DRAWN_WIDTH, h_pt, symbols=np.zeros((0, 4)), round_=round_[:0],
                                    segments=crossing)
                cost = np.where(clear, cost, np.inf)
            else:
                count, length = crossings(cxs, cys, angles, w_pt * DRAWN_WIDTH, h_pt, segments=crossing, owner=owner)
                cost = cost + CROSS_COST * count + CROSS_LENGTH * length / (w_pt * DRAWN_WIDTH)
            j = int(np.argmin(cost))   # the first of the cheapest, as the stretches come
            if np.isfinite(cost[j]) and (best is None or cost[j] < best[0]):
                best = (float(cost[j]), text, float(cxs[j]), float(cys[j]), float(angles[j]), w_pt, h_pt,
                        squares[j].copy(), share, text_size)
    return best


def _spots(ax, dense, text: str, text_size: float, share: float, gap: float, *, frame, measures: dict,
           half_line: float, taken: np.ndarray, obstacles, symbols, round_, keep_off: np.ndarray | None = None):
    """(width, height, cx, cy, angle, squares, cost) of the spots along one part of a line (``dense``: its samples)
    where ``text`` is set off the ``taken`` boxes, the symbols and the ``keep_off`` segments, inside the frame; None
    where there is none.
    ``measures`` keeps each size's text measure for the page's next tries."""
    measure = measures.get(text_size) or measures.setdefault(text_size, text_measure(ax.figure, text_size))
    rows = [measure(row) for row in text.split("\n")]
    w_pt, h_pt = max(w for w, _ in rows), sum(h for _, h in rows)
    found = _candidates(dense, w_pt, h_pt, half_line, frame, share, gap)
    if not len(found):
        return None
    pref, cxs, cys, angles = found.T
    squares = _squares(cxs, cys, angles, w_pt * DRAWN_WIDTH, h_pt)
    free = np.flatnonzero(_covered(squares, taken) <= 0)   # never over the furniture or a name
    free = free[keeps_clear(cxs[free], cys[free], angles[free], w_pt * DRAWN_WIDTH, h_pt, symbols=symbols,
                            round_=round_, segments=np.zeros((0, 5)) if keep_off is None else keep_off)]
    # nor over a symbol or a leader line
    if not len(free):
        return None
    cost = np.zeros(len(free))
    for kind, wt in zip(obstacles, LINE_WEIGHTS):
        cost = cost + _covered(squares[free], kind) * wt
    cost = cost / (w_pt * h_pt) + pref[free] + (gap - GAP_PT) * FAR_COST
    return w_pt, h_pt, cxs[free], cys[free], angles[free], squares[free], cost


def _in_frame(segments: np.ndarray, frame) -> np.ndarray:
    """The segments that reach into ``frame`` (x0, y0, x1, y1), or near it (a name keeps FRAME_PAD off it, a line
    reaches its half width and the white space past its centre): a name inside it meets no other (an atlas page
    frames a few kilometres of lines that run across the province)."""
    x0, y0, x1, y1 = (frame[0] - FRAME_NEAR, frame[1] - FRAME_NEAR, frame[2] + FRAME_NEAR, frame[3] + FRAME_NEAR)
    keep = ~((np.maximum(segments[:, 0], segments[:, 2]) < x0) | (np.minimum(segments[:, 0], segments[:, 2]) > x1)
             | (np.maximum(segments[:, 1], segments[:, 3]) < y0) | (np.minimum(segments[:, 1], segments[:, 3]) > y1))
    return segments[keep]


def _length_inside(pages: list[np.ndarray], frame) -> float:
    """Page points of a line's length whose vertices (its parts in page points) lie inside ``frame``."""
    total = 0.0
    for p in pages:
        inside = (p[:, 0] >= frame[0]) & (p[:, 0] <= frame[2]) & (p[:, 1] >= frame[1]) & (p[:, 1] <= frame[3])
        both = inside[:-1] & inside[1:]
        total += float(np.hypot(*np.diff(p, axis=0).T)[both].sum())
    return total


def _draw(ax, text: str, px: float, py: float, angle: float, size: float) -> None:
    """The name centred at (px, py) display pixels, turned ``angle``, over a white halo (a separate artist: the
    text itself stays text in PDF and SVG). A name on two lines is led 1.2: at 1.0 its lines' boxes (ascent to
    descent, which the Vietnamese marks fill) overlap by a point."""
    x, y = ax.transData.inverted().transform((px, py))
    common = dict(rotation=angle, rotation_mode="anchor", ha="center", va="center", fontsize=size,
                  fontstyle="italic", linespacing=1.2, multialignment="center", parse_math=False, clip_on=True)
    ax.text(x, y, text, color="white", zorder=6 - 0.02, path_effects=HALO, **common)
    ax.text(x, y, text, color=LABEL_COLOUR, zorder=6, **common)
