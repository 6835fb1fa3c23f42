"""True positions (issue 9 §2): no hidden stacks, placeholders only where no source names the commune,
every place in its district, every place in its 2025 unit."""
from __future__ import annotations

import re

import pytest
from shapely.geometry import shape

from core.vocab import LOCATION_PRECISION, is_approximate
from geo.admin_2025 import load_communes_2025
from geo.measure import clusters_within

SHARED_M = 100
# The only places still at a district-centre placeholder: no source names their commune or ward.
NO_SOURCE_LOCATES = {"st-hai-duong", "st-binh-giang", "st-tu-ky"}


def _points(features) -> dict[str, tuple[float, float]]:
    return {f["properties"]["id"]: tuple(f["geometry"]["coordinates"]) for _, f in features
            if f["geometry"] and f["geometry"]["type"] == "Point"}


def test_no_two_places_within_100_m_unless_declared_co_located_with_a_reason(features, by_id):
    undeclared = []
    for group in clusters_within(_points(features), SHARED_M):
        for fid in group:
            props = by_id[fid]["properties"]
            declared = set(props.get("co_located_with") or [])
            if declared != set(group) - {fid}:
                undeclared.append((fid, sorted(set(group) - {fid}), sorted(declared)))
            else:
                assert (props.get("co_location_reason") or "").strip(), fid
                assert (props.get("co_location_reason_en") or "").strip(), fid
    assert not undeclared, f"places hiding each other without a declared reason: {undeclared}"


def test_declared_co_locations_are_real_and_mutual(features, by_id):
    points = _points(features)
    for fid, props in ((f["properties"]["id"], f["properties"]) for _, f in features):
        for other in props.get("co_located_with") or []:
            assert fid in (by_id[other]["properties"].get("co_located_with") or []), (fid, other)
            group = next(g for g in clusters_within({fid: points[fid], other: points[other]}, SHARED_M))
            assert set(group) == {fid, other}, f"{fid} declares {other} but they are apart"


def test_placeholders_are_exactly_the_places_no_source_locates(features):
    placeholders = {f["properties"]["id"]: f["properties"] for _, f in features
                    if is_approximate(f["properties"]["location_precision"])}
    assert set(placeholders) == NO_SOURCE_LOCATES
    for fid, props in placeholders.items():
        assert re.search(r"Không nguồn nào|chưa công bố", props["location_note"]), f"{fid}: no reason given"


def test_every_precision_of_the_data_has_words_users_read(features):
    for _, f in features:
        term = LOCATION_PRECISION[f["properties"]["location_precision"]]
        assert term.vi != term.code and term.en, term.code


def test_seat_positions_are_the_seat_of_the_unit_their_note_names(features):
    seats = {tuple(f["geometry"]["coordinates"]): f["properties"]["name"] for f in load_communes_2025()}
    placed = [f for _, f in features if f["properties"]["location_precision"] == "seat of the 2025 successor unit"]
    assert len(placed) >= 10
    for f in placed:
        props = f["properties"]
        seat_of = seats.get(tuple(f["geometry"]["coordinates"]))
        assert seat_of, f"{props['id']} is not at a 2025 seat"
        assert f"trụ sở {seat_of}" in props["location_note"] and "1–3 km" in props["location_note"], props["id"]
        assert props["location_source"] == "https://sapnhap.bando.com.vn/"


def test_zones_at_the_centre_of_their_communes_list_those_communes(collections):
    centred = [f["properties"] for f in collections["industrial_zones.geojson"]["features"]
               if f["properties"]["location_precision"] == "centre of the communes named by sources"]
    assert len(centred) >= 8
    for props in centred:
        assert len(props["communes"]) >= 2, props["id"]
        assert all(commune in props["location_note"] for commune in props["communes"]), props["id"]
        assert re.match(r"https?://", props["location_source"]) or "tên chính thức" in props["location_note"]


