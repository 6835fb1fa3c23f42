"""Building the scene: the view's filters and search applied to every layer."""
from __future__ import annotations

from layers.query import ViewFilter


def test_a_search_over_a_layer_its_filters_emptied_still_exports(scene_of):
    """Status filter leaves no railway, then a search: the export shows the matching places (it used to
    fail with KeyError 'districts', the empty layer having lost its columns)."""
    scene = scene_of(view=ViewFilter(layers=("urban_areas", "railways"), statuses=("in_progress",), query="Lương"))
    assert list(scene.rows()["name"]) == ["Lương Điền"]
    assert scene.frames["railways"].empty and "districts_label" in scene.frames["railways"].columns
