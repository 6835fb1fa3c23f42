"""Program vs provincial plan (issue 13): each urban area of either list once, unknown where the sources are cut off."""
from __future__ import annotations

import pandas as pd

from layers.base import StyleContext
from layers.plan_comparison import PLAN_MATCH, comparison_table, counts, for_people, match_of, read_plan
from layers.registry import DATA_DIR, load_layer
from layers.registry import get_layer

URBAN = get_layer("urban_areas")


def _table(lang="vi"):
    return comparison_table(load_layer("urban_areas"), read_plan(DATA_DIR), lang)


def test_every_area_of_both_lists_appears_once():
    table = _table()
    program = load_layer("urban_areas")
    plan = read_plan(DATA_DIR)
    assert set(program.index) == set(table["feature_id"]) - {""}
    assert set(plan["plan_id"]) == set(table["plan_id"]) - {""}
    assert table["plan_id"].replace("", pd.NA).dropna().is_unique
    assert len(table) == len(program) + (plan["program_feature_id"] == "").sum()


def test_unknown_stays_unknown_and_is_never_counted_as_a_difference():
    found = counts(_table())
    assert found == {"both": 16, "program_only": 0, "plan_only": 1, "unknown": 19}
    table = _table("en")
    tan_truong = table[table["name_plan"] == "Tân Trường"].iloc[0]
    assert (tan_truong["match"], tan_truong["name_program"]) == ("plan_only", "")
    luong_dien = table[table["feature_id"] == "ua-luong-dien"].iloc[0]
    assert luong_dien["match"] == "unknown" and luong_dien["difference"] == "Cannot be compared"
    assert match_of(None) == match_of("unknown") == "unknown" and match_of("no") == "program_only"


def test_a_class_difference_is_spelled_out(tmp_path):
    program = load_layer("urban_areas").loc[["ua-tp-chi-linh"]]
    plan = read_plan(DATA_DIR)
    plan.loc[plan["plan_id"] == "qh-tp-chi-linh", "class_provincial_plan"] = "I"
    row = comparison_table(program, plan, "vi").iloc[0]
    assert row["difference"] == "Loại khác: II (Chương trình) / I (quy hoạch tỉnh)"
    assert row["class_2026"] == "Đô thị loại II"  # derived from the program's class by NQ 111/2025


def test_people_read_headers_in_their_language_and_no_codes():
    vi, en = for_people(_table("vi"), "vi"), for_people(_table("en"), "en")
    assert "So sánh" in vi.columns and "Comparison" in en.columns
    assert "both" not in set(vi["So sánh"]) and PLAN_MATCH["both"].en in set(en["Comparison"])


def test_the_comparison_colours_the_urban_areas_and_its_legend_says_which_is_not_drawn():
    ctx = StyleContext(colour_mode="plan", lang="vi")
    assert URBAN.style_of({"urban_class": "IV", "in_provincial_plan": "yes"}, ctx).fill_colour == PLAN_MATCH["both"].colour
    assert URBAN.style_of({"urban_class": "V", "in_provincial_plan": "unknown"}, ctx).fill_colour == \
        PLAN_MATCH["unknown"].colour
    labels = [e.label for e in URBAN.legend(ctx)]
    assert any(label.startswith(PLAN_MATCH["plan_only"].vi) and "không vẽ" in label for label in labels)
