"""Coordinates between WGS 84 and each offered CRS agree with PROJ's EPSG operations to 1 cm."""
from __future__ import annotations

import math

import numpy as np
import pytest
from pyproj import CRS, Transformer

from core.errors import CRSError
from geo import crs as crsmod

# A grid over Hải Dương and its neighbours (lon, lat).
LONS = np.array([106.05, 106.20, 106.33, 106.45, 106.60, 106.72])
LATS = np.array([20.55, 20.75, 20.94, 21.10, 21.25])
GRID_LON, GRID_LAT = (a.ravel() for a in np.meshgrid(LONS, LATS))
M_PER_DEG_LAT = 110_700.0


def _metres(lon1, lat1, lon2, lat2) -> np.ndarray:
    dx = (np.asarray(lon1) - lon2) * 111_320.0 * np.cos(np.radians(lat2))
    dy = (np.asarray(lat1) - lat2) * M_PER_DEG_LAT
    return np.hypot(dx, dy)


def _epsg_6960_explicit(lon, lat):
    """VN-2000 geographic → WGS 84 with the EPSG operation itself (EPSG axis order: lat, lon)."""
    op = Transformer.from_pipeline("EPSG:6960")
    assert op.description == "VN-2000 to WGS 84 (2)"
    la, lo = op.transform(lat, lon)
    return lo, la


def _helmert_cf(lon, lat):
    """Independent check: EPSG method 9607 (coordinate frame rotation) with EPSG:6960's published
    parameters, on the WGS 84 ellipsoid that VN-2000 uses; heights ignored (h = 0)."""
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    tx, ty, tz = -191.90441429, -39.30318279, -111.45032835
    rx, ry, rz = (math.radians(v / 3600) for v in (-0.00928836, 0.01975479, -0.00427372))
    ds = 0.252906278e-6
    phi, lam = np.radians(lat), np.radians(lon)
    n = a / np.sqrt(1 - e2 * np.sin(phi) ** 2)
    x, y, z = n * np.cos(phi) * np.cos(lam), n * np.cos(phi) * np.sin(lam), n * (1 - e2) * np.sin(phi)
    s = 1 + ds
    x2 = tx + s * (x + rz * y - ry * z)
    y2 = ty + s * (-rz * x + y + rx * z)
    z2 = tz + s * (ry * x - rx * y + z)
    p = np.hypot(x2, y2)
    phi2 = np.arctan2(z2, p * (1 - e2))
    for _ in range(10):
        n2 = a / np.sqrt(1 - e2 * np.sin(phi2) ** 2)
        phi2 = np.arctan2(z2 + e2 * n2 * np.sin(phi2), p)
    return np.degrees(np.arctan2(y2, x2)), np.degrees(phi2)


def _vn_geographic(code: str, x, y):
    """Projected VN-2000 → VN-2000 geographic: a pure map-projection conversion (no datum change)."""
    if code == "EPSG:4756":
        return x, y
    tr = Transformer.from_crs(code, "EPSG:4756", always_xy=True)
    assert not crsmod.uses_datum_shift(tr) and "to WGS 84" not in tr.description
    return tr.transform(x, y)


VN_CODES = [c.code for c in crsmod.CRS_CHOICES if c.code != "EPSG:4326"]


def test_choices_are_the_offered_ones_with_vietnamese_labels():
    codes = {c.code for c in crsmod.CRS_CHOICES}
    assert codes == {"EPSG:4326", "EPSG:4756", "EPSG:9209", "EPSG:9210", "EPSG:3405", "EPSG:3406"}
    assert "Hải Dương" in crsmod.CHOICES_BY_CODE["EPSG:9209"].label("vi")
    assert "105°30′" in crsmod.CHOICES_BY_CODE["EPSG:9209"].label("en")


@pytest.mark.parametrize("code", VN_CODES)
def test_chosen_operation_is_epsg_6960_both_ways(code):
    fwd = crsmod.get_transformer(code, "EPSG:4326")
    inv = crsmod.get_transformer("EPSG:4326", code)
    assert crsmod.uses_datum_shift(fwd) and crsmod.uses_datum_shift(inv)
    assert "VN-2000 to WGS 84 (2)" in fwd.description
    assert "proj=helmert" in fwd.definition and "convention=coordinate_frame" in fwd.definition
    assert "ballpark" not in fwd.description.lower()


