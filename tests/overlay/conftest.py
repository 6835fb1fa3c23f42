"""Builders of small test files for the overlay importer (all in memory or tmp_path)."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo import crs as crsmod

# Places in the province (lon, lat): Hải Dương city centre, Chí Linh, Ninh Giang.
INSIDE = [(106.3147, 20.9373), (106.3951, 21.1313), (106.3936, 20.7314)]


def square_wgs84(lon: float, lat: float, size_m: float = 100.0) -> shapely.Polygon:
    """A square of size_m × size_m built in EPSG:9209 around (lon, lat), returned in WGS 84."""
    x, y = crsmod.from_wgs84(([lon], [lat]), "EPSG:9209")
    box = shapely.box(x[0], y[0], x[0] + size_m, y[0] + size_m)
    return shapely.transform(box, lambda c: np.column_stack(crsmod.to_wgs84((c[:, 0], c[:, 1]), "EPSG:9209")))


def frame(n: int = 3, crs: str = "EPSG:4326", kind: str = "polygon") -> gpd.GeoDataFrame:
    pts = [INSIDE[i % 3] for i in range(n)]
    if kind == "point":
        geoms = [shapely.Point(lon + 0.001 * i, lat) for i, (lon, lat) in enumerate(pts)]
    else:
        geoms = [square_wgs84(lon + 0.001 * i, lat) for i, (lon, lat) in enumerate(pts)]
    gdf = gpd.GeoDataFrame({"name": [f"Khu {i}" for i in range(n)], "zone": ["A", "B", "A"][:n] + ["C"] * (n - 3)},
                           geometry=geoms, crs="EPSG:4326")
    return crsmod.from_wgs84(gdf, crs) if crs != "EPSG:4326" else gdf


def write_bytes(gdf: gpd.GeoDataFrame, tmp_path: Path, name: str, driver: str) -> bytes:
    path = tmp_path / name
    gdf.to_file(path, driver=driver)
    return path.read_bytes()


def shapefile_zip(gdf: gpd.GeoDataFrame, tmp_path: Path, drop: tuple[str, ...] = (), prefix: str = "",
                  prj: str | None = None) -> bytes:
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    gdf.to_file(folder / "parcels.shp")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.iterdir()):
            if p.suffix.lower() in drop:
                continue
            if prj is not None and p.suffix.lower() == ".prj":
                zf.writestr(prefix + p.name, prj)
            else:
                zf.write(p, prefix + p.name)
    return buf.getvalue()


def zip_of(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def geojson_bytes(features: list[dict], crs_name: str | None = None) -> bytes:
    doc: dict = {"type": "FeatureCollection", "features": features}
    if crs_name:
        doc["crs"] = {"type": "name", "properties": {"name": crs_name}}
    return json.dumps(doc).encode()


def feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


@pytest.fixture
def clean_tmp(tmp_path, monkeypatch):
    """Route tempfile into an empty folder so tests can check the importer leaves nothing behind."""
    import tempfile

    root = tmp_path / "systmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root
