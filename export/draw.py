"""Drawing the plan with matplotlib, in VN-2000 / TM-3 105°30′ (EPSG:9209), for every printed export.

Styles come from the layers' ``style_of`` (the same as the web map), translated from Leaflet
pixels to printer's points. Text is set in DejaVu Sans (bundled with matplotlib, every Vietnamese
glyph present), embedded as TrueType in PDF (so its text can be extracted and searched) and left
as text in SVG; data text is never parsed as mathtext (a ``$`` in a name stays a ``$``).
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from typing import Any
from dataclasses import dataclass, field

import geopandas as gpd
import matplotlib
import numpy as np

matplotlib.use("Agg")
from matplotlib import rc_context  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from pyproj import Transformer  # noqa: E402

from export import fast_leaders  # noqa: E402  (leader lines clipped faster, within rendering())

from core.vocab import MEASURE_CRS  # noqa: E402
from geo import crs as crsmod  # noqa: E402
from export.scene import Scene, row_dicts  # noqa: E402
from export.words import nfc  # noqa: E402
from layers.base import LegendEntry, Style  # noqa: E402
from export.base_layer import district_names, draw_base, draw_names  # noqa: E402
from export import fast_halos, fast_pdf, fast_text  # noqa: E402
from export.direct_draw import DirectGroup  # noqa: E402
from export.line_names import LineName, line_name, line_sections, place_line_names  # noqa: E402
from export.name_clear import line_segments  # noqa: E402
from export.overlay_draw import draw_overlays  # noqa: E402,F401  (the user's layers, drawn with the plan's)
from export.labels import (  # noqa: E402,F401
    DRAWN_WIDTH,
    Label,
    _as_drawn,
    Obstacles,
    Placed,
    halo_annotate,
    place_labels,
)
from export.label_boxes import boxes_array, line_samples, page_points, segment_discs  # noqa: E402
from export.symbols import (  # noqa: E402,F401  (PX_TO_PT, marker_size: also used by export.overlays)
    LEADER_COLOUR,
    PX_TO_PT,
    Mark,
    SymbolEntry,
    dashes,
    displace,
    drawn_extents,
    drawn_half,
    mark_colours,
    number_section,
    mark_of,
    marker_size,
    add_symbol,
    symbol_patch,
    symbol_sections,
)
from layers.registry import get_layer  # noqa: E402

FONT = "DejaVu Sans"
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "pdf.fonttype": 42,        # TrueType: text stays text (pypdf, search, copy-paste)
    "ps.fonttype": 42,         # matplotlib 3.11 splits a PDF's fonts in subsets by *ps*.fonttype: at Type 3's 256 codes
                               # every Vietnamese letter past Latin-1 went in a second copy of each font
    "svg.fonttype": "none",    # SVG <text> elements, not glyph outlines
    "svg.hashsalt": "planmap",  # reproducible SVG ids
    "axes.unicode_minus": True,
    "path.simplify": True,
    "pdf.compression": 4,      # zlib level: a third less compressing time than the default 6, files ~5 % larger
}
BACKGROUND = "#f4f1ea"          # plain background when no basemap


_RENDER_LOCK = threading.RLock()


@contextmanager
def rendering():
    """Our matplotlib settings for one render, one render at a time.

    ``rc_context`` changes matplotlib's global settings; two Streamlit sessions exporting at
    once would otherwise see each other's settings (or lose them) mid-render.
    """
    with (_RENDER_LOCK, young_garbage(), rc_context(RC), fast_text.installed(), fast_halos.installed(),
          fast_leaders.installed(), fast_pdf.installed()):
        yield


@contextmanager
def young_garbage():
    """The cyclic garbage collector paused for one render, then run once on the objects made since (generation 0).

    A page is tens of thousands of objects in reference cycles (figure, axes, artists, transforms) that live
    for the whole render: collected every 700 allocations as usual, they survive into the oldest generation
    and die there, and every few exports Python traverses the whole process (~200 000 objects, ~150 ms) to
    free them. Collected once, when the render ends and the page is garbage, they never get old: the same
    objects are freed, at a fraction of the cost. A render in a render (or a caller that paused the
    collector itself) leaves it as it is."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def _to_lonlat() -> Transformer:
    return crsmod.measure_to_wgs84()  # geo.crs: EPSG:6960, one copy per thread


