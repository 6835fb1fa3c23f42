"""The report page, the dashboard and the map's details under AppTest, on 1 December 2026 (pinned):
the to-do, the form's refusals, no machine words, sections, the template people fill in."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pandas as pd
import pytest

from progress import ReportIn, auth, importer

from .test_ui import PASSWORD, _app, _frame, _sign_in, _texts, app_env  # noqa: F401 - the fixture
from .fake_refs import REFS

TODAY = "2026-12-01"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("PLANMAP_TODAY", TODAY)
    return date.fromisoformat(TODAY)


def _widget(items, label):
    return next(w for w in items if w.label == label)


def test_the_report_page_opens_with_the_to_do(app_env, today):
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py")
    _sign_in(at, app_env, "bg")
    at.run()
    assert not at.exception, at.exception
    text = _texts(at).replace("\\", "")  # Markdown escapes
    assert "Kỳ báo cáo năm 2026: hạn nộp 05/12/2026 — còn 4 ngày." in text
    assert "3 trong 3 địa điểm của bạn chưa báo cáo kỳ này." in text
    assert "Đường sắt Hà Nội – Hải Phòng — đoạn Bình Giang" in text and "đoạn Gia Lộc" not in text
    # One click from a place to its form.
    at.button(key="todo_go_1").click().run()
    assert at.selectbox(key="rep_feature").value in {"urban-ke-sat", "iz-binh-giang", "rail-hn-hp"}


def test_the_form_refuses_a_long_note_and_a_bad_link_beside_the_fields(app_env, today):
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py", "en")
    _sign_in(at, app_env, "bg")
    at.run()
    before = app_env.count()
    _widget(at.selectbox, "Status").set_value("in_progress")
    _widget(at.text_area, "Note").input("x" * 4001)
    _widget(at.text_input, "Evidence link (http…)").input("javascript:alert(1)")
    _widget(at.button, "Submit report").click().run()
    assert not at.exception, at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("The note is longer than 4000 characters." in e for e in errors)
    assert any("The evidence link must start with http:// or https://" in e for e in errors)
    assert any(e.startswith("Not saved — 2 thing(s) to fix:") for e in errors)
    assert app_env.count() == before  # nothing written
    assert _widget(at.text_area, "Note").value == "x" * 4001  # the person's text is kept to fix


def test_a_status_is_never_chosen_silently(app_env, today):
    auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    at = _app("app_report.py")
    _sign_in(at, app_env, "bg")
    at.run()
    assert _widget(at.selectbox, "Tình trạng").value is None
    _widget(at.button, "Gửi báo cáo").click().run()
    assert any("Thiếu tình trạng" in e.value for e in at.error)


def test_the_dashboard_leads_with_the_cycle_and_charts_follow_the_filters(app_env, today):
    admin = auth.create_user(app_env, "quan-tri", PASSWORD, "admin", "*")
    app_env.add_report(ReportIn("iz-binh-giang", "in_progress", 30, date(2026, 11, 20), unit="BQL KCN"), admin, REFS)
    at = _app("app_dashboard.py").run()
    assert not at.exception, at.exception
    assert [m.label for m in at.metric][:3] == ["Quá hạn báo cáo", "Chưa báo cáo kỳ này", "Đã báo cáo kỳ này"]
    assert [m.value for m in at.metric][:3] == ["0", "7", "1"]  # the railway owes once per section
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["Tải danh sách chưa báo cáo (CSV)", "Tải danh sách chưa báo cáo (XLSX)"]
    table = _frame(at, "Tiến độ (%)")
    assert not table.astype(str).isin(["nan", "None", "NaT", "<NA>"]).any().any()  # no machine words
    assert table.set_index("Mã").loc["iz-tan-truong", "Giải ngân (%)"] == "—"

    at.multiselect(key="dash_districts").set_value(["Bình Giang"]).run()
    assert [m.value for m in at.metric][:3] == ["0", "2", "1"]


def test_the_district_chart_counts_only_the_districts_asked_for(app_env, today):
    from progress.dashboard import build_dashboard
    from ui.dashboard import TEXT, apply_filters, district_chart

    table = build_dashboard(REFS, app_env.state_as_of(today), today)
    table["layer_title"] = table["layer"]
    shown = apply_filters(table, [], ["Bình Giang"], [], [])
    assert "rail-hn-hp" in set(shown["feature_id"])  # the railway crosses Bình Giang and two other districts
    data = district_chart(shown, "vi", TEXT.words("vi"), ["Bình Giang"]).data
    assert set(data["district"]) == {"Bình Giang"} and data["count"].sum() == len(shown)
    unfiltered = district_chart(shown, "vi", TEXT.words("vi")).data
    assert {"Cẩm Giàng", "Gia Lộc"} <= set(unfiltered["district"])  # what the old chart drew


def test_the_open_list_reads_back_in_libreoffice(app_env, today, tmp_path):
    from progress import export_xlsx
    from progress.cycle import store_todo
    from ui.dashboard import TEXT, open_places

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) not installed")
    _, todo = store_todo(app_env, REFS, today)
    places = open_places(todo, "vi", TEXT.words("vi"))
    path = tmp_path / "chua-bao-cao.xlsx"
    path.write_bytes(export_xlsx(places, "Chưa báo cáo"))
    subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
                    str(tmp_path), str(path)], check=True, capture_output=True, timeout=120,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    back = pd.read_csv(tmp_path / "chua-bao-cao.csv")
    assert list(back.columns)[:3] == ["Đơn vị", "Địa điểm", "Đoạn (huyện)"]
    assert {"Bình Giang", "Gia Lộc", "Cẩm Giàng"} <= set(back["Đơn vị"])
    assert (back["Kỳ này"] == "Chưa báo cáo kỳ này").all()


def test_the_template_has_vietnamese_headers_codes_in_comments_and_validation(app_env, today, tmp_path):
    import io

    from openpyxl import load_workbook

    from progress.importer import preview

    bg = auth.create_user(app_env, "bg", PASSWORD, "reporter", "Bình Giang")
    data = importer.template(bg, REFS, "xlsx", app_env.state_as_of(), "vi")
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["Mã đối tượng", "Tên", "Huyện (2023)", "Đoạn báo cáo (huyện)"]
    assert "Tình trạng" in headers and "Tiến độ (%)" in headers and "status" not in headers
    assert ws.cell(row=1, column=headers.index("Tình trạng") + 1).comment.text == "Mã cột: status"
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"list", "decimal", "date", "textLength"} <= kinds
    rail = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "rail-hn-hp"]
    assert [r[3] for r in rail] == ["Bình Giang"]  # one row, for the section in scope
    # Filled in and read back by the same reader (Vietnamese headers).
    ws.cell(row=[i for i, r in enumerate(ws.iter_rows(min_row=1, values_only=True), 1) if r[0] == "rail-hn-hp"][0],
            column=headers.index("Tình trạng") + 1, value="Chuẩn bị đầu tư")
    row = [i for i, r in enumerate(ws.iter_rows(min_row=1, values_only=True), 1) if r[0] == "rail-hn-hp"][0]
    ws.cell(row=row, column=headers.index("Tính đến ngày") + 1, value=date(2026, 11, 30))
    buf = io.BytesIO()
    wb.save(buf)
    pv = preview(buf.getvalue(), "bao-cao.xlsx", bg, REFS, today=today)
    assert pv.ok, pv.messages()
    assert [(r.report.feature_id, r.report.section, r.report.status) for r in pv.rows] == \
        [("rail-hn-hp", "Bình Giang", "preparing")]
    csv_text = importer.template(bg, REFS, "csv", app_env.state_as_of(), "vi").decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Mã đối tượng,Tên,Huyện (2023),Đoạn báo cáo (huyện)")


@pytest.mark.parametrize("lang, words", [("vi", "Chưa rõ huyện"), ("en", "District not known")])
def test_features_in_no_district_are_counted_under_words_on_the_last_row(app_env, today, lang, words):
    """F7: the district chart's bar of the features no source places in a district was labelled "—"."""
    from progress.dashboard import build_dashboard
    from ui.dashboard import TEXT, district_chart

    table = build_dashboard(REFS, app_env.state_as_of(today), today)
    table.loc[table.index[0], "district"] = None  # as the program's two class V towns with no place named
    chart = district_chart(table, lang, TEXT.words(lang)).to_dict()
    rows = chart["encoding"]["y"]["sort"]
    assert rows[-1] == words and "—" not in rows
    assert words in set(district_chart(table, lang, TEXT.words(lang)).data["district"])
    legend = chart["encoding"]["color"]["legend"]
    assert legend["columns"] == 1 and legend["labelLimit"] == 0  # whole status names, one a line (phone)
