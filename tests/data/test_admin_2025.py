"""The 2025 units of the former province (data/admin_2025/): built reproducibly, complete, corrected, in place."""
from __future__ import annotations

import csv
import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from shapely.geometry import shape

from core.text import fold
from core.vocab import LOCATION_PRECISION, is_approximate

from .conftest import REPO, reference_dir

ADMIN = REPO / "data" / "admin_2025"
SCRIPT = REPO / "scripts" / "build_admin_2025.py"
EXPECTED_UNITS = 64  # NQ 1669/NQ-UBTVQH15: the 207 units of the former province formed 64 new ones


@pytest.fixture(scope="module")
def communes() -> list[dict]:
    return json.loads((ADMIN / "communes_2025.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def successors() -> list[dict]:
    with open(ADMIN / "successors.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_running_the_build_again_gives_byte_identical_files(tmp_path):
    if importlib.util.find_spec("vietnamadminunits") is None:
        pytest.skip("vietnamadminunits is not installed (pip install -r requirements-dev.txt) — cannot rebuild")
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True)
    for name in ("communes_2025.geojson", "successors.csv", "former_names.csv"):
        assert (tmp_path / name).read_bytes() == (ADMIN / name).read_bytes(), f"{name} differs from a fresh build"


def test_the_build_never_reads_the_google_geocoded_legacy_columns():
    code = SCRIPT.read_text(encoding="utf-8").split('"""', 2)[2]  # the code, not the docstring that names them
    # The one table queried is the 2025 units' (seats from the national mapping agency), never the pre-2025 one.
    assert set(re.findall(r"FROM (\w+)", code)) == {"admin_units"}
    assert "GeoAddress" not in code and "Bounds" not in code
    # parser_legacy.json carries the same Google coordinates per ward: only its names (wardKeywords) are read.
    assert '["wardLat"]' not in code and '["wardLon"]' not in code and 'ward["wardKeywords"]' in code


def test_the_app_does_not_depend_on_the_package_at_run_time():
    offenders = [str(p.relative_to(REPO)) for p in REPO.rglob("*.py")
                 if p.parts[len(REPO.parts)] not in ("scripts", "tests", ".venv")
                 and "vietnamadminunits" in p.read_text(encoding="utf-8")]
    assert not offenders, offenders


def test_64_units_with_the_contract_properties(communes):
    assert len(communes) == EXPECTED_UNITS
    codes = [f["properties"]["code"] for f in communes]
    assert len(set(codes)) == len(codes)
    for f in communes:
        p = f["properties"]
        assert p["id"] == f"unit2025-{p['code']}" and re.fullmatch(r"\d{5}", p["code"])
        assert p["type"] in ("Xã", "Phường") and p["name"].startswith(p["type"] + " ")
        assert p["province_2025"] == "Thành phố Hải Phòng"
        assert p["area_km2"] > 0
        assert p["formed_from"] and all(re.fullmatch(r"(Xã|Phường|Thị trấn) .+ \((huyện|thành phố|thị xã) .+\)", s)
                                        for s in p["formed_from"]), p["formed_from"]
        assert set(p["formed_from_partly"]) <= set(p["formed_from"])
        assert p["location_precision"] == "seat of the 2025 unit" and p["location_precision"] in LOCATION_PRECISION
        assert not is_approximate(p["location_precision"])
        assert "sapnhap.bando.com.vn" in p["location_source"]
        assert f["geometry"]["type"] == "Point"


def test_every_seat_lies_inside_the_former_province(communes):
    path = reference_dir() / "haiduong_districts.geojson"
    if not path.exists():
        pytest.skip(f"reference boundaries not found at {path}")
    import geopandas as gpd

    province = gpd.read_file(path).to_crs("EPSG:9209").geometry.union_all()
    seats = gpd.GeoSeries([shape(f["geometry"]) for f in communes], crs="EPSG:4326").to_crs("EPSG:9209")
    outside = [f["properties"]["name"] for f, seat in zip(communes, seats) if not province.contains(seat)]
    assert not outside, f"seats outside the former province: {outside}"


def test_successors_cover_every_commune_of_march_2025(successors):
    path = reference_dir() / "haiduong_communes_list.json"
    if not path.exists():
        pytest.skip(f"reference commune list not found at {path}")
    listed = json.loads(path.read_text(encoding="utf-8"))["snapshot_2025_03"]
    mapped = {r["old_code"] for r in successors}
    exceptions: set[str] = set()  # none: every one of the 207 units has a successor
    missing = [f"{u['name']} ({u['district']})" for u in listed if u["code"] not in mapped | exceptions]
    assert not missing, missing
    names = {r["old_code"]: r["old_name"] for r in successors}  # spellings differ ("Hoà"/"Hòa", "Lăng"/"Lãng")
    differ = [(u["name"], names[u["code"]]) for u in listed if fold(names[u["code"]]) != fold(u["name"])]
    assert not differ, f"old names differ from the GSO list: {differ}"


def test_each_former_unit_has_exactly_one_main_successor_inside_the_dataset(successors, communes):
    main = Counter(r["old_code"] for r in successors if r["is_main"] == "yes")
    assert set(main.values()) == {1}
    assert {r["old_code"] for r in successors} == set(main)
    assert {r["new_code"] for r in successors} == {f["properties"]["code"] for f in communes}
    for r in successors:
        assert r["relation"] in ("whole", "part") and r["confidence"] in ("sure", "likely")
        if r["relation"] == "whole":
            assert (r["is_main"], r["confidence"]) == ("yes", "sure"), r


def test_the_two_known_wrong_converter_entries_are_overridden_with_a_note(successors):
    def news(old_name, district):
        rows = [r for r in successors if r["old_name"] == old_name and r["old_district"] == district]
        assert rows, (old_name, district)
        return rows

    hoa_binh = news("Xã Hòa Bình", "huyện Kim Thành")
    assert "Xã Nguyễn Bỉnh Khiêm" not in {r["new_name"] for r in hoa_binh}
    cong_hoa = news("Xã Cộng Hòa", "huyện Nam Sách")
    assert "Xã Lai Khê" not in {r["new_name"] for r in cong_hoa}
    for r in hoa_binh + cong_hoa:
        assert "override" in r["note"] and "trùng tên" in r["note"] and re.search(r"https?://", r["source"])


def test_luong_dien_is_in_xa_cam_giang(successors):
    (row,) = [r for r in successors if r["old_name"] == "Xã Lương Điền"]
    assert (row["new_name"], row["relation"], row["old_district"]) == ("Xã Cẩm Giàng", "whole", "huyện Cẩm Giàng")


def test_former_names_lead_to_march_2025_units(successors):
    with open(ADMIN / "former_names.csv", encoding="utf-8", newline="") as fh:
        former = list(csv.DictReader(fh))
    codes = {r["old_code"] for r in successors}
    assert former and all(r["old_code"] in codes for r in former)
    merged = {(r["alias_key"], r["old_name"]) for r in former}
    # Merged on 2025-01-01 (NQ 1318/NQ-UBTVQH15): the program's names live on as aliases of the merged units.
    assert {("ngocky", "Xã Kỳ Sơn"), ("thanhquang", "Xã Quốc Tuấn"), ("laivu", "Xã Lai Khê"),
            ("thaihoc", "Xã Thái Minh")} <= merged


def test_formed_from_matches_the_successor_table(communes, successors):
    for f in communes:
        p = f["properties"]
        rows = [r for r in successors if r["new_code"] == p["code"]]
        assert sorted(p["formed_from"]) == sorted(f"{r['old_name']} ({r['old_district']})" for r in rows), p["name"]
