"""Drawing the user's own layers on printed maps, with matplotlib in EPSG:9209, styled as on the web map.

One compound path per category (fast for tens of thousands of polygons), only what falls in the view,
simplified beyond ``SIMPLIFY_FROM_VERTICES`` at half a printed pixel (invisible on paper). Colours and
path styles: ``export.overlays.groups_of`` and ``layers.overlay_style.path_style``, as the web map.
"""
from __future__ import annotations

import math

import numpy as np
import shapely
from matplotlib.colors import to_rgba
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from export.overlays import groups_of
from export.symbols import PX_TO_PT, marker_size
from geo import crs as crsmod
from layers.overlay_style import path_style

# Drawing speed: beyond this many vertices in the view, simplify at half a device pixel.
SIMPLIFY_FROM_VERTICES = 20_000
ZORDER = 4.6                 # above the plan (as on the map, where overlays are added last), under labels


class _Projected:
    """One overlay's geometries in EPSG:9209 with a spatial index, and simplified copies per tolerance."""

    def __init__(self, overlay):
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
    parts = shapely.get_parts(shapely.normalize(geoms))  # normalize: shells and holes wound oppositely
    parts = parts[shapely.get_type_id(parts) == 3]
    rings = shapely.get_rings(parts)
    return _path_of(rings, closed=True)


def _lines_path(geoms):
    parts = shapely.get_parts(geoms)
    parts = parts[~shapely.is_empty(parts)]
    return _path_of(parts, closed=False)


def _path_of(pieces, closed: bool):
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
                        markeredgecolor=to_rgba(g.colour, s.opacity * alpha), markeredgewidth=lw,
                        zorder=ZORDER + 0.2)
            else:
                geoms = proj.simplified(pos, tolerance)
                path = _rings_path(geoms) if family == "polygon" else _lines_path(geoms)
                if path is None:
                    continue
                face = to_rgba(g.colour, s.fill_opacity * alpha) if family == "polygon" else "none"
                # add_artist, not add_patch: the view is fixed, and add_patch walks every vertex for limits
                ax.add_artist(PathPatch(path, facecolor=face, edgecolor=to_rgba(g.colour, s.opacity * alpha),
                                        linewidth=lw, fill=family == "polygon", zorder=ZORDER,
                                        capstyle="round", joinstyle="round", transform=ax.transData))
            drawn += int(pos.size)
    return drawn
