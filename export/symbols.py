"""Point symbols of printed maps: one shape per layer, size by class or area, honest about position.

- **Shape tells the layer** (circle: urban area, square: industrial zone, diamond: railway station),
  colour tells class or status (as the layer's style says), size tells urban class or zone area.
- **Approximate positions** and **proportional zone symbols** follow the rules the web map uses
  (``layers.symbols``: ``honest_style`` gives the dashed, nearly hollow outline of a placeholder
  position; the zone's style radius already grows with its area), so a symbol means the same on
  screen and on paper.
- **Places that share or nearly share a position at the export's scale are displaced** onto a ring
  around their common centre, each with a leader line to the true position (QGIS "point
  displacement"), so no symbol hides another.

Sizes are in printer's points (1/72 in) so they mean the same on every page size; positions are
EPSG:9209 metres, offset by the displacement (computed in points on the actual axes).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Circle, Polygon, RegularPolygon
from matplotlib.path import Path

from core.plan import current_plan
from core.vocab import precision_grade
from export.direct_draw import patch_transform_of
from export.words import w
from layers.base import LegendEntry, Style, StyleContext
from layers.registry import LAYER_IDS, get_layer
from layers.symbols import honest_style, point_grade, precision_legend

PX_TO_PT = 0.75                 # a Leaflet pixel (1/96 in) in points (1/72 in)
MARKER_SCALE = 1.25             # circle markers a little smaller than on screen: paper is denser
GAP_PT = 1.5                    # white space kept between two displaced symbols
LEADER_COLOUR = "#455a64"
REACH = {"s": 0.886, "D": 1.15}  # half the drawn box of a shape over its size's half: a square of the circle's area,
                                 # a diamond's tips



def layer_marker(layer_id: str) -> str:
    """Shape of a layer's point symbols on paper: its plan.toml ``marker`` (circle when unknown)."""
    return get_layer(layer_id).marker if layer_id in LAYER_IDS else "o"

def drawn_half(marker: str, half: float) -> float:
    """Half the side of the box a symbol of half-size ``half`` fills as drawn (symbol_patch)."""
    return half * REACH.get(marker, 1.0)


def marker_size(style: Style) -> float:
    """Marker diameter in points for a Leaflet circle of ``style.radius`` pixels."""
    return 2 * style.radius * PX_TO_PT * MARKER_SCALE


@dataclass
class Mark:
    """One point symbol as drawn: where it truly is, where it is drawn, and how."""

    fid: str
    layer_id: str
    name: str
    x: float                    # true position, EPSG:9209 metres
    y: float
    style: Style
    marker: str                 # "o" circle, "s" square, "D" diamond
    half_pt: float              # half its size in points
    approximate: bool
    priority: float             # labels: bigger first
    dx_pt: float = 0.0          # displacement from the true position, points
    dy_pt: float = 0.0
    alpha: float = 1.0
    grade: str = ""             # precision grade drawn (core.vocab.precision_grade); "" → from ``approximate``

    def __post_init__(self) -> None:
        if not self.grade:
            self.grade = "placeholder" if self.approximate else "exact"

    @property
    def displaced(self) -> bool:
        return abs(self.dx_pt) > 0.01 or abs(self.dy_pt) > 0.01


def mark_of(fid: str, layer_id: str, props: Mapping, geom, style: Style, scale: float = 1.0) -> Mark:
    """The symbol of one placed point feature (``style`` as the layer gives it)."""
    grade = point_grade(style, props) if style.radius else precision_grade(props.get("location_precision"))
    return Mark(fid=fid, layer_id=layer_id, name=str(props.get("name") or ""), x=geom.x, y=geom.y,
                style=honest_style(style, props), marker=layer_marker(layer_id),
                half_pt=marker_size(style) / 2 * scale, approximate=grade != "exact", priority=style.radius,
                grade=grade)


