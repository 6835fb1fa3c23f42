"""The lines of a printed map (railways, Ring Road V) named as a QGIS print layout names them (walk 16, finding 9).

On paper colour means urban class or status, so the lines cannot be told apart by colour: the existing Hà Nội–Hải
Phòng line and the new standard-gauge one are drawn alike. Each line is therefore named on the map, its name set
parallel to it along a straight-enough stretch inside the frame, beside the line (its dashes stay visible), in a
white halo and clear of the symbols, the furniture and the other lines' names; and the legend gives each line its
own entry, drawn in the line's own style, named as on the map. The name comes from the data (``name``, or
``name_en`` on an English page), without the "section through the province" qualifier the map itself shows.

A rotated name is, for the point labels and the district names that come after it, a row of small squares along
its centre line (:attr:`LineName.boxes`): the label placer's own boxes (export.labels), so no second placer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from export.label_boxes import boxes_array, overlap_sums, text_measure
from export.labels import DRAWN_WIDTH, FRAME_PAD, HALO, LABEL_COLOUR
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
SHARES = (1.0, 0.7, 0.45, 0.3)  # a line too short or bent for its whole name: the name centred on a shorter stretch
SMALLER, SMALLER_COST = 0.85, 0.3   # a name that meets a symbol at every stretch: a size smaller, if that clears it
_SIDE_COST = {1.0: 0.0, -1.0: 0.05, 0.0: 0.15}   # above the line reads as a map does; on it (its dashes hidden) last
GAP_PT = 1.2           # white space between a line and its name
LINE_WEIGHTS = (200.0, 5.0, 0.5)   # cost of a name over a symbol, another line's sample, a district name's spot (per its area)


def line_name(props: dict, lang: str) -> str:
    """The name a line is labelled with, on the map and in the legend: the data's, section qualifier dropped."""
    name = props.get("name_en") if lang == "en" and props.get("name_en") else props.get("name")
    name = " ".join(str(name or "").split())
    for pattern in _SECTION:
        name = pattern.sub("", name)
    return name.strip()


def two_lines(name: str) -> str:
    """The name on two lines: before its bracket, else at the space nearest its middle."""
    if " (" in name:
        return name.replace(" (", "\n(", 1)
    spaces = [i for i, c in enumerate(name) if c == " "]
    if not spaces:
        return name
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return name[:cut] + "\n" + name[cut + 1:]


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

    def corners(self) -> np.ndarray:
        """The four corners of the name's rotated box (page points)."""
        a = np.radians(self.angle)
        u, v = np.array([np.cos(a), np.sin(a)]), np.array([-np.sin(a), np.cos(a)])
        hw, hh = self.width / 2, self.height / 2
        c = np.array([self.x, self.y])
        return np.array([c - u * hw - v * hh, c + u * hw - v * hh, c + u * hw + v * hh, c - u * hw + v * hh])


def _squares(cx: float, cy: float, angle: float, width: float, height: float) -> np.ndarray:
    """Squares as tall as the text, every half height along its centre line: a rotated box as upright boxes."""
    a = np.radians(angle)
    n = max(2, int(np.ceil(width / (height / 2))) + 1)
    t = np.linspace(-(width - height) / 2, (width - height) / 2, n)
    xs, ys, h = cx + t * np.cos(a), cy + t * np.sin(a), height / 2
    return np.column_stack([xs - h, ys - h, xs + h, ys + h])


