"""The dashboard and reporting pages driven by streamlit.testing (no browser), on a temp database."""
from __future__ import annotations

import re

import os
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from progress import ProgressStore, ReportIn, auth, seed as seeding
from progress.rules import today_vn

from .fake_refs import REFS

HERE = Path(__file__).resolve().parent
SEED = (
    "feature_id,status,progress_pct,as_of,note,source\n"
    "urban-ke-sat,preparing,,2023-02-28,<script>alert('seed')</script>,https://example.org/a\n"
    "iz-tan-truong,operating,100,2022-05-01,,https://example.org/b\n"
)
PASSWORD = "mat-khau-rat-dai-1"


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    """A temp SQLite store, a tiny seed file and the fake refs, with Streamlit caches cleared."""
    seed = tmp_path / "seed.csv"
    seed.write_text(SEED, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'app.sqlite'}"
    monkeypatch.setenv("PLANMAP_DB_URL", url)
    monkeypatch.setenv("PLANMAP_SEED_CSV", str(seed))
    import ui.store

    monkeypatch.setattr(ui.store, "load_refs", lambda directory: dict(REFS))
    st.cache_resource.clear()
    st.cache_data.clear()
    store = ProgressStore(url)
    store.migrate()
    yield store
    store.dispose()
    st.cache_resource.clear()
    st.cache_data.clear()


