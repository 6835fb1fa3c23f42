"""Columns set at once are the columns set one by one: same order, dtypes and values, the frame unchanged."""
from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal

from layers.columns import with_columns
from layers.registry import load_layer


def test_columns_set_at_once_are_those_set_one_at_a_time(mini_data):
    frame = load_layer("urban_areas", mini_data)
    before = frame.copy()
    assert "urban_class" in frame.columns
    columns = {"urban_class": pd.Series("II", index=frame.index),  # replaced where it stands
               "progress_pct": pd.Series(range(len(frame)), index=frame.index, dtype=float),
               "note_label": frame["name"].map(lambda v: None),     # all missing: object, not str
               "name_len": frame["name"].map(len)}
    expected = frame.copy()
    for name, values in columns.items():
        expected[name] = values
    out = with_columns(frame, columns)
    assert_frame_equal(out, expected, check_exact=True)
    assert list(out.columns) == list(expected.columns) and list(out.dtypes) == list(expected.dtypes)
    assert type(out) is type(frame) and out.crs == frame.crs and out.geometry.name == frame.geometry.name
    assert_frame_equal(frame, before)  # the frame given is not changed
    empty = frame.iloc[0:0]
    assert_frame_equal(with_columns(empty, {"x": empty["name"].map(len)}), empty.assign(x=empty["name"].map(len)))