@pytest.mark.parametrize("code", VN_CODES)
def test_to_wgs84_matches_explicit_epsg_pipeline_within_1cm(code):
    # Forward-project the grid with our own inverse, then check the way back against EPSG:6960 itself.
    x, y = crsmod.from_wgs84((GRID_LON, GRID_LAT), code)
    lon, lat = crsmod.to_wgs84((np.asarray(x), np.asarray(y)), code)
    vlon, vlat = _vn_geographic(code, x, y)
    elon, elat = _epsg_6960_explicit(np.asarray(vlon), np.asarray(vlat))
    assert _metres(lon, lat, elon, elat).max() < 0.01
    hlon, hlat = _helmert_cf(np.asarray(vlon), np.asarray(vlat))
    assert _metres(lon, lat, hlon, hlat).max() < 0.01


@pytest.mark.parametrize("code", VN_CODES)
def test_from_wgs84_round_trips_within_1cm(code):
    x, y = crsmod.from_wgs84((GRID_LON, GRID_LAT), code)
    lon, lat = crsmod.to_wgs84((x, y), code)
    assert _metres(lon, lat, GRID_LON, GRID_LAT).max() < 0.01


def test_datum_shift_is_there_and_about_the_known_size():
    """VN-2000 vs WGS 84 differ by a few hundred metres here; leaving the shift out is the classic error."""
    vlon, vlat = crsmod.from_wgs84((GRID_LON, GRID_LAT), "EPSG:4756")
    shift = _metres(vlon, vlat, GRID_LON, GRID_LAT)
    assert (shift > 150).all() and (shift < 400).all()


def test_proj4_string_path_is_off_by_more_than_half_a_metre():
    """CRS.to_proj4() drops the datum shift: the result must differ, proving we don't go that way."""
    proj4 = CRS.from_epsg(9209).to_proj4()
    assert "towgs84" not in proj4
    naive = Transformer.from_crs(CRS.from_proj4(proj4), "EPSG:4326", always_xy=True)
    x, y = crsmod.from_wgs84((GRID_LON, GRID_LAT), "EPSG:9209")
    lon, lat = crsmod.to_wgs84((x, y), "EPSG:9209")
    nlon, nlat = naive.transform(x, y)
    assert _metres(lon, lat, nlon, nlat).min() > 0.5


def test_copied_towgs84_with_unchanged_signs_is_also_wrong():
    """Copying EPSG:6960's numbers into +towgs84 (position-vector convention) is off by ≈ 0.75 m."""
    towgs = "-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278"
    bad = CRS.from_proj4(f"+proj=tmerc +lat_0=0 +lon_0=105.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
                         f"+towgs84={towgs} +units=m +no_defs")
    tr = Transformer.from_crs(bad, "EPSG:4326", always_xy=True)
    x, y = crsmod.from_wgs84((GRID_LON, GRID_LAT), "EPSG:9209")
    lon, lat = crsmod.to_wgs84((x, y), "EPSG:9209")
    blon, blat = tr.transform(x, y)
    assert _metres(lon, lat, blon, blat).min() > 0.5


def test_geodataframe_reprojection_uses_the_same_operation():
    import geopandas as gpd
    import shapely

    x, y = crsmod.from_wgs84(([106.3147], [20.9373]), "EPSG:9209")
    gdf = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(x[0], y[0])], crs="EPSG:9209")
    out = crsmod.to_wgs84(gdf)
    assert out.crs.to_epsg() == 4326
    assert _metres(out.geometry.x.values, out.geometry.y.values, 106.3147, 20.9373).max() < 0.01


def test_suggest_crs_recognises_haiduong_tm3_and_lonlat():
    x, y = crsmod.from_wgs84((GRID_LON[:10], GRID_LAT[:10]), "EPSG:9209")
    assert crsmod.suggest_crs(x, y) == "EPSG:9209"
    assert crsmod.suggest_crs(106.33, 20.94) in ("EPSG:4326", "EPSG:4756")
    ux, uy = crsmod.from_wgs84(([106.33], [20.94]), "EPSG:3405")
    assert crsmod.suggest_crs(ux, uy) == "EPSG:3405"
    assert crsmod.suggest_crs(0, 0) is None


def test_bad_codes_raise_crs_error_in_both_languages():
    with pytest.raises(CRSError) as err:
        crsmod.normalize_code("+proj=longlat")
    assert err.value.vi != err.value.en
    with pytest.raises(CRSError):
        crsmod.get_crs("EPSG:999999")
    assert crsmod.normalize_code(" epsg:9209 ") == "EPSG:9209" == crsmod.normalize_code(9209)


def test_transformers_are_cached_per_thread():
    import threading

    assert crsmod.get_transformer("EPSG:9209", "EPSG:4326") is crsmod.get_transformer("epsg:9209", "EPSG:4326")
    other = []
    t = threading.Thread(target=lambda: other.append(crsmod.get_transformer("EPSG:9209", "EPSG:4326")))
    t.start()
    t.join()
    assert other[0] is not crsmod.get_transformer("EPSG:9209", "EPSG:4326")
    assert crsmod.uses_datum_shift(other[0])
