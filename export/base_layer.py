"""The base geography on printed maps: light fill outside the province, thin grey district lines,
district names — quiet, under everything, in one SVG group ``base-geography``.

The same districts as the web map (``geo.base_geography``), projected once to EPSG:9209.
District names are real text (PDF: extractable; SVG: ``<text>``), in a quiet grey.
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely
from matplotlib.collections import PathCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from shapely.ops import polylabel

from core.vocab import MEASURE_CRS
from export.groups import ArtistGroup, group_on
from geo import crs as crsmod
from geo.base_geography import districts_path, load_districts, outside_mask

BASE_GID = "base-geography"
BASE_ZORDER = 1.0
OUTSIDE_FILL = "#dcdcdc"
DISTRICT_LINE = "#9e9e9e"
PROVINCE_LINE = "#757575"
LABEL_COLOUR = "#616161"
CUT_MARGIN = 0.05   # the base is cut this fraction of the view beyond each edge (well outside the frame)


def projected_base() -> tuple[gpd.GeoDataFrame, shapely.Geometry, shapely.Geometry]:
    """(districts, province outline, outside mask) in EPSG:9209, computed once per districts file and version."""
    path = districts_path()
    return _projected_base(str(path), path.stat().st_mtime)


@lru_cache(maxsize=4)
def _projected_base(path: str, stamp: float) -> tuple[gpd.GeoDataFrame, shapely.Geometry, shapely.Geometry]:
    districts = load_districts()
    labels = crsmod.reproject(gpd.GeoSeries(districts["label_point"], crs="EPSG:4326"), MEASURE_CRS)
    districts = crsmod.reproject(districts.drop(columns=["label_point"]), MEASURE_CRS)
    districts["label_point"] = labels.values
    outline = shapely.union_all(list(districts.geometry))
    mask = crsmod.reproject(gpd.GeoSeries([outside_mask()], crs="EPSG:4326"), MEASURE_CRS).iloc[0]
    return districts, outline, mask


def _path_of(geom) -> MplPath:
    """A compound path (holes included) of a polygon or multipolygon."""
    verts, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            verts.append(xy)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    return MplPath(np.concatenate(verts), np.concatenate(codes), readonly=True)


def base_paths() -> tuple[MplPath, list[MplPath], MplPath]:
    """(outside mask, each district, province outline) as matplotlib paths in EPSG:9209: made once per
    districts file and version, not once per map (the atlas draws the base on every page)."""
    path = districts_path()
    return _base_paths(str(path), path.stat().st_mtime)


@lru_cache(maxsize=4)
def _base_paths(path: str, stamp: float) -> tuple[MplPath, list[MplPath], MplPath]:
    districts, outline, mask = projected_base()
    return _path_of(mask), [_path_of(g) for g in districts.geometry], _path_of(outline)


def base_paths_in(limits: tuple[float, float, float, float]
                  ) -> tuple[MplPath | None, list[MplPath], MplPath | None]:
    """:func:`base_paths` cut to a little more than ``limits`` (xmin, xmax, ymin, ymax): a page of the atlas
    shows a few kilometres, yet drew (and wrote to the PDF, and compressed) every district's whole outline.
    The cuts run outside the map's frame, which clips them, so the page looks the same."""
    path = districts_path()
    return _base_paths_in(tuple(float(v) for v in limits), str(path), path.stat().st_mtime)


@lru_cache(maxsize=128)
def _base_paths_in(limits: tuple[float, float, float, float], path: str,
                   stamp: float) -> tuple[MplPath | None, list[MplPath], MplPath | None]:
    districts, outline, mask = projected_base()
    x0, x1, y0, y1 = limits
    mx, my = (x1 - x0) * CUT_MARGIN, (y1 - y0) * CUT_MARGIN
    cut = (x0 - mx, y0 - my, x1 + mx, y1 + my)
    if shapely.box(*cut).contains(shapely.box(*outline.bounds)):  # the whole province in view: nothing to cut
        return base_paths()

    def clipped(geom) -> shapely.Geometry | None:
        part = shapely.clip_by_rect(geom, *cut)
        polygons = [g for g in getattr(part, "geoms", [part]) if g.geom_type == "Polygon" and not g.is_empty]
        return shapely.MultiPolygon(polygons) if polygons else None

    outside, border = clipped(mask), clipped(outline)
    inside = [c for c in (clipped(g) for g in districts.geometry) if c is not None]
    return (_path_of(outside) if outside is not None else None, [_path_of(g) for g in inside],
            _path_of(border) if border is not None else None)


