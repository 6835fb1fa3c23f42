"""A CSV/XLSX with coordinate columns → points: find the columns by their name, read the numbers.

Columns are named in many ways ("Kinh độ (°)", "LON", "X (m)"); names are compared folded
(core.text), without spaces, "_", "-", ".", brackets. Numbers are read as the report importer
reads them (core.tables.parse_number: the Vietnamese decimal comma included).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import shapely

from core import tables
from core.bilingual import Text
from core.text import fold_key

from .model import Limits, reject

# Coordinate column names, compared folded, without spaces, '_', '-', '.' or brackets.
X_NAMES = {
    "lonlat": ("lon", "long", "lng", "longitude", "kinhdo", "kd"),
    "xy": ("x", "toadox", "coordx"),
    "en": ("e", "east", "easting", "dongdo"),
}
Y_NAMES = {
    "lonlat": ("lat", "latitude", "vido", "vd"),
    "xy": ("y", "toadoy", "coordy"),
    "en": ("n", "north", "northing", "bacdo"),
}


def _norm(name) -> str:
    return fold_key(str(name), "_-.()[]", "")


def find_coordinate_columns(columns) -> tuple[str, str, str] | None:
    """(x column, y column, kind) where kind is 'lonlat' | 'xy' | 'en', or None."""
    normed = {_norm(c): c for c in columns}
    for kind in ("lonlat", "en", "xy"):
        xs = [normed[n] for n in X_NAMES[kind] if n in normed]
        ys = [normed[n] for n in Y_NAMES[kind] if n in normed]
        if xs and ys:
            return xs[0], ys[0], kind
    # names such as "Kinh độ (°)" or "X (m)": units are kept by _norm, so try prefixes
    for kind in ("lonlat", "en", "xy"):
        xs = [orig for n, orig in normed.items() if any(n == p or n.startswith(p) and len(p) > 2 for p in X_NAMES[kind])]
        ys = [orig for n, orig in normed.items() if any(n == p or n.startswith(p) and len(p) > 2 for p in Y_NAMES[kind])]
        if xs and ys:
            return xs[0], ys[0], kind
    return None


def table_frame(data: bytes, filename: str, fmt: str, limits: Limits) -> pd.DataFrame:
    """Rows of a CSV/XLSX as text-or-number cells, indexed by their row number in the file."""
    table = tables.read_table(data, filename, fmt, limits.table)
    if not table.rows:
        raise reject(f"Tệp {filename} không có dòng dữ liệu nào.", f"{filename} has no data rows.")
    columns = [name or f"Unnamed: {i}" for i, name in enumerate(table.header)]
    df = pd.DataFrame([cells for _, cells in table.rows], columns=columns, index=[n for n, _ in table.rows])
    if fmt == "csv":
        df = df.fillna("")
    unnamed_empty = [c for c, name in zip(columns, table.header) if not name and df[c].map(tables.is_blank).all()]
    return df.drop(columns=unnamed_empty).infer_objects()


def _numbers(series: pd.Series) -> np.ndarray:
    """The column as floats, NaN where a cell is blank or not a number (tables.parse_number's rule)."""
    if series.dtype.kind in "fi":
        return series.to_numpy(dtype=float)
    out = np.full(len(series), np.nan)
    parse = tables.parse_number
    for i, cell in enumerate(series.tolist()):
        try:
            number = parse(cell)
        except ValueError:
            continue
        if number is not None:
            out[i] = number
    return out


def table_to_points(df: pd.DataFrame, filename: str, warns: list[Text]):
    """(points GeoDataFrame without CRS, the kind of columns found); ImportRejected naming bad rows."""
    import geopandas as gpd

    found = find_coordinate_columns(df.columns)
    if found is None:
        raise reject(
            f"Không tìm thấy cột tọa độ trong {filename}. Cần một cặp cột: lon/lat, kinh độ/vĩ độ, x/y hoặc E/N. "
            f"Các cột hiện có: {', '.join(map(str, df.columns[:12]))}.",
            f"No coordinate columns found in {filename}. Needed: a pair named lon/lat, longitude/latitude, "
            f"x/y or E/N. Columns present: {', '.join(map(str, df.columns[:12]))}.",
        )
    xcol, ycol, kind = found
    x, y = _numbers(df[xcol]), _numbers(df[ycol])
    bad = ~(np.isfinite(x) & np.isfinite(y))
    if bad.any():
        rows = [int(i) for i in df.index[bad][:10]]  # the row numbers of the file
        raise reject(
            f"{int(bad.sum())} dòng trong {filename} có tọa độ trống hoặc không phải số (dòng {', '.join(map(str, rows))}).",
            f"{int(bad.sum())} rows of {filename} have empty or non-numeric coordinates (lines {', '.join(map(str, rows))}).",
            problems=[Text(f"dòng {r}", f"line {r}") for r in rows],
        )
    # Vietnamese surveying convention: X is northing, Y is easting. Swap when the values say so.
    if kind == "xy" and np.median(x) > 1_000_000 and np.median(y) < 1_000_000:
        x, y = y, x
        warns.append(Text(
            f"Cột «{xcol}» được hiểu là tọa độ Bắc (N) và «{ycol}» là tọa độ Đông (E), theo quy ước trắc địa Việt Nam.",
            f"Column '{xcol}' was read as northing and '{ycol}' as easting (Vietnamese surveying convention).",
        ))
    attrs = df.drop(columns=[xcol, ycol])
    return gpd.GeoDataFrame(attrs, geometry=shapely.points(x, y), crs=None), kind
