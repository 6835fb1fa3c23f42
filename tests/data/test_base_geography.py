"""The base geography shipped in data/base/: the 12 districts of 2019–2025, one shared border each, licence kept."""
from __future__ import annotations

import importlib.util
import itertools
import json

import pytest
import shapely
from shapely.geometry import shape

from geo.base_geography import BASE_DIR, DISTRICTS_FILE, load_districts, outside_mask, province_outline
from tests.data.conftest import REPO, reference_dir


def _reference() -> dict:
    path = reference_dir() / "haiduong_districts.geojson"
    if not path.exists():
        pytest.skip(f"reference boundaries not found at {path} (set PLANMAP_REFERENCE_DIR)")
    return json.loads(path.read_text(encoding="utf-8"))


def test_twelve_districts_with_names_and_codes():
    districts = load_districts()
    assert len(districts) == 12
    assert set(districts["name"]) >= {"Hải Dương", "Chí Linh", "Kinh Môn", "Bình Giang", "Thanh Miện"}
    assert districts["district_code"].is_unique


def test_districts_tile_the_province_without_overlaps_or_holes():
    geoms = list(load_districts().geometry)
    overlap = sum(a.intersection(b).area for a, b in itertools.combinations(geoms, 2))
    assert overlap < 1e-9
    outline = province_outline()
    assert outline.geom_type == "Polygon" and len(outline.interiors) == 0


def test_polygons_wind_counter_clockwise_as_rfc7946_asks():
    collection = json.loads((BASE_DIR / DISTRICTS_FILE).read_text(encoding="utf-8"))
    for feature in collection["features"]:
        geom = shape(feature["geometry"])
        for polygon in getattr(geom, "geoms", [geom]):
            assert polygon.exterior.is_ccw, feature["properties"]["name"]


def test_base_matches_the_reference_within_simplification():
    reference = {f["properties"]["district_code"]: shape(f["geometry"]) for f in _reference()["features"]}
    ours = load_districts().set_index("district_code")
    assert set(ours.index) == set(reference)
    for code, ref_geom in reference.items():
        ours_geom = ours.loc[code, "geometry"]
        assert ours_geom.symmetric_difference(ref_geom).area / ref_geom.area < 0.02, ours.loc[code, "name"]
        assert ours.loc[code, "name"] in {f["properties"]["name"] for f in _reference()["features"]
                                          if f["properties"]["district_code"] == code}


def test_outside_mask_surrounds_the_province():
    mask = outside_mask()
    assert mask.intersection(province_outline()).area < 1e-9
    assert mask.contains(shapely.Point(105.9, 20.6))


def test_the_build_script_reproduces_the_committed_file():
    _reference()
    spec = importlib.util.spec_from_file_location("build_base", REPO / "scripts" / "build_base_geography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.dumps(module.build(reference_dir() / "haiduong_districts.geojson"))
    assert rebuilt == (BASE_DIR / DISTRICTS_FILE).read_text(encoding="utf-8")


def test_licence_note_sits_beside_the_data():
    note = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "GPL-3.0" in note and "dvhcvn" in note and "gis.chinhphu.vn" in note
    assert "GPL-3.0" in (REPO / "data" / "SOURCES.md").read_text(encoding="utf-8")
    assert "MIT" in (REPO / "LICENSE").read_text(encoding="utf-8")
