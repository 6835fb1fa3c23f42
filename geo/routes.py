"""Schematic courses for the plan's lines, routed through the districts their sources name.

No surveyed alignment of these lines is available to the project, so a line is drawn as a *schematic*: the
shortest course (on a 200 m grid, in EPSG:9209 metres) that

* starts and ends on the province border, where the line continues into the neighbouring province (the end is
  chosen towards a sourced point beyond the border, e.g. the next town the line reaches);
* passes through the named districts in their order and through no other district (it keeps ``DISTRICT_MARGIN``
  from every district it does not cross);
* passes exactly through the stations the line serves, in order;
* keeps at least ``CLEARANCE_M`` from every other marker of the plan (it does not serve them), and prefers to
  keep farther (a soft cost up to ``SOFT_RADIUS_M``), so a line never looks as if it joined the plan's dots.

The grid path is then simplified leg by leg (between stations) as far as those rules still hold. The result is
stable: the same inputs give the same coordinates (no randomness, ties broken by grid index).
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.ops import nearest_points

from core.vocab import MEASURE_CRS, WGS84
from geo.crs import reproject

GRID_M = 200.0
CLEARANCE_M = 300.0          # a line keeps at least this far from the markers it does not serve
BLOCK_M = 420.0              # grid cells this close to such a marker are closed (room for simplifying)
SOFT_RADIUS_M = 1500.0       # within this a marker makes the course dearer (it bends away when it costs little)
SOFT_WEIGHT = 1.5
DISTRICT_MARGIN = 250.0      # distance kept from districts the line does not cross
END_MARGIN_M = 1500.0        # a line leaves the province this far from its other districts (no corner-clipping)
SERVED_RADIUS_M = 150.0      # markers this close to a served station stand at the station (exempt)


@dataclass(frozen=True)
class Beyond:
    """A sourced point beyond the province the line continues towards (only its direction is used)."""
    lon: float
    lat: float
    what: str
    source: str


@dataclass(frozen=True)
class LineSpec:
    id: str
    districts: tuple[str, ...]                 # in the order the line crosses them
    start_toward: Beyond
    end_toward: Beyond
    stations: tuple[str, ...] = ()             # station ids the line serves, in order (must pass through)
    served: tuple[str, ...] = field(default=())  # other ids the line serves (exempt from the clearance)
    keep_out: tuple[tuple[str, float], ...] = ()  # (marker id, metres): a wider berth (a ring road bypasses a city)
    dear: tuple[tuple[str, float], ...] = ()      # (district, factor): crossed as briefly as its borders allow
    keep_clear: tuple[tuple[float, float, float, float], ...] = ()  # boxes (EPSG:9209) the line stays out of


@dataclass
class Route:
    line: LineString                           # EPSG:9209
    stations: list[tuple[str, Point]]          # served station, position on the line (EPSG:9209)
    crossings: list[tuple[str, str, Point]]    # (from district, to district, where the line crosses)
    start: Point
    end: Point


def to_metres(lonlat: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    series = gpd.GeoSeries([Point(p) for p in lonlat], crs=WGS84)
    return [(g.x, g.y) for g in reproject(series, MEASURE_CRS)]


def to_lonlat(geom: shapely.Geometry) -> shapely.Geometry:
    return reproject(gpd.GeoSeries([geom], crs=MEASURE_CRS), WGS84).iloc[0]


class Grid:
    """Cells of GRID_M over the province, each tagged with the district it lies in (-1: none/closed)."""

    def __init__(self, districts: Mapping[str, shapely.Geometry], province: shapely.Geometry):
        minx, miny, maxx, maxy = province.bounds
        self.x0, self.y0 = minx - GRID_M, miny - GRID_M
        self.nx = int(math.ceil((maxx - minx) / GRID_M)) + 3
        self.ny = int(math.ceil((maxy - miny) / GRID_M)) + 3
        xs = self.x0 + np.arange(self.nx) * GRID_M
        ys = self.y0 + np.arange(self.ny) * GRID_M
        gx, gy = np.meshgrid(xs, ys)
        self.points = shapely.points(gx.ravel(), gy.ravel())
        self.names = list(districts)
        self.owner = np.full(self.points.shape, -1, dtype=np.int32)
        for k, name in enumerate(self.names):
            geom = districts[name]
            shapely.prepare(geom)
            self.owner[shapely.contains_xy(geom, gx.ravel(), gy.ravel())] = k
        self.province = province

    def xy(self, idx: int) -> tuple[float, float]:
        return self.x0 + (idx % self.nx) * GRID_M, self.y0 + (idx // self.nx) * GRID_M

    def nearest(self, x: float, y: float) -> int:
        i = int(round((x - self.x0) / GRID_M))
        j = int(round((y - self.y0) / GRID_M))
        return j * self.nx + i


_STEPS = [(di, dj, math.hypot(di, dj) * GRID_M) for di in (-1, 0, 1) for dj in (-1, 0, 1) if di or dj]


def _dijkstra(grid: Grid, layer: np.ndarray, cost: np.ndarray, sources: Mapping[int, float],
              targets: Mapping[int, float], lo: int, hi: int) -> list[int]:
    """Cheapest monotone path (layer never decreases, stays in lo..hi) from any source to any target."""
    best: dict[int, float] = {}
    prev: dict[int, int] = {}
    heap = [(c, idx) for idx, c in sorted(sources.items())]
    heapq.heapify(heap)
    for c, idx in heap:
        best[idx] = c
    done = set()
    finish, finish_cost = None, math.inf
    while heap:
        c, idx = heapq.heappop(heap)
        if idx in done or c > best.get(idx, math.inf):
            continue
        if c >= finish_cost:
            break
        done.add(idx)
        if idx in targets and c + targets[idx] < finish_cost:
            finish, finish_cost = idx, c + targets[idx]
        i, j = idx % grid.nx, idx // grid.nx
        here = layer[idx]
        for di, dj, step in _STEPS:
            ii, jj = i + di, j + dj
            if not (0 <= ii < grid.nx and 0 <= jj < grid.ny):
                continue
            nxt = jj * grid.nx + ii
            there = layer[nxt]
            if there < lo or there > hi or there < here or there > here + 1 or not math.isfinite(cost[nxt]):
                continue
            nc = c + step * 0.5 * (cost[idx] + cost[nxt])
            if nc < best.get(nxt, math.inf):
                best[nxt] = nc
                prev[nxt] = idx
                heapq.heappush(heap, (nc, nxt))
    if finish is None:
        raise ValueError("no course satisfies the rules (districts, clearance)")
    path = [finish]
    while path[-1] in prev:
        path.append(prev[path[-1]])
    return path[::-1]


def route(spec: LineSpec, districts: Mapping[str, shapely.Geometry], stations: Mapping[str, Point],
          markers: Mapping[str, Point]) -> Route:
    """Route one line (all geometry in EPSG:9209). ``markers``: every marker of the plan, by id."""
    province = shapely.union_all(list(districts.values()))
    grid = Grid(districts, province)
    order = {name: k for k, name in enumerate(spec.districts)}
    foreign = shapely.union_all([g for n, g in districts.items() if n not in order])
    layer = np.full(grid.points.shape, -1, dtype=np.int32)
    for k, name in enumerate(grid.names):
        if name in order:
            layer[grid.owner == k] = order[name]
    near_foreign = shapely.dwithin(grid.points, foreign, DISTRICT_MARGIN)
    layer[near_foreign] = -1

    kept = avoided_markers(spec, stations, markers)
    cost = np.ones(grid.points.shape)
    for p in kept.values():
        d = shapely.distance(grid.points, p)
        cost += SOFT_WEIGHT * np.clip((SOFT_RADIUS_M - d) / (SOFT_RADIUS_M - BLOCK_M), 0, 1)
        cost[d < BLOCK_M] = math.inf
    for x0, y0, x1, y1 in spec.keep_clear:
        cost[shapely.intersects(shapely.box(x0, y0, x1, y1).buffer(GRID_M), grid.points)] = math.inf
    for name, factor in spec.dear:
        cost[grid.owner == grid.names.index(name)] *= factor
    for mid, metres in spec.keep_out:
        cost[shapely.distance(grid.points, markers[mid]) < metres + GRID_M] = math.inf
    cost[layer < 0] = math.inf

    boundary = province.boundary
    edge = np.flatnonzero((layer >= 0) & shapely.dwithin(grid.points, boundary, GRID_M * 0.75))

    def ends(k: int, toward: Beyond) -> dict[int, float]:
        (tx, ty), = to_metres([(toward.lon, toward.lat)])
        others = shapely.union_all([districts[n] for n in spec.districts if n != spec.districts[k]])
        cells = [i for i in edge if layer[i] == k and not shapely.dwithin(grid.points[i], others, END_MARGIN_M)]
        return {int(i): math.hypot(grid.xy(i)[0] - tx, grid.xy(i)[1] - ty) for i in cells}

    anchors = [("start", ends(0, spec.start_toward), 0)]
    for sid in spec.stations:
        p = stations[sid]
        idx = grid.nearest(p.x, p.y)
        name = next(n for n, g in districts.items() if g.contains(p))
        layer[idx] = order[name]
        cost[idx] = 1.0
        anchors.append((sid, {idx: 0.0}, order[name]))
    last = len(spec.districts) - 1
    anchors.append(("end", ends(last, spec.end_toward), last))

    legs: list[list[tuple[float, float]]] = []
    for (a_id, a_cells, a_k), (b_id, b_cells, b_k) in zip(anchors, anchors[1:]):
        cells = _dijkstra(grid, layer, cost, a_cells, b_cells, a_k, b_k)
        pts = [grid.xy(i) for i in cells]
        if a_id == "start":
            pts[0] = _onto(boundary, pts[0])
        else:
            pts[0] = (stations[a_id].x, stations[a_id].y)
        if b_id == "end":
            pts[-1] = _onto(boundary, pts[-1])
        else:
            pts[-1] = (stations[b_id].x, stations[b_id].y)
        legs.append(pts)

    legs = [_simplify(leg, spec, districts, kept, markers) for leg in legs]
    coords = legs[0] + [p for leg in legs[1:] for p in leg[1:]]
    line = LineString(coords)
    return Route(line=line,
                 stations=[(sid, Point(stations[sid].x, stations[sid].y)) for sid in spec.stations],
                 crossings=crossings(line, spec.districts, districts),
                 start=Point(coords[0]), end=Point(coords[-1]))


def avoided_markers(spec: LineSpec, stations: Mapping[str, Point], markers: Mapping[str, Point]) -> dict[str, Point]:
    """The markers a line keeps clear of: all but its stations, what it serves and what stands at its stations."""
    served = [stations[s] for s in spec.stations]
    return {mid: p for mid, p in markers.items()
            if mid not in spec.stations and mid not in spec.served
            and all(p.distance(s) > SERVED_RADIUS_M for s in served)}


def _onto(boundary: shapely.Geometry, xy: tuple[float, float]) -> tuple[float, float]:
    p = nearest_points(boundary, Point(xy))[0]
    return p.x, p.y


def rules_hold(line: LineString, spec: LineSpec, districts: Mapping[str, shapely.Geometry],
               kept: Mapping[str, Point], markers: Mapping[str, Point]) -> bool:
    if any(line.distance(p) < CLEARANCE_M + 5 for p in kept.values()):
        return False
    if any(line.distance(markers[mid]) < metres for mid, metres in spec.keep_out):
        return False
    if any(line.intersects(shapely.box(*box)) for box in spec.keep_clear):
        return False
    for name, geom in districts.items():
        if name not in spec.districts and line.distance(geom) < DISTRICT_MARGIN * 0.5:
            return False
    return True


def _simplify(leg: list[tuple[float, float]], spec: LineSpec, districts, kept, markers) -> list[tuple[float, float]]:
    """The leg with as few vertices as the rules allow: Douglas–Peucker where a chord replaces a stretch only
    when the chord itself keeps every rule (clearances, districts and their order, boxes kept clear)."""
    def ok(a: tuple[float, float], b: tuple[float, float]) -> bool:
        chord = LineString([a, b])
        return rules_hold(chord, spec, districts, kept, markers) and _monotone(chord, spec, districts)

    def dp(lo: int, hi: int) -> list[int]:
        if hi - lo <= 1 or ok(leg[lo], leg[hi]):
            return [lo, hi]
        chord = LineString([leg[lo], leg[hi]])
        far = max(range(lo + 1, hi), key=lambda k: (chord.distance(Point(leg[k])), -k))
        return dp(lo, far)[:-1] + dp(far, hi)

    return [leg[k] for k in dp(0, len(leg) - 1)]


def _monotone(line: LineString, spec: LineSpec, districts) -> bool:
    """The line visits its districts in order (samples every 100 m never step back)."""
    seen = -1
    geoms = [districts[n] for n in spec.districts]
    for d in np.arange(0, line.length, 100.0):
        p = line.interpolate(d)
        ks = [k for k, g in enumerate(geoms) if g.contains(p)]
        if not ks:
            continue
        k = ks[0]
        if k < seen:
            return False
        seen = k
    return True


def crossings(line: LineString, order: Sequence[str], districts) -> list[tuple[str, str, Point]]:
    """Where the line crosses from one of its districts into the next (the first crossing of each border)."""
    out = []
    for a, b in zip(order, order[1:]):
        border = districts[a].boundary.intersection(districts[b].boundary)
        hit = line.intersection(border)
        if hit.is_empty:
            hit = nearest_points(border, line)[0]
        points = [g for g in getattr(hit, "geoms", [hit])]
        best = min(points, key=lambda g: line.project(g.centroid if not isinstance(g, Point) else g))
        best = best if isinstance(best, Point) else best.centroid
        out.append((a, b, Point(best.x, best.y)))
    return out
