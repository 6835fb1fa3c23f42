"""The furniture of a printed map: frame, subdivided scale bar with the numeric scale (1:N), north
arrow (true north, grid convergence counted), coordinate ticks and graticule, and a locator map.

All in EPSG:9209 (VN-2000 / TM-3 105°30′), the province's own grid: the scale bar measures true
metres there, and the numeric scale is the map's width on the ground over its width on paper.
"""
from __future__ import annotations

import math
from functools import lru_cache

import matplotlib
import numpy as np
from matplotlib.patches import PathPatch
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath

from export.base_layer import projected_base
from export.draw import BACKGROUND, _direct_on, _from_lonlat, _to_lonlat
from export.page_limits import limits_for_box
from export.labels import halo_annotate
from export.words import w

FOOTER_TOP_IN = 0.5  # a PDF page's footer (page number, date, data) sits below this, in inches; its body above
from geo.base_geography import districts_path

NICE_KM = (0.5, 1, 2, 2.5, 5, 10, 15, 20, 25, 50, 100)


def scale_denominator(ax) -> float:
    """N of the numeric scale 1:N: ground metres across the map over paper metres across it."""
    x0, x1 = ax.get_xlim()
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    return (x1 - x0) / (width_in * 0.0254)


def round_scale(n: float) -> int:
    """1:412 345 → 1:410 000 (three significant figures, as printed scales are read)."""
    digits = max(0, int(math.floor(math.log10(n))) - 2)
    return int(round(n / 10 ** digits) * 10 ** digits)


def fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", " ")  # a thin space between thousands: the same in both languages


def add_scalebar(ax, scale: float = 1.0, lang: str = "vi", paper: str | None = None, numeric: bool = True) -> int:
    """A subdivided scale bar (4 alternating parts, 0 · half · full km) with the numeric scale above it,
    in a white box at the lower left; returns N of 1:N."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    span_km = (x1 - x0) / 1000
    length_km = max([k for k in NICE_KM if k <= span_km * 0.25] or [NICE_KM[0]])
    length = length_km * 1000
    n = round_scale(scale_denominator(ax))
    size = 6.5 * scale
    pad = (x1 - x0) * 0.012
    bx, by = x0 + pad * 2, y0 + (y1 - y0) * 0.045
    bar_h = (y1 - y0) * 0.012
    label = f"{w('scale', lang)} 1:{fmt_int(n)}" if numeric else ""
    if paper and numeric:
        label += f" ({w('printed_at', lang).format(paper=paper)})"
    (px0, _), (px1, _) = ax.transData.transform([(0.0, 0.0), (1000.0, 0.0)])
    metres_per_pt = 1000.0 / ((px1 - px0) * 72.0 / ax.figure.dpi)
    width = max(length + size * 2.5 * metres_per_pt, len(label) * size * 0.56 * metres_per_pt) + pad * 2
    ax.add_patch(Rectangle((x0 + pad, y0 + pad * 0.6), width, (y1 - y0) * 0.115, facecolor="white",
                           edgecolor="#90a4ae", linewidth=0.4, alpha=0.9, zorder=8))
    for i in range(4):
        ax.add_patch(Rectangle((bx + i * length / 4, by), length / 4, bar_h, zorder=9, linewidth=0.5,
                               facecolor="#212121" if i % 2 == 0 else "white", edgecolor="#212121"))
    labels = [(0, "0"), (length / 2, _km(length_km / 2)), (length, f"{_km(length_km)} km")]
    for dx, text in labels:
        ax.text(bx + dx, by - bar_h * 0.4, text, ha="center", va="top", fontsize=size, color="#212121", zorder=9,
                parse_math=False)
    ax.text(bx, by + bar_h * 1.8, label, ha="left", va="bottom", fontsize=size, color="#212121", zorder=9,
            parse_math=False)
    return n


def _km(value: float) -> str:
    return f"{value:g}"


def frame_map(ax, limits: tuple[float, float, float, float], background: str = BACKGROUND) -> None:
    x0, x1, y0, y1 = limits
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_facecolor(background)
    for spine in ax.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color("#37474f")


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
    keep_x, keep_y = _clear_corner(ax, limits, keep_x, keep_y, size)
    ax.set_xticks([x for x, _ in keep_x], [s for _, s in keep_x])
    ax.set_yticks([y for y, _ in keep_y], [s for _, s in keep_y])
    ax.tick_params(axis="y", labelrotation=90)
    for label in ax.get_yticklabels():
        label.set_verticalalignment("center")
    if graticule:  # one group of lines drawn straight to the renderer (export.direct_draw), not a Line2D each
        group = _direct_on(ax, "graticule", 1.2)
        style = {"color": "#90a4ae", "linewidth": 0.35, "alpha": 0.7, "zorder": 1.2}
        for gx, gy in graticule_lines(limits, mode).values():
            group.add_line(gx, gy, **style)
    ax.set_xlabel(w("grid_degrees", lang), fontsize=size, color="#37474f", labelpad=2)


def graticule_lines(limits, mode: str) -> dict[float, tuple[np.ndarray, np.ndarray]]:
    """The graticule's meridians and parallels (EPSG:9209 x and y arrays, keyed by degree) that :func:`add_ticks` draws
    in ``mode`` "degrees" (none in "metres"): the labels' leader lines keep off them (a leader along a grid line is
    not seen)."""
    if mode == "metres":
        return {}
    x0, x1, y0, y1 = limits
    to_ll, from_ll = _to_lonlat(), _from_lonlat()
    lons, lats = to_ll.transform(np.array([x0, x1, x0, x1]), np.array([y0, y0, y1, y1]))
    lon_min, lon_max, lat_min, lat_max = min(lons), max(lons), min(lats), max(lats)
    step = _nice_step(max(lon_max - lon_min, lat_max - lat_min))
    out = {}
    span = np.linspace(lat_min - step, lat_max + step, 30)
    for lon in np.arange(math.ceil(lon_min / step) * step, lon_max, step):
        out[float(lon)] = from_ll.transform(np.full_like(span, lon), span)
    span = np.linspace(lon_min - step, lon_max + step, 30)
    for lat in np.arange(math.ceil(lat_min / step) * step, lat_max, step):
        out[1000.0 + float(lat)] = from_ll.transform(span, np.full_like(span, lat))
    return out


def _clear_corner(ax, limits, keep_x: list, keep_y: list, size: float) -> tuple[list, list]:
    """The ticks less a longitude label that would run into a latitude one at the frame's lower left corner:
    each is centred on its tick, so one near the corner reaches past it, into the other's side."""
    x0, x1, y0, y1 = limits
    bbox = ax.get_position()
    width_pt, height_pt = (np.array(ax.figure.get_size_inches()) * (bbox.width, bbox.height)) * 72.0

    def reach_pt(text: str) -> float:  # half a label's length, generously (the font's widest letters)
        return len(text) * size * 0.62 / 2

    def past(ticks: list, lo: float, hi: float, span_pt: float) -> list[bool]:
        return [(t - lo) / (hi - lo) * span_pt < reach_pt(s) + 1.0 for t, s in ticks]

    if any(past(keep_y, y0, y1, height_pt)):
        keep_x = [tick for tick, near in zip(keep_x, past(keep_x, x0, x1, width_pt)) if not near]
    return keep_x, keep_y


