"""Lengths and areas measured in VN-2000 / TM-3 105°30′ (EPSG:9209), Hải Dương's own projection.

Measuring in degrees is meaningless; a projected CRS with its central meridian
through the province keeps scale error below 1:10,000. Reprojection goes through geo.crs
(EPSG:6960 for the VN-2000 datum shift), as everywhere else.
"""
from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from core.vocab import MEASURE_CRS, WGS84
from geo.crs import reproject


def length_km(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Length of each geometry in km (0 for points, NaN for null geometries)."""
    series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    return reproject(series, MEASURE_CRS).length / 1000.0


def area_ha(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each geometry in hectares (0 for points and lines)."""
    series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    return reproject(series, MEASURE_CRS).area / 10_000.0


def format_km(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:,.1f} km"


def format_ha(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:,.0f} ha"


def clusters_within(points: Mapping[str, tuple[float, float]], metres: float) -> list[list[str]]:
    """Groups of ids whose (lon, lat) points lie within ``metres`` of one another (chained), 2+ members each.

    Used to find places that hide each other on the map (tests, data report): distances are taken in
    EPSG:9209, where a metre is a metre.
    """
    ids = sorted(points)
    if not ids:
        return []
    series = gpd.GeoSeries(gpd.points_from_xy([points[i][0] for i in ids], [points[i][1] for i in ids]),
                           crs=WGS84)
    series = reproject(series, MEASURE_CRS)
    parent = list(range(len(ids)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            if series.iloc[a].distance(series.iloc[b]) <= metres:
                parent[root(a)] = root(b)
    groups: dict[int, list[str]] = {}
    for k, fid in enumerate(ids):
        groups.setdefault(root(k), []).append(fid)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
