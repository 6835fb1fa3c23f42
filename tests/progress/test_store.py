"""The store: as-of semantics, append-only corrections, validation, seed, overdue, exports."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
import sqlalchemy as sa

from core.errors import AuthError, DataError, PermissionDenied
from progress import (ProgressStore, ReportIn, auth, export_csv, export_xlsx, overdue_items, overdue_units, report_cycle,
                      seed as seeding)
from progress.db import resolve_url
from progress.store import STATE_COLUMNS
from progress.rules import in_cycle, parse_status, today_vn

from .conftest import report

TODAY = date(2026, 11, 27)


def test_state_as_of_takes_latest_report_on_or_before_the_date(store, refs, admin):
    store.add_report(report(status="preparing", pct=0, as_of=date(2024, 3, 1)), admin, refs)
    store.add_report(report(status="in_progress", pct=30, as_of=date(2025, 1, 10)), admin, refs)
    store.add_report(report(status="completed", pct=100, as_of=date(2026, 2, 1)), admin, refs)
    store.add_report(report("iz-tan-truong", "preparing", 5, date(2025, 1, 10)), admin, refs)

    def state(day):
        return store.state_as_of(day).set_index("feature_id")

    assert store.state_as_of(date(2024, 2, 29)).empty
    assert state(date(2024, 3, 1)).loc["urban-ke-sat", "status"] == "preparing"
    assert state(date(2025, 1, 9)).loc["urban-ke-sat", "status"] == "preparing"
    s = state(date(2025, 1, 10))
    assert s.loc["urban-ke-sat", "status"] == "in_progress" and s.loc["urban-ke-sat", "progress_pct"] == 30
    assert set(s.index) == {"urban-ke-sat", "iz-tan-truong"}
    assert state(date(2026, 2, 1)).loc["urban-ke-sat", "status"] == "completed"
    assert state(None).loc["urban-ke-sat", "status"] == "completed"  # default: today
    assert list(store.state_as_of(date(2026, 6, 1)).columns) == STATE_COLUMNS


def test_same_date_tie_is_broken_by_reported_at_then_id(store, refs, admin):
    first = store.add_report(report(status="in_progress", pct=10), admin, refs)
    second = store.add_report(report(status="delayed", pct=10), admin, refs)
    row = store.state_as_of(date(2025, 6, 1)).iloc[0]
    assert row.report_id == second and row.status == "delayed" and first < second


def test_a_correction_is_a_new_row_and_history_keeps_both(store, refs, admin):
    wrong = store.add_report(report(status="completed", pct=100, as_of=date(2025, 6, 1)), admin, refs)
    before = store.count()
    fixed = store.add_report(
        ReportIn("urban-ke-sat", "in_progress", 60, note="Đính chính: chưa hoàn thành", corrects_report_id=wrong),
        admin, refs,
    )
    assert store.count() == before + 1
    hist = store.history("urban-ke-sat")
    assert list(hist.report_id) == [wrong, fixed]
    assert hist.iloc[1].corrects_report_id == wrong
    assert hist.iloc[1].as_of == date(2025, 6, 1)  # the corrected report's date
    assert hist.iloc[0].status == "completed"  # history never rewritten
    assert store.state_as_of(date(2025, 6, 1)).iloc[0].status == "in_progress"


def test_correction_must_target_an_existing_report_of_the_same_feature(store, refs, admin):
    other = store.add_report(report("iz-tan-truong"), admin, refs)
    with pytest.raises(DataError, match="thuộc đối tượng khác"):
        store.add_report(report(corrects_report_id=other), admin, refs)
    with pytest.raises(DataError, match="Không có báo cáo số 9999"):
        store.add_report(report(corrects_report_id=9999), admin, refs)


def test_version_changes_with_every_report(store, refs, admin):
    v0 = store.version()
    store.add_report(report(), admin, refs)
    v1 = store.version()
    store.add_report(report(), admin, refs)
    assert v0 < v1 < store.version()


@pytest.mark.parametrize(
    ("kwargs", "error", "vi"),
    [
        ({"fid": "khong-co"}, DataError, "Không có đối tượng mã «khong-co»"),
        ({"status": "xong rồi"}, DataError, "Tình trạng «xong rồi» không hợp lệ"),
        ({"status": ""}, DataError, "Thiếu tình trạng"),
        ({"pct": 120}, DataError, "Tiến độ (%) phải từ 0 đến 100"),
        ({"pct": -1}, DataError, "Tiến độ (%) phải từ 0 đến 100"),
        ({"pct": "bốn mươi"}, DataError, "không phải là số"),
        ({"as_of": TODAY + timedelta(days=1)}, DataError, "ở tương lai"),
        ({"fid": "urban-chi-linh"}, PermissionDenied, "nằm ngoài phạm vi báo cáo"),
        ({"evidence_url": "javascript:alert(1)"}, DataError, "phải bắt đầu bằng http"),
        ({"capital_allocated_bn": -5}, DataError, "Vốn bố trí (tỷ đồng) không được âm"),
    ],
)
def test_validation_messages_are_vietnamese_with_english_twins(store, refs, reporter, kwargs, error, vi):
    with pytest.raises(error) as info:
        store.add_report(report(**kwargs), reporter, refs, today=TODAY)
    assert vi in info.value.vi
    assert info.value.en and info.value.en != info.value.vi
    assert store.count() == 0


def test_sign_in_and_role_are_required(store, refs):
    viewer = auth.create_user(store, "chi-xem", "mat-khau-rat-dai-3", "viewer", "*")
    with pytest.raises(AuthError, match="Cần đăng nhập"):
        store.add_report(report(), None, refs)
    with pytest.raises(PermissionDenied, match="chỉ được xem"):
        store.add_report(report(), viewer, refs)


def test_reporter_in_scope_and_multi_district_features(store, refs, reporter):
    store.add_report(report("urban-ke-sat"), reporter, refs)
    store.add_report(report("rail-hn-hp", section="Bình Giang"), reporter, refs)  # crosses Bình Giang: its section
    assert set(store.state_as_of(date(2025, 6, 1)).feature_id) == {"urban-ke-sat", "rail-hn-hp"}
    assert set(store.audit_trail().reported_by) == {"bao-cao-bg"}


def test_status_labels_are_accepted(store, refs, admin):
    store.add_report(report(status="Hoàn thành", pct=100), admin, refs)
    store.add_report(report("iz-tan-truong", status="đang thi công"), admin, refs)
    got = store.state_as_of(date(2025, 6, 1)).set_index("feature_id").status.to_dict()
    assert got == {"urban-ke-sat": "completed", "iz-tan-truong": "in_progress"}
    assert parse_status("Chậm tiến độ") == "delayed" and parse_status("cham tien do") == "delayed"


def test_script_in_a_note_is_stored_verbatim(store, refs, admin):
    note = '<script>alert("x")</script> & <b>đậm</b>'
    store.add_report(report(note=note), admin, refs)
    assert store.history("urban-ke-sat").iloc[0].note == note
    assert store.state_as_of(date(2025, 6, 1)).iloc[0].note == note


def test_capital_and_disbursement_rate(store, refs, admin):
    store.add_report(report(capital_allocated_bn=200, capital_disbursed_bn=50), admin, refs)
    row = store.state_as_of(date(2025, 6, 1)).iloc[0]
    assert row.capital_allocated_bn == 200 and row.disbursement_pct == 25.0
    store.add_report(report("iz-tan-truong"), admin, refs)
    assert pd.isna(store.state_as_of(date(2025, 6, 1)).set_index("feature_id").loc["iz-tan-truong", "disbursement_pct"])


def test_reported_at_is_utc_and_as_of_a_date(store, refs, admin):
    store.add_report(report(), admin, refs)
    row = store.state_as_of(date(2025, 6, 1)).iloc[0]
    assert isinstance(row.as_of, date) and row.reported_at.tzinfo is not None
    assert abs(row.reported_at - pd.Timestamp.now(tz="UTC")) < pd.Timedelta(minutes=5)


# ---------------------------------------------------------------- seed
SEED = (
    "feature_id,status,progress_pct,as_of,note,source\n"
    "urban-ke-sat,preparing,,2023-02-28,Mục tiêu đô thị loại IV,https://example.org/a\n"
    "iz-tan-truong,operating,100,2022-05-01,,https://example.org/b\n"
    "urban-chi-linh,unknown,,,not found,\n"
)


def test_seeding_twice_changes_nothing(store, refs, tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text(SEED, encoding="utf-8")
    assert seeding.seed_from_csv(store, path, refs) == 2  # the undated "unknown" row carries no fact
    v = store.version()
    assert seeding.seed_from_csv(store, path, refs) == 0
    assert store.version() == v and store.count() == 2
    assert set(store.audit_trail().reported_by) == {"seed"}
    # A row added to the file later is appended once.
    path.write_text(SEED + "urban-gia-loc,in_progress,20,2024-01-01,,\n", encoding="utf-8")
    assert seeding.seed_from_csv(store, path, refs) == 1 and seeding.seed_from_csv(store, path, refs) == 0


def test_seed_with_an_invalid_row_writes_nothing(store, refs, tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text(SEED + "khong-co,completed,100,2024-01-01,,\n", encoding="utf-8")
    with pytest.raises(DataError, match="khong-co"):
        seeding.seed_from_csv(store, path, refs)
    assert store.count() == 0
    assert seeding.seed_from_csv(store, tmp_path / "missing.csv", refs) == 0


# ---------------------------------------------------------------- cycle, overdue, dashboard
def test_report_cycle_ends_on_5_december():
    assert report_cycle(date(2026, 12, 5)) == (date(2025, 12, 5), date(2026, 12, 5))
    assert report_cycle(date(2026, 12, 6)) == (date(2026, 12, 5), date(2027, 12, 5))
    assert report_cycle(date(2026, 1, 1)) == (date(2025, 12, 5), date(2026, 12, 5))
    assert not in_cycle(date(2025, 12, 5), date(2026, 6, 1)) and in_cycle(date(2025, 12, 6), date(2026, 6, 1))


def test_overdue_lists_unfinished_features_without_a_report_this_cycle(store, refs, admin):
    store.add_report(report("urban-ke-sat", as_of=date(2026, 3, 1)), admin, refs)  # this cycle
    store.add_report(report("urban-gia-loc", as_of=date(2025, 12, 5)), admin, refs)  # last cycle's deadline
    store.add_report(report("iz-tan-truong", "operating", 100, date(2020, 1, 1)), admin, refs)  # finished
    late = {i.feature_id: i for i in overdue_items(store.dashboard_table(refs, TODAY))}
    assert set(late) == {"urban-gia-loc", "urban-chi-linh", "iz-binh-giang", "rail-hn-hp"}
    assert late["urban-gia-loc"].last_as_of == date(2025, 12, 5) and late["urban-chi-linh"].last_as_of is None
    units = overdue_units(store.dashboard_table(refs, TODAY))
    assert units.overdue_count.sum() == 4 and "Gia Lộc" in set(units.unit)


def test_seed_rows_are_not_a_units_report(store, refs, admin, tmp_path):
    path = tmp_path / "progress.csv"
    path.write_text("feature_id,status,progress_pct,as_of,note,source\nurban-gia-loc,preparing,,2026-06-01,,\n", encoding="utf-8")
    seeding.seed_from_csv(store, path, refs)
    assert "urban-gia-loc" in {i.feature_id for i in overdue_items(store.dashboard_table(refs, TODAY))}
    store.add_report(report("urban-gia-loc", as_of=date(2026, 11, 1)), admin, refs)
    assert "urban-gia-loc" not in {i.feature_id for i in overdue_items(store.dashboard_table(refs, TODAY))}
    row = store.dashboard_table(refs, TODAY).set_index("feature_id").loc["urban-gia-loc"]
    assert row.last_unit_report == date(2026, 11, 1) and not row.overdue


def test_dashboard_table_has_every_feature(store, refs, admin):
    store.add_report(report(unit="UBND huyện Bình Giang", note="<script>x</script>"), admin, refs)
    table = store.dashboard_table(refs, date(2025, 6, 1), lang="vi")
    assert len(table) == len(refs) and set(table.feature_id) == set(refs)
    row = table.set_index("feature_id").loc["urban-ke-sat"]
    assert row.status_label == "Đang triển khai / thi công" and row.unit == "UBND huyện Bình Giang"
    assert row["layer"] == "urban_areas" and row["name"] == "Đô thị Kẻ Sặt"
    other = table.set_index("feature_id").loc["rail-hn-hp"]
    assert other.status == "unknown" and other.unit == "Cẩm Giàng, Bình Giang, Gia Lộc"
    en = store.dashboard_table(refs, date(2025, 6, 1), lang="en")
    assert "In progress / under construction" in set(en.status_label)
    from progress import counts_by_district, counts_by_status
    by_status = counts_by_status(table).set_index("status")["count"]
    assert by_status["in_progress"] == 1 and by_status["unknown"] == 5
    by_district = counts_by_district(table)
    assert by_district.loc["Bình Giang"].sum() == 3  # Kẻ Sặt, KCN Bình Giang, the railway


def test_exports_keep_text_as_text(store, refs, admin):
    store.add_report(report(note='=HYPERLINK("http://x","bấm")'), admin, refs)
    store.add_report(report("iz-tan-truong", note="<script>alert(1)</script>"), admin, refs)
    table = store.dashboard_table(refs, date(2025, 6, 1))
    raw = export_csv(table)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "<script>alert(1)</script>" in text and "Đô thị Kẻ Sặt" in text
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(export_xlsx(store.audit_trail(), "Nhật ký"))).active
    header = [c.value for c in ws[1]]
    cells = [row[header.index("note")] for row in ws.iter_rows(min_row=2)]
    # Both hostile notes come back as the very text written, stored as strings (never a formula).
    assert [c.value for c in cells] == ['=HYPERLINK("http://x","bấm")', "<script>alert(1)</script>"]
    assert all(c.data_type == "s" for c in cells)


def test_default_url_is_the_repo_sqlite_file(monkeypatch):
    monkeypatch.delenv("PLANMAP_DB_URL", raising=False)
    assert resolve_url(None).endswith("/var/planmap.sqlite")
    monkeypatch.setenv("PLANMAP_DB_URL", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"


def test_sqlite_store_uses_wal(tmp_path):
    s = ProgressStore(f"sqlite:///{tmp_path / 'w.sqlite'}")
    s.migrate()
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    s.dispose()


def test_today_is_vietnam_today():
    late_utc = datetime(2026, 11, 27, 20, 0, tzinfo=timezone.utc)  # 03:00 on the 28th in Hải Dương
    assert today_vn(late_utc) == date(2026, 11, 28)


def test_the_store_never_imports_streamlit():
    import subprocess
    import sys
    code = ("import sys, progress, progress.importer, progress.auth, progress.exports, progress.__main__; "
            "sys.exit(1 if 'streamlit' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=str(__import__("pathlib").Path(__file__).parents[2])).returncode == 0
