"""Drawing the plan with matplotlib, in VN-2000 / TM-3 105°30′ (EPSG:9209), for every printed export.

Styles come from the layers' ``style_of`` (the same as the web map), translated from Leaflet
pixels to printer's points. Text is set in DejaVu Sans (bundled with matplotlib, every Vietnamese
glyph present), embedded as TrueType in PDF (so its text can be extracted and searched) and left
as text in SVG; data text is never parsed as mathtext (a ``$`` in a name stays a ``$``).
"""
from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from functools import lru_cache

import geopandas as gpd
import matplotlib
import numpy as np

matplotlib.use("Agg")
from matplotlib import patheffects, rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.patches import Polygon as MplPolygon
from matplotlib_scalebar.scalebar import ScaleBar  # noqa: E402
from pyproj import Transformer  # noqa: E402

from core.vocab import MEASURE_CRS  # noqa: E402
from export.scene import Scene, nfc, w  # noqa: E402
from layers.base import LegendEntry, Style  # noqa: E402
from layers.registry import get_layer  # noqa: E402

FONT = "DejaVu Sans"
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "pdf.fonttype": 42,        # TrueType: text stays text (pypdf, search, copy-paste)
    "svg.fonttype": "none",    # SVG <text> elements, not glyph outlines
    "svg.hashsalt": "planmap",  # reproducible SVG ids
    "axes.unicode_minus": True,
    "path.simplify": True,
}
PX_TO_PT = 0.75                 # a Leaflet pixel (1/96 in) in points (1/72 in)
MARKER_SCALE = 1.25             # circle markers a little smaller than on screen: paper is denser
BACKGROUND = "#f4f1ea"          # plain background when no basemap
_HALO_ONLY = [patheffects.Stroke(linewidth=2.4, foreground="white")]


def halo_annotate(ax, text: str, xy, **kw) -> None:
    """Text with a white halo that stays real text in PDF/SVG: the halo is a separate artist drawn
    under it (path effects would turn the text itself into glyph outlines)."""
    under = dict(kw, color="white", zorder=kw.get("zorder", 6) - 0.01, path_effects=_HALO_ONLY)
    under.pop("arrowprops", None)
    ax.annotate(text, xy, parse_math=False, **under)
    ax.annotate(text, xy, parse_math=False, **kw)


_RENDER_LOCK = threading.RLock()


@contextmanager
def rendering():
    """Our matplotlib settings for one render, one render at a time.

    ``rc_context`` changes matplotlib's global settings; two Streamlit sessions exporting at
    once would otherwise see each other's settings (or lose them) mid-render.
    """
    with _RENDER_LOCK, rc_context(RC):
        yield


@lru_cache(maxsize=4)
def _to_lonlat() -> Transformer:
    return Transformer.from_crs(MEASURE_CRS, "EPSG:4326", always_xy=True)


@lru_cache(maxsize=4)
def _from_lonlat() -> Transformer:
    return Transformer.from_crs("EPSG:4326", MEASURE_CRS, always_xy=True)


def projected(scene: Scene) -> dict[str, gpd.GeoDataFrame]:
    """Placed features of every layer in EPSG:9209 (cached on the scene)."""
    cache = getattr(scene, "_projected", None)
    if cache is None:
        cache = {k: scene.placed(k).to_crs(MEASURE_CRS) for k in scene.frames}
        scene._projected = cache  # type: ignore[attr-defined]
    return cache