def _from_lonlat() -> Transformer:
    return crsmod.wgs84_to_measure()


def projected(scene: Scene) -> dict[str, gpd.GeoDataFrame]:
    """Placed features of every layer in EPSG:9209 (cached on the scene)."""
    cache = getattr(scene, "_projected", None)
    if cache is None:
        cache = {k: crsmod.reproject(scene.placed(k), MEASURE_CRS) for k in scene.frames}
        scene._projected = cache  # type: ignore[attr-defined]
    return cache


# ---------------------------------------------------------------------------- styles
@dataclass
class Drawn:
    """What ``draw_layers`` put on the map: the point symbols as drawn (after displacement)."""

    count: int
    marks: list[Mark]
    labels: Placed | None = None   # the place labels set (page points)
    lines: list[np.ndarray] = field(default_factory=list)   # the lines drawn (vertices, data units)
    line_names: list[LineName] = field(default_factory=list)   # the lines' names set along them


def _features(scene: Scene, layer_id: str, frame: gpd.GeoDataFrame) -> list[tuple]:
    """(id, properties, style, geometry, parts, label) of each feature of a projected layer, once per scene:
    parts are the exterior rings of areas and the vertices of lines (N×2 arrays), the points of points.
    The atlas draws the same features on every page; their styles and coordinates do not change."""
    cache = scene.__dict__.setdefault("_draw_features", {})
    found = cache.get(layer_id)
    if found is not None and found[0] is frame:
        return found[1]
    spec, ctx = get_layer(layer_id), scene.ctx
    out = []
    for fid, props in zip(frame.index, _rows_of(scene, layer_id, frame)):
        geom = props["geometry"]
        pieces = getattr(geom, "geoms", [geom])
        if "Polygon" in geom.geom_type:
            parts = [np.asarray(poly.exterior.coords)[:, :2] for poly in pieces]
        elif "Line" in geom.geom_type:
            parts = [np.asarray(line.coords)[:, :2] for line in pieces]
        else:
            parts = list(pieces)
        out.append((fid, props, spec.style_of(props, ctx), geom, parts, nfc(props.get(spec.label_field or "name"))))
    cache[layer_id] = (frame, out)
    return out


def _rows_of(scene: Scene, layer_id: str, frame: gpd.GeoDataFrame) -> list[dict]:
    """``row_dicts(frame)`` of a layer's projected features: when the page shows every placed feature (no extent
    chosen), the scene's rows of them (which its legend has read already) with the projected geometry, rather
    than every column converted again; the same values."""
    view = scene.in_view(layer_id)
    if (view is not scene.placed(layer_id) or frame.geometry.name != "geometry" or not view.index.equals(frame.index)
            or list(view.columns) != list(frame.columns)):
        return row_dicts(frame)
    return [{**row, "geometry": geom} for row, geom in zip(scene.rows_in_view(layer_id), frame.geometry.values)]


def _points_per_unit(ax) -> float:
    """Page points per EPSG:9209 metre on ``ax`` (equal aspect: the same on both axes)."""
    (ax0, _), (ax1, _) = ax.transData.transform([(0.0, 0.0), (1000.0, 0.0)])
    return (ax1 - ax0) / 1000.0 * 72.0 / ax.figure.dpi


