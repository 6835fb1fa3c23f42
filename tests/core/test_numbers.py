"""One number rule for every table a user uploads: map points (geo.overlay) and report rows (progress)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from core.tables import parse_number
from geo.overlay.points import _numbers
from progress.rules import parse_number as report_number


@pytest.mark.parametrize("cell,expected", [
    ("45", 45.0), (" 45 ", 45.0), ("45,5", 45.5), ("586127,35", 586127.35), ("1 234.5", 1234.5),
    ("1\u00a0234,5", 1234.5), ("-.5", -0.5), ("1.5e3", 1500.0), (7, 7.0), (2.5, 2.5), (np.int64(3), 3.0),
    (None, None), ("", None), ("   ", None),
])
def test_numbers_people_type_are_read(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "1.234,5", "nan", "NaN", "inf", "-Infinity", "1e400", "1_000", "١٢",
                                  "45%", True, float("nan"), float("inf"), 10 ** 400])
def test_what_is_not_a_number_is_refused(cell):
    with pytest.raises(ValueError):
        parse_number(cell)


def test_percent_signs_only_where_asked():
    assert parse_number("45,5 %", percent=True) == 45.5 and report_number("45%") == 45.0


def test_the_map_reader_and_the_report_importer_read_a_cell_alike():
    cells = ["106,33", "20.94", " 1 234,5", "x", "", None, "nan", "1e400", 5, 2.5]
    column = _numbers(pd.Series(cells, dtype=object))
    for cell, got in zip(cells, column):
        try:
            want = report_number(cell)
        except ValueError:
            want = None
        assert (np.isnan(got) and want is None) or got == want, (cell, got, want)
