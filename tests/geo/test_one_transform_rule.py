"""Every VN-2000 ↔ WGS 84 transform goes through geo.crs, so every one uses EPSG:6960 (never PROJ's run-time pick)."""
from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from core.vocab import MEASURE_CRS
from geo import crs as crsmod
from geo.measure import area_ha, length_km

REPO = Path(__file__).resolve().parents[2]
PRODUCT = ("core", "geo", "layers", "mapview", "progress", "export", "ui")
BYPASS = re.compile(r"Transformer\.from_crs|TransformerGroup\(|\.to_crs\(")


def test_no_product_module_builds_its_own_transformer():
    offenders = []
    for package in PRODUCT:
        for path in sorted((REPO / package).rglob("*.py")):
            rel = path.relative_to(REPO).as_posix()
            if rel == "geo/crs.py":
                continue
            offenders += [f"{rel}:{n}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                          if BYPASS.search(line)]
    assert not offenders, offenders


def test_the_print_transformers_use_the_datum_shift():
    assert crsmod.uses_datum_shift(crsmod.measure_to_wgs84())
    assert crsmod.uses_datum_shift(crsmod.wgs84_to_measure())


def test_measured_lengths_and_areas_are_those_of_the_epsg_6960_projection():
    line = shapely.LineString([(106.30, 20.93), (106.33, 20.95), (106.36, 20.94)])
    square = shapely.Polygon([(106.30, 20.93), (106.31, 20.93), (106.31, 20.94), (106.30, 20.94)])
    frame = gpd.GeoDataFrame(geometry=[line, square], crs="EPSG:4326")

    def projected(geom):
        return shapely.transform(geom, lambda c: np.column_stack(
            crsmod.transform_xy(c[:, 0], c[:, 1], "EPSG:4326", MEASURE_CRS)))

    assert abs(length_km(frame).iloc[0] - projected(line).length / 1000) < 1e-9
    assert abs(area_ha(frame).iloc[1] - projected(square).area / 10_000) < 1e-9
