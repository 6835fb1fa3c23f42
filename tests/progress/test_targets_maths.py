"""On track or not, by each target's direction (issue 13): the verdicts the targets page, slide and report show."""
from __future__ import annotations

from dataclasses import replace

import pytest

from progress.targets import Target, assess, load_targets, number_text, satisfies, slope, target_text

TARGETS = load_targets()


def target(direction: str, goal: float, unit: str = "%", year: int = 2030) -> Target:
    return replace(TARGETS["urbanisation"], direction=direction, target=goal, unit=unit, year=year)


@pytest.mark.parametrize("direction, goal, value, expected", [
    ("above", 60, 60, False), ("above", 60, 60.1, True),
    ("at_least", 100, 100, True), ("at_least", 100, 99.9, False),
    ("below", 3, 3, False), ("below", 3, 2.9, True),
    ("about", 58.4, 53, True), ("about", 58.4, 52, False), ("about", 4.8, 4.35, True), ("about", 4.8, 4.2, False),
    ("done", 1, 1, True), ("done", 1, 0, False),
])
def test_a_value_meets_a_target_by_its_direction(direction, goal, value, expected):
    assert satisfies(value, target(direction, goal)) is expected


def test_growth_above_9_percent_a_year_on_average_is_judged_by_the_mean_of_the_years():
    grdp = TARGETS["grdp_growth"]
    result = assess(grdp, [(2022, 9.12), (2023, 8.16), (2024, 10.2)], this_year=2026)
    assert (result.verdict, result.reason, result.latest_year, result.latest_value) == ("on_track", "average", 2024, 10.2)
    assert result.judged_value == pytest.approx(9.16)
    assert assess(grdp, [(2023, 8.16), (2024, 9.0)], this_year=2026).verdict == "off_track"  # mean 8.58


def test_a_level_is_projected_along_its_trend_to_the_target_year():
    rate = target("above", 60)
    rising = assess(rate, [(2022, 40), (2024, 46)], this_year=2026)  # +3 a year → 64 in 2030
    assert (rising.verdict, rising.reason) == ("on_track", "projection")
    assert rising.trend == pytest.approx(3) and rising.judged_value == pytest.approx(64)
    slow = assess(rate, [(2022, 40), (2024, 42)], this_year=2026)  # +1 a year → 48
    assert slow.verdict == "off_track" and slow.judged_value == pytest.approx(48)
    falling = assess(target("below", 3), [(2023, 3.5), (2024, 3.3)], this_year=2026)  # −0.2 a year → 2.1
    assert falling.verdict == "on_track"


def test_one_year_or_none_gives_no_trend_and_stays_unknown():
    rate = target("above", 60)
    assert assess(rate, [], this_year=2026).verdict == "unknown"
    one = assess(rate, [(2024, 45)], this_year=2026)
    assert (one.verdict, one.reason, one.trend) == ("unknown", "one_point", None)
    assert one.on_track is None
    assert assess(rate, [(2024, 61)], this_year=2026).verdict == "met"  # already there: no trend needed


def test_a_milestone_is_done_pending_or_late():
    ring = TARGETS["ring_road_v"]
    assert assess(ring, [(2025, 1)], this_year=2026).verdict == "met"
    assert assess(ring, [(2025, 0), (2026, 0)], this_year=2026).reason == "milestone_pending"
    assert assess(ring, [(2030, 0)], this_year=2031).verdict == "off_track"


def test_a_later_report_for_the_same_year_replaces_the_earlier_one():
    assert assess(target("above", 60), [(2024, 70), (2024, 50)], this_year=2026).latest_value == 50


def test_slope_is_least_squares():
    assert slope([(2020, 1), (2021, 2), (2022, 4)]) == pytest.approx(1.5)
    assert slope([(2020, 1), (2020, 3)]) is None


def test_targets_read_in_the_readers_language():
    assert target_text(TARGETS["structure_agriculture"], "vi") == "≈ 4,8 %"
    assert target_text(TARGETS["structure_agriculture"], "en") == "≈ 4.8 %"
    assert target_text(TARGETS["grdp_per_capita"], "en") == "≥ 200 million VND/person/year"
    assert target_text(TARGETS["ring_road_v"], "vi") == "hoàn thành"
    assert number_text(212386.5, "vi") == "212.386,5"
    assert all(t.direction in ("above", "at_least", "below", "about", "done") for t in TARGETS.values())