def test_every_feature_has_a_2025_unit_or_says_why_not(features):
    units = {f["properties"]["code"]: f["properties"]["name"] for f in load_communes_2025()}
    for _, f in features:
        props = f["properties"]
        assert (props.get("unit_2025_note") or "").strip(), f"{props['id']}: no word on its 2025 unit"
        if props.get("unit_2025") is None:
            assert props["unit_2025_codes"] == [] and props["unit_2025_confidence"] is None, props["id"]
            continue
        assert props["unit_2025_confidence"] in ("sure", "likely", "unsure"), props["id"]
        names = [units[code] for code in props["unit_2025_codes"]]
        assert props["unit_2025"] == ", ".join(names), props["id"]
    unplaced_or_unknown = {f["properties"]["id"] for _, f in features if f["properties"].get("unit_2025") is None}
    assert unplaced_or_unknown == NO_SOURCE_LOCATES | {"ua-loai-v-chua-xac-dinh-1", "ua-loai-v-chua-xac-dinh-2"}


def test_known_successors(by_id):
    expected = {"ua-luong-dien": "Xã Cẩm Giàng", "ua-cong-hoa-kim-thanh": "Xã Lai Khê",
                "ua-thanh-quang": "Xã Trần Phú", "st-hai-duong-nam": "Xã Gia Lộc, Xã Yết Kiêu"}
    assert {fid: by_id[fid]["properties"]["unit_2025"] for fid in expected} == expected
    assert by_id["ua-luong-dien"]["properties"]["unit_2025_confidence"] == "sure"


def test_every_seat_or_centre_lies_in_the_district_of_the_place(features, districts_ref):
    """The 2025 units cross the old district borders: a successor's seat may not (the test of all points
    in test_datasets allows 300 m; a seat must be inside)."""
    import geopandas as gpd

    outside = []
    for _, f in features:
        props = f["properties"]
        if props["location_precision"] not in ("seat of the 2025 successor unit",
                                                "centre of the communes named by sources"):
            continue
        point = gpd.GeoSeries([shape(f["geometry"])], crs="EPSG:4326").to_crs("EPSG:9209").iloc[0]
        if not districts_ref.loc[props["district"]].geometry.contains(point):
            outside.append(props["id"])
    assert not outside, outside


@pytest.mark.parametrize("fid", sorted(NO_SOURCE_LOCATES))
def test_remaining_placeholders_are_drawn_as_approximate(by_id, fid):
    assert is_approximate(by_id[fid]["properties"]["location_precision"])


def test_the_positions_are_those_the_placement_table_gives(tmp_path, data_dir):
    """Nobody edited a position by hand: running scripts/place_features_2025.py on a copy changes nothing."""
    import shutil
    import subprocess
    import sys

    from .conftest import GEOJSON_FILES, REPO

    for name in GEOJSON_FILES:
        shutil.copy(data_dir / name, tmp_path / name)
    subprocess.run([sys.executable, str(REPO / "scripts" / "place_features_2025.py"), str(tmp_path)],
                   check=True, capture_output=True)
    changed = [name for name in GEOJSON_FILES if (tmp_path / name).read_bytes() != (data_dir / name).read_bytes()]
    assert not changed, f"{changed} differ from what the placement table gives"


def test_kinh_mon_stands_well_inside_its_own_district_at_its_central_wards_seat(by_id, districts_ref):
    """Its GeoNames point sat on the province's outer edge (walk 16, finding 6): now the seat of Phường Kinh Môn
    (the former An Lưu ward, data/admin_2025), at least 1 km inside the former thị xã."""
    import geopandas as gpd

    f = by_id["ua-kinh-mon"]
    seat = next(c for c in load_communes_2025() if c["properties"]["name"] == "Phường Kinh Môn")
    assert f["geometry"]["coordinates"] == seat["geometry"]["coordinates"]
    assert f["properties"]["location_precision"] == "seat of the 2025 unit"
    assert f["properties"]["location_source"].startswith("https://")
    point = gpd.GeoSeries([shape(f["geometry"])], crs="EPSG:4326").to_crs("EPSG:9209").iloc[0]
    district = districts_ref.loc["Kinh Môn"].geometry
    assert district.contains(point) and district.boundary.distance(point) >= 1000
