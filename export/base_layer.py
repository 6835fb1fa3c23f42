"""The base geography on printed maps: light fill outside the province, thin grey district lines,
district names — quiet, under everything, in one SVG group ``base-geography``.

The same districts as the web map (``geo.base_geography``), projected once to EPSG:9209.
District names are real text (PDF: extractable; SVG: ``<text>``), in a quiet grey.
"""
from __future__ import annotations

from collections.abc import Sequence
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
from export.label_boxes import text_measure
from export.labels import Obstacles
from export.name_spots import NAME_SHRINK, NameSpot, place_names
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
              label_size: float = 7.0, obstacles: Obstacles | None = None) -> ArtistGroup:
    """Draw the base geography into ``ax`` (already framed at ``limits``); returns its group. With ``labels``
    the district names too, clear of ``obstacles`` (see :func:`district_names`; export.draw.draw_map names
    the districts once the plan is drawn, clear of what it drew)."""
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
        draw_names(ax, group, district_names(ax, limits, scale=scale, label_size=label_size, obstacles=obstacles))
    return group


def district_names(ax, limits: tuple[float, float, float, float], *, scale: float = 1.0, label_size: float = 7.0,
                   obstacles: Obstacles | None = None, start: Sequence[NameSpot] = (),
                   lines: np.ndarray | None = None) -> list[NameSpot]:
    """Where each district seen in ``limits`` is named: the free spot in its district nearest its label point
    (or its spot in ``start``, an earlier pass), clear of ``obstacles`` (the symbols, leader lines and labels
    drawn over the base), of the frame and of each other (export.name_spots.place_names); a district without one
    is left out. With ``lines`` (discs along the drawn lines, page points) the names keep off them too; a name
    that then finds no spot (a small district the rail crosses) tries smaller still (``NAME_SHRINK`` once more), then
    clear of the rest only, and last, smaller, just beside its district's label point, clear of everything."""
    empty = Obstacles(np.zeros((0, 3)), np.zeros((0, 4)))
    obstacles = obstacles if obstacles is not None else empty
    earlier = {spot.name: (spot.x, spot.y) for spot in start}
    names = [(name, earlier.get(name, at)) for name, at in label_points(tuple(float(v) for v in limits))]
    if lines is None or not len(lines):
        return place_names(ax, names, label_size * scale, obstacles, _district_shapes())
    spots = place_names(ax, names, label_size * scale, obstacles.plus(discs=lines), _district_shapes())
    found = {spot.name for spot in spots}
    rest = [(name, at) for name, at in names if name not in found]
    if rest:  # first smaller, still off the lines (TP Hải Dương: the rail and the ring road cross the small city)
        spots += place_names(ax, rest, label_size * scale * NAME_SHRINK,
                             obstacles.plus(discs=lines, boxes=[spot.box for spot in spots]), _district_shapes())
        found = {spot.name for spot in spots}
        rest = [(name, at) for name, at in names if name not in found]
    if rest:
        spots += place_names(ax, rest, label_size * scale, obstacles.plus(boxes=[spot.box for spot in spots]),
                             _district_shapes())
        found = {spot.name for spot in spots}
        rest = [(name, at) for name, at in names if name not in found]
    if rest:  # a district crowded whole (the city among its numbered places): beside it, clear of everything
        spots += place_names(ax, rest, label_size * scale * NAME_SHRINK,
                             obstacles.plus(discs=lines, boxes=[spot.box for spot in spots]), {})
    return spots


def draw_names(ax, group: ArtistGroup, spots: Sequence[NameSpot]) -> None:
    """The district names at ``spots``, into the base's ``group``.

    Plain grey, no halo and no italic: a halo is drawn as glyph outlines and an italic face is one more font
    to embed — both cost seconds per PDF, for names that give way to everything anyway."""
    for spot in spots:
        group.add(Text(spot.x, spot.y, str(spot.name), fontsize=spot.size, color=LABEL_COLOUR, ha="center",
                       va="center", transform=ax.transData, zorder=3, parse_math=False))


def _district_shapes() -> dict[str, shapely.Geometry]:
    """District name → its (prepared) shape in EPSG:9209, made once per districts file and version."""
    path = districts_path()
    return _shapes(str(path), path.stat().st_mtime)


@lru_cache(maxsize=4)
def _shapes(path: str, stamp: float) -> dict[str, shapely.Geometry]:
    districts, _o, _m = projected_base()
    shapes = dict(zip(districts["name"].astype(str), districts.geometry))
    for shape in shapes.values():
        shapely.prepare(shape)
    return shapes


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


def district_label_boxes(ax, limits, scale: float = 1.0, label_size: float = 7.0) -> list[tuple[float, ...]]:
    """Page-point boxes of the district names at their own points (place labels keep off them where they can;
    the names then give way to what is drawn, see :func:`draw_names`)."""
    to_pt = 72.0 / ax.figure.dpi
    size = label_size * scale
    measure = text_measure(ax.figure, size)
    out = []
    for name, (x, y) in label_points(tuple(float(v) for v in limits)):
        px, py = ax.transData.transform((x, y)) * to_pt
        w, h = measure(name)
        out.append((px - w / 2, py - h / 2, px + w / 2, py + h / 2))
    return out