def add_locator(fig, rect: tuple[float, float, float, float], limits, scale: float = 1.0):
    """A small map of the province (its districts, grey) with the exported extent framed in red;
    ``rect`` in figure fractions. Returns the inset axes."""
    ax = locator_axes(fig, rect, scale)
    frame_extent(ax, limits, scale)
    return ax


def locator_axes(fig, rect: tuple[float, float, float, float], scale: float = 1.0):
    """The locator map without its frame: the province's districts in an inset at ``rect`` (the same on every
    atlas page, which reuses it and only moves the frame, :func:`frame_extent`)."""
    _districts, outline, _mask = projected_base()
    ax = fig.add_axes(rect)
    ax.set_gid("locator-map")
    minx, miny, maxx, maxy = outline.bounds
    padx, pady = (maxx - minx) * 0.06, (maxy - miny) * 0.06
    lx0, lx1, ly0, ly1 = limits_for_box((minx - padx, miny - pady, maxx + padx, maxy + pady),
                                        rect[2] * fig.get_figwidth() / (rect[3] * fig.get_figheight()))
    ax.set_xlim(lx0, lx1)
    ax.set_ylim(ly0, ly1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("white")
    # one patch of every district (they do not overlap), added without autoscaling: the limits are set
    ax.add_artist(PathPatch(locator_path(), facecolor="#eceff1", edgecolor="#9e9e9e", linewidth=0.3 * scale,
                            transform=ax.transData))
    for spine in ax.spines.values():
        spine.set_linewidth(0.6)
        spine.set_color("#37474f")
    return ax


def frame_extent(ax, limits, scale: float = 1.0) -> Rectangle:
    """The red frame of the exported extent on a locator map; returns it (an atlas page removes its own)."""
    x0, x1, y0, y1 = limits
    return ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="none", edgecolor="#d32f2f",
                                  linewidth=1.2 * scale, zorder=5))


def locator_path() -> MplPath:
    """The districts' outlines as one compound path (computed once per districts file and version)."""
    path = districts_path()
    return _locator_path(str(path), path.stat().st_mtime)


@lru_cache(maxsize=4)
def _locator_path(path: str, stamp: float) -> MplPath:
    districts, _outline, _mask = projected_base()
    verts, codes = [], []
    for geom in districts.geometry:
        for poly in getattr(geom, "geoms", [geom]):
            xy = np.asarray(poly.exterior.coords)[:, :2]
            verts.append(xy)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    return MplPath(np.concatenate(verts), np.concatenate(codes), readonly=True)


def needs_locator(limits) -> bool:
    """A locator helps when the map shows less than about half the province."""

    _d, outline, _m = projected_base()
    minx, miny, maxx, maxy = outline.bounds
    x0, x1, y0, y1 = limits
    return (x1 - x0) * (y1 - y0) < 0.5 * (maxx - minx) * (maxy - miny)


SCALEBAR_BOX = (0.0, 0.0, 0.34, 0.14)      # axes fractions the furniture takes (labels keep clear)
NORTH_BOX = (0.91, 0.74, 1.0, 0.97)
LOCATOR_BOX = (0.0, 0.62, 0.27, 1.0)


def furniture_boxes(locator: bool) -> list[tuple[float, float, float, float]]:
    return [SCALEBAR_BOX, NORTH_BOX] + ([LOCATOR_BOX] if locator else [])