def limits_for(bbox_lonlat: tuple[float, float, float, float], aspect: float, pad: float = 0.04
               ) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) in EPSG:9209 covering ``bbox_lonlat``, widened to width/height ``aspect``."""
    minx, miny, maxx, maxy = bbox_lonlat
    lon = np.array([minx, maxx, maxx, minx, (minx + maxx) / 2, (minx + maxx) / 2])
    lat = np.array([miny, miny, maxy, maxy, miny, maxy])
    x, y = _from_lonlat().transform(lon, lat)
    x0, x1, y0, y1 = x.min(), x.max(), y.min(), y.max()
    dx, dy = (x1 - x0) or 1000.0, (y1 - y0) or 1000.0
    x0, x1, y0, y1 = x0 - dx * pad, x1 + dx * pad, y0 - dy * pad, y1 + dy * pad
    dx, dy = x1 - x0, y1 - y0
    if dx / dy < aspect:
        grow = (dy * aspect - dx) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = (dx / aspect - dy) / 2
        y0, y1 = y0 - grow, y1 + grow
    return x0, x1, y0, y1


def around(x: float, y: float, half_width_m: float, aspect: float) -> tuple[float, float, float, float]:
    """Limits centred on (x, y) in EPSG:9209."""
    half_h = half_width_m / aspect
    return x - half_width_m, x + half_width_m, y - half_h, y + half_h


# ---------------------------------------------------------------------------- styles
def dashes(style: Style) -> tuple | str:
    if not style.dash:
        return "solid"
    parts = [float(p) for p in style.dash.replace(",", " ").split()]
    weight = max(style.weight * PX_TO_PT, 0.1)
    return (0, tuple(p * PX_TO_PT / weight for p in parts))  # matplotlib scales dashes by line width


def marker_size(style: Style) -> float:
    """Marker diameter in points for a Leaflet circle of ``style.radius`` pixels."""
    return 2 * style.radius * PX_TO_PT * MARKER_SCALE


def draw_layers(ax, scene: Scene, *, only: Iterable[str] | None = None, alpha: float = 1.0,
                labels: bool = True, label_size: float = 6.5, scale: float = 1.0,
                label_layers: Iterable[str] | None = None) -> int:
    """Draw the scene's placed features (areas, then lines, then points, big under small)."""
    frames = projected(scene)
    ctx = scene.ctx
    areas, lines, points, names = [], [], [], []
    for layer_id, frame in frames.items():
        if only is not None and layer_id not in only:
            continue
        spec = get_layer(layer_id)
        for fid, row in frame.iterrows():
            style = spec.style_of(row.to_dict(), ctx)
            geom = row.geometry
            gt = geom.geom_type
            if "Polygon" in gt:
                areas.append((style, geom))
            elif "Line" in gt:
                lines.append((style, geom))
            else:
                points.append((style, geom))
                if labels and (layer_id in label_layers if label_layers is not None else spec.label_field):
                    names.append((geom, nfc(row.get(spec.label_field or "name")), style))
    for style, geom in areas:
        for poly in getattr(geom, "geoms", [geom]):
            ax.add_patch(MplPolygon(np.asarray(poly.exterior.coords)[:, :2], closed=True,
                                    linewidth=style.weight * PX_TO_PT * scale,
                                    linestyle=dashes(style), zorder=2,
                                    **_face_alpha(style, alpha)))
    for style, geom in lines:
        for line in getattr(geom, "geoms", [geom]):
            xy = np.asarray(line.coords)
            ax.plot(xy[:, 0], xy[:, 1], color=style.colour, linewidth=style.weight * PX_TO_PT * scale,
                    linestyle=dashes(style), alpha=style.opacity * alpha, zorder=3, solid_capstyle="round")
    points.sort(key=lambda p: -p[0].radius)
    for style, geom in points:
        for pt in getattr(geom, "geoms", [geom]):
            ax.plot([pt.x], [pt.y], marker="o", linestyle="none", markersize=marker_size(style) * scale,
                    markerfacecolor=style.fill_colour or style.colour, markeredgecolor=style.colour,
                    markeredgewidth=style.weight * PX_TO_PT * scale, alpha=alpha, zorder=4 + 1 / (1 + style.radius))
    if names:
        place_labels(ax, names, label_size * scale, scale)
    return len(areas) + len(lines) + len(points)