def draw_layers(ax, scene: Scene, *, only: Iterable[str] | None = None, alpha: float = 1.0,
                labels: bool = True, label_size: float = 6.5, scale: float = 1.0,
                label_layers: Iterable[str] | None = None, avoid: Sequence[tuple[float, ...]] = (),
                number_missing: bool = False, grid: Iterable[tuple[np.ndarray, np.ndarray]] = (), name_lines: bool = True,
                before_labels: Callable[[list[Mark], list[np.ndarray]], Sequence[tuple[float, ...]]] | None = None,
                numbers_known: Callable[[Drawn], None] | None = None, ringed: str | None = None) -> Drawn:
    """Draw the scene's placed features, one SVG group per layer and geometry kind.

    Areas, then lines, then point symbols (big under small); stacked points displaced with leader
    lines; labels (all layers unless ``label_layers`` says which) clear of symbols, lines and the
    boxes in ``avoid`` (page points), and where they can of those ``before_labels`` returns once the
    symbols are placed (given them and the lines drawn: draw_map's district names, which move off a label);
    leader lines off the ``grid`` lines ((x, y) arrays in data units: the graticule the page draws); each line
    named along itself first (``name_lines``, export.line_names), off the displaced symbols' leader lines and the
    ring :func:`highlight` draws round the ``ringed`` feature's symbol. ``numbers_known(drawn)`` is called with the
    symbols and the places drawn by number (``drawn.labels.numbered``) as soon as those are known, before the
    numbers are placed: all a legend needs to be laid out.
    """
    frames = projected(scene)
    marks: list[Mark] = []
    line_xy: list[np.ndarray] = []
    named_lines: list[tuple[str, str, Style, list[np.ndarray]]] = []   # (layer, name, style, parts) of each line
    count = 0
    for layer_id, frame in frames.items():
        if only is not None and layer_id not in only:
            continue
        areas = _LazyDirect(ax, f"{layer_id}-areas", 2.0)
        lines = _LazyDirect(ax, f"{layer_id}-lines", 3.0)
        for fid, props, style, geom, parts, name in _features(scene, layer_id, frame):
            count += 1
            if "Polygon" in geom.geom_type:
                for ring in parts:
                    areas.get().add_polygon(ring, linewidth=style.weight * PX_TO_PT * scale, linestyle=dashes(style),
                                            **_face_alpha(style, alpha))
            elif "Line" in geom.geom_type:
                named_lines.append((layer_id, line_name(props, scene.lang), style, parts))
                for xy in parts:
                    line_xy.append(xy)
                    lines.get().add_line(xy[:, 0], xy[:, 1], color=style.colour,
                                         linewidth=style.weight * PX_TO_PT * scale, linestyle=dashes(style),
                                         alpha=style.opacity * alpha, solid_capstyle="round", zorder=2.0)
            else:
                for pt in parts:
                    mark = mark_of(str(fid), layer_id, props, pt, style, scale)
                    mark.name = name
                    mark.alpha = alpha
                    marks.append(mark)
    k = _points_per_unit(ax)
    x0, y0 = ax.transData.transform((0.0, 0.0)) * 72.0 / ax.figure.dpi
    xmin, xmax = ax.get_xlim()
    ymin, ymax = ax.get_ylim()
    margin = (xmax - xmin) * 0.1
    marks = [m for m in marks if xmin - margin <= m.x <= xmax + margin and ymin - margin <= m.y <= ymax + margin]
    displace(marks, lambda x, y: (x * k + x0, y * k + y0))
    for layer_id in dict.fromkeys(m.layer_id for m in marks):
        _draw_marks(ax, [m for m in marks if m.layer_id == layer_id], _direct_on(ax, f"{layer_id}-points", 4.0), k, scale)
    if labels:
        wanted = set(label_layers) if label_layers is not None else None
        named = {layer_id for layer_id in frames if get_layer(layer_id).label_field}  # the plan's named places first
        # each label at its symbol as drawn (displaced), on the side away from the point it shares
        todo = [Label(m.x + m.dx_pt / k, m.y + m.dy_pt / k, m.name, m.half_pt,
                      m.priority + (100 if m.layer_id in named else 0), keep=m.layer_id in named, symbol=i,
                      outward=(m.dx_pt, m.dy_pt))
                for i, m in enumerate(marks) if m.name and (wanted is None or m.layer_id in wanted)]
        to_pt = 72.0 / ax.figure.dpi
        boxes = []
        points = page_points(ax)
        for m in marks:  # each symbol's box as drawn
            cx, cy = points((m.x + m.dx_pt / k, m.y + m.dy_pt / k))
            half = drawn_half(m.marker, m.half_pt)
            boxes.append((cx - half, cy - half, cx + half, cy + half))
        symbols = boxes_array(boxes)
        leaders = [np.array([[m.x, m.y], [m.x + m.dx_pt / k, m.y + m.dy_pt / k]]) for m in marks if m.displaced]
        soft = before_labels(marks, line_xy) if before_labels else ()
        # the lines' names first, along them (export.line_names): the place labels then keep off them as off the furniture
        named_lines = [line for line in named_lines
                       if name_lines and line[1] and (wanted is None or line[0] in wanted)]
        round_ = np.array([m.marker != "s" for m in marks], dtype=bool)
        # the dots at displaced symbols' true positions are symbols too, for the names that must keep off them
        dots = [(cx - r, cy - r, cx + r, cy + r) for m in marks if m.displaced
                for cx, cy in [ax.transData.transform((m.x, m.y)) * to_pt] for r in [0.9 * scale]]
        # and the ring round the page's own place (atlas), as a disc: a name across it hides which place is ringed
        dots += [(cx - r, cy - r, cx + r, cy + r) for m in marks if ringed is not None and m.fid == ringed
                 for cx, cy in [points((m.x + m.dx_pt / k, m.y + m.dy_pt / k))] for r in [ring_half(scale)]]
        names = place_line_names(ax, [(name, style, parts) for _, name, style, parts in named_lines], label_size * scale,
                                 symbols=np.concatenate([symbols, boxes_array(dots)]),
                                 samples=[line_samples(ax, parts) for *_, parts in named_lines],
                                 fixed=boxes_array(avoid), soft=boxes_array(soft), scale=scale,
                                 round_symbols=np.concatenate([round_, np.ones(len(dots), dtype=bool)]),
                                 keep_off=line_segments([points(xy) for xy in leaders], LEADER_PT * scale / 2))
        placed = place_labels(ax, todo, label_size * scale, symbols=symbols, lines=line_samples(ax, line_xy + leaders),
                              fixed=boxes_array(avoid),
                              soft=boxes_array(soft),
                              round_symbols=round_,
                              number_missing=number_missing, grid=_segments_pt(ax, grid),
                              numbers_known=None if numbers_known is None else
                              lambda numbered: numbers_known(Drawn(count, marks, Placed(numbered=list(numbered)))),
                              names=[(n.x, n.y, n.angle, n.width * DRAWN_WIDTH, n.height) for n in names],
                              name_rows=[(x, y, angle, width * DRAWN_WIDTH, height) for n in names
                                         for x, y, angle, width, height in n.rows()])
        return Drawn(count, marks, placed, line_xy, names)
    return Drawn(count, marks, lines=line_xy)


