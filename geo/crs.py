"""The coordinate systems a user may choose, and transformations that use the EPSG datum shift.

Pipeline (checked in tests/overlay/test_crs.py):

* Every offered CRS is built from its EPSG code, never from a proj4 string:
  ``CRS.to_proj4()`` of a VN-2000 CRS silently drops the datum shift (≈ 225 m off).
* Between a VN-2000 based CRS and a WGS 84 based one, PROJ knows two
  grid-free operations: EPSG:6960 "VN-2000 to WGS 84 (2)" (all of Vietnam
  onshore, 7 parameters, coordinate-frame rotation) and EPSG:5194 "VN-2000 to
  WGS 84 (1)" (Mekong delta blocks only). ``Transformer.from_crs`` leaves the
  choice to run time ("unavailable until proj_trans is called"); we don't.
  We take the candidates of ``TransformerGroup(src, dst, always_xy=True)`` and
  keep the one whose JSON description contains the Transformation
  EPSG:6960 (or its inverse). If PROJ ever offers no such operation we refuse
  (CRSError) rather than silently fall back to a ballpark transformation.
* Between CRSs on the same datum (e.g. EPSG:9209 → EPSG:9210, or
  EPSG:4756 → EPSG:9209) the operation is a pure map-projection conversion,
  unique, and taken from ``Transformer.from_crs``.

All transformers are ``always_xy``: (x, y) = (easting, northing) or (lon, lat).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as ProjCRSError
from pyproj.transformer import TransformerGroup

from core.errors import CRSError
from core.vocab import MEASURE_CRS, PROVINCE_BOUNDS, WGS84

DATUM_SHIFT_OPERATION = 6960  # EPSG: VN-2000 to WGS 84 (2), 7-parameter coordinate frame
VN2000_GEOGRAPHIC = 4756


@dataclass(frozen=True)
class CRSChoice:
    code: str  # "EPSG:nnnn"
    vi: str
    en: str
    projected: bool

    def label(self, lang: str = "vi") -> str:
        return f"{self.en if lang == 'en' else self.vi} ({self.code})"


# The CRSs a user may choose when a file carries none; Hải Dương's own first after WGS 84.
CRS_CHOICES: tuple[CRSChoice, ...] = (
    CRSChoice("EPSG:4326", "WGS 84 (kinh độ, vĩ độ — GPS, Google Maps)",
              "WGS 84 (longitude, latitude — GPS, Google Maps)", False),
    CRSChoice("EPSG:9209", "VN-2000 / TM-3 kinh tuyến trục 105°30′ (Hải Dương)",
              "VN-2000 / TM-3 central meridian 105°30′ (Hải Dương)", True),
    CRSChoice("EPSG:9210", "VN-2000 / TM-3 kinh tuyến trục 105°45′ (Hải Phòng)",
              "VN-2000 / TM-3 central meridian 105°45′ (Hải Phòng)", True),
    CRSChoice("EPSG:4756", "VN-2000 địa lý (kinh độ, vĩ độ)",
              "VN-2000 geographic (longitude, latitude)", False),
    CRSChoice("EPSG:3405", "VN-2000 / UTM múi 48N (6°)", "VN-2000 / UTM zone 48N (6°)", True),
    CRSChoice("EPSG:3406", "VN-2000 / UTM múi 49N (6°)", "VN-2000 / UTM zone 49N (6°)", True),
)
CHOICES_BY_CODE: dict[str, CRSChoice] = {c.code: c for c in CRS_CHOICES}


def choice_label(code: str, lang: str = "vi") -> str:
    choice = CHOICES_BY_CODE.get(normalize_code(code))
    return choice.label(lang) if choice else code


def normalize_code(code: str | int | CRS) -> str:
    """'epsg:9209', 9209, '9209', CRS(...) → 'EPSG:9209'; anything else → CRSError."""
    if isinstance(code, CRS):
        epsg = code.to_epsg()
        if epsg is None:
            raise CRSError(
                f"Hệ tọa độ của tệp ({code.name}) không có mã EPSG; hãy chọn một hệ tọa độ trong danh sách.",
                f"The file's coordinate system ({code.name}) has no EPSG code; choose one from the list.",
            )
        return f"EPSG:{epsg}"
    text = str(code).strip().upper()
    if text.isdigit():
        text = f"EPSG:{text}"
    if not text.startswith("EPSG:") or not text[5:].isdigit():
        raise CRSError(
            f"Mã hệ tọa độ không hợp lệ: {code!r} (dùng dạng EPSG:9209).",
            f"Invalid coordinate system code: {code!r} (use the form EPSG:9209).",
        )
    return text


@lru_cache(maxsize=64)
def get_crs(code: str) -> CRS:
    code = normalize_code(code)
    try:
        return CRS.from_user_input(code)
    except ProjCRSError as exc:
        raise CRSError(f"Không nhận ra hệ tọa độ {code}.", f"Unknown coordinate system {code}.") from exc


def identify(crs: CRS) -> tuple[str | None, bool, bool]:
    """(EPSG code or None, had its own TOWGS84, matched exactly) for a CRS read from a file.

    A .prj/WKT carrying TOWGS84 is a BoundCRS: we identify its base CRS and use EPSG:6960 for the
    shift, not the file's numbers (often copied with the wrong rotation signs, ≈ 0.75 m off).
    OGC:CRS84 (lon/lat WGS 84, common in GeoJSON) counts as EPSG:4326: we work in x/y order anyway.
    """
    base = crs.source_crs if crs.is_bound and crs.source_crs is not None else crs
    bound = base is not crs
    if base.to_authority(min_confidence=100) == ("OGC", "CRS84"):
        return "EPSG:4326", bound, True
    matches = base.list_authority(min_confidence=70)
    for match in matches:
        if match.auth_name == "EPSG":
            return f"EPSG:{match.code}", bound, match.confidence == 100
        if (match.auth_name, match.code) == ("OGC", "CRS84"):
            return "EPSG:4326", bound, match.confidence == 100
    return None, bound, False


def _is_vn2000(crs: CRS) -> bool:
    geo = crs.geodetic_crs
    return geo is not None and geo.to_epsg() == VN2000_GEOGRAPHIC


def _is_wgs84(crs: CRS) -> bool:
    geo = crs.geodetic_crs
    return geo is not None and geo.to_epsg() == 4326


def _operation_codes(node: Any) -> set[int]:
    """EPSG codes of every Transformation step in a PROJJSON operation description."""
    found: set[int] = set()
    if isinstance(node, dict):
        ident = node.get("id")
        if node.get("type") == "Transformation" and isinstance(ident, dict):
            if "EPSG" in str(ident.get("authority", "")):  # "EPSG" or "INVERSE(EPSG)"
                found.add(int(ident["code"]))
        for key, value in node.items():
            if key not in ("source_crs", "target_crs"):
                found |= _operation_codes(value)
    elif isinstance(node, list):
        for value in node:
            found |= _operation_codes(value)
    return found


def uses_datum_shift(transformer: Transformer) -> bool:
    return DATUM_SHIFT_OPERATION in _operation_codes(transformer.to_json_dict())


_local = threading.local()


def get_transformer(src: str, dst: str) -> Transformer:
    """A cached always_xy transformer; VN-2000 ↔ WGS 84 always through EPSG:6960.

    Cached per thread: the members of a TransformerGroup are pyproj's "unsafe"
    transformers (not shareable between threads), and Streamlit runs sessions in threads.
    """
    key = (normalize_code(src), normalize_code(dst))
    cache = getattr(_local, "transformers", None)
    if cache is None:
        cache = _local.transformers = {}
    if key not in cache:
        cache[key] = _build_transformer(*key)
    return cache[key]


def _build_transformer(src: str, dst: str) -> Transformer:
    s, d = get_crs(src), get_crs(dst)
    if (_is_vn2000(s) and _is_wgs84(d)) or (_is_wgs84(s) and _is_vn2000(d)):
        group = TransformerGroup(s, d, always_xy=True, allow_ballpark=False)
        for candidate in group.transformers:
            if uses_datum_shift(candidate):
                return candidate
        raise CRSError(
            f"Không tìm thấy phép chuyển đổi EPSG:6960 giữa {src} và {dst}.",
            f"No EPSG:6960 transformation found between {src} and {dst}.",
        )
    return Transformer.from_crs(s, d, always_xy=True)


def transform_xy(x, y, src: str, dst: str):
    """Transform coordinate arrays (or scalars) from ``src`` to ``dst``; (x, y) = (E, N) or (lon, lat)."""
    if normalize_code(src) == normalize_code(dst):
        return x, y
    return get_transformer(src, dst).transform(x, y, errcheck=False)


def _is_frame(obj) -> bool:
    return hasattr(obj, "geometry") and hasattr(obj, "set_crs") and hasattr(obj, "crs")


def _transform_frame(gdf, src: str, dst: str):
    """Reproject a GeoDataFrame/GeoSeries with our chosen transformer (not GeoPandas' own pick)."""
    import shapely

    tr = get_transformer(src, dst)

    def fn(coords: np.ndarray) -> np.ndarray:
        xs, ys = tr.transform(coords[:, 0], coords[:, 1], errcheck=False)
        return np.column_stack([xs, ys])

    import geopandas as gpd

    new = shapely.transform(np.asarray(gdf.geometry.values, dtype=object), fn)
    if isinstance(gdf, gpd.GeoSeries):
        return gpd.GeoSeries(new, index=gdf.index, crs=dst, name=gdf.name)
    out = gdf.copy()
    out[gdf.geometry.name] = gpd.GeoSeries(new, index=gdf.index, crs=dst)
    out.set_crs(dst, allow_override=True, inplace=True)  # in the copy already made (set_crs would copy it again)
    return out


def to_wgs84(data, from_crs: str | None = None):
    """GeoDataFrame/GeoSeries (CRS from the frame unless ``from_crs``) or (x, y) arrays → WGS 84."""
    if _is_frame(data):
        src = normalize_code(from_crs or data.crs) if (from_crs or data.crs) else None
        if src is None:
            raise missing_crs_error()
        return data.set_crs(WGS84, allow_override=True) if src == WGS84 else _transform_frame(data, src, WGS84)
    if from_crs is None:
        raise missing_crs_error()
    x, y = data
    return transform_xy(x, y, from_crs, WGS84)


def from_wgs84(data, to_crs: str):
    """WGS 84 GeoDataFrame/GeoSeries or (lon, lat) arrays → ``to_crs``."""
    dst = normalize_code(to_crs)
    if _is_frame(data):
        return data.set_crs(WGS84, allow_override=True) if dst == WGS84 else _transform_frame(data, WGS84, dst)
    x, y = data
    return transform_xy(x, y, WGS84, dst)


def to_measure_crs(data):
    """WGS 84 data → the projected CRS used for lengths, areas and simplification (EPSG:9209)."""
    return from_wgs84(data, MEASURE_CRS)


def reproject(frame, to_crs: str):
    """A GeoDataFrame/GeoSeries from the CRS it states to ``to_crs`` (our transformer: EPSG:6960 for VN-2000)."""
    if frame.crs is None:
        raise missing_crs_error()
    src, dst = normalize_code(frame.crs), normalize_code(to_crs)
    return frame.set_crs(dst, allow_override=True) if src == dst else _transform_frame(frame, src, dst)


def measure_to_wgs84() -> Transformer:
    """The always_xy transformer EPSG:9209 → WGS 84 (for drawing in metres; this thread's copy)."""
    return get_transformer(MEASURE_CRS, WGS84)


def wgs84_to_measure() -> Transformer:
    """The always_xy transformer WGS 84 → EPSG:9209 (this thread's copy)."""
    return get_transformer(WGS84, MEASURE_CRS)


def missing_crs_error() -> CRSError:
    return CRSError(
        "Tệp không ghi hệ tọa độ. Hãy chọn hệ tọa độ của dữ liệu (thường là VN-2000 / TM-3 105°30′, "
        "EPSG:9209, với dữ liệu đo đạc ở Hải Dương) — chương trình không tự đoán.",
        "The file does not state its coordinate system. Choose the data's coordinate system "
        "(survey data in Hải Dương is usually VN-2000 / TM-3 105°30′, EPSG:9209) — the program does not guess.",
    )


def inside_province(lon, lat, bounds: tuple[float, float, float, float] | None = None) -> np.ndarray:
    """Which points lie in the plan's province box (``bounds``: another lon/lat box)."""
    bounds = bounds or PROVINCE_BOUNDS
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return (lon >= bounds[0]) & (lon <= bounds[2]) & (lat >= bounds[1]) & (lat <= bounds[3])


def suggest_crs(x, y, exclude: Iterable[str] = ()) -> str | None:
    """Which offered CRS would put these bare coordinates inside the province (most points), or None.

    ``x``/``y`` may be scalars or arrays (E/N or lon/lat). Used for the
    "outside the province — EPSG:9209 would put it inside" warning; never to pick silently.
    """
    xs = np.atleast_1d(np.asarray(x, dtype=float))
    ys = np.atleast_1d(np.asarray(y, dtype=float))
    ok = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[ok], ys[ok]
    if xs.size == 0:
        return None
    if xs.size > 2000:  # a sample is enough to decide
        idx = np.linspace(0, xs.size - 1, 2000).astype(int)
        xs, ys = xs[idx], ys[idx]
    skip = {normalize_code(c) for c in exclude}
    best, best_share = None, 0.0
    for choice in CRS_CHOICES:
        if choice.code in skip:
            continue
        if not choice.projected and (np.abs(xs).max() > 180 or np.abs(ys).max() > 90):
            continue
        lon, lat = transform_xy(xs, ys, choice.code, WGS84)
        share = float(np.mean(inside_province(lon, lat)))
        if share > best_share + 1e-9:
            best, best_share = choice.code, share
    return best if best_share >= 0.5 else None


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Rough metres per degree of (lon, lat) at ``lat`` — for view-dependent tolerances only."""
    return 111_320.0 * math.cos(math.radians(lat)), 110_574.0
