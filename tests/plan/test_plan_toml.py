"""A wrong plan.toml stops with a message naming the file and the key, in both languages, and changes nothing."""
from __future__ import annotations

import pytest

from core.errors import DataError
from tests.plan.conftest import HO_XANH


def _edit(folder, old: str, new: str) -> None:
    path = folder / "plan.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new, vi, en", [
    ('css_class = "pm-well"', 'css_class = "pm-well"\ncolor_by = "class"', "khóa không hợp lệ 'color_by'",
     "unknown key 'color_by'"),
    ('files = ["wells.geojson"]', 'files = ["gieng.geojson"]', "không có tệp dữ liệu 'gieng.geojson'",
     "data file 'gieng.geojson' not found"),
    ('id = "canals"', 'id = "wells"', "mã lớp 'wells' bị trùng", "layer id 'wells' appears twice"),
    ('title = { vi = "Giếng nước", en = "Water wells" }', 'title = { vi = "Giếng nước" }', "đủ hai thứ tiếng",
     "both languages"),
    ('fill = "class"\nradius = "class"\nweight = 1\n\n[[layers.legend]]', 'fill = "klass"\nradius = "class"\nweight = 1\n\n[[layers.legend]]',
     "'fill' = 'klass'", "'fill' = 'klass' must be a #rrggbb colour"),
    ('report_deadline = "06-30"', 'report_deadline = "30/06"', "'report_deadline' phải có dạng", "must be \"MM-DD\""),
    ('base_districts = "base/districts.geojson"', 'base_districts = "base/none.geojson"', "không có tệp 'base/none.geojson'",
     "file 'base/none.geojson' not found"),
])
def test_a_wrong_plan_is_refused_in_both_languages_and_the_shown_plan_stays(tmp_path, use_plan, old, new, vi, en):
    import shutil

    from layers import registry

    before = registry.LAYER_IDS
    folder = tmp_path / "plan"
    shutil.copytree(HO_XANH, folder)
    _edit(folder, old, new)
    with pytest.raises(DataError) as refused:
        use_plan(folder)
    assert vi in refused.value.vi and en in refused.value.en
    assert "plan.toml" in refused.value.vi and "plan.toml" in refused.value.en
    assert registry.LAYER_IDS == before


def test_a_plan_folder_without_plan_toml_is_named(tmp_path, use_plan):
    with pytest.raises(DataError) as refused:
        use_plan(tmp_path)
    assert str(tmp_path) in refused.value.vi and "has no plan.toml" in refused.value.en


def test_the_project_plan_describes_the_four_layers_it_always_had():
    from core.plan import DEFAULT_DIR, load_plan
    from layers.plan_layers import layer_specs

    specs = layer_specs(load_plan(DEFAULT_DIR))
    assert [s.id for s in specs] == ["urban_areas", "industrial_zones", "ring_road_v", "railways"]
    assert [s.id for s in specs if s.draw_on_top] == ["urban_areas"]
    assert {s.id: s.class_field for s in specs if s.class_field} == {"urban_areas": "urban_class"}


def test_the_example_of_the_format_document_loads(tmp_path, use_plan):
    """docs/plan-format.md's example is a working plan: the document cannot drift from the reader."""
    import re

    from layers import registry
    from layers.base import StyleContext
    from tests.plan.conftest import REPO

    doc = (REPO / "docs" / "plan-format.md").read_text(encoding="utf-8")
    example = re.search(r"## Example.*?```toml\n(.*?)```", doc, re.S).group(1)
    (tmp_path / "plan.toml").write_text(example, encoding="utf-8")
    (tmp_path / "canals.geojson").write_bytes((HO_XANH / "canals.geojson").read_bytes())
    use_plan(tmp_path)
    assert registry.LAYER_IDS == ("canals",)
    legend = registry.get_layer("canals").legend(StyleContext(lang="en"))
    assert [e.label for e in legend] == ["Irrigation canal — dashed: indicative route"]
