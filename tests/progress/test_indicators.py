"""Indicator values in the store (issue 13): same roles, rules, cycle, append-only history and all-or-none import
as place reports — on SQLite and PostgreSQL."""
from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa

from core.errors import StoreError
from openpyxl import load_workbook

from core.errors import AuthError, DataError, ImportRejected, PermissionDenied
from progress import auth, indicator_import, indicators as ind
from progress.targets import load_targets

TARGETS = load_targets()
TODAY = date(2026, 12, 1)


def value(indicator="grdp_growth", year=2025, v=8.5, as_of=date(2026, 1, 5), **kw) -> ind.IndicatorIn:
    return ind.IndicatorIn(indicator, year, v, as_of=as_of, **kw)


@pytest.fixture
def statistician(store):
    """A reporter whose scope names two indicators (scopes work for indicators as for places)."""
    return auth.create_user(store, "cuc-thong-ke", "mat-khau-rat-dai-3", "reporter", "grdp_growth,grdp_per_capita")


def test_a_reported_value_is_read_back_with_its_author(store, statistician):
    rid = ind.add_indicator_report(store, value(v="8,5", estimate="có", note="ước"), statistician, TARGETS, today=TODAY)
    rows = ind.indicator_values(store)
    assert rows["report_id"].tolist() == [rid]
    row = rows.iloc[0]
    assert (row.indicator_id, row.year, row.value, bool(row.estimate), row.as_of, row.reported_by) == (
        "grdp_growth", 2025, 8.5, True, date(2026, 1, 5), "cuc-thong-ke")


def test_scope_role_and_sign_in_are_those_of_place_reports(store, statistician, reporter, admin):
    with pytest.raises(PermissionDenied) as exc:
        ind.add_indicator_report(store, value("unemployment", v=2.1), statistician, TARGETS, today=TODAY)
    assert "phạm vi" in exc.value.vi and "scope" in exc.value.en
    with pytest.raises(PermissionDenied):  # a district reporter reports places, not provincial indicators
        ind.add_indicator_report(store, value(), reporter, TARGETS, today=TODAY)
    viewer = auth.create_user(store, "xem", "mat-khau-rat-dai-4", "viewer", "*")
    with pytest.raises(PermissionDenied):
        ind.add_indicator_report(store, value(), viewer, TARGETS, today=TODAY)
    with pytest.raises(AuthError):
        ind.add_indicator_report(store, value(), None, TARGETS, today=TODAY)
    assert ind.add_indicator_report(store, value("unemployment", v=2.1), admin, TARGETS, today=TODAY) > 0
    assert ind.indicator_values(store)["indicator_id"].tolist() == ["unemployment"]


@pytest.mark.parametrize("item, column", [
    (value("no_such_indicator"), "indicator_id"),
    (value(year=2031), "year"),
    (value(year="năm ngoái"), "year"),
    (value(v="nhiều"), "value"),
    (value(v=None), "value"),
    (value("health_insurance", v=120), "value"),
    (value("ring_road_v", v=0.5), "value"),
    (value(as_of=date(2026, 12, 2)), "as_of"),
    (value(year=2025, as_of=date(2024, 12, 31)), "as_of"),
    (value(evidence_url="javascript:alert(1)"), "evidence_url"),
    (value(estimate="có lẽ"), "estimate"),
])
def test_a_bad_value_is_refused_in_both_languages_and_nothing_is_written(store, admin, item, column):
    with pytest.raises(DataError) as exc:
        ind.add_indicator_report(store, item, admin, TARGETS, today=TODAY)
    assert exc.value.vi != exc.value.en
    problems = ind.check_indicator_report(ind.IndicatorIn(**vars(item)), TARGETS, admin, today=TODAY)
    assert [p.column for p in problems] == [column]
    assert ind.indicator_values(store).empty


def test_history_is_append_only_even_for_the_database_owner(store, admin):
    rid = ind.add_indicator_report(store, value(), admin, TARGETS, today=TODAY)
    overwrite = (f"INSERT OR REPLACE INTO indicator_reports (id, indicator_id, year, value, estimate, as_of, note, "
                 f"reported_by, reported_at) VALUES ({rid}, 'grdp_growth', 2025, 1, 0, '2026-01-05', '', 'x', "
                 f"'2026-01-05 00:00:00')" if store.dialect == "sqlite" else "TRUNCATE indicator_reports")
    for sql in ("UPDATE indicator_reports SET value = 1", "DELETE FROM indicator_reports", overwrite):
        # refused by the triggers (SQLite) or, as the app's role, by its privileges (PostgreSQL: the store's StoreError)
        with pytest.raises((sa.exc.DatabaseError, StoreError)):
            with store.write_engine.begin() as conn:
                conn.exec_driver_sql(sql)
    fixed = ind.add_indicator_report(store, value(v=8.7, as_of=None, corrects_report_id=rid), admin, TARGETS,
                                     today=TODAY)
    rows = ind.indicator_values(store)
    assert rows["value"].tolist() == [8.5, 8.7]
    assert rows.iloc[1].corrects_report_id == rid and rows.iloc[1].as_of == date(2026, 1, 5)  # the corrected date
    latest = ind.latest_per_year(rows)
    assert latest[["year", "value", "report_id"]].values.tolist() == [[2025, 8.7, fixed]]
    with pytest.raises(DataError):  # a correction must name a report of the same indicator
        ind.add_indicator_report(store, value("unemployment", v=2, corrects_report_id=rid), admin, TARGETS, today=TODAY)