def place_labels(ax, names: list, size: float, scale: float) -> None:
    """Name labels beside their markers, each at the first free spot, big places first.

    Spots: right, left, above, below and the diagonals; then the same further out, with a thin
    leader line. A label that finds no free spot goes where it overlaps least; no name is dropped.
    """
    fig = ax.figure
    to_pt = 72.0 / fig.dpi
    x0, y0 = ax.transAxes.transform((0, 0)) * to_pt
    x1, y1 = ax.transAxes.transform((1, 1)) * to_pt
    placed: list[tuple[float, float, float, float]] = []
    markers = []
    for geom, _name, style in names:
        mx, my = ax.transData.transform((geom.x, geom.y)) * to_pt
        r = marker_size(style) * scale / 2
        markers.append((mx - r, my - r, mx + r, my + r))
    order = sorted(names, key=lambda n: -n[2].radius)
    for geom, name, style in order:
        px, py = ax.transData.transform((geom.x, geom.y)) * to_pt
        r = marker_size(style) * scale / 2 + 1.5
        w_pt, h_pt = len(name) * size * 0.56, size * 1.2
        spots = []
        for k in (1.0, 2.4, 4.0):
            rr = r * k + (k - 1) * 6
            spots += [(rr, -h_pt / 2 + 1), (-rr - w_pt, -h_pt / 2 + 1), (-w_pt / 2, rr), (-w_pt / 2, -rr - h_pt),
                      (rr * 0.7, rr * 0.7), (rr * 0.7, -rr * 0.7 - h_pt), (-rr * 0.7 - w_pt, rr * 0.7),
                      (-rr * 0.7 - w_pt, -rr * 0.7 - h_pt)]
        best, best_cost = None, None
        for i, (dx, dy) in enumerate(spots):
            box = (px + dx, py + dy, px + dx + w_pt, py + dy + h_pt)
            outside = (max(0, x0 - box[0]) + max(0, box[2] - x1) + max(0, y0 - box[1]) + max(0, box[3] - y1)) * h_pt
            cost = sum(_overlap(box, o) for o in placed) + 0.3 * sum(_overlap(box, m) for m in markers) + outside
            cost += i * 0.01  # prefer near spots among equals
            if best_cost is None or cost < best_cost:
                best, best_cost = (dx, dy, box, i >= 8), cost
            if cost < 0.1:
                break
        dx, dy, box, far = best
        placed.append(box)
        extra = {}
        if far:
            extra["arrowprops"] = {"arrowstyle": "-", "linewidth": 0.4, "color": "#455a64", "shrinkA": 0,
                                   "shrinkB": r * 0.8}
        halo_annotate(ax, name, (geom.x, geom.y), xytext=(dx, dy), textcoords="offset points", fontsize=size,
                      color="#212121", zorder=6, ha="left", va="bottom", annotation_clip=True, **extra)


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _face_alpha(style: Style, alpha: float) -> dict:
    from matplotlib.colors import to_rgba
    face = to_rgba(style.fill_colour, style.fill_opacity * alpha) if style.fill_colour else "none"
    edge = to_rgba(style.colour, style.opacity * alpha)
    return {"facecolor": face, "edgecolor": edge}


def highlight(ax, geom, scale: float = 1.0) -> None:
    """A cyan ring around one feature (as the app shows a selection)."""
    if geom is None or geom.is_empty:
        return
    if geom.geom_type == "Point":
        ax.plot([geom.x], [geom.y], marker="o", markersize=26 * scale, markerfacecolor="none",
                markeredgecolor="#00b8d4", markeredgewidth=3 * scale, zorder=7)
    else:
        gpd.GeoSeries([geom]).plot(ax=ax, facecolor="none", edgecolor="#00b8d4", linewidth=5 * scale,
                                   alpha=0.6, zorder=1.5)


# ---------------------------------------------------------------------------- map furniture
def frame_map(ax, limits: tuple[float, float, float, float], background: str = BACKGROUND) -> None:
    x0, x1, y0, y1 = limits
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(background)
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color("#37474f")


def add_scalebar(ax, scale: float = 1.0) -> None:
    ax.add_artist(ScaleBar(1.0, "m", location="lower left", length_fraction=0.22, box_alpha=0.8,
                           font_properties={"size": 7 * scale, "family": FONT}, border_pad=0.6))