def _app(name: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(HERE / name), default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    parts += [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.success] + [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts)


def _frame(at: AppTest, column: str):
    """The first data grid shown with ``column`` (st.dataframe keys are not exposed to AppTest)."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no dataframe with column {column!r}")


def _sign_in(at: AppTest, store: ProgressStore, name: str) -> None:
    user = auth.get_user(store, name)
    at.session_state["planmap_session_token"] = auth.start_session(store, user)


# ---------------------------------------------------------------- dashboard
def test_dashboard_lists_every_feature_with_filters_and_downloads(app_env):
    at = _app("app_dashboard.py").run()
    assert not at.exception, at.exception
    assert "Tiến độ thực hiện Chương trình hành động" in _texts(at)
    table = _frame(at, "Tiến độ (%)")
    assert len(table) == len(REFS)
    row = table.set_index("Mã").loc["urban-ke-sat"]
    assert row["Tình trạng"] == "Chuẩn bị đầu tư" and row["Tên"] == "Đô thị Kẻ Sặt"
    assert row["Ghi chú"] == "<script>alert('seed')</script>"  # verbatim, in a data grid, never HTML
    assert "<script>" not in _texts(at)
    assert row["Kỳ này"] == "Chưa báo cáo kỳ này"  # a seed row is not a unit's report
    # ... nor dated as one: its date is the source's (walk 16, finding 5)
    assert pd.isna(row["Báo cáo gần nhất"]) and str(row["Tình trạng ghi nhận ngày"])[:10] == "2023-02-28"
    # no unit has reported at all: the column still goes to the grid as dates (an empty cell), not as
    # Arrow's null type, which the grid prints as "None" in every row
    assert not pd.api.types.is_object_dtype(table["Báo cáo gần nhất"]), table["Báo cáo gần nhất"].dtype
    assert [b.label for b in at.get("download_button")][-2:] == ["Tải CSV", "Tải XLSX"]
    late = _frame(at, "Số đối tượng")
    assert "Bình Giang" in set(late["Đơn vị"])

    at.multiselect(key="dash_statuses").set_value(["Đang hoạt động"]).run()
    filtered = _frame(at, "Tiến độ (%)")
    assert list(filtered["Mã"]) == ["iz-tan-truong"]
    at.multiselect(key="dash_statuses").set_value([]).run()
    at.multiselect(key="dash_districts").set_value(["Gia Lộc"]).run()
    assert set(_frame(at, "Tiến độ (%)")["Mã"]) == {"urban-gia-loc", "rail-hn-hp"}


def test_dashboard_as_of_date_and_english(app_env):
    admin = auth.create_user(app_env, "quan-tri", PASSWORD, "admin", "*")
    seeding.seed_from_csv(app_env, os.environ["PLANMAP_SEED_CSV"], REFS)
    app_env.add_report(ReportIn("urban-ke-sat", "in_progress", 40, date(2025, 6, 1), unit="UBND huyện Bình Giang"), admin, REFS)
    at = _app("app_dashboard.py", "en").run()
    assert not at.exception, at.exception
    assert "Progress of the action program" in _texts(at)
    row = _frame(at, "Progress (%)").set_index("Id").loc["urban-ke-sat"]
    assert row["Status"] == "In progress / under construction" and row["Unit"] == "UBND huyện Bình Giang"
    assert str(row["Last report"])[:10] == "2025-06-01"                  # a unit's report is the last report
    at.date_input(key="dash_as_of").set_value(date(2024, 1, 1)).run()
    row = _frame(at, "Progress (%)").set_index("Id").loc["urban-ke-sat"]
    assert row["Status"] == "Preparing investment"


# ---------------------------------------------------------------- reporting
def test_report_page_needs_sign_in_and_rate_limits(app_env):
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py").run()
    assert not at.exception, at.exception
    assert "Cần đăng nhập để báo cáo" in _texts(at)
    assert not at.tabs
    at.text_input(key="planmap_login_name").input("bg")
    at.text_input(key="planmap_login_password").input("sai-mat-khau")
    at.button[0].click().run()
    assert "Sai tên đăng nhập hoặc mật khẩu" in _texts(at)
    at.text_input(key="planmap_login_name").input("bg")
    at.text_input(key="planmap_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["planmap_session_token"]
    assert [t.label for t in at.tabs] == ["Một báo cáo", "Báo cáo năm (nhập tệp)"]  # no audit for a reporter


@pytest.mark.parametrize("lang, refused", [(None, "Sai tên đăng nhập hoặc mật khẩu"), ("en", "Wrong user name or password")])
def test_a_refused_sign_in_keeps_the_user_name_and_clears_only_the_password(app_env, lang, refused):
    """QA: a wrong password emptied the user name too, so the official typed both again."""
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py", lang).run()
    at.text_input(key="planmap_login_name").input("bg")
    at.text_input(key="planmap_login_password").input("sai-mat-khau")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert refused in _texts(at)
    assert at.text_input(key="planmap_login_name").value == "bg"
    assert at.text_input(key="planmap_login_password").value == ""  # never kept
    at.text_input(key="planmap_login_password").input(PASSWORD)  # only the password typed again
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["planmap_session_token"] and refused not in _texts(at)


def test_sign_in_form_throttles_with_one_message(app_env):
    """After 5 wrong passwords the form refuses even the right one, saying exactly what it says to a
    wrong password (nothing tells an attacker the name exists); the admin's unlock lets it in."""
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py", lang="en").run()

    def sign_in(password):
        at.text_input(key="planmap_login_name").input("bg")
        at.text_input(key="planmap_login_password").input(password)
        at.button[0].click().run()
        assert not at.exception, at.exception
        return [e.value for e in at.error]

    answers = {tuple(sign_in(f"sai-mat-khau-{i}")) for i in range(5)}
    answers.add(tuple(sign_in(PASSWORD)))  # throttled
    assert len(answers) == 1 and "Wrong user name or password" in answers.pop()[0]
    assert "planmap_session_token" not in at.session_state
    auth.unlock(app_env, "bg")
    assert sign_in(PASSWORD) == [] and at.session_state["planmap_session_token"]


def test_single_report_form_only_offers_features_in_scope(app_env):
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py")
    _sign_in(at, app_env, "bg")
    at.run()
    assert not at.exception, at.exception
    feature = at.selectbox(key="rep_feature")
    assert set(feature.options) == {
        "Đô thị Kẻ Sặt — Bình Giang (urban-ke-sat)",
        "KCN Bình Giang — Bình Giang (iz-binh-giang)",
        "Đường sắt Hà Nội – Hải Phòng — Cẩm Giàng, Bình Giang, Gia Lộc (rail-hn-hp)",
    }
    feature.set_value("iz-binh-giang").run()
    form_status = [s for s in at.selectbox if s.label == "Tình trạng"][0]
    form_status.set_value("in_progress")
    [n for n in at.text_input if n.label == "Tiến độ (%)"][0].input("35")
    [t for t in at.text_area if t.label == "Ghi chú"][0].input("<b>GPMB</b> xong 35%")
    [b for b in at.button if b.label == "Gửi báo cáo"][0].click().run()
    assert not at.exception, at.exception
    assert "Đã ghi báo cáo số" in _texts(at)
    # The "now" line above the form shows the report just saved, not the state before it.
    assert any("Đang triển khai / thi công · tiến độ 35%" in c.value for c in at.caption)
    row = app_env.history("iz-binh-giang").iloc[-1]
    assert row.status == "in_progress" and row.progress_pct == 35 and row.reported_by == "bg"
    assert row.note == "<b>GPMB</b> xong 35%" and row.as_of == today_vn()


def test_bulk_import_preview_then_commit_all_or_none(app_env):
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py")
    _sign_in(at, app_env, "bg")
    at.run()
    before = app_env.count()
    assert {"Tải mẫu XLSX", "Tải mẫu CSV"} <= {b.label for b in at.get("download_button")}
    bad = (
        "feature_id,status,progress_pct,as_of,note,source\n"
        "urban-ke-sat,Hoàn thành,100,01/10/2026,xong,\n"
        "urban-chi-linh,in_progress,50,2026-01-01,,\n"
    ).encode("utf-8")
    at.file_uploader(key="rep_upload").set_value(("bao-cao.csv", bad, "text/csv")).run()
    assert not at.exception, at.exception
    preview = _frame(at, "Lỗi")
    assert "nằm ngoài phạm vi" in preview.loc[preview["Dòng"] == 3, "Lỗi"].item()
    assert "Tệp có 1 lỗi" in _texts(at)
    assert at.button(key="rep_commit_disabled").disabled
    assert app_env.count() == before

    good = (
        "feature_id,status,progress_pct,as_of,note,source\n"
        "urban-ke-sat,Hoàn thành,100,01/10/2026,xong,\n"
        "iz-binh-giang,preparing,5,2026-10-01,<script>x</script>,\n"
    ).encode("utf-8")
    at.file_uploader(key="rep_upload").set_value(("bao-cao.csv", good, "text/csv")).run()
    assert "Tệp hợp lệ: 2 dòng" in _texts(at)
    at.button(key="rep_commit").click().run()
    assert not at.exception, at.exception
    assert "Đã ghi 2 dòng" in _texts(at)
    assert app_env.count() == before + 2
    at.run()  # a rerun with the same file does not write it twice
    assert "Tệp này đã được ghi" in _texts(at) and app_env.count() == before + 2


def test_a_file_that_is_not_what_its_name_says_is_refused_in_vietnamese(app_env):
    """An old .xls renamed .xlsx, a CSV saved by Excel as "Unicode Text" (UTF-16): the Vietnamese message said
    only "(zip: File is not a zip file)" / "(binary content, not a text CSV)" — English, and no way out."""
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py")
    _sign_in(at, app_env, "bg")
    at.run()
    before = app_env.count()
    utf16 = "feature_id,status,progress_pct,as_of\niz-binh-giang,preparing,5,01/10/2026\n".encode("utf-16")
    cases = [("bao-cao.xlsx", b"\xd0\xcf\x11\xe0 an old Excel 97 workbook", "hãy mở tệp bằng Excel"),
             ("bao-cao.csv", utf16, "CSV UTF-8")]
    for name, data, advice in cases:
        at.file_uploader(key="rep_upload").set_value((name, data, "application/octet-stream")).run()
        assert not at.exception, at.exception
        message = next(e.value for e in at.error if "Không đọc được tệp" in e.value).replace("\\", "")  # Markdown escapes
        said = message.split("Chi tiết kỹ thuật")[0]  # what the official reads before the technical detail
        assert advice in said, message
        assert not re.search(r"(?<!\.)\b(zip|file|binary|content|not|text)\b", said), message  # ".zip" names a kind
        assert app_env.count() == before


def test_the_same_file_uploaded_again_in_a_new_session_writes_nothing_twice(app_env):
    """After a reload (a new session) the same file read "Tệp hợp lệ: 2 dòng sẽ được ghi" and wrote every
    report a second time: an official unsure whether the first upload went through doubled the history."""
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    first = (
        "feature_id,status,progress_pct,as_of,note\n"
        "iz-binh-giang,preparing,5,01/10/2026,<b>GPMB</b>\n"
    ).encode("utf-8")
    at = _app("app_report.py")
    _sign_in(at, app_env, "bg")
    at.run()
    at.file_uploader(key="rep_upload").set_value(("bao-cao.csv", first, "text/csv")).run()
    at.button(key="rep_commit").click().run()
    before = app_env.count()

    again = _app("app_report.py")  # the page reloaded: a new session, the same file
    _sign_in(again, app_env, "bg")
    again.run()
    again.file_uploader(key="rep_upload").set_value(("bao-cao.csv", first, "text/csv")).run()
    assert not again.exception, again.exception
    assert "Tệp này đã được ghi" in _texts(again)
    assert not [b for b in again.button if b.key == "rep_commit"]
    assert app_env.count() == before

    # One new row beside the old one: only the new one is written, and the page says why.
    more = first + "urban-ke-sat,in_progress,20,01/10/2026,\n".encode("utf-8")
    again.file_uploader(key="rep_upload").set_value(("bao-cao-2.csv", more, "text/csv")).run()
    assert "1 dòng giống hệt báo cáo đã ghi" in _texts(again)
    assert "Tệp hợp lệ: 1 dòng" in _texts(again)
    again.button(key="rep_commit").click().run()
    assert app_env.count() == before + 1
    assert app_env.history("urban-ke-sat").iloc[-1].progress_pct == 20


def test_admin_sees_the_audit_trail_viewer_cannot_report(app_env):
    auth.create_user(app_env, "quan-tri", PASSWORD, "admin", "*")
    auth.create_user(app_env, "xem", PASSWORD, "viewer", "*")
    at = _app("app_report.py", "en")
    _sign_in(at, app_env, "quan-tri")
    at.run()
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs] == ["One report", "Annual report (file import)", "Audit trail"]
    trail = _frame(at, "Reported by")
    assert len(trail) == 2 and set(trail["Reported by"]) == {"seed"}
    assert "<script>alert('seed')</script>" in set(trail["Note"])
    assert {"Download CSV", "Download XLSX"} <= {b.label for b in at.get("download_button")}

    viewer = _app("app_report.py")
    _sign_in(viewer, app_env, "xem")
    viewer.run()
    assert "chỉ được xem" in _texts(viewer) and not viewer.tabs


