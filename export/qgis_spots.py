"""Where the print map draws each place's symbol and name, for the QGIS styles (export.qgis_style).

QGIS's Point Displacement renderer writes the names of a ring itself, with no halo and no collision
test: at province scale the dense centre's names ran over each other. QGIS's own labelling (PAL:
halo, priorities, no two labels over each other, symbols as obstacles) places a point's label by the
feature's position, not where a renderer displaces its symbol. So the styles draw what the print map
draws instead: each symbol moved by the print map's own spreading (export.symbols.displace, in mm on
the page, so at every zoom), with a leader line back, and each name set by PAL at the spot the print
map's placer (export.labels.place_labels) chose beside that symbol, as an offset in mm from its true
position. The print map is laid out here once, on a throwaway figure the size of an A4 landscape map
frame at the export's extent; nothing of it is drawn to a file.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.text import Annotation

from export.draw import draw_layers, rendering
from export.figure import new_figure
from export.page_limits import limits_for
from export.furniture import frame_map
from export.label_boxes import text_measure
from export.scene import Scene

PT_TO_MM = 25.4 / 72
FRAME_IN = (10.7, 7.0)   # an A4 landscape map frame (inches): the scale the print map spreads and labels at
LABEL_PT = 7.5           # the labels' size in QGIS (export.qgis_style.NAMED_SIZE)
GAP_MM = 0.8             # between a symbol and its name set just beside it
HALF_TEXT_MM = 1.5       # half a 7.5 pt name's height
LEFT, ABOVE, RIGHT, BELOW = 0, 1, 2, 7   # QGIS's quadrants: its lower right corner, bottom middle, lower left, top middle


def reference_scale(scene: Scene) -> float:
    """The scale (1:N) the print map is laid out at here: the export's extent across ``FRAME_IN``."""
    x0, x1, _y0, _y1 = limits_for(scene.extent(), FRAME_IN[0] / FRAME_IN[1])
    return (x1 - x0) / (FRAME_IN[0] * 0.0254)


def beside(shift: tuple[float, float], half_mm: float, quad: int | None, above: bool,
           bottom: float | None = None) -> tuple[float, float, int]:
    """A name's anchor just beside its symbol (drawn at ``shift``, half size ``half_mm``): on the side of ``quad``
    (the print map's: left, right, above or below as ``above`` says; None: right). Left or right, its bottom at
    the print map's (``bottom``, mm down from the true position; None: the name level with its symbol), as near
    the symbol's centre line as keeps the name across it: a name the print map set above and right of its symbol
    (clear of a neighbour below) stays above its centre line, not level with the neighbour."""
    sx, sy = shift
    reach = half_mm + GAP_MM
    level = sy + HALF_TEXT_MM if bottom is None else min(max(bottom, sy), sy + 2 * HALF_TEXT_MM)
    if quad == LEFT:
        return sx - reach, level, LEFT
    if quad == ABOVE:
        return (sx, sy - reach, ABOVE) if above else (sx, sy + reach, BELOW)
    return sx + reach, level, RIGHT


@dataclass(frozen=True)
class Spot:
    """One point feature as the print map draws it, in mm on the page (x right, y down, QGIS's way)."""

    shift: tuple[float, float]            # its symbol, from its true position
    # its name: where it is anchored, from its true position, and which point of it is there (QGIS's quadrant:
    # 2 its lower left corner, 0 its lower right, 1 the middle of its bottom), the side facing its symbol, so a
    # font a little wider or narrower than the print map's keeps its gap; None: left out
    label: tuple[float, float, int] | None
    leader: bool = False                  # the print map ties the name to its symbol with a leader line
    # zoomed in past the print map's scale (the places spread apart, the spot set for them may now be over another
    # symbol): its name just beside its symbol, on the side meeting the fewest other symbols as they spread apart
    # (the print map's first; right when it left the name out)
    near: tuple[float, float, int] = (0.0, 0.0, 2)
    # zoomed in further (past ``FAR``): its name just beside its symbol where that is clearest by then
    nearer: tuple[float, float, int] | None = None