def _dense(p: np.ndarray, step: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Points every ``step`` along the polyline ``p`` (page points) and their distance along it."""
    seg = np.hypot(*np.diff(p, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    if s[-1] <= 0:
        return p[:1], s[:1]
    t = np.arange(0.0, s[-1] + step / 2, step)
    return np.column_stack([np.interp(t, s, p[:, 0]), np.interp(t, s, p[:, 1])]), t


def _candidates(p: np.ndarray, width: float, height: float, half_line: float, frame, share: float = 1.0
                ) -> list[tuple]:
    """(cost, cx, cy, angle) of each straight-enough stretch ``share`` of ``width`` long, the name (centred on it)
    beside the line on either side, wholly inside ``frame`` (x0, y0, x1, y1)."""
    pts, s = _dense(p)
    along = width * share
    if s[-1] < along:
        return []
    x0, y0, x1, y1 = frame
    out = []
    span = int(np.ceil(along / 2.0))
    # a name comes within ``within`` of both ends of its stretch (it is set beside a straight-enough stretch and is
    # at least as long): a stretch with an end farther than that outside the frame has no name inside it. On an atlas
    # page the frame holds a few kilometres of a line that runs across the province: its other stretches go untried.
    within = max(BEND_PT, BEND_SHARE * along) + half_line + GAP_PT + height + 2.0
    near = (pts[:, 0] >= x0 - within) & (pts[:, 0] <= x1 + within) & (pts[:, 1] >= y0 - within) \
        & (pts[:, 1] <= y1 + within)
    starts = np.arange(0, max(0, len(pts) - span), max(1, int(STEP_PT / 2.0)))
    for i in starts[near[starts] & near[starts + span]]:
        a, b = pts[i], pts[i + span]
        chord = b - a
        length = np.hypot(*chord)
        if length < along * 0.97:
            continue
        u = chord / length
        if u[0] < 0 or (u[0] == 0 and u[1] < 0):
            u = -u  # text reads left to right
        v = np.array([-u[1], u[0]])
        dev = (pts[i:i + span + 1] - a) @ v
        if dev.max() - dev.min() > max(BEND_PT, BEND_SHARE * along):
            continue
        angle = float(np.degrees(np.arctan2(u[1], u[0])))
        mid = (a + b) / 2
        for side in (1.0, -1.0, 0.0):
            reach = (dev.max() if side > 0 else -dev.min())
            off = reach + half_line + GAP_PT + height / 2 if side else float(dev.mean())   # 0: on the line, haloed
            c = mid + v * (side or 1.0) * off
            name = LineName("", float(c[0]), float(c[1]), angle, width * DRAWN_WIDTH, height)
            k = name.corners()
            if k[:, 0].min() < x0 + FRAME_PAD or k[:, 0].max() > x1 - FRAME_PAD or k[:, 1].min() < y0 + FRAME_PAD \
                    or k[:, 1].max() > y1 - FRAME_PAD:
                continue
            # flatter names read more easily; above the line reads as a map does
            out.append((abs(angle) / 90.0 * 0.3 + _SIDE_COST[side], float(c[0]), float(c[1]), angle))
    return out


def place_line_names(ax, lines: list[tuple[str, Style, list[np.ndarray]]], size: float, *, symbols: np.ndarray,
                     samples: list[np.ndarray], fixed: np.ndarray, soft: np.ndarray | None = None,
                     scale: float = 1.0) -> list[LineName]:
    """Name each line (name, style, parts in data units) along itself: the stretch whose name covers least of the
    symbols, the other lines (``samples``: each line's boxes, as export.label_boxes.line_samples gives them) and the
    ``soft`` boxes, never a ``fixed`` box (the furniture) or another line's name; draws them and returns them.
    A line with no stretch free of the furniture and the other names inside the frame is not named."""
    to_pt = 72.0 / ax.figure.dpi
    (fx0, fy0), (fx1, fy1) = ax.transAxes.transform([(0.0, 0.0), (1.0, 1.0)]) * to_pt
    soft = boxes_array([] if soft is None else soft)
    taken = [boxes_array(fixed)]
    out: list[LineName] = []
    # the shortest line in the frame first: it has the fewest stretches to offer, a long one has room elsewhere
    order = sorted(range(len(lines)), key=lambda n: _length_inside(ax, lines[n][2], (fx0, fy0, fx1, fy1)))
    for n in order:
        name, style, parts = lines[n]
        others = [s for m, s in enumerate(samples) if m != n] or [np.zeros((0, 4))]
        obstacles = [symbols, np.concatenate(others), soft]
        half_line = style.weight * PX_TO_PT * scale / 2
        best = None
        tries = [(share, lines_cost + (SMALLER_COST if k != 1.0 else 0.0), text, size * k) for k in (1.0, SMALLER)
                 for share in SHARES for lines_cost, text in ((0.0, name), (TWO_LINES, two_lines(name)))]
        for share, lines_cost, text, text_size in tries:
            if best is not None and (share < best[-2] or text_size < best[-1]) and best[0] < 1.0:
                break   # named along a longer stretch already (at the full size), clear of the symbols
            measure = text_measure(ax.figure, text_size)
            rows = [measure(row) for row in text.split("\n")]
            w_pt, h_pt = max(w for w, _ in rows), sum(h for _, h in rows)
            for xy in parts:
                p = ax.transData.transform(np.asarray(xy)[:, :2]) * to_pt
                for pref, cx, cy, angle in _candidates(p, w_pt, h_pt, half_line, (fx0, fy0, fx1, fy1), share):
                    squares = _squares(cx, cy, angle, w_pt * DRAWN_WIDTH, h_pt)
                    if overlap_sums(squares, np.concatenate(taken)).sum() > 0:
                        continue
                    cost = sum(float(overlap_sums(squares, kind).sum()) * wt
                               for kind, wt in zip(obstacles, LINE_WEIGHTS))
                    cost = cost / (w_pt * h_pt) + pref + lines_cost
                    if best is None or cost < best[0]:
                        best = (cost, text, cx, cy, angle, w_pt, h_pt, squares, share, text_size)
        if best is None:
            continue
        _, text, cx, cy, angle, w_pt, h_pt, squares, _, text_size = best
        taken.append(squares)
        out.append(LineName(text, cx, cy, angle, w_pt, h_pt, squares))
        _draw(ax, text, cx / to_pt, cy / to_pt, angle, text_size)
    return out


def _length_inside(ax, parts: list[np.ndarray], frame) -> float:
    """Page points of a line's length whose vertices lie inside ``frame`` (x0, y0, x1, y1)."""
    to_pt = 72.0 / ax.figure.dpi
    total = 0.0
    for xy in parts:
        p = ax.transData.transform(np.asarray(xy)[:, :2]) * to_pt
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
