"""Each urban area carries its legal basis today: the provincial plan, the class since 2026 (derived), the decision."""
from __future__ import annotations

import shutil

import pytest

from core.errors import DataError
from layers.registry import DATA_DIR, decorate, load_layer


def test_details_say_provincial_plan_and_the_derived_2026_class_in_both_languages():
    vi = decorate(load_layer("urban_areas"), "vi")
    en = decorate(load_layer("urban_areas"), "en")
    assert vi.loc["ua-tp-hai-duong", "class_2026_label"] == "Đô thị loại II (suy ra theo NQ 111/2025/UBTVQH15, Điều 15)"
    assert en.loc["ua-tt-lai-cach", "class_2026_label"].startswith("Class III urban area (derived")
    assert vi.loc["ua-kinh-mon", "in_provincial_plan_label"] == "Có trong quy hoạch tỉnh"
    assert en.loc["ua-luong-dien", "in_provincial_plan_label"].startswith("Unknown")
    assert "21/12/2024" in vi.loc["ua-kinh-mon", "recognition_decision"]


def test_a_table_naming_a_feature_the_layer_lacks_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    table = data / "plan_in_force" / "legal_basis.csv"
    table.write_text(table.read_text(encoding="utf-8") + "ua-khong-co,yes,I,,,,,,\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_layer("urban_areas", data)
    assert "ua-khong-co" in err.value.vi and "ua-khong-co" in err.value.en


def test_a_plan_folder_without_the_table_still_loads(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "plan_in_force" / "legal_basis.csv").unlink()
    frame = load_layer("urban_areas", data)
    assert "in_provincial_plan" not in frame.columns and frame.loc["ua-kinh-mon", "class_2026"] == "II"
