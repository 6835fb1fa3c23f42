"""Load a project GeoJSON file and check it before anything draws it.

A bad file stops with a message naming the file, the feature and the problem,
so whoever edits ``data/`` can fix it without reading code.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
from shapely.geometry import shape
from shapely.validation import explain_validity

from core.errors import CRSError, DataError

_WGS84_NAMES = {
    None,
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
}
MAX_DECIMALS = 6


def _crs_name(collection: dict) -> str | None:
    crs = collection.get("crs")
    if not crs:
        return None
    return (crs.get("properties") or {}).get("name")


def _max_decimals(coords) -> int:
    if isinstance(coords, (int, float)):
        text = repr(float(coords))
        return 0 if "e" in text else len(text.split(".")[1].rstrip("0"))
    return max((_max_decimals(c) for c in coords), default=0)


def read_feature_collection(
    path: Path,
    required: Sequence[str] = ("id", "name", "source", "location_precision"),
    bounds: tuple[float, float, float, float] | None = None,
) -> gpd.GeoDataFrame:
    """Read ``path`` as an RFC 7946 FeatureCollection and validate every feature.

    Checks: JSON, WGS84 (no other declared CRS), required properties, unique ids,
    valid geometries, at most 6 decimals, inside ``bounds`` (lon/lat box).
    Null geometries are allowed: the feature exists but is not placed yet.
    """
    name = Path(path).name
    try:
        collection = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"Không tìm thấy tệp dữ liệu {name}.", f"Data file {name} not found.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(
            f"Tệp {name} không phải JSON hợp lệ (UTF-8): {exc}.",
            f"File {name} is not valid UTF-8 JSON: {exc}.",
        ) from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DataError(f"Tệp {name} phải là một GeoJSON FeatureCollection.",
                        f"File {name} must be a GeoJSON FeatureCollection.")
    crs = _crs_name(collection)
    if crs not in _WGS84_NAMES:
        raise CRSError(
            f"Tệp {name} khai báo hệ tọa độ {crs}; dữ liệu dự án phải là WGS84 kinh/vĩ độ (RFC 7946).",
            f"File {name} declares CRS {crs}; project data must be WGS84 lon/lat (RFC 7946).",
        )
    features = collection.get("features")
    if not isinstance(features, list):
        raise DataError(f"Tệp {name} không có danh sách 'features'.", f"File {name} has no 'features' list.")

    seen: set[str] = set()
    for index, feature in enumerate(features):
        props = (feature or {}).get("properties") or {}
        label = props.get("id") or f"#{index}"
        where_vi, where_en = f"{name}, đối tượng {label}", f"{name}, feature {label}"
        missing = [key for key in required if props.get(key) in (None, "")]
        if missing:
            raise DataError(f"{where_vi}: thiếu thuộc tính {', '.join(missing)}.",
                            f"{where_en}: missing properties {', '.join(missing)}.")
        if props["id"] in seen:
            raise DataError(f"{where_vi}: mã (id) bị trùng.", f"{where_en}: duplicate id.")
        seen.add(props["id"])
        geometry = feature.get("geometry")
        if geometry is None:
            continue
        try:
            geom = shape(geometry)
        except Exception as exc:  # shapely raises several types for bad input
            raise DataError(f"{where_vi}: hình học không đọc được ({exc}).",
                            f"{where_en}: unreadable geometry ({exc}).") from None
        if not geom.is_valid:
            reason = explain_validity(geom)
            raise DataError(f"{where_vi}: hình học không hợp lệ ({reason}).",
                            f"{where_en}: invalid geometry ({reason}).")
        if _max_decimals(geometry.get("coordinates", [])) > MAX_DECIMALS:
            raise DataError(f"{where_vi}: tọa độ quá {MAX_DECIMALS} chữ số thập phân.",
                            f"{where_en}: coordinates have more than {MAX_DECIMALS} decimals.")
        if bounds is not None:
            minx, miny, maxx, maxy = geom.bounds
            if minx < bounds[0] or miny < bounds[1] or maxx > bounds[2] or maxy > bounds[3]:
                raise DataError(
                    f"{where_vi}: nằm ngoài phạm vi tỉnh Hải Dương — kiểm tra thứ tự kinh độ/vĩ độ hoặc hệ tọa độ.",
                    f"{where_en}: lies outside Hải Dương province — check lon/lat order or the CRS.",
                )

    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    if "id" in frame.columns:
        frame = frame.set_index("id", drop=False)
        frame.index.name = None
    return frame
