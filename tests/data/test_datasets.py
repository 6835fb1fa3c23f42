"""Checks of the project's datasets in data/: structure, vocabulary, program content, placement, progress seed."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date

import pytest
from shapely.geometry import shape

from core.vocab import (DISTRICTS_2023, PLAN_KINDS, PROVINCE_BOUNDS, REGION_BOUNDS, STATUSES, URBAN_CLASSES,
                        WASTEWATER, ZONE_KINDS)

from .conftest import GEOJSON_FILES, program_text_path, reference_dir

PRECISIONS = {
    "city/town centre (Wikipedia coordinate)",
    "town centre (GeoNames coordinate)",
    "commune centre, approximate (Wikipedia coordinate)",
    "commune centre, approximate",
    "seat of the 2025 successor unit",
    "seat of the 2025 unit",
    "centre of the communes named by sources",
    "district centre placeholder",
    "indicative route",
    "indicative area",
    "not placed",
}
CONFIDENCES = {"sure", "likely", "unsure"}
PROGRESS_HEADER = ["feature_id", "status", "progress_pct", "as_of", "note", "note_en", "source"]

# The program's own words (§III.4, second bullet): name as written -> district of 2023 it belongs to.
PROGRAM_URBAN = {
    "thành phố Hải Dương": ("I", "Hải Dương"),
    "thành phố Chí Linh": ("II", "Chí Linh"),
    "thành phố Kinh Môn": ("III", "Kinh Môn"),
    "Đô thị Bình Giang": ("IV", "Bình Giang"),
    "Lai Cách (mở rộng)": ("IV", "Cẩm Giàng"),
    "Gia Lộc (mở rộng)": ("IV", "Gia Lộc"),
    "Nam Sách (mở rộng)": ("IV", "Nam Sách"),
    "Phú Thái (mở rộng)": ("IV", "Kim Thành"),
    "Thanh Miện (mở rộng)": ("IV", "Thanh Miện"),
    "Ninh Giang (mở rộng)": ("IV", "Ninh Giang"),
    "Lương Điền": ("V", "Cẩm Giàng"),
    "Đông Cẩm": ("V", "Kim Thành"),
    "Minh Tân": ("V", "Nam Sách"),
    "Tứ Cường": ("V", "Thanh Miện"),
    "Quang Minh": ("V", "Gia Lộc"),
    "Cộng Hòa": ("V", "Kim Thành"),
}
# The six class-V areas recognised before 2025 that the 2023 plan summary names (SPATIAL_ITEMS.md).
PRE_2025_CLASS_V = {
    "Thị trấn Cẩm Giang": "Cẩm Giàng", "Thị trấn Tứ Kỳ": "Tứ Kỳ", "Thị trấn Thanh Hà": "Thanh Hà",
    "Đô thị Hưng Đạo": "Tứ Kỳ", "Xã Thanh Quang": "Nam Sách", "Xã Đoàn Tùng": "Thanh Miện",
}
RING_DISTRICTS = {"Ninh Giang", "Tứ Kỳ", "Gia Lộc", "Thanh Hà", "Nam Sách", "Hải Dương", "Chí Linh"}
LINE_DISTRICTS = {
    "rr5-hai-duong": RING_DISTRICTS,
    "rail-laocai-hanoi-haiphong": {"Cẩm Giàng", "Bình Giang", "Gia Lộc", "Tứ Kỳ", "Thanh Hà"},
    "rail-hanoi-haiphong": {"Cẩm Giàng", "Hải Dương", "Kim Thành"},
    "rail-yenvien-halong-cailan": {"Chí Linh"},
}
# District seats (thị trấn / thị xã) that have their own sourced coordinate now, no longer a district-centre placeholder.
OWN_TOWN_POINTS = ("ua-tt-gia-loc", "ua-tt-thanh-mien", "ua-tt-thanh-ha", "ua-tt-ninh-giang", "ua-tt-tu-ky", "ua-kinh-mon")
PLACEHOLDER_PRECISIONS = {"district centre placeholder", "commune centre, approximate", "not placed"}
GEONAMES_ID_URL = r"https://www\.geonames\.org/\d+"
POINT_TOLERANCE_M = 300
ROUTED_LINES = {"rr5-hai-duong", "rail-laocai-hanoi-haiphong", "rail-hanoi-haiphong"}  # scripts/build_schematics.py
CROSS_MIN_M = 200  # a line "crosses" a district when at least this much of it lies inside


def _coords(geometry):
    """Every coordinate number of a GeoJSON geometry."""
    def walk(node):
        if isinstance(node, (int, float)):
            yield node
        else:
            for child in node:
                yield from walk(child)
    return list(walk(geometry["coordinates"]))


def _decimals(number: float) -> int:
    text = repr(float(number))
    return len(text.split(".")[1]) if "." in text and "e" not in text else (0 if "e" not in text else 99)


# ------------------------------------------------------------------ structure
@pytest.mark.parametrize("name", GEOJSON_FILES)
def test_each_file_is_a_utf8_wgs84_feature_collection_with_readable_vietnamese(data_dir, name):
    text = (data_dir / name).read_text(encoding="utf-8")
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    assert collection["features"], f"{name} has no features"
    crs = (collection.get("crs") or {}).get("properties", {}).get("name")
    assert crs in (None, "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84"), f"{name} declares CRS {crs}"
    assert not re.search(r"\\u[0-9a-fA-F]{4}", text), f"{name} escapes non-ASCII text; write it with ensure_ascii=False"
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)


def test_ids_are_unique_ascii_slugs_across_all_files(features):
    ids = [f["properties"]["id"] for _, f in features]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids across files: {dupes}"
    bad = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i or "")]
    assert not bad, f"ids must be ascii slugs: {bad}"


def test_geometries_are_valid_and_coordinates_have_at_most_six_decimals(features):
    for name, f in features:
        geometry = f["geometry"]
        if geometry is None:
            continue
        geom = shape(geometry)
        assert geom.is_valid and not geom.is_empty, f"{f['properties']['id']}: invalid geometry"
        worst = max(_decimals(c) for c in _coords(geometry))
        assert worst <= 6, f"{f['properties']['id']}: {worst} decimals"


def test_coordinates_are_lon_lat_inside_the_province_or_just_beyond_for_lines(features):
    for name, f in features:
        if f["geometry"] is None:
            continue
        minx, miny, maxx, maxy = shape(f["geometry"]).bounds
        box = REGION_BOUNDS if f["geometry"]["type"] != "Point" else PROVINCE_BOUNDS
        assert box[0] <= minx and maxx <= box[2] and box[1] <= miny and maxy <= box[3], (
            f"{f['properties']['id']} lies outside {box} — lat/lon swapped or wrong CRS?")


def test_every_feature_has_source_precision_confidence_and_known_districts(features):
    for name, f in features:
        p = f["properties"]
        fid = p["id"]
        assert (p.get("name") or "").strip(), f"{fid}: empty name"
        assert (p.get("source") or "").strip(), f"{fid}: empty source"
        assert p.get("location_precision") in PRECISIONS, f"{fid}: precision {p.get('location_precision')!r}"
        assert p.get("confidence") in CONFIDENCES, f"{fid}: confidence {p.get('confidence')!r}"
        assert p.get("status") in STATUSES, f"{fid}: status {p.get('status')!r}"
        assert p.get("district") is None or p["district"] in DISTRICTS_2023, f"{fid}: district {p.get('district')!r}"
        assert isinstance(p.get("districts"), list), f"{fid}: districts must be a list"
        assert set(p["districts"]) <= set(DISTRICTS_2023), f"{fid}: unknown districts {p['districts']}"
        placed = f["geometry"] is not None
        if placed:
            assert p["district"] in DISTRICTS_2023, f"{fid}: district may be null only for unplaced features"
            assert p["district"] in p["districts"], f"{fid}: district must be one of districts"
            assert p["location_precision"] != "not placed", f"{fid}: placed but says 'not placed'"
            assert re.match(r"https?://", p.get("location_source") or ""), f"{fid}: placed without a location_source URL"
        else:
            assert p["location_precision"] == "not placed", f"{fid}: no geometry but precision {p['location_precision']!r}"
        if placed and f["geometry"]["type"] == "Point":
            assert p["district"] in DISTRICTS_2023, f"{fid}: a placed point must name its district"
            assert p["districts"] == [p["district"]], f"{fid}: districts of a point must be [district]"


def test_geonames_coordinates_cite_the_geonames_record(features):
    for _, f in features:
        p = f["properties"]
        if "GeoNames" in (p.get("location_precision") or ""):
            assert re.fullmatch(GEONAMES_ID_URL, p.get("location_source") or ""), f"{p['id']}: {p.get('location_source')!r}"
            assert "GeoNames" in (p.get("location_note") or ""), p["id"]


def test_district_seat_townships_are_placed_at_their_own_coordinate(by_id):
    for fid in OWN_TOWN_POINTS:
        p = by_id[fid]["properties"]
        assert p["location_precision"] not in PLACEHOLDER_PRECISIONS, f"{fid} is a placeholder again: {p['location_precision']}"
        assert by_id[fid]["geometry"]["type"] == "Point", fid
    coords = [tuple(by_id[fid]["geometry"]["coordinates"]) for fid in OWN_TOWN_POINTS]
    assert len(set(coords)) == len(coords), "two townships share one point"


def test_program_section_source_is_cited_everywhere(features):
    for _, f in features:
        assert "28/02/2023" in f["properties"]["source"], f"{f['properties']['id']}: source lacks the program"


# ------------------------------------------------------------------ urban areas: the program's 24
def test_urban_classes_are_1_1_1_7_14_and_24_in_total(urban):
    counts = Counter(f["properties"]["urban_class"] for f in urban)
    assert counts == {"I": 1, "II": 1, "III": 1, "IV": 7, "V": 14}
    assert len(urban) == 24
    assert set(counts) <= set(URBAN_CLASSES)


def test_urban_properties_use_the_vocabulary(urban):
    for f in urban:
        p = f["properties"]
        assert p["plan_kind"] in PLAN_KINDS, p["id"]
        assert p["program_section"] == "§III.4", p["id"]
        assert (p.get("name_en") or "").strip(), p["id"]
        assert p.get("unit_2025_confidence") in (None, *CONFIDENCES), p["id"]
        assert (p.get("unit_2025") is None) == (p.get("unit_2025_confidence") is None), p["id"]


def test_every_name_of_the_program_is_present_in_its_class_and_district(urban):
    by_program = {f["properties"]["name_in_program"]: f["properties"] for f in urban
                  if f["properties"]["name_in_program"]}
    for written, (cls, district) in PROGRAM_URBAN.items():
        assert written in by_program, f"program name {written!r} missing (name_in_program)"
        p = by_program[written]
        assert p["urban_class"] == cls, f"{written}: class {p['urban_class']} != {cls}"
        assert p["district"] == district, f"{written}: district {p['district']} != {district}"


def test_program_names_list_matches_the_program_text_when_available():
    seed = program_text_path()
    if not seed.exists():
        pytest.skip(f"program text not found at {seed}")
    text = seed.read_text(encoding="utf-8")
    for written in PROGRAM_URBAN:
        needle = written.replace("thành phố Kinh Môn", "thành phố Kinh Môn - được nâng cấp")
        assert needle in text or written in text, f"{written!r} is not in the program text"


def test_upgrade_kinds_follow_the_program(urban):
    kinds = {f["properties"]["name_in_program"]: f["properties"]["plan_kind"] for f in urban}
    assert kinds["thành phố Hải Dương"] == "existing"
    assert kinds["thành phố Kinh Môn"] == "upgraded"
    for written in ("Lai Cách (mở rộng)", "Gia Lộc (mở rộng)", "Ninh Giang (mở rộng)"):
        assert kinds[written] == "expanded"
    for written in ("Lương Điền", "Đông Cẩm", "Minh Tân", "Tứ Cường", "Quang Minh", "Cộng Hòa"):
        assert kinds[written] == "upgraded_from_commune"


def test_official_spelling_dong_cam_keeps_the_programs_alias(urban):
    (p,) = [f["properties"] for f in urban if f["properties"]["name_in_program"] == "Đông Cẩm"]
    assert "Đồng Cẩm" in p["name"] and "Đông Cẩm" not in p["name"]


def test_the_six_named_pre_2025_class_v_areas_are_existing(urban):
    by_name = {f["properties"]["name"]: f["properties"] for f in urban}
    for name, district in PRE_2025_CLASS_V.items():
        assert name in by_name, f"{name} missing"
        p = by_name[name]
        assert (p["urban_class"], p["plan_kind"], p["district"]) == ("V", "existing", district), name
    assert by_name["Xã Thanh Quang"]["confidence"] == "likely"


def test_exactly_two_class_v_areas_are_not_identified_and_unplaced(urban):
    missing = [f for f in urban if f["properties"]["plan_kind"] == "not_identified"]
    assert len(missing) == 2
    for f in missing:
        p = f["properties"]
        assert f["geometry"] is None
        assert p["district"] is None and p["districts"] == []
        assert p["name_in_program"] is None
        assert p["urban_class"] == "V"
        assert p["location_precision"] == "not placed"
        assert "no available source" in p["note"]
    placed = [f for f in urban if f["properties"]["plan_kind"] != "not_identified"]
    assert all(f["geometry"] is not None for f in placed)


# ------------------------------------------------------------------ industrial zones, lines
def test_industrial_zone_properties_use_the_vocabulary(collections):
    zones = collections["industrial_zones.geojson"]["features"]
    kinds = Counter(f["properties"]["zone_kind"] for f in zones)
    assert set(kinds) <= set(ZONE_KINDS) and kinds["specialised_economic_zone"] == 1
    for f in zones:
        p = f["properties"]
        assert p["wastewater_treatment"] in WASTEWATER, p["id"]
        assert p["area_ha"] is None or (isinstance(p["area_ha"], (int, float)) and p["area_ha"] > 0), p["id"]
        assert p["geometry_kind"] in ("point", "indicative_area"), p["id"]
        assert p["geometry_kind"] == ("point" if f["geometry"]["type"] == "Point" else "indicative_area"), p["id"]
        assert isinstance(p["communes"], list), p["id"]


def test_wastewater_yes_only_where_a_source_says_so(collections):
    yes = {f["properties"]["id"] for f in collections["industrial_zones.geojson"]["features"]
           if f["properties"]["wastewater_treatment"] == "yes"}
    assert yes == {"iz-dai-an", "iz-dai-an-mo-rong", "iz-cong-hoa"}


def test_specialised_zone_is_one_indicative_area_in_binh_giang_and_thanh_mien(by_id):
    f = by_id["iz-sez-binh-giang-thanh-mien"]
    p = f["properties"]
    assert f["geometry"]["type"] == "Polygon"
    assert p["location_precision"] == "indicative area" and p["indicative"] is True
    assert p["districts"] == ["Bình Giang", "Thanh Miện"]
    assert p["zone_kind"] == "specialised_economic_zone"


def test_ring_road_and_new_railway_are_flagged_indicative(by_id):
    for fid in ("rr5-hai-duong", "rail-laocai-hanoi-haiphong", "rail-hanoi-haiphong", "rail-yenvien-halong-cailan"):
        p = by_id[fid]["properties"]
        assert p["indicative"] is True, fid
        assert p["location_precision"] == "indicative route", fid
        assert by_id[fid]["geometry"]["type"] == "LineString", fid
        assert p["waypoints"] and all(re.match(r"https?://", w["source"]) for w in p["waypoints"]), fid
    ring = by_id["rr5-hai-duong"]["properties"]
    assert ring["label_vi"] == "Hướng tuyến dự kiến — sơ đồ, không phải tuyến đo đạc"
    assert ring["reported_length_km"] == 52.7
    assert set(ring["districts"]) == RING_DISTRICTS


def test_waypoints_are_the_vertices_of_the_line(by_id):
    """Sketched lines are drawn between their waypoints; routed ones (tests/data/test_routes.py) pass through them."""
    for fid in LINE_DISTRICTS:
        f = by_id[fid]
        vertices = [tuple(c) for c in f["geometry"]["coordinates"]]
        listed = [(w["lon"], w["lat"]) for w in f["properties"]["waypoints"]]
        if fid in ROUTED_LINES:
            assert (listed[0], listed[-1]) == (vertices[0], vertices[-1]), fid
        else:
            assert vertices == listed, fid


def test_ring_road_length_is_close_to_the_reported_52_7_km(by_id):
    import geopandas as gpd

    line = shape(by_id["rr5-hai-duong"]["geometry"])
    km = gpd.GeoSeries([line], crs="EPSG:4326").to_crs("EPSG:9209").length.iloc[0] / 1000
    assert 40 <= km <= 70, f"drawn ring road is {km:.1f} km"


def test_railway_program_names_and_statuses(by_id):
    yv = by_id["rail-yenvien-halong-cailan"]["properties"]
    assert yv["program_name"] == "Yên Viên - Phủ Lại - Hạ Long - Cái Lân" and yv["status"] == "suspended"
    new = by_id["rail-laocai-hanoi-haiphong"]["properties"]
    assert "Lào Cai - Hà Nội - Hải Phòng" in new["program_name"] and "1435" in new["gauge"]
    assert "1000" in by_id["rail-hanoi-haiphong"]["properties"]["gauge"]


def test_stations_point_to_existing_lines(collections, by_id):
    for f in collections["railway_stations.geojson"]["features"]:
        p = f["properties"]
        assert p["line_id"] in by_id and by_id[p["line_id"]]["geometry"]["type"] == "LineString", p["id"]


# ------------------------------------------------------------------ placement against the reference
def test_every_placed_point_lies_in_the_district_it_names(features, districts_ref):
    import geopandas as gpd

    problems = []
    for name, f in features:
        if f["geometry"] is None or f["geometry"]["type"] != "Point":
            continue
        p = f["properties"]
        point = gpd.GeoSeries([shape(f["geometry"])], crs="EPSG:4326").to_crs("EPSG:9209").iloc[0]
        distance = districts_ref.loc[p["district"]].geometry.distance(point)
        if distance > POINT_TOLERANCE_M:
            problems.append(f"{p['id']} is {distance:.0f} m outside {p['district']}")
    assert not problems, "; ".join(problems)


def _inside_lengths(line_geojson, districts_ref) -> dict[str, float]:
    import geopandas as gpd

    line = gpd.GeoSeries([shape(line_geojson)], crs="EPSG:4326").to_crs("EPSG:9209").iloc[0]
    return {name: line.intersection(row.geometry).length for name, row in districts_ref.iterrows()}


@pytest.mark.parametrize("fid", sorted(LINE_DISTRICTS))
def test_lines_cross_the_districts_they_list(fid, by_id, districts_ref):
    f = by_id[fid]
    inside = _inside_lengths(f["geometry"], districts_ref)
    crossed = {name for name, metres in inside.items() if metres >= CROSS_MIN_M}
    expected = LINE_DISTRICTS[fid]
    assert expected <= crossed, f"{fid} misses {sorted(expected - crossed)}"
    assert set(f["properties"]["districts"]) == expected


def test_lines_disclose_every_unlisted_district_they_cross(by_id, districts_ref):
    """A schematic line that runs through a district it does not list must say so in its location_note."""
    for fid in LINE_DISTRICTS:
        p = by_id[fid]["properties"]
        inside = _inside_lengths(by_id[fid]["geometry"], districts_ref)
        undisclosed = {name: round(m) for name, m in inside.items()
                       if m >= CROSS_MIN_M and name not in p["districts"] and name not in p["location_note"]}
        assert not undisclosed, f"{fid} crosses {undisclosed} without saying so"


def test_existing_railway_runs_west_to_east(by_id):
    """It ends at the province border on both sides (tests/data/test_routes.py), Hà Nội side first."""
    line = by_id["rail-hanoi-haiphong"]["geometry"]["coordinates"]
    assert line[0][0] < line[-1][0], "the line runs west (Hà Nội) to east (Hải Phòng)"


def test_ring_road_does_not_wander_through_other_districts(by_id, districts_ref):
    inside = _inside_lengths(by_id["rr5-hai-duong"]["geometry"], districts_ref)
    stray = {name: round(m) for name, m in inside.items() if name not in RING_DISTRICTS and m > 1000}
    assert not stray, f"ring road runs through unlisted districts: {stray}"


def test_specialised_zone_covers_both_districts(by_id, districts_ref):
    import geopandas as gpd

    area = gpd.GeoSeries([shape(by_id["iz-sez-binh-giang-thanh-mien"]["geometry"])], crs="EPSG:4326").to_crs("EPSG:9209").iloc[0]
    for name in ("Bình Giang", "Thanh Miện"):
        assert area.intersection(districts_ref.loc[name].geometry).area > 1e6, name


# ------------------------------------------------------------------ progress.csv
@pytest.fixture(scope="session")
def progress_rows(data_dir) -> list[dict]:
    with open(data_dir / "progress.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == PROGRESS_HEADER, f"header is {reader.fieldnames}"
        return list(reader)


def test_progress_has_a_row_for_every_feature_and_no_unknown_ids(progress_rows, by_id):
    ids = {r["feature_id"] for r in progress_rows}
    assert set(by_id) - ids == set(), f"features without a progress row: {sorted(set(by_id) - ids)}"
    assert ids - set(by_id) == set(), f"progress rows for unknown ids: {sorted(ids - set(by_id))}"


def test_progress_values_are_valid(progress_rows):
    today = date.today()
    for n, r in enumerate(progress_rows, start=2):
        where = f"progress.csv line {n} ({r['feature_id']})"
        assert r["status"] in STATUSES, f"{where}: status {r['status']!r}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["as_of"]), f"{where}: as_of {r['as_of']!r} is not ISO"
        day = date.fromisoformat(r["as_of"])
        assert date(1990, 1, 1) <= day <= today, f"{where}: as_of {day} out of range"
        if r["progress_pct"]:
            pct = float(r["progress_pct"])
            assert 0 <= pct <= 100, f"{where}: percent {pct}"
            assert r["source"].startswith("http"), f"{where}: a percent needs a source"
        assert r["note"].strip(), f"{where}: empty note"
        if r["status"] != "unknown":
            assert r["source"].strip(), f"{where}: a known status needs a source"
        else:
            assert not r["progress_pct"], f"{where}: unknown status with a percent"


def test_feature_status_is_the_latest_progress_status(progress_rows, by_id):
    latest: dict[str, tuple[str, str]] = {}
    for r in progress_rows:
        if r["feature_id"] not in latest or r["as_of"] >= latest[r["feature_id"]][0]:
            latest[r["feature_id"]] = (r["as_of"], r["status"])
    wrong = {fid: (f["properties"]["status"], latest[fid][1]) for fid, f in by_id.items()
             if fid in latest and f["properties"]["status"] != latest[fid][1]}
    assert not wrong, f"status in the dataset != latest progress row: {wrong}"


def test_a_class_reached_stays_reached_after_the_2025_reorganisation(progress_rows):
    """Kinh Môn was recognised class III on 21/12/2024 (its target): the 2025 abolition of districts is a note on a
    row that keeps the status, not a fall back to "unknown" (walk 16, finding 5); every row names its source."""
    rows = sorted((r for r in progress_rows if r["feature_id"] == "ua-kinh-mon"), key=lambda r: r["as_of"])
    assert [(r["as_of"], r["status"]) for r in rows] == [("2024-12-21", "operating"), ("2025-07-01", "operating")]
    assert "loại III" in rows[0]["note"] and "haiduong.gov.vn" in rows[0]["source"]
    assert "không phải lùi tiến độ" in rows[1]["note"] and "202/2025/QH15" in rows[1]["source"]
    assert all("loại-iii" in r["source"] or "loai-iii" in r["source"] for r in rows)


def test_known_histories_are_recorded(progress_rows):
    rows = {(r["feature_id"], r["as_of"], r["status"]) for r in progress_rows}
    assert ("ua-kinh-mon", "2024-12-21", "operating") in rows
    assert ("rail-yenvien-halong-cailan", "2011-01-01", "suspended") in rows
    assert ("rail-laocai-hanoi-haiphong", "2025-02-19", "preparing") in rows
    assert ("rail-laocai-hanoi-haiphong", "2025-12-19", "in_progress") in rows
    # The one percentage ever gathered (Yên Viên – Cái Lân, 56 % of the capital disbursed) has no trustworthy page
    # (F10): it stays in the note, marked weakly sourced, and is not drawn as progress.
    assert [r for r in progress_rows if r["progress_pct"]] == []
    stopped = next(r for r in progress_rows if (r["feature_id"], r["as_of"]) == ("rail-yenvien-halong-cailan", "2011-01-01"))
    assert "56%" in stopped["note"] and "giải ngân" in stopped["note"] and "nguồn yếu" in stopped["note"]


def test_unknown_rows_say_not_found_and_use_the_gathering_date(progress_rows):
    for r in progress_rows:
        if r["status"] == "unknown" and r["as_of"] == "2026-11-01":
            assert "Không tìm thấy" in r["note"] and "No source" in r["note_en"], r


# Raw English inside a Vietnamese note read "… (tiếng Anh trong nguồn: not found — không tìm thấy)", "(unsure)" on
# the page (walk 16, finding 15): the English goes in note_en, which English mode shows.
_ENGLISH_WORDS = re.compile(r"\b(?:not found|unsure|weakly sourced|n\.d\.|the|and|of)\b", re.IGNORECASE)


def test_vietnamese_notes_carry_no_english_and_every_row_has_its_english_note(progress_rows):
    english_in_vi = [f"{r['feature_id']} {r['as_of']}: {m}" for r in progress_rows
                     for m in _ENGLISH_WORDS.findall(r["note"] + " " + r["source"].split("http")[0])]
    assert not english_in_vi, english_in_vi
    assert all(r["note_en"].strip() for r in progress_rows), [r["feature_id"] for r in progress_rows if not r["note_en"]]