# ---------------------------------------------------------------------------- displacement
def displace(marks: list[Mark], to_pt) -> int:
    """Move apart the marks whose symbols overlap at this scale; returns how many were moved.

    ``to_pt`` maps true (x, y) arrays to page points. Marks at one position start on a small
    ring around it (in id order, so every export draws them alike); then overlapping pairs are
    pushed apart along the line between them until no two symbols touch. Symbols move as little
    as that takes, so each stays near its true position, to which a leader line points.
    """
    n = len(marks)
    for m in marks:
        m.dx_pt = m.dy_pt = 0.0
    if n < 2:
        return 0
    pts = np.column_stack(to_pt(np.array([m.x for m in marks]), np.array([m.y for m in marks]))).astype(float)
    half = np.array([m.half_pt for m in marks])
    drawn = _spread_coincident(pts, half, [m.fid for m in marks])
    need = half[:, None] + half[None, :] + GAP_PT
    np.fill_diagonal(need, 0.0)
    for _ in range(500):
        pairs = overlapping_pairs(drawn, half, GAP_PT)
        if not pairs:
            break
        for i, j in pairs:  # one pair at a time (Gauss–Seidel): converges where a joint step oscillates
            d = drawn[i] - drawn[j]
            dist = float(np.hypot(*d))
            if dist < 1e-9:
                angle = 2 * math.pi * ((i * 7 + j * 13) % 36) / 36
                d, dist = np.array([math.cos(angle), math.sin(angle)]), 1.0
            push = (need[i, j] - dist) / 2 * 1.02
            if push > 0:
                drawn[i] += d / dist * push
                drawn[j] -= d / dist * push
    moved = 0
    for i, m in enumerate(marks):
        m.dx_pt, m.dy_pt = float(drawn[i, 0] - pts[i, 0]), float(drawn[i, 1] - pts[i, 1])
        moved += m.displaced
    return moved


def overlapping_pairs(xy: np.ndarray, half: np.ndarray, gap: float = 0.0) -> list[tuple[int, int]]:
    """Index pairs of symbols (centres ``xy``, half-sizes ``half``, points) closer than they are big."""
    d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    i, j = np.nonzero(np.triu(d < half[:, None] + half[None, :] + gap - 1e-6, k=1))
    return list(zip(i.tolist(), j.tolist()))


def _spread_coincident(pts: np.ndarray, half: np.ndarray, ids: list[str]) -> np.ndarray:
    """Marks at (almost) the same point start on a ring around it, in id order."""
    drawn = pts.copy()
    seen: set[int] = set()
    for i in range(len(pts)):
        if i in seen:
            continue
        near = (np.hypot(pts[:, 0] - pts[i, 0], pts[:, 1] - pts[i, 1]) < 0.5).tolist()  # each pair's own distance
        same = [j for j in range(len(pts)) if j not in seen and near[j]]
        seen.update(same)
        if len(same) < 2:
            continue
        same.sort(key=lambda j: ids[j])
        radius = max(half[same].max() + GAP_PT, (2 * half[same] + GAP_PT).sum() / (2 * math.pi))
        for k, j in enumerate(same):
            angle = math.pi / 2 - 2 * math.pi * k / len(same)
            drawn[j] = pts[i] + radius * np.array([math.cos(angle), math.sin(angle)])
    return drawn


# ---------------------------------------------------------------------------- drawing
def dashes(style: Style) -> tuple | str:
    """matplotlib's line style of ``style.dash`` (SVG pixels), scaled as matplotlib scales dashes: by line width."""
    if not style.dash:
        return "solid"
    parts = [float(p) for p in style.dash.replace(",", " ").split()]
    weight = max(style.weight * PX_TO_PT, 0.1)
    return (0, tuple(p * PX_TO_PT / weight for p in parts))


def outline_dashes(style: Style) -> tuple | str:
    """The dash pattern of a symbol's outline as the web map draws it: Leaflet ends every dash round, half a
    line width beyond each end; the same pattern on paper (flat ends) gets those ends added, so a dotted
    outline is dots and a dashed one the same dashes."""
    if not style.dash:
        return "solid"
    parts = [float(p) for p in style.dash.replace(",", " ").split()]
    if len(parts) % 2:
        parts *= 2
    w = style.weight
    drawn = [p + w if i % 2 == 0 else max(p - w, 0.4 * w) for i, p in enumerate(parts)]
    return (0, tuple(p / w for p in drawn))


