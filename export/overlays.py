"""The user's own layers (overlays) on every export, styled and grouped exactly as on the web map.

An overlay is ``(geo.overlay_io.Overlay, mapview.overlay.OverlayStyle)`` — what the map page keeps in
``st.session_state["_overlays"]``. Colours, categories (``by`` an attribute, the same palette, the same
"other" folding) and legend entries follow ``mapview.overlay.add_overlay``; printed exports draw them
with matplotlib in EPSG:9209, one compound path per category (fast for tens of thousands of
polygons), only what falls in the view, simplified beyond ``SIMPLIFY_FROM_VERTICES`` at half a
printed pixel (invisible on paper).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from layers.base import LegendEntry, Style
from mapview.overlay import SHAPES, OverlayStyle, categories_of

# Drawing speed: beyond this many vertices in the view, simplify at half a device pixel.
SIMPLIFY_FROM_VERTICES = 20_000
USER_DATA = ("Dữ liệu người dùng", "User data")
OVERLAY_OPACITY = 0.9        # the map's stroke opacity (mapview.overlay path_style)
ZORDER = 4.6                 # above the plan (as on the map, where overlays are added last), under labels


def user_data_label(lang: str) -> str:
    return USER_DATA[1] if lang == "en" else USER_DATA[0]


def normalise(overlays) -> tuple:
    """``overlays`` as a tuple of (Overlay, OverlayStyle) pairs; a bare Overlay gets the default style."""
    out = []
    for item in overlays or ():
        if isinstance(item, (tuple, list)):
            overlay, style = (tuple(item) + (None,))[:2]
        else:
            overlay, style = item, None
        out.append((overlay, style or OverlayStyle()))
    return tuple(out)


def file_name_of(overlay) -> str:
    report = getattr(overlay, "report", None)
    return str(getattr(report, "filename", None) or overlay.name)


def key_of(overlays) -> tuple:
    """What identifies the overlays of a request (for equality: 'is that file still what is asked?')."""
    return tuple((getattr(o, "digest", None) or id(o), o.name, s) for o, s in overlays)


@dataclass(frozen=True)
class Group:
    label: str
    colour: str
    index: np.ndarray      # positions in the overlay's GeoDataFrame


def groups_of(overlay, style: OverlayStyle, lang: str) -> list[Group]:
    """The overlay's categories as drawn on the map (same labels, order and palette as add_overlay)."""
    gdf = overlay.gdf
    if style.by and style.by in gdf.columns:
        cats = categories_of(gdf, style.by, lang)
        values = gdf[style.by].map(
            lambda v: None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
        listed = {k for _, k in cats if k != "__other__"}
        keys = values.map(lambda v: v if v in listed else "__other__").to_numpy(dtype=object)
        raw = [(label, style.palette[i % len(style.palette)], keys == key) for i, (label, key) in enumerate(cats)]
    else:
        raw = [(overlay.name, style.colour, np.ones(len(gdf), dtype=bool))]
    return [Group(label, colour, np.flatnonzero(mask)) for label, colour, mask in raw if mask.any()]


def path_style(family: str, colour: str, style: OverlayStyle) -> Style:
    """The map's Leaflet path style of one category, as a layers.base Style (legend and drawing)."""
    return Style(colour=colour, fill_colour=colour if family != "line" else None,
                 radius=int(style.radius) if family == "point" else 0,
                 weight=style.weight if family != "point" else 1,
                 fill_opacity=style.fill_opacity if family != "line" else 0, opacity=OVERLAY_OPACITY)


def legend_entries(overlay, style: OverlayStyle, lang: str) -> list[LegendEntry]:
    family = overlay.family
    return [LegendEntry(label=g.label, style=path_style(family, g.colour, style), shape=SHAPES[family])
            for g in groups_of(overlay, style, lang)]


def legend_sections(overlays, lang: str) -> list[tuple[str, list[LegendEntry]]]:
    """One legend section per overlay, headed by its name (as on the map)."""
    return [(overlay.name, legend_entries(overlay, style, lang)) for overlay, style in overlays
            if len(overlay.gdf)]


def sources_text(overlays, lang: str) -> str | None:
    """'Dữ liệu người dùng: a.csv, b.geojson' (None without overlays)."""
    names = []
    for overlay, _ in overlays:
        name = file_name_of(overlay)
        if name not in names:
            names.append(name)
    return f"{user_data_label(lang)}: {', '.join(names)}" if names else None


def bounds_of(overlays) -> tuple[float, float, float, float] | None:
    boxes = [overlay.gdf.total_bounds for overlay, _ in overlays if len(overlay.gdf)]
    if not boxes:
        return None
    b = np.array(boxes, dtype=float)
    return float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max())


# ---------------------------------------------------------------------------- drawing (matplotlib)
class _Projected:
    """One overlay's geometries in EPSG:9209 with a spatial index, and simplified copies per tolerance."""

    def __init__(self, overlay):
        from geo import crs as crsmod

        projected = crsmod.to_measure_crs(overlay.gdf.geometry)
        self.geoms = np.asarray(projected.values, dtype=object)
        self.tree = shapely.STRtree(self.geoms)
        self._simple: dict[float, np.ndarray] = {}

    def in_view(self, limits) -> np.ndarray:
        x0, x1, y0, y1 = limits
        return np.sort(self.tree.query(shapely.box(x0, y0, x1, y1)))

    def simplified(self, positions: np.ndarray, tolerance: float) -> np.ndarray:
        geoms = self.geoms[positions]
        if tolerance <= 0 or int(shapely.get_num_coordinates(geoms).sum()) <= SIMPLIFY_FROM_VERTICES:
            return geoms
        # Round the tolerance to a power of √2 so nearby views (atlas pages) share one simplification.
        tol = float(2 ** (math.floor(math.log2(tolerance) * 2) / 2))
        cached = self._simple.get(tol)
        if cached is None:
            simple = shapely.simplify(self.geoms, tol, preserve_topology=False)
            collapsed = shapely.is_empty(simple) & ~shapely.is_empty(self.geoms)
            simple[collapsed] = self.geoms[collapsed]   # too small to simplify: keep it as it is
            cached = self._simple[tol] = simple
        return cached[positions]