def convergence_deg(x: float, y: float) -> float:
    """Angle (degrees, clockwise from grid north) of true north at (x, y) in EPSG:9209."""
    lon, lat = _to_lonlat().transform(x, y)
    x2, y2 = _from_lonlat().transform(lon, lat + 0.01)
    return math.degrees(math.atan2(x2 - x, y2 - y))


def add_north_arrow(ax, limits, lang: str, scale: float = 1.0, pos: tuple[float, float] = (0.955, 0.86)) -> None:
    """A north arrow pointing at true north (grid convergence taken into account)."""
    x0, x1, y0, y1 = limits
    angle = math.radians(convergence_deg((x0 + x1) / 2, (y0 + y1) / 2))
    cx, cy = pos
    bbox = ax.get_window_extent()
    aspect = bbox.width / max(bbox.height, 1)
    size = 0.045
    def rot(dx, dy):
        rx = dx * math.cos(angle) + dy * math.sin(angle)
        ry = -dx * math.sin(angle) + dy * math.cos(angle)
        return cx + rx / aspect, cy + ry
    tip, left, right, base = rot(0, size), rot(-size * 0.45, -size), rot(size * 0.45, -size), rot(0, -size * 0.55)
    ax.add_patch(MplPolygon([tip, left, base], closed=True, transform=ax.transAxes, facecolor="#212121",
                            edgecolor="#212121", linewidth=0.6, zorder=9))
    ax.add_patch(MplPolygon([tip, right, base], closed=True, transform=ax.transAxes, facecolor="white",
                            edgecolor="#212121", linewidth=0.6, zorder=9))
    lx, ly = rot(0, size * 1.45)
    halo_annotate(ax, w("north", lang), (lx, ly), xycoords="axes fraction", ha="center", va="center",
                  fontsize=10 * scale, fontweight="bold", zorder=9, color="#212121")


def _dms(value: float, positive: str, negative: str) -> str:
    hemi = positive if value >= 0 else negative
    value = abs(value)
    deg = int(math.floor(value + 1e-9))
    minutes = round((value - deg) * 60)
    if minutes == 60:
        deg, minutes = deg + 1, 0
    return f"{deg}°{minutes:02d}′{hemi}"


def _nice_step(span_deg: float) -> float:
    for step in (1 / 60, 2 / 60, 5 / 60, 10 / 60, 0.25, 0.5, 1.0):
        if span_deg / step <= 6:
            return step
    return 2.0


def add_ticks(ax, limits, mode: str, lang: str, scale: float = 1.0, graticule: bool = True) -> None:
    """Coordinate ticks on the frame: degrees (WGS 84, with a light graticule) or VN-2000 metres."""
    x0, x1, y0, y1 = limits
    size = 6.5 * scale
    ax.tick_params(labelsize=size, length=3, width=0.6, direction="out", colors="#37474f")
    if mode == "metres":
        fmt = matplotlib.ticker.FuncFormatter(lambda v, _p: f"{v:,.0f}".replace(",", " "))
        ax.xaxis.set_major_formatter(fmt)
        ax.yaxis.set_major_formatter(fmt)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(5))
        for label in ax.get_yticklabels():
            label.set_rotation(90)
        ax.tick_params(axis="y", labelrotation=90)
        ax.set_xlabel(w("grid_metres", lang), fontsize=size, color="#37474f", labelpad=2)
        return
    to_ll, from_ll = _to_lonlat(), _from_lonlat()
    lons, lats = to_ll.transform(np.array([x0, x1, x0, x1]), np.array([y0, y0, y1, y1]))
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    step = _nice_step(max(lon_max - lon_min, lat_max - lat_min))
    lon_vals = np.arange(math.ceil(lon_min / step) * step, lon_max, step)
    lat_vals = np.arange(math.ceil(lat_min / step) * step, lat_max, step)
    _, lat_bottom = to_ll.transform((x0 + x1) / 2, y0)
    lon_left, _ = to_ll.transform(x0, (y0 + y1) / 2)
    xt = [from_ll.transform(lon, lat_bottom)[0] for lon in lon_vals]
    yt = [from_ll.transform(lon_left, lat)[1] for lat in lat_vals]
    east, west, north, south = ("Đ", "T", "B", "N") if lang != "en" else ("E", "W", "N", "S")
    keep_x = [(x, _dms(v, east, west)) for x, v in zip(xt, lon_vals) if x0 <= x <= x1]
    keep_y = [(y, _dms(v, north, south)) for y, v in zip(yt, lat_vals) if y0 <= y <= y1]
    ax.set_xticks([x for x, _ in keep_x], [s for _, s in keep_x])
    ax.set_yticks([y for y, _ in keep_y], [s for _, s in keep_y])
    ax.tick_params(axis="y", labelrotation=90)
    for label in ax.get_yticklabels():
        label.set_verticalalignment("center")
    if graticule:
        span = np.linspace(lat_min - step, lat_max + step, 30)
        for lon in lon_vals:
            gx, gy = from_ll.transform(np.full_like(span, lon), span)
            ax.plot(gx, gy, color="#90a4ae", linewidth=0.35, alpha=0.7, zorder=1.2)
        span = np.linspace(lon_min - step, lon_max + step, 30)
        for lat in lat_vals:
            gx, gy = from_ll.transform(span, np.full_like(span, lat))
            ax.plot(gx, gy, color="#90a4ae", linewidth=0.35, alpha=0.7, zorder=1.2)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
    ax.set_xlabel(w("grid_degrees", lang), fontsize=size, color="#37474f", labelpad=2)