def symbol_patch(marker: str, centre: tuple[float, float], half: float, *, face, edge, linewidth: float,
                 dashed: bool = False, transform=None, zorder: float = 4.0):
    """The patch of one symbol of half-size ``half`` (in the units of ``transform``); colours as RGBA,
    so a pale fill keeps its own opacity."""
    kw = {"facecolor": face, "edgecolor": edge, "linewidth": linewidth, "zorder": zorder,
          "linestyle": _linestyle(dashed)}
    if transform is not None:
        kw["transform"] = transform
    x, y = centre
    if marker == "s":
        h = drawn_half("s", half)  # a square of the same area as the circle of radius ``half``
        return Polygon([(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)], closed=True, **kw)
    if marker == "D":
        return RegularPolygon((x, y), 4, radius=drawn_half("D", half), orientation=0.0, **kw)
    return Circle((x, y), half, **kw)


def add_symbol(group, marker: str, centre: tuple[float, float], half: float, *, face, edge, linewidth: float,
               dashed: bool = False, zorder: float = 4.0) -> None:
    """:func:`symbol_patch` (in data units, clipped to the axes) as an item of ``group`` (an
    export.direct_draw.DirectGroup): the same path, transform and settings, drawn without the patch."""
    linestyle = _linestyle(dashed)
    transform = group.ax.transData

    def make():
        return symbol_patch(marker, centre, half, face=face, edge=edge, linewidth=linewidth, dashed=dashed,
                            transform=transform, zorder=zorder)
    x, y = centre
    if marker == "s":
        h = drawn_half("s", half)
        group.add_polygon(np.array([(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)]),
                          linewidth=linewidth, linestyle=linestyle, facecolor=face, edgecolor=edge, zorder=zorder, make=make)
        return
    if marker == "D":
        path, trans = Path.unit_regular_polygon(4), patch_transform_of("diamond", centre, drawn_half("D", half))
    else:
        path, trans = Path.unit_circle(), patch_transform_of("circle", centre, half)
    group.add_patch(path, trans, make, linewidth=linewidth, linestyle=linestyle, facecolor=face, edgecolor=edge,
                    zorder=zorder)


def _linestyle(dashed) -> tuple | str:
    """``dashed``: a matplotlib line style, or True (the approximate grade's dashes) / False (solid)."""
    if dashed is True:
        return (0, (2.2, 1.4))
    return dashed or "solid"


def mark_colours(mark: Mark) -> tuple:
    """(face RGBA, edge RGBA, line width pt, line style) of a mark, from its (honest) style and alpha."""
    s = mark.style
    face = to_rgba(s.fill_colour or s.colour, (s.fill_opacity if mark.approximate else 1.0) * mark.alpha)
    return (face, to_rgba(s.colour, mark.alpha), max(s.weight * PX_TO_PT, 0.5), outline_dashes(s))