def draw_map(ax, scene: Scene, limits, *, scale: float = 1.0, label_size: float = 6.5, base_labels: bool = True,
             keep_clear: Sequence[tuple[float, float, float, float]] = (), context: Sequence[Mark] = (),
             placed: Callable[[Drawn], None] | None = None, **layer_options) -> Drawn:
    """The base geography, then the scene's layers over it, labels clear of the ``keep_clear`` boxes (axes
    fractions: where the scale bar, north arrow and locator go). The district names keep off the ``context``
    symbols too (drawn before, e.g. a slide's other layers, faint).

    District names give way to everything drawn (export.name_spots.place_names): once the symbols are placed,
    each takes a spot in its district clear of every symbol where it is drawn (displaced, outline and leader
    line included), of the furniture and the frame; the place labels then keep off those spots where they
    can; last, a name that a label still reaches moves to the nearest free spot, or is left out.

    ``placed(drawn)`` is called with the symbols and the places drawn by number as soon as those are known (the
    labels set, their numbers not yet placed; without labels, once the layers are drawn): all the legend needs, so
    a page whose legend will not hold what was drawn stops there (export.snapshot)."""
    base = draw_base(ax, limits, scale=scale, labels=False)
    to_pt = 72.0 / ax.figure.dpi
    furniture = []
    for fx0, fy0, fx1, fy1 in keep_clear:
        (ax0, ay0), (ax1, ay1) = ax.transAxes.transform([(fx0, fy0), (fx1, fy1)]) * to_pt
        furniture.append((ax0, ay0, ax1, ay1))
    first: dict[str, Any] = {}   # the names' first pass, once the symbols are placed

    def names_first(marks: list[Mark], lines: list[np.ndarray]) -> list[tuple[float, ...]]:
        points = page_points(ax)
        discs, boxes = drawn_extents([*marks, *context], lambda x, y: points((x, y)), scale)
        first["lines"] = line_discs(ax, lines, scale)   # the rail, the ring road: names keep off where they can
        first["symbols"] = symbols = Obstacles(discs, boxes).plus(boxes=furniture)
        first["spots"] = spots = district_names(ax, limits, scale=scale, obstacles=symbols, lines=first["lines"])
        return [spot.box for spot in spots]

    told: list[bool] = []
    hook = placed

    def numbers_known(known: Drawn) -> None:
        told.append(True)
        hook(known)  # type: ignore[misc]
    drawn = draw_layers(ax, scene, scale=scale, label_size=label_size, avoid=furniture,
                        before_labels=names_first if base_labels else None,
                        numbers_known=numbers_known if placed is not None else None, **layer_options)
    if placed is not None and not told:   # no labels were placed: the layers drawn are all there is
        placed(drawn)
    if base_labels:
        if not first:  # no labels were placed (e.g. the atlas overview): the names have the symbols to avoid
            names_first(drawn.marks, drawn.lines)
        placed = drawn.labels or Placed()
        # the labels as wide as they may be drawn (a name set just past a label's measured end met its last word)
        clear_of = first["symbols"].plus(discs=segment_discs(placed.leaders, 0.2),
                                         boxes=[_as_drawn(box) for box in placed.boxes]
                                         + [tuple(b) for name in drawn.line_names for b in name.boxes])
        draw_names(ax, base, district_names(ax, limits, scale=scale, start=first["spots"], obstacles=clear_of,
                                            lines=first["lines"]))
    return drawn


