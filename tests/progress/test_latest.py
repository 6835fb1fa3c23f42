"""Must hold: the store and every table reader (exports, indicator values) agree on which report is in force."""
from __future__ import annotations

from datetime import date

import pandas as pd

from progress import ReportIn, latest_per_feature
from progress.latest import latest

from .conftest import report

DAY = date(2026, 3, 1)


def _in_force(state: pd.DataFrame) -> dict[str, int]:
    return dict(zip(state["feature_id"], state["report_id"].astype(int)))


def test_store_and_table_rule_agree_on_ties(store, refs, admin):
    """Same date for every report: one import (same written time, ids and sections differ), then
    single reports entered later; the table rule picks what the store picks, in any row order."""
    rail = [ReportIn("rail-hn-hp", "in_progress", 10 * i, date(2026, 1, 5), section=s, note=f"đoạn {s}")
            for i, s in enumerate(("Cẩm Giàng", "Bình Giang", "Gia Lộc"), start=1)]
    same_time = [ReportIn("urban-ke-sat", "preparing", p, date(2026, 1, 5)) for p in (5, 15, 25)]
    store.append_validated(rail + same_time, admin.name)
    store.add_report(report("iz-tan-truong", "in_progress", 30, date(2026, 1, 5)), admin, refs)
    later = store.add_report(report("iz-tan-truong", "delayed", 20, date(2026, 1, 5)), admin, refs)
    store.add_report(report("iz-tan-truong", "completed", 100, date(2026, 6, 1)), admin, refs)  # after DAY

    expected = _in_force(store.state_as_of(DAY))
    trail = store.audit_trail()
    assert expected["iz-tan-truong"] == later  # written later the same day wins
    assert expected["urban-ke-sat"] == trail[trail.feature_id == "urban-ke-sat"].report_id.max()
    assert expected["rail-hn-hp"] == trail[trail.feature_id == "rail-hn-hp"].report_id.max()
    for rows in (trail, trail.iloc[::-1], trail.sample(frac=1, random_state=7)):
        assert _in_force(latest_per_feature(rows, DAY)) == expected
    assert _in_force(latest_per_feature(store.history("rail-hn-hp"), DAY)) == {"rail-hn-hp": expected["rail-hn-hp"]}


def test_row_order_never_decides_between_reports_of_one_date():
    """A table without written times (an export's history): the higher id wins a tie, wherever it sits."""
    rows = pd.DataFrame({
        "feature_id": ["a", "a", "b", "b"],
        "status": ["delayed", "in_progress", "preparing", "completed"],
        "as_of": [date(2025, 1, 1)] * 2 + [date(2025, 2, 1), date(2099, 1, 1)],
        "report_id": [7, 3, 1, 2],
    })
    state = latest_per_feature(rows, date(2026, 1, 1))
    assert state[["feature_id", "status"]].values.tolist() == [["a", "delayed"], ["b", "preparing"]]
    assert list(state["as_of"]) == [date(2025, 1, 1), date(2025, 2, 1)]  # the future report is not in force


def test_nothing_reported_is_an_empty_state():
    assert latest_per_feature(None, DAY).empty
    assert latest_per_feature(pd.DataFrame(columns=["feature_id", "as_of"]), DAY).empty


def test_indicator_values_follow_the_same_rule_per_year():
    values = pd.DataFrame({
        "indicator_id": ["g"] * 3, "year": [2024, 2024, 2025], "value": [1.0, 2.0, 3.0],
        "as_of": [date(2025, 1, 3)] * 3,
        "reported_at": pd.to_datetime(["2025-01-03T01:00Z", "2025-01-03T01:00Z", "2025-01-03T00:00Z"]),
        "report_id": [9, 4, 5],
    })
    picked = latest(values, ("indicator_id", "year"))
    assert picked[["year", "value"]].values.tolist() == [[2024, 1.0], [2025, 3.0]]