def drawn_extents(marks: list[Mark], centre_pt, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """What the symbols cover on the page, as drawn: (discs x, y, r; boxes x0, y0, x1, y1) in points.

    ``centre_pt`` maps (x, y) in data units to page points. Each symbol at its drawn (displaced) centre, its
    outline included (a square as its box, a circle or diamond as the disc round it); a displaced symbol's
    leader line (as discs along it) and the dot at its true position too."""
    discs, boxes = [], []
    for m in marks:
        k = m.half_pt
        cx, cy = centre_pt(m.x, m.y)
        dx, dy = cx + m.dx_pt, cy + m.dy_pt
        edge = mark_colours(m)[2] * scale / 2
        if m.marker == "s":
            h = drawn_half("s", k) + edge
            boxes.append((dx - h, dy - h, dx + h, dy + h))
        else:
            discs.append((dx, dy, drawn_half(m.marker, k) + edge))
        if m.displaced:
            n = max(1, int(np.hypot(m.dx_pt, m.dy_pt) / 1.5))
            t = np.linspace(0.0, 1.0, n + 1)
            discs += [(cx + m.dx_pt * f, cy + m.dy_pt * f, 0.25 * scale) for f in t]
            discs.append((cx, cy, 0.9 * scale))
    return np.asarray(discs, dtype=float).reshape(-1, 3), np.asarray(boxes, dtype=float).reshape(-1, 4)


# ---------------------------------------------------------------------------- legend
@dataclass(frozen=True)
class SymbolEntry(LegendEntry):
    """A legend entry drawn as the map draws it: shape, size in points, hollow-dashed or not."""

    marker: str = "o"
    half_pt: float = 4.0
    hollow_dashed: bool = False
    leader: bool = False


@dataclass(frozen=True)
class TextEntry(LegendEntry):
    """A legend paragraph without a symbol (shape "text"): a note, the number key."""


class NumberEntry(TextEntry):
    """The number key as one paragraph: "1 Ga Hải Dương · 2 KCN Phú Thái · …"."""


ZONE_WORDS = "Khu công nghiệp "


def key_name(name: str) -> str:
    """A name as the number key gives it: "Khu công nghiệp" shortened to "KCN", as the legend says it."""
    return name.replace(ZONE_WORDS, "KCN ") if name.startswith(ZONE_WORDS) else name


def number_section(numbered, lang: str) -> list[tuple[str, list[LegendEntry]]]:
    """The "Chú dẫn số" section of the places drawn by number (``Placed.numbered``); none when there are none."""
    if not numbered:
        return []
    text = " · ".join(f"{n}\u00a0{key_name(name)}" for n, name in numbered)
    return [(w("number_key", lang), [NumberEntry(text, Style("#212121"), "text")])]


def symbol_sections(sections: list[tuple[str, list[LegendEntry]]], marks: list[Mark], spec_titles: Mapping[str, str],
                    ctx: StyleContext) -> list[tuple[str, list[LegendEntry]]]:
    """The legend as the print map draws it.

    Each layer's circle entries take the layer's shape on paper; a "Symbols" section says what
    the dashed outline (approximate position) and a leader line (displaced symbol) mean, when the
    map has them.
    """
    lang = ctx.lang
    layer_of_title = {title: lid for lid, title in spec_titles.items()}
    out: list[tuple[str, list[LegendEntry]]] = []
    classed = current_plan().class_2026_from
    for heading, entries in sections:
        layer_id = layer_of_title.get(heading, "")
        marker = layer_marker(layer_id)
        drawn = [SymbolEntry(e.label, e.style, "circle", marker=marker, half_pt=marker_size(e.style) / 2)
                 if e.shape == "circle" and e.style.radius else e for e in entries]
        if (classed and ctx.colour_mode == "class" and layer_id in LAYER_IDS
                and get_layer(layer_id).class_field == classed):   # the classes are the 2023 program's, not 2026's
            drawn.append(TextEntry(w("class_note", lang), Style("#546e7a"), "text"))
        out.append((heading, drawn))
    extra: list[LegendEntry] = []
    for grade in ("approximate", "placeholder"):
        shapes = sorted({m.marker for m in marks if m.grade == grade})
        if shapes:  # drawn in the shape of its marks when they share one (placeholder stations: a diamond)
            ring = precision_legend(grade, lang)
            extra.append(SymbolEntry(ring.label, ring.style, "circle", marker=shapes[0] if len(shapes) == 1 else "o",
                                     half_pt=marker_size(ring.style) / 2, hollow_dashed=True))
    if any(m.displaced for m in marks):
        extra.append(SymbolEntry(w("displaced", lang), Style("#546e7a", "#ffffff", radius=4, weight=1), "circle",
                                 marker="o", half_pt=3.5, leader=True))
    if extra:
        out.append((w("symbols", lang), extra))
    return out