# ---------------------------------------------------------------------------- legend
def legend_handle(entry: LegendEntry, scale: float = 1.0):
    s = entry.style
    if entry.shape == "line":
        return Line2D([], [], color=s.colour, linewidth=min(s.weight, 5) * PX_TO_PT * scale,
                      linestyle=dashes(s))
    if entry.shape == "area":
        from matplotlib.colors import to_rgba
        return Patch(facecolor=to_rgba(s.fill_colour or s.colour, s.fill_opacity), edgecolor=s.colour,
                     linestyle=dashes(s), linewidth=1.2 * scale)
    return Line2D([], [], marker="o", linestyle="none", markersize=min(marker_size(s), 13) * scale,
                  markerfacecolor=s.fill_colour or s.colour, markeredgecolor=s.colour,
                  markeredgewidth=s.weight * PX_TO_PT * scale)


def draw_legend(ax, sections: list[tuple[str, list[LegendEntry]]], title: str, *, fontsize: float = 7.5,
                ncol: int = 1, loc: str = "upper left") -> None:
    """A legend of headed sections (layer titles bold) in an empty axes; long labels wrap."""
    import textwrap
    ax.set_axis_off()
    fig_w = ax.get_position().width * ax.figure.get_figwidth() / ncol
    chars = max(16, int((fig_w - 0.45) * 72 / (fontsize * 0.58)))
    handles, labels, headings = [], [], []
    for heading, entries in sections:
        headings.append(len(labels))
        handles.append(Line2D([], [], linestyle="none"))
        labels.append("\n".join(textwrap.wrap(nfc(heading), chars)))
        for entry in entries:
            handles.append(legend_handle(entry))
            labels.append("\n".join(textwrap.wrap(nfc(entry.label), chars)))
    if not handles:
        return
    leg = ax.legend(handles, labels, loc=loc, ncol=ncol, fontsize=fontsize, frameon=False, title=title,
                    title_fontproperties={"weight": "bold", "size": fontsize * 1.2}, alignment="left",
                    handlelength=2.6, handleheight=1.2, borderaxespad=0.0, labelspacing=0.6,
                    columnspacing=1.2)
    for i, text in enumerate(leg.get_texts()):
        text.set_parse_math(False)
        if i in headings:
            text.set_fontweight("bold")


def new_figure(size_in: tuple[float, float], dpi: int = 100) -> Figure:
    """A figure that needs no GUI and no pyplot state (safe in threads and servers)."""
    fig = Figure(figsize=size_in, dpi=dpi)
    fig.patch.set_facecolor("white")
    return fig