def test_an_expired_session_asks_to_sign_in_again(app_env):
    from datetime import datetime, timedelta, timezone
    user = auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py")
    at.session_state["planmap_session_token"] = auth.start_session(app_env, 
        user, timedelta(minutes=1), now=datetime.now(timezone.utc) - timedelta(hours=1))
    at.run()
    assert not at.exception, at.exception
    assert "hết hạn" in _texts(at) and not at.tabs


def test_dashboard_shows_a_seed_note_in_the_readers_language(app_env):
    """The seed file's note_en in English, its Vietnamese note in Vietnamese (walk 16, finding 15)."""
    Path(os.environ["PLANMAP_SEED_CSV"]).write_text(
        "feature_id,status,progress_pct,as_of,note,note_en,source\n"
        "urban-ke-sat,unknown,,2026-11-01,Không tìm thấy nguồn về tiến độ.,No source on progress found.,\n",
        encoding="utf-8")
    vi = _frame(_app("app_dashboard.py").run(), "Tiến độ (%)").set_index("Mã").loc["urban-ke-sat"]
    assert vi["Ghi chú"] == "Không tìm thấy nguồn về tiến độ."
    st.cache_data.clear()
    en = _frame(_app("app_dashboard.py", "en").run(), "Progress (%)").set_index("Id").loc["urban-ke-sat"]
    assert en["Note"] == "No source on progress found."