def draw_base(ax, limits: tuple[float, float, float, float], *, scale: float = 1.0, labels: bool = True,
              label_size: float = 7.0, clear_of: np.ndarray | None = None) -> ArtistGroup:
    """Draw the base geography into ``ax`` (already framed at ``limits``); returns its group."""
    outside_path, district_paths, border_path = base_paths_in(limits)
    group = group_on(ax, BASE_GID, BASE_ZORDER)
    clip = ax.patch
    if outside_path is not None:
        outside = PathPatch(outside_path, facecolor=OUTSIDE_FILL, edgecolor="none", transform=ax.transData,
                            zorder=0)
        outside.set_clip_path(clip)
        group.add(outside)
    if district_paths:
        lines = PathCollection(district_paths, facecolor="none", edgecolor=DISTRICT_LINE, linewidth=0.45 * scale,
                               transform=ax.transData, zorder=1)
        lines.set_clip_path(clip)
        group.add(lines)
    if border_path is not None:
        border = PathPatch(border_path, facecolor="none", edgecolor=PROVINCE_LINE, linewidth=0.9 * scale,
                           transform=ax.transData, zorder=2)
        border.set_clip_path(clip)
        group.add(border)
    if labels:
        # Plain grey, no halo and no italic: a halo is drawn as glyph outlines and an italic face is
        # one more font to embed — both cost seconds per PDF, for names that sit under everything anyway.
        for name, pt in names_clear_of(ax, limits, scale * label_size, clear_of):
            group.add(Text(pt[0], pt[1], str(name), fontsize=label_size * scale, color=LABEL_COLOUR, ha="center",
                           va="center", transform=ax.transData, zorder=3, parse_math=False))
    return group


def label_points(limits: tuple[float, float, float, float]) -> tuple[tuple[str, tuple[float, float]], ...]:
    """Where each district seen in ``limits`` is named: its own label point when in view, else the
    middle of its visible part (so a zoomed-in page still names the districts it shows)."""
    path = districts_path()
    return _label_points(limits, str(path), path.stat().st_mtime)


@lru_cache(maxsize=64)
def _label_points(limits: tuple[float, float, float, float], path: str,
                  stamp: float) -> tuple[tuple[str, tuple[float, float]], ...]:
    districts, _, _ = projected_base()
    x0, x1, y0, y1 = limits
    view = shapely.box(x0, y0, x1, y1)
    inner = shapely.box(x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04, x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.04)
    out = []
    for name, geom, pt in zip(districts["name"], districts.geometry, districts["label_point"]):
        if inner.contains(pt):
            out.append((str(name), (pt.x, pt.y)))
            continue
        visible = geom.intersection(inner)
        if visible.is_empty or visible.area < 0.03 * view.area:
            continue
        biggest = max(getattr(visible, "geoms", [visible]), key=lambda g: g.area)
        spot = polylabel(biggest, tolerance=(x1 - x0) / 200) if biggest.geom_type == "Polygon" else \
            biggest.representative_point()
        out.append((str(name), (spot.x, spot.y)))
    return tuple(out)


def district_label_boxes(ax, limits, scale: float = 1.0, label_size: float = 7.0,
                         clear_of: np.ndarray | None = None) -> list[tuple[float, ...]]:
    """Page-point boxes of the district names (so place labels can avoid them)."""
    to_pt = 72.0 / ax.figure.dpi
    size = label_size * scale
    out = []
    for name, (x, y) in names_clear_of(ax, limits, size, clear_of):
        px, py = ax.transData.transform((x, y)) * to_pt
        out.append(_name_box(name, px, py, size))
    return out


def _name_box(name: str, px: float, py: float, size: float) -> tuple[float, float, float, float]:
    w = len(name) * size * 0.55
    return (px - w / 2, py - size * 0.6, px + w / 2, py + size * 0.6)


def names_clear_of(ax, limits, size: float, circles: np.ndarray | None) -> list[tuple[str, tuple[float, float]]]:
    """The district names' positions, each moved off the plan's symbols when one covers it.

    ``circles``: (x, y, radius) in page points of the symbols drawn over the base. A covered name tries spots
    around its own point (1–4 line heights up or down, then a little aside) that stay in its district, and
    takes the first no symbol touches; with none free it stays where it was (under the symbols, as before)."""
    spots = list(label_points(tuple(float(v) for v in limits)))
    if circles is None or not len(circles):
        return spots
    districts, _o, _m = projected_base()
    shape_of = dict(zip(districts["name"].astype(str), districts.geometry))
    to_pt = 72.0 / ax.figure.dpi
    inverse = ax.transData.inverted()
    out = []
    for name, (x, y) in spots:
        px, py = ax.transData.transform((x, y)) * to_pt
        if not _covered(_name_box(name, px, py, size), circles):
            out.append((name, (x, y)))
            continue
        w = len(name) * size * 0.55
        moved = (x, y)
        for dx, dy in [(0, k * size * 1.3 * s) for k in (1, 2, 3, 4) for s in (-1, 1)] + \
                      [(s * w * 0.6, t * size * 1.3) for s in (-1, 1) for t in (0, -1, 1)]:
            qx, qy = px + dx, py + dy
            if _covered(_name_box(name, qx, qy, size), circles):
                continue
            cx, cy = inverse.transform((qx / to_pt, qy / to_pt))
            shape = shape_of.get(name)
            if shape is None or shape.contains(shapely.Point(cx, cy)):
                moved = (float(cx), float(cy))
                break
        out.append((name, moved))
    return out


def _covered(box: tuple[float, float, float, float], circles: np.ndarray) -> bool:
    """Whether a symbol (page-point circle) touches the box."""
    nx = np.clip(circles[:, 0], box[0], box[2])
    ny = np.clip(circles[:, 1], box[1], box[3])
    return bool((np.hypot(circles[:, 0] - nx, circles[:, 1] - ny) < circles[:, 2] + 0.5).any())
