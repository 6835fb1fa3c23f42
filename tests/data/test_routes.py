"""The schematic courses (scripts/build_schematics.py): border to border, through their sources' districts and
stations, clear of the plan's other markers — so no line looks as if it joined the plan's own dots."""
from __future__ import annotations

import importlib.util
import json

import geopandas as gpd
import pytest
from shapely.geometry import shape

from geo.base_geography import load_districts
from tests.data.conftest import REPO

SPEC = importlib.util.spec_from_file_location("build_schematics", REPO / "scripts" / "build_schematics.py")
build_schematics = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_schematics)

ROUTED = {spec.id: spec for spec in build_schematics.SPECS}
STATIONS_OF_EXISTING_LINE = ["st-cam-giang", "st-cao-xa", "st-hai-duong", "st-phu-thai"]
CLEARANCE_M = 300
STATION_M = 50


def _metres(geometry) -> object:
    return gpd.GeoSeries([shape(geometry)], crs="EPSG:4326").to_crs("EPSG:9209").iloc[0]


@pytest.fixture(scope="module")
def base_districts():
    return load_districts().to_crs("EPSG:9209").set_index("name")


@pytest.mark.parametrize("fid", sorted(ROUTED))
def test_each_line_ends_on_the_province_border_at_both_ends(fid, by_id, base_districts):
    province = base_districts.geometry.union_all()
    line = _metres(by_id[fid]["geometry"])
    for end in (line.coords[0], line.coords[-1]):
        assert province.boundary.distance(gpd.points_from_xy([end[0]], [end[1]])[0]) < 2, f"{fid} stops inside"
    inside = line.intersection(province).length / line.length
    assert inside > 0.999, f"{fid}: {1 - inside:.1%} of the line lies outside the province"


@pytest.mark.parametrize("fid", sorted(ROUTED))
def test_each_line_crosses_exactly_the_districts_its_sources_name(fid, by_id, districts_ref):
    line = _metres(by_id[fid]["geometry"])
    inside = {name: line.intersection(row.geometry).length for name, row in districts_ref.iterrows()}
    crossed = {name for name, metres in inside.items() if metres > 1}
    assert crossed == set(by_id[fid]["properties"]["districts"]), (
        f"{fid} crosses {sorted(crossed)}, sources name {sorted(by_id[fid]['properties']['districts'])}")
    short = {name: round(inside[name]) for name in crossed if inside[name] < 1000}
    assert not short, f"{fid} only clips {short}"


def test_the_existing_railway_passes_its_stations_in_order(by_id, collections):
    stations = [f for f in collections["railway_stations.geojson"]["features"]
                if f["properties"]["line_id"] == "rail-hanoi-haiphong"]
    assert sorted(f["properties"]["id"] for f in stations) == sorted(STATIONS_OF_EXISTING_LINE)
    line = _metres(by_id["rail-hanoi-haiphong"]["geometry"])
    along = []
    for sid in STATIONS_OF_EXISTING_LINE:
        point = _metres(by_id[sid]["geometry"])
        assert line.distance(point) <= STATION_M, f"{sid} is {line.distance(point):.0f} m from the line"
        along.append(line.project(point))
    assert along == sorted(along), "the stations are not in order west → east"


@pytest.mark.parametrize("fid", sorted(ROUTED))
def test_each_line_keeps_clear_of_the_markers_it_does_not_serve(fid, by_id, collections):
    spec = ROUTED[fid]
    line = _metres(by_id[fid]["geometry"])
    served = [_metres(by_id[s]["geometry"]) for s in spec.stations]
    too_close = {}
    for name in build_schematics.POINT_FILES:
        for f in collections[name]["features"]:
            fid2 = f["properties"]["id"]
            if not f["geometry"] or f["geometry"]["type"] != "Point" or fid2 in spec.stations:
                continue
            point = _metres(f["geometry"])
            if any(point.distance(s) <= 150 for s in served):  # stands at a station the line serves
                continue
            if line.distance(point) < CLEARANCE_M:
                too_close[fid2] = round(line.distance(point))
    assert not too_close, f"{fid} runs within {CLEARANCE_M} m of {too_close}"


@pytest.mark.parametrize("fid", sorted(ROUTED))
def test_each_line_stays_schematic_with_its_length_measured(fid, by_id):
    p = by_id[fid]["properties"]
    assert p["indicative"] is True and p["location_precision"] == "indicative route"
    assert "không phải tuyến đo đạc" in p["location_note"]
    km = _metres(by_id[fid]["geometry"]).length / 1000
    assert p["drawn_length_km"] == pytest.approx(km, abs=0.05)
    if "reported_length_km" in p:
        assert abs(km - p["reported_length_km"]) / p["reported_length_km"] < 0.15, f"{fid}: {km:.1f} km"


@pytest.mark.parametrize("fid", sorted(ROUTED))
def test_waypoints_lie_on_the_line_in_order(fid, by_id):
    line = _metres(by_id[fid]["geometry"])
    waypoints = by_id[fid]["properties"]["waypoints"]
    points = [_metres({"type": "Point", "coordinates": [w["lon"], w["lat"]]}) for w in waypoints]
    assert all(line.distance(p) < 1 for p in points)
    along = [line.project(p) for p in points]
    assert along == sorted(along) and [w["order"] for w in waypoints] == list(range(1, len(waypoints) + 1))


def test_the_script_reproduces_the_committed_courses(data_dir):
    built = build_schematics.build(data_dir)
    for name, collection in built.items():
        committed = json.loads((data_dir / name).read_text(encoding="utf-8"))
        assert collection == committed, f"{name}: rerun scripts/build_schematics.py"


def test_the_specialised_zone_is_drawn_inside_the_province_with_its_2026_name_and_area_sourced(by_id, base_districts):
    f = by_id["iz-sez-binh-giang-thanh-mien"]
    p = f["properties"]
    area = _metres(f["geometry"])
    province = base_districts.geometry.union_all()
    assert area.difference(province).area < 100, f"{area.difference(province).area:.0f} m² outside the province"  # 6-decimal rounding
    assert p["districts"] == ["Bình Giang", "Thanh Miện"]
    assert p["name_2026"] == "Khu kinh tế chuyên biệt Hải Phòng" and "288/QĐ-TTg" in p["name_2026_source"]
    assert p["area_ha"] == 5300 and "288/QĐ-TTg" in p["area_source"] and "https://" in p["area_source"]
    assert "288/QĐ-TTg" in p["source"] and "5.300 ha" in p["source"]