def print_spots(scene: Scene) -> dict[str, Spot]:
    """Feature id → where the print map draws its symbol and name (every placed point of the plan's layers)."""
    cache = scene.__dict__.get("_qgis_spots")
    if cache is not None:
        return cache
    with rendering():
        fig = new_figure(FRAME_IN, dpi=72)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        limits = limits_for(scene.extent(), FRAME_IN[0] / FRAME_IN[1])
        frame_map(ax, limits)
        # the lines unnamed, as QGIS draws them (export.qgis_style): a print's line names push the places'
        # names to spots QGIS has no reason for (Thị trấn Lai Cách's went unplaced at province scale)
        drawn = draw_layers(ax, scene, label_size=LABEL_PT, name_lines=False)
        measure = text_measure(fig, LABEL_PT)   # as the placer measured the names
        k = ax.transData.transform([(0.0, 0.0), (1000.0, 0.0)])
        per_unit = (k[1, 0] - k[0, 0]) / 1000.0   # points per metre (72 dpi: pixels are points)
        named = {}
        for text in ax.texts:
            if isinstance(text, Annotation) and text.get_color() != "white":
                x, y = text.xy
                # the offset (points) of its lower left corner, and whether a leader line ties it to its symbol
                named[(round(float(x), 1), round(float(y), 1))] = (text.xyann, text.arrow_patch is not None)
        out = {}
        for m in drawn.marks:
            dx, dy = m.dx_pt, m.dy_pt
            corner, leader = named.get((round(m.x + dx / per_unit, 1), round(m.y + dy / per_unit, 1)), (None, False))
            label, quad, ly = None, None, 0.0
            if corner is not None:
                lx, ly = corner
                width = measure(m.name)[0]
                # left of its symbol: its right end; right of it: its left end; above or below: its middle
                ax_, quad = (lx + width, LEFT) if lx + width <= 0 else (lx, RIGHT) if lx >= 0 else (lx + width / 2, ABOVE)
                label = ((dx + ax_) * PT_TO_MM, -(dy + ly) * PT_TO_MM, quad)
            shift = (dx * PT_TO_MM, -dy * PT_TO_MM)
            out[m.fid] = Spot(shift, label, leader, beside(shift, m.half_pt * PT_TO_MM, quad, ly >= 0,
                                                      label[1] if label else None))
        # zoomed in, the others move away from each place (their shifts stay): its name just beside its symbol
        # where that meets the fewest other symbols, zoomed in to the threshold and past it (``NEAR``, ``FAR``);
        # near the threshold the print map's own spot too, where it sets the name beside its symbol
        where = {m.fid: (m.x * per_unit * PT_TO_MM, -m.y * per_unit * PT_TO_MM) for m in drawn.marks}
        for m in drawn.marks:
            spot = out[m.fid]
            others = [(np.subtract(where[o.fid], where[m.fid]), out[o.fid].shift, o.half_pt * PT_TO_MM)
                      for o in drawn.marks if o.fid != m.fid]
            width = measure(m.name)[0] * PT_TO_MM
            own = [spot.label] if spot.label is not None and not spot.leader else []
            out[m.fid] = Spot(spot.shift, spot.label, spot.leader,
                              clear_beside(spot, m.half_pt * PT_TO_MM, width, others, NEAR, own),
                              clear_beside(spot, m.half_pt * PT_TO_MM, width, others, FAR))
    scene.__dict__["_qgis_spots"] = out
    return out


# how much nearer than the print map the names are checked at: zoomed in past half its scale (QGIS's scale of a
# geographic CRS reads up to a fifth off), and past a quarter of it (export.qgis_style.ZOOMED_IN, ZOOMED_FAR)
NEAR = (1.5, 2.0, 2.5, 3.0, 3.5, 4.0)
FAR = (3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 14.0)
TEXT_MM = 3.4                       # a 7.5 pt name's height in QGIS, its halo in


def _box(anchor: tuple[float, float, int], width: float) -> tuple[float, float, float, float]:
    """The box (mm, x right, y down) of a name ``width`` long anchored at ``anchor`` (QGIS's quadrant)."""
    x, y, quad = anchor
    x0 = x - width if quad == LEFT else x if quad == RIGHT else x - width / 2
    y0 = y if quad == BELOW else y - TEXT_MM
    return x0, y0, x0 + width, y0 + TEXT_MM


def clear_beside(spot: Spot, half_mm: float, width_mm: float, others: list[tuple[np.ndarray, tuple[float, float], float]],
                 zooms: tuple[float, ...], first: list[tuple[float, float, int]] = ()) -> tuple[float, float, int]:
    """The name's spot just beside its symbol that meets the fewest other symbols (``others``: its true position
    from this one's at the print map's scale, its shift, its half size, mm) zoomed in by each of ``zooms``, the
    nearer zooms weighing more: ``first``, the print map's side (``spot.near``), then level with the symbol, then
    the others (right, left, above, below), the first of the least crowded."""
    sy = spot.shift[1]
    quad = spot.near[2]
    sides = [*first, spot.near, beside(spot.shift, half_mm, quad, quad != BELOW)]
    sides += [beside(spot.shift, half_mm, q, up, b) for q, up, b in
              ((RIGHT, True, None), (RIGHT, True, sy), (RIGHT, True, sy + 2 * HALF_TEXT_MM), (LEFT, True, None),
               (LEFT, True, sy), (LEFT, True, sy + 2 * HALF_TEXT_MM), (ABOVE, True, None), (ABOVE, False, None))]

    def crowd(anchor: tuple[float, float, int]) -> float:
        x0, y0, x1, y1 = _box(anchor, width_mm + 0.5)
        return sum(1.0 / zoom for (px, py), (ox, oy), r in others for zoom in zooms
                   for cx, cy in [(px * zoom + ox, py * zoom + oy)]
                   if np.hypot(cx - np.clip(cx, x0, x1), cy - np.clip(cy, y0, y1)) <= r + 0.2)
    return min(sides, key=crowd)   # ``min`` keeps the first of equals


def spread(spots: dict[str, Spot]) -> dict[str, tuple[float, float]]:
    """The symbols the print map moves off their true position: id → shift (mm)."""
    return {fid: s.shift for fid, s in spots.items() if np.hypot(*s.shift) > 0.01}
