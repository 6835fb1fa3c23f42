"""Data files read back by the GIS software users have: GDAL (ogrinfo, ogr2ogr), QGIS, openpyxl."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from shapely.geometry import shape

from export.data import render_data

GDAL = shutil.which("ogrinfo") is not None and shutil.which("ogr2ogr") is not None
HERE = Path(__file__).parent


def _qgis_available() -> bool:
    return Path("/usr/bin/python3").exists() and subprocess.run(
        ["/usr/bin/python3", "-c", "import qgis.core"], capture_output=True).returncode == 0


def ogrinfo(path: Path, *args: str) -> str:
    return subprocess.run(["ogrinfo", "-ro", "-so", str(path), *args], capture_output=True, check=True,
                          text=True).stdout


@pytest.fixture
def gpkg(scene_of, tmp_path) -> Path:
    path = tmp_path / "plan.gpkg"
    path.write_bytes(render_data(scene_of(format="gpkg")))
    return path


PLAN_TABLES = {"urban_areas": "Point", "industrial_zones_points": "Point", "industrial_zones_areas": "Polygon",
               "ring_road_v": "Line String", "railways_lines": "Line String", "railways_points": "Point"}


@pytest.mark.skipif(not GDAL, reason="gdal-bin not installed")
def test_geopackage_has_one_geometry_type_per_table_and_typed_fields(gpkg):
    listing = ogrinfo(gpkg)
    for table, geometry in PLAN_TABLES.items():
        assert re.search(rf"{table} \((Multi )?{geometry}\)", listing), table
    assert "Unknown" not in listing
    fields = ogrinfo(gpkg, "urban_areas")
    assert re.search(r"progress_pct: Real", fields) and re.search(r"status_as_of: Date", fields)
    assert re.search(r"lon: Real", fields) and "Feature Count: 6" in fields   # the unplaced one included


@pytest.mark.skipif(not GDAL, reason="gdal-bin not installed")
def test_shapefile_round_trip_keeps_every_layer(gpkg, tmp_path):
    out = tmp_path / "shp"
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", str(out), str(gpkg), *PLAN_TABLES], check=True,
                   capture_output=True)
    for table in PLAN_TABLES:
        assert (out / f"{table}.shp").exists(), table
        count = int(re.search(r"Feature Count: (\d+)", ogrinfo(out / f"{table}.shp", table)).group(1))
        assert count == int(re.search(r"Feature Count: (\d+)", ogrinfo(gpkg, table)).group(1))


def test_debians_gdal_reads_the_geopackage_without_warnings(gpkg):
    """GDAL 3.6 (Debian 12, under its QGIS 3.22) warns that a GeoPackage 1.4 "may only be partially supported"."""
    out = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(gpkg)], capture_output=True, text=True, check=True)
    assert "Warning" not in out.stderr and "ERROR" not in out.stderr, out.stderr


@pytest.mark.skipif(not _qgis_available(), reason="Debian's python3-qgis not installed")
def test_qgis_opens_every_table_with_the_maps_styles(gpkg):
    out = subprocess.run(["/usr/bin/python3", str(HERE / "tools" / "qgis_open.py"), str(gpkg), *PLAN_TABLES],
                         capture_output=True, text=True, timeout=180, env={"QT_QPA_PLATFORM": "offscreen",
                                                                          "PATH": "/usr/bin:/bin"})
    rows = [line.split("\t") for line in out.stdout.splitlines() if "\t" in line]
    assert {r[0] for r in rows} == set(PLAN_TABLES), out.stderr[-2000:]
    for name, valid, count, renderer, rules, embedded in rows:
        assert valid == "True" and int(count) >= 1, name
        assert int(rules) >= 1, name   # the embedded style, not QGIS's default
        # every table by the map's rules (points sharing a position spread apart by their symbols' offsets)
        assert (renderer, embedded) == ("RuleRenderer", ""), name


def test_geojson_polygons_wind_as_rfc7946_says(scene_of):
    doc = json.loads(render_data(scene_of(format="geojson")))
    polygons = [shape(f["geometry"]) for f in doc["features"] if f["geometry"] and "Polygon" in f["geometry"]["type"]]
    assert polygons
    for geom in polygons:
        for poly in getattr(geom, "geoms", [geom]):
            assert poly.exterior.is_ccw
            assert all(not ring.is_ccw for ring in poly.interiors)


@pytest.mark.parametrize("lang, fmt", [("vi", "dd/mm/yyyy"), ("en", "yyyy-mm-dd")])
def test_xlsx_dates_autofilter_and_frozen_header(scene_of, lang, fmt):
    wb = load_workbook(io.BytesIO(render_data(scene_of(format="xlsx", lang=lang))))
    ws = wb.worksheets[0]
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert ws.freeze_panes == "A2"
    dates = [c for row in ws.iter_rows(min_row=2) for c in row if c.is_date and c.value is not None]
    assert dates and all(c.number_format == fmt for c in dates)