def test_values_are_due_each_cycle_before_5_december(store, admin):
    ind.seed(store, TARGETS, today=TODAY)
    values = ind.indicator_values(store)
    assert "grdp_growth" in ind.due_indicators(values, TARGETS, TODAY)  # seed rows are not a unit's report
    ind.add_indicator_report(store, value(as_of=date(2026, 12, 1)), admin, TARGETS, today=TODAY)
    values = ind.indicator_values(store)
    assert "grdp_growth" not in ind.due_indicators(values, TARGETS, date(2026, 12, 5))
    assert "grdp_growth" in ind.due_indicators(values, TARGETS, date(2026, 12, 6))  # the next cycle has begun
    assert len(ind.due_indicators(values, TARGETS, date(2026, 12, 5))) == len(TARGETS) - 1


def test_the_public_first_values_are_seeded_once_each_with_its_source(store):
    written = ind.seed(store, TARGETS, today=TODAY)
    assert written >= 5
    assert ind.seed(store, TARGETS, today=TODAY) == 0
    rows = ind.indicator_values(store)
    assert len(rows) == written and set(rows["reported_by"]) == {"seed"}
    assert rows["source"].str.match(r"^https?://").all()
    grdp = ind.latest_per_year(rows).query("indicator_id == 'grdp_growth'")
    assert grdp[["year", "value"]].values.tolist() == [[2022, 9.12], [2023, 8.16], [2024, 10.2]]


def test_a_seed_row_without_a_source_is_refused(store, tmp_path):
    bad = tmp_path / "values.csv"
    bad.write_text("indicator_id,year,value,estimate,as_of,note,source,evidence_url\n"
                   "grdp_growth,2024,10.2,,2025-01-02,,,\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        ind.seed(store, TARGETS, bad, today=TODAY)
    assert "nguồn" in exc.value.vi and "source" in exc.value.en
    assert ind.indicator_values(store).empty


def _csv(*rows: str) -> bytes:
    return ("indicator_id,year,value,estimate,as_of,note,source\n" + "\n".join(rows) + "\n").encode("utf-8")


def test_an_import_writes_every_row_or_none(store, statistician):
    good = _csv("grdp_growth,2025,\"8,9\",có,05/01/2026,ước,Cục Thống kê", "grdp_per_capita,2025,120,,2026-01-05,,")
    bad = _csv("grdp_growth,2025,8.9,,2026-01-05,,", "unemployment,2025,2.0,,2026-01-05,,", "grdp_per_capita,2025,-3,,,,")
    pv = indicator_import.preview_import(bad, "chi-tieu.csv", statistician, TARGETS, today=TODAY)
    assert not pv.ok
    assert sorted({(p.row, p.column) for p in pv.problems}) == [(3, "indicator_id"), (4, "value")]
    with pytest.raises(ImportRejected):
        indicator_import.commit_import(store, pv)
    assert ind.indicator_values(store).empty
    pv = indicator_import.preview_import(good, "chi-tieu.csv", statistician, TARGETS, today=TODAY)
    assert pv.ok, [p.message("en") for p in pv.problems]
    assert indicator_import.commit_import(store, pv) == 2
    assert ind.indicator_values(store)[["indicator_id", "value"]].values.tolist() == [
        ["grdp_growth", 8.9], ["grdp_per_capita", 120.0]]


def test_the_xlsx_template_lists_the_users_indicators_and_imports_back(store, statistician):
    ind.seed(store, TARGETS, today=TODAY)
    data = indicator_import.template(statistician, TARGETS, ind.indicator_values(store), "xlsx", "vi")
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("indicator_id", "indicator", "unit", "target", "last_year", "last_value")
    assert [r[0] for r in rows[1:]] == ["grdp_growth", "grdp_per_capita"]
    assert rows[1][1:6] == ("Tăng trưởng GRDP bình quân", "%/năm", "> 9 %/năm", 2024, 10.2)
    pv = indicator_import.preview_import(data, "mau.xlsx", statistician, TARGETS, today=TODAY)
    assert not pv.ok and pv.skipped == 2  # an unfilled template writes nothing
    ws.cell(row=2, column=7, value=2025)
    ws.cell(row=2, column=8, value=9.4)
    ws.cell(row=2, column=10, value=date(2026, 1, 6))
    buf = io.BytesIO()
    ws.parent.save(buf)
    pv = indicator_import.preview_import(buf.getvalue(), "mau.xlsx", statistician, TARGETS, today=TODAY)
    assert pv.ok and pv.skipped == 1, [p.message("en") for p in pv.problems]
    indicator_import.commit_import(store, pv)
    assert ind.latest_per_year(ind.indicator_values(store)).query("year == 2025")["value"].tolist() == [9.4]


def test_an_unreadable_or_foreign_file_says_so(store, statistician):
    for data, name in ((b"", "x.csv"), (b"PK\x03\x04garbage", "x.xlsx"), (b"a,b\n1,2\n", "x.csv")):
        pv = indicator_import.preview_import(data, name, statistician, TARGETS, today=TODAY)
        assert pv.file_problems and not pv.ok
        assert all(p.vi and p.en and p.vi != p.en for p in pv.file_problems)
