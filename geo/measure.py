"""Lengths and areas measured in VN-2000 / TM-3 105°30′ (EPSG:9209), Hải Dương's own projection.

Measuring in degrees is meaningless; a projected CRS with its central meridian
through the province keeps scale error below 1:10,000.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from core.vocab import MEASURE_CRS


def length_km(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Length of each geometry in km (0 for points, NaN for null geometries)."""
    series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    return series.to_crs(MEASURE_CRS).length / 1000.0


def area_ha(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each geometry in hectares (0 for points and lines)."""
    series = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    return series.to_crs(MEASURE_CRS).area / 10_000.0


def format_km(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:,.1f} km"


def format_ha(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:,.0f} ha"
