"""Building the scene: the view's filters and search applied to every layer."""
from __future__ import annotations

from layers.query import ViewFilter


def test_a_search_over_a_layer_its_filters_emptied_still_exports(scene_of):
    """Status filter leaves no railway, then a search: the export shows the matching places (it used to
    fail with KeyError 'districts', the empty layer having lost its columns)."""
    scene = scene_of(view=ViewFilter(layers=("urban_areas", "railways"), statuses=("in_progress",), query="Lương"))
    assert list(scene.rows()["name"]) == ["Lương Điền"]
    assert scene.frames["railways"].empty and "districts_label" in scene.frames["railways"].columns


def test_the_store_s_extra_columns_are_the_left_join_of_the_reports(frames, state):
    """unit, note and reporter on each feature as a left join gives them, one report per feature or several."""
    import pandas as pd
    from pandas.testing import assert_frame_equal

    from export.scene_build import _joined, _state_extras
    from layers.registry import apply_status

    extra = _state_extras(state)
    assert extra is not None and extra.index.is_unique
    for frame in frames.values():
        framed = apply_status(frame, state)
        expected = framed.drop(columns=[c for c in extra.columns if c in framed.columns]).join(extra, how="left")
        assert_frame_equal(_joined(framed, extra), expected, check_exact=True)
    twice = pd.concat([extra, extra.iloc[:1]])  # a feature with two rows: the join's rows, as before
    framed = apply_status(next(iter(frames.values())), state)
    expected = framed.drop(columns=[c for c in twice.columns if c in framed.columns]).join(twice, how="left")
    assert_frame_equal(_joined(framed, twice), expected, check_exact=True)


def test_a_layer_s_row_properties_are_those_iterrows_gives(scene_of):
    """The properties styles are read from: the values and types of ``row.to_dict()`` for every feature."""
    import math

    from export.draw import projected
    from export.scene import row_dicts

    scene = scene_of(format="pdf")
    compared = 0
    for layer_id, frame in scene.frames.items():
        for table in (frame, scene.placed(layer_id), projected(scene)[layer_id]):
            ours, theirs = row_dicts(table), [row.to_dict() for _, row in table.iterrows()]
            assert [list(d) for d in ours] == [list(d) for d in theirs]
            for mine, ref in zip(ours, theirs):
                for key, value in ref.items():
                    assert type(mine[key]) is type(value), key
                    if isinstance(value, float) and math.isnan(value):
                        assert math.isnan(mine[key])
                    elif not hasattr(value, "equals"):
                        assert mine[key] == value or mine[key] is value, key
                    compared += 1
    assert compared > 100