def _projected(scene, i: int, overlay) -> _Projected:
    cache = scene.__dict__.setdefault("_overlay_projected", {})
    if i not in cache:
        cache[i] = _Projected(overlay)
    return cache[i]


def _rings_path(geoms):
    """Every ring of (multi)polygons as one compound matplotlib Path (holes stay holes)."""
    from matplotlib.path import Path

    parts = shapely.get_parts(shapely.normalize(geoms))  # normalize: shells and holes wound oppositely
    parts = parts[shapely.get_type_id(parts) == 3]
    rings = shapely.get_rings(parts)
    return _path_of(rings, closed=True, Path=Path)


def _lines_path(geoms):
    from matplotlib.path import Path

    parts = shapely.get_parts(geoms)
    parts = parts[~shapely.is_empty(parts)]
    return _path_of(parts, closed=False, Path=Path)


def _path_of(pieces, closed: bool, Path):
    coords, index = shapely.get_coordinates(pieces, return_index=True)
    if not len(coords):
        return None
    codes = np.full(len(coords), Path.LINETO, dtype=np.uint8)
    starts = np.r_[0, np.flatnonzero(np.diff(index)) + 1]
    codes[starts] = Path.MOVETO
    if closed:
        ends = np.r_[starts[1:] - 1, len(coords) - 1]
        codes[ends] = Path.CLOSEPOLY
    return Path(coords, codes)


def draw_overlays(ax, scene, limits, *, scale: float = 1.0, alpha: float = 1.0) -> int:
    """Draw the scene's overlays on ``ax`` (EPSG:9209, view ``limits``); returns the features drawn."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import PathPatch

    from export.draw import PX_TO_PT, marker_size

    overlays = scene.overlays
    if not overlays:
        return 0
    bbox = ax.get_window_extent()
    width_px = max(bbox.width, 1.0)
    tolerance = (limits[1] - limits[0]) / width_px / 2   # half a device pixel, in metres
    drawn = 0
    for i, (overlay, style) in enumerate(overlays):
        if not len(overlay.gdf):
            continue
        proj = _projected(scene, i, overlay)
        visible = proj.in_view(limits)
        if not visible.size:
            continue
        family = overlay.family
        for g in groups_of(overlay, style, scene.lang):
            pos = np.intersect1d(g.index, visible, assume_unique=True)
            if not pos.size:
                continue
            s = path_style(family, g.colour, style)
            lw = s.weight * PX_TO_PT * scale
            if family == "point":
                pts = shapely.get_coordinates(shapely.get_parts(proj.geoms[pos]))
                ax.plot(pts[:, 0], pts[:, 1], marker="o", linestyle="none", markersize=marker_size(s) * scale,
                        markerfacecolor=to_rgba(g.colour, s.fill_opacity * alpha),
                        markeredgecolor=to_rgba(g.colour, OVERLAY_OPACITY * alpha), markeredgewidth=lw,
                        zorder=ZORDER + 0.2)
            else:
                geoms = proj.simplified(pos, tolerance)
                path = _rings_path(geoms) if family == "polygon" else _lines_path(geoms)
                if path is None:
                    continue
                face = to_rgba(g.colour, s.fill_opacity * alpha) if family == "polygon" else "none"
                # add_artist, not add_patch: the view is fixed, and add_patch walks every vertex for limits
                ax.add_artist(PathPatch(path, facecolor=face, edgecolor=to_rgba(g.colour, OVERLAY_OPACITY * alpha),
                                        linewidth=lw, fill=family == "polygon", zorder=ZORDER,
                                        capstyle="round", joinstyle="round", transform=ax.transData))
            drawn += int(pos.size)
    return drawn


# ---------------------------------------------------------------------------- data exports
RESERVED = {"fid", "geom", "geometry"}


def attribute_frame(overlay):
    """The overlay's attributes with names safe for a GeoPackage/spreadsheet (unique, case-insensitive)."""
    gdf = overlay.gdf
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    seen: set[str] = set()
    rename = {}
    for c in cols:
        name = str(c).strip() or "field"
        base, n = name, 1
        while name.lower() in seen or name.lower() in RESERVED:
            n += 1
            name = f"{base}_{n}"
        seen.add(name.lower())
        rename[c] = name
    return gdf[cols].rename(columns=rename)


def table_names(overlays: Sequence, taken: Sequence[str] = ()) -> list[str]:
    """ASCII table names ``overlay_<file>`` (unique; never a plan layer's id)."""
    from core.text import slug

    used = {t.lower() for t in taken}
    names = []
    for overlay, _ in overlays:
        base = "overlay_" + (slug(overlay.name).replace("-", "_")[:40] or "data")
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}_{n}"
        used.add(name.lower())
        names.append(name)
    return names