def _segments_pt(ax, lines: Iterable[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Lines given as (x, y) arrays in data units, as segments (x0, y0, x1, y1) in page points."""
    to_pt = 72.0 / ax.figure.dpi
    out = []
    for x, y in lines:
        p = ax.transData.transform(np.column_stack([x, y])) * to_pt
        out.append(np.column_stack([p[:-1], p[1:]]))
    return np.concatenate(out) if out else np.zeros((0, 4))


def line_discs(ax, lines: list[np.ndarray], scale: float = 1.0, half_pt: float = 1.5) -> np.ndarray:
    """The drawn lines (vertices in data units) as obstacles to the district names: discs ``half_pt`` wide (the
    widest line's half, its dashes' gaps counted as drawn) along the segments that reach into the frame."""
    to_pt = 72.0 / ax.figure.dpi
    (fx0, fy0), (fx1, fy1) = ax.transAxes.transform([(0.0, 0.0), (1.0, 1.0)]) * to_pt
    segments = []
    for xy in lines:
        p = ax.transData.transform(np.asarray(xy)[:, :2]) * to_pt
        a, b = p[:-1], p[1:]
        inside = ((np.maximum(a[:, 0], b[:, 0]) >= fx0) & (np.minimum(a[:, 0], b[:, 0]) <= fx1)
                  & (np.maximum(a[:, 1], b[:, 1]) >= fy0) & (np.minimum(a[:, 1], b[:, 1]) <= fy1))
        segments += np.column_stack([a[inside], b[inside]]).tolist()
    return segment_discs(segments, half_pt * scale)


def legend_of(scene: Scene, drawn: Drawn | None) -> list[tuple[str, list[LegendEntry]]]:
    """The legend of what the map draws: the layers' entries in their print shapes, plus the symbols."""
    titles = {spec.id: spec.title(scene.lang) for spec in scene.specs}
    numbered = drawn.labels.numbered if drawn and drawn.labels else []
    return (line_sections(symbol_sections(scene.legend_sections(), drawn.marks if drawn else [], titles, scene.ctx),
                          scene)
            + number_section(numbered, scene.lang))


def _draw_marks(ax, marks: list[Mark], group: DirectGroup, k: float, scale: float) -> None:
    """Leader lines and true-position dots first, then the symbols, big under small. Everything is clipped to the
    map frame: a leader to a place beyond it ends at the frame, never across the legend or the title block."""
    for m in marks:
        if not m.displaced:
            continue
        x, y = m.x + m.dx_pt / k, m.y + m.dy_pt / k
        group.add_line([m.x, x], [m.y, y], zorder=0, color=LEADER_COLOUR, linewidth=LEADER_PT * scale,
                       alpha=m.alpha)
        group.add_line([m.x], [m.y], zorder=0.5, marker="o", markersize=1.8 * scale, color=LEADER_COLOUR,
                       linestyle="none", alpha=m.alpha)
    for m in sorted(marks, key=lambda m: -m.half_pt):
        face, edge, lw, dashed = mark_colours(m)
        centre, half = (m.x + m.dx_pt / k, m.y + m.dy_pt / k), m.half_pt / k
        add_symbol(group, m.marker, centre, half, face=face, edge=edge, linewidth=lw * scale, dashed=dashed,
                   zorder=1 + 1 / (1 + m.half_pt))


class _LazyDirect:
    """A layer's :class:`DirectGroup` made on its first item: no empty ``<g>`` for a layer without such features."""

    def __init__(self, ax, gid: str, zorder: float) -> None:
        self.ax, self.gid, self.zorder = ax, gid, zorder
        self.group: DirectGroup | None = None

    def get(self) -> DirectGroup:
        if self.group is None:
            self.group = _direct_on(self.ax, self.gid, self.zorder)
        return self.group


def _direct_on(ax, gid: str, zorder: float) -> DirectGroup:
    group = DirectGroup(ax, gid, zorder)
    ax.add_artist(group)
    return group


def _face_alpha(style: Style, alpha: float) -> dict:
    face = to_rgba(style.fill_colour, style.fill_opacity * alpha) if style.fill_colour else "none"
    edge = to_rgba(style.colour, style.opacity * alpha)
    return {"facecolor": face, "edgecolor": edge}


RING_PT, RING_EDGE_PT, RING_COLOUR = 26.0, 3.0, "#00b8d4"   # the ring round a selected place's symbol (points)
LEADER_PT = 0.5      # a displaced symbol's leader line to its true position, points wide


def ring_half(scale: float = 1.0) -> float:
    """Half the width in points of the ring :func:`highlight` draws round a point, its stroke included."""
    return (RING_PT + RING_EDGE_PT) / 2 * scale


def highlight(ax, geom, scale: float = 1.0, drawn: Drawn | None = None, fid: str | None = None) -> None:
    """A cyan ring around one feature (as the app shows a selection), where its symbol is drawn."""
    if geom is None or geom.is_empty:
        return
    if geom.geom_type == "Point":
        x, y = geom.x, geom.y
        mark = next((m for m in (drawn.marks if drawn else []) if m.fid == fid), None)
        if mark is not None:
            k = _points_per_unit(ax)
            x, y = mark.x + mark.dx_pt / k, mark.y + mark.dy_pt / k
        ax.plot([x], [y], marker="o", markersize=RING_PT * scale, markerfacecolor="none",
                markeredgecolor=RING_COLOUR, markeredgewidth=RING_EDGE_PT * scale, zorder=7)
    else:
        gpd.GeoSeries([geom]).plot(ax=ax, facecolor="none", edgecolor="#00b8d4", linewidth=5 * scale,
                                   alpha=0.6, zorder=1.5)
