"""The plan in force today (issue 13): the 2030 targets, the provincial plan's urban list, each area's legal basis.

Every value is traceable to a source or marked unknown; the 2026 classes follow NQ 111/2025's transition rule.
"""
from __future__ import annotations

import csv
import json
import re

import pytest

from core.urban_classes_2026 import class_2026
from tests.data.conftest import REPO, program_text_path

PLAN = REPO / "data" / "plan_in_force"
PROGRAM_TEXT = program_text_path()
DIRECTIONS = {"above", "at_least", "below", "about", "done"}


def _rows(name: str) -> list[dict[str, str]]:
    with open(PLAN / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _urban_areas() -> dict[str, dict]:
    collection = json.loads((REPO / "data" / "urban_areas.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"] for f in collection["features"]}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_targets_cover_every_indicator_of_section_ii2():
    ids = {r["id"] for r in _rows("targets.csv")}
    expected = {"grdp_growth", "structure_agriculture", "structure_industry", "structure_services", "structure_taxes",
                "grdp_per_capita", "labour_productivity_growth", "tfp_share", "digital_economy", "urbanisation",
                "new_rural_advanced", "new_rural_model", "schools_kindergarten", "schools_primary",
                "schools_lower_secondary", "schools_upper_secondary", "trained_labour_certified", "unemployment",
                "poverty_reduction", "hospital_beds", "doctors", "health_insurance", "clean_water", "wastewater_zones",
                "urban_solid_waste", "hazardous_waste", "ghg_reduction", "ring_road_v", "specialised_zone",
                "security_safe_communes"}
    assert expected <= ids


def test_every_target_is_quoted_from_the_program_text():
    if not PROGRAM_TEXT.exists():
        pytest.skip(f"program text not found at {PROGRAM_TEXT}")
    program = _squash(PROGRAM_TEXT.read_text(encoding="utf-8"))
    for row in _rows("targets.csv"):
        assert _squash(row["quote_vi"]) in program, row["id"]
        assert "§II.2" in row["source"], row["id"]


def test_targets_are_numbers_with_a_direction_in_both_languages():
    structure = 0.0
    for row in _rows("targets.csv"):
        value = float(row["target"])
        assert row["direction"] in DIRECTIONS, row["id"]
        assert row["indicator_vi"] and row["indicator_en"] and row["unit"], row["id"]
        # the number of the quote is the number of the target (decimal comma in Vietnamese)
        if row["direction"] != "done":
            assert f"{value:g}".replace(".", ",") in row["quote_vi"], row["id"]
        if row["id"].startswith("structure_"):
            structure += value
    assert structure == pytest.approx(100.0)


def test_spatial_targets_link_to_features_that_exist():
    ids = set()
    for name in ("urban_areas", "industrial_zones", "ring_road_v"):
        collection = json.loads((REPO / "data" / f"{name}.geojson").read_text(encoding="utf-8"))
        ids |= {f["properties"]["id"] for f in collection["features"]}
    for row in _rows("targets.csv"):
        kind, _, ref = row["spatial_link"].partition(":")
        if kind == "feature":
            assert ref in ids, row["id"]
        elif kind == "layer":
            assert ref in {"urban_areas", "industrial_zones"}, row["id"]
        else:
            assert row["spatial_link"] == "", row["id"]


def test_provincial_plan_counts_28_areas_as_its_summary_says():
    rows = _rows("provincial_plan_1639_urban.csv")
    assert len(rows) == 28
    by_class = {c: sum(r["class_provincial_plan"] == c for r in rows) for c in ("I", "II", "III", "IV", "V")}
    assert by_class == {"I": 1, "II": 1, "III": 1, "IV": 7, "V": 18}
    assert sum(r["plan_kind"] == "new" for r in rows) == 12


def test_provincial_plan_rows_are_sourced_or_unknown_and_match_real_features():
    areas = _urban_areas()
    for row in _rows("provincial_plan_1639_urban.csv"):
        assert row["source"].startswith("http"), row["plan_id"]
        assert row["match"] in {"both", "plan_only", "unknown"}, row["plan_id"]
        if row["match"] == "both":
            assert row["program_feature_id"] in areas, row["plan_id"]
        else:
            assert row["program_feature_id"] == "", row["plan_id"]
        if row["confidence"] == "unknown":
            assert "chưa xác định" in row["name"] and row["match"] == "unknown", row["plan_id"]


def test_legal_basis_for_every_urban_area_agrees_with_the_plan_file():
    areas = _urban_areas()
    basis = {r["feature_id"]: r for r in _rows("legal_basis.csv")}
    assert set(basis) == set(areas)
    plan = {r["plan_id"]: r for r in _rows("provincial_plan_1639_urban.csv")}
    for fid, row in basis.items():
        assert row["in_provincial_plan"] in {"yes", "no", "unknown"}, fid
        if row["in_provincial_plan"] == "yes":
            assert plan[row["provincial_plan_row"]]["program_feature_id"] == fid
            assert row["class_provincial_plan"] == plan[row["provincial_plan_row"]]["class_provincial_plan"]
        else:
            assert row["class_provincial_plan"] == "" and row["note"], fid
        if row["recognition_decision"]:
            assert row["recognition_source"].startswith("http"), fid
    assert basis["ua-kinh-mon"]["recognised_class"] == "III"


def test_2026_classes_follow_the_transition_rule_of_nq_111_2025():
    assert class_2026("I") == "II"                    # TP Hải Dương is not one of the four cities kept at class I
    assert class_2026("I", city="Huế") == "I"
    assert [class_2026(c) for c in ("II", "III", "IV", "V")] == ["II", "II", "III", "III"]
    assert class_2026(None) is None
    with pytest.raises(ValueError):
        class_2026("VI")
    areas = _urban_areas()
    derived = {fid: class_2026(p["urban_class"]) for fid, p in areas.items()}
    assert sum(c == "III" for c in derived.values()) == 21 and sum(c == "II" for c in derived.values()) == 3
