"""One precision-grade rule for the web map and the prints (walk 16, finding 3): every non-exact point is marked."""
from __future__ import annotations

import pytest

from core.vocab import LOCATION_PRECISION, is_approximate, precision_grade
from layers.base import Style
from layers.symbols import PRECISION_DASH, honest_style, precision_legends

EXPECTED = {
    "city/town centre (Wikipedia coordinate)": "exact",
    "town centre (GeoNames coordinate)": "exact",
    "seat of the 2025 unit": "exact",
    "commune centre, approximate (Wikipedia coordinate)": "approximate",
    "commune centre, approximate": "approximate",
    "seat of the 2025 successor unit": "approximate",
    "centre of the communes named by sources": "approximate",
    "indicative route": "approximate",
    "indicative area": "approximate",
    "district centre placeholder": "placeholder",
    "not placed": "placeholder",
}


def test_every_precision_of_the_vocabulary_has_its_grade():
    assert set(EXPECTED) == set(LOCATION_PRECISION)
    assert {p: precision_grade(p) for p in LOCATION_PRECISION} == EXPECTED


def test_is_approximate_keeps_its_meaning():
    # other code reads is_approximate as "a placeholder at the district centre": unchanged
    assert [p for p in LOCATION_PRECISION if is_approximate(p)] == ["district centre placeholder"]


@pytest.mark.parametrize("precision, dash", [
    ("town centre (GeoNames coordinate)", None),
    ("commune centre, approximate", PRECISION_DASH["approximate"]),
    ("district centre placeholder", PRECISION_DASH["placeholder"]),
])
def test_points_get_the_outline_of_their_grade_and_lines_keep_theirs(precision, dash):
    station = Style("#ffffff", "#212121", radius=5, weight=2)   # a station's white outline on black
    drawn = honest_style(station, {"location_precision": precision})
    assert drawn.dash == dash
    if dash:
        assert drawn.colour != "#ffffff"            # a dark outline, visible on paper and on the map
        assert drawn.fill_colour == "#212121" and drawn.fill_opacity < 1
    line = Style("#455a64", weight=4, dash="4 6")
    assert honest_style(line, {"location_precision": precision}) == line


def test_dashed_and_dotted_differ_and_the_legend_draws_each():
    assert PRECISION_DASH["approximate"] != PRECISION_DASH["placeholder"]
    entries = precision_legends({"placeholder", "approximate", "exact"}, "vi")
    assert [e.style.dash for e in entries] == [PRECISION_DASH["approximate"], PRECISION_DASH["placeholder"]]
    assert [e.label.split(" (")[0] for e in entries] == ["Vị trí gần đúng", "Vị trí tạm đặt"]
    assert precision_legends({"exact"}, "en") == []
