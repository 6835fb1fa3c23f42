"""Which part of the province an export shows: the map's view, the province, a district, one place,
or the current filter's features — each as a lon/lat box and the words that name it.

The export panel and the CLI (``--bbox``, ``--district``, ``--view``) both end here, so a district
map from the app and from a batch script frame the same ground.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import geopandas as gpd

from core.text import fold
from export.request import ExportError
from export.words import w
from geo.base_geography import load_districts, province_outline

Box = tuple[float, float, float, float]
EXTENT_KINDS = ("view", "filter", "province", "district", "selected")
MIN_HALF_DEG = 0.02                  # a single place is shown with ~2 km around it at least
APP_MAP_PX = (1000, 640)             # the map page's map, in CSS pixels (height as built by ui.map_page)

def kind_label(kind: str, lang: str) -> str:
    return w(f"extent_{kind}", lang)


def province_extent() -> Box:
    return tuple(float(v) for v in province_outline().bounds)  # type: ignore[return-value]


def district_names() -> list[str]:
    """The 12 districts of 2019–2025 by their short names, in the base file's order."""
    return [str(n) for n in load_districts()["name"]]


def district_extent(name: str) -> tuple[Box, str]:
    """(box, full name) of the district called ``name`` (short or full name, GSO code, any diacritics)."""
    districts = load_districts()
    wanted = fold(name).strip()
    for fid, row in districts.iterrows():
        if wanted in {fold(row["name"]), fold(row["full_name"]), fold(str(row["district_code"])), fold(str(fid))}:
            return tuple(float(v) for v in row.geometry.bounds), str(row["full_name"])  # type: ignore[return-value]
    names = ", ".join(district_names())
    raise ExportError(f"Không có huyện, thị xã, thành phố tên “{name}”. Chọn một trong: {names}.",
                      f"No district called “{name}”. Choose one of: {names}.")


def view_extent(lat: float, lon: float, zoom: float, size_px: tuple[int, int] = APP_MAP_PX) -> Box:
    """The lon/lat box a Web Mercator map of ``size_px`` shows centred on (lat, lon) at ``zoom``."""
    if not (-85 < lat < 85 and -180 <= lon <= 180 and 0 <= zoom <= 22):
        raise ExportError("Khung nhìn không hợp lệ (vĩ độ, kinh độ, mức thu phóng 0–22).",
                          "Invalid view (latitude, longitude, zoom level 0–22).")
    world = 256 * 2 ** zoom
    x = (lon + 180) / 360 * world
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * world
    w, h = size_px

    def lonlat(px: float, py: float) -> tuple[float, float]:
        return px / world * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / world))))
    west, north = lonlat(x - w / 2, y - h / 2)
    east, south = lonlat(x + w / 2, y + h / 2)
    return (west, south, east, north)


def feature_extent(frames: Mapping[str, gpd.GeoDataFrame], feature_id: str) -> tuple[Box, str]:
    """(box, name) around one place, at least ``MIN_HALF_DEG`` on each side."""
    for frame in frames.values():
        if feature_id in frame.index:
            row = frame.loc[feature_id]
            geom = row.geometry
            name = str(row.get("name") or feature_id)
            if geom is None or geom.is_empty:
                raise ExportError(f"“{name}” chưa có vị trí trên bản đồ: không xuất được bản đồ quanh nó.",
                                  f"“{name}” is not placed on the map: there is no map around it to export.")
            minx, miny, maxx, maxy = geom.bounds
            cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
            hx, hy = max((maxx - minx) / 2 * 1.2, MIN_HALF_DEG), max((maxy - miny) / 2 * 1.2, MIN_HALF_DEG)
            return (cx - hx, cy - hy, cx + hx, cy + hy), name
    raise ExportError(f"Không có địa điểm mã “{feature_id}”.", f"No place with the id “{feature_id}”.")
