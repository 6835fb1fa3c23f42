"""The 2030 targets page and the map's comparison with the provincial plan (issue 13), run by Streamlit's AppTest."""
from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from progress import ProgressStore, auth
from progress import indicators as ind
from progress.targets import load_targets
from tests.app.helpers import map_code, run_app
from tests.conftest import REAL_DATA, REPO

PAGE = str(REPO / "tests" / "app" / "app_targets.py")
TARGETS = load_targets()


def _page(lang: str | None = None, token: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    if lang:
        at.query_params["lang"] = lang
    if token:
        at.session_state["planmap_session_token"] = token
    at.run()
    assert not at.exception, at.exception
    return at


def _frame(at: AppTest, column: str):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column!r}")


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in (at.markdown, at.caption, at.error, at.success, at.info, at.warning)
                     for e in kind).replace("\\", "")


def _js(text: str) -> str:
    """``text`` as the map's script carries it (the legend travels JSON-encoded)."""
    return json.dumps(text)[1:-1]


def _field(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def _store(url: str) -> ProgressStore:
    store = ProgressStore(url)
    store.migrate()
    return store


def test_every_target_is_listed_with_its_figure_trend_standing_and_source():
    at = _page()
    table = _frame(at, "Chỉ tiêu").set_index("Chỉ tiêu")
    assert len(table) == len(TARGETS)
    grdp = table.loc["Tăng trưởng GRDP bình quân"]
    assert grdp["Mục tiêu 2030"] == "> 9 %/năm"
    assert (grdp["Số liệu mới nhất"], grdp["Năm"]) == ("10,2 %/năm (ước)", "2024")  # the seeded public figure
    assert grdp["Xu hướng"].startswith("↑") and grdp["Đánh giá"] == "Đúng hướng"
    assert grdp["Nguồn số liệu"].startswith("http")
    unknown = table.loc["Tỷ lệ đô thị hóa"]
    assert (unknown["Số liệu mới nhất"], unknown["Năm"], unknown["Đánh giá"]) == ("—", "—", "Chưa rõ")  # no source: stays unknown
    assert "0 đã đạt · 1 đúng hướng · 1 chệch hướng · 28 chưa rõ (tổng 30)" in _texts(at)


def test_the_spatial_targets_link_to_the_map():
    table = _frame(_page(), "Chỉ tiêu").set_index("Chỉ tiêu")
    links = table["Bản đồ"]
    assert links["Thông tuyến đường vành đai V đoạn qua tỉnh"] == "./?sel=rr5-hai-duong"
    assert "colour=wastewater" in links["KCN và CCN đang hoạt động có xử lý nước thải tập trung đạt chuẩn"]
    assert links["Hình thành khu công nghiệp chuyên biệt ở Bình Giang, Thanh Miện"] == \
        "./?sel=iz-sez-binh-giang-thanh-mien"
    assert links.isna().sum() == len(TARGETS) - 4


def test_the_map_link_opens_the_feature_and_colours_zones_by_wastewater():
    at = run_app({"sel": "rr5-hai-duong"})
    assert any("Vành đai" in m.value or "vành đai" in m.value for m in at.markdown)
    at = run_app({"colour": "wastewater", "layers": "industrial_zones"})
    script = map_code(at)
    assert '"fillColor": "#2e7d32"' in script  # iz-dai-an: a source confirms its treatment plant
    assert _js("Xử lý nước thải tập trung: Có") in script  # the legend says what the colour means


def test_english_is_one_click_away():
    at = _page("en")
    table = _frame(at, "Indicator").set_index("Indicator")
    assert table.loc["Average GRDP growth", "Assessment"] == "On track"
    assert table.loc["Average GRDP growth", "Latest figure"] == "10.2 %/year (estimate)"
    assert "Sign in to report indicator figures." in _texts(at)


def test_a_reported_figure_shows_at_once_and_changes_the_standing(isolated_db):
    at = _page()
    store = _store(isolated_db)
    admin = auth.create_user(store, "quan-tri", "mat-khau-rat-dai-1", "admin", "*")
    for year, value in ((2023, 40.0), (2024, 45.0)):  # +5 a year → 75 % in 2030, above 60 %
        ind.add_indicator_report(store, ind.IndicatorIn("urbanisation", year, value, as_of=date(2025, 1, 10)),
                                 admin, TARGETS)
    at.run()
    row = _frame(at, "Chỉ tiêu").set_index("Chỉ tiêu").loc["Tỷ lệ đô thị hóa"]
    assert (row["Số liệu mới nhất"], row["Năm"], row["Đánh giá"]) == ("45 %", "2024", "Đúng hướng")
    assert "Theo xu hướng đến năm 2030: 75 %." == row["Căn cứ đánh giá"]


def test_a_signed_in_statistician_reports_and_a_bad_figure_is_refused(isolated_db):
    store = _store(isolated_db)
    user = auth.create_user(store, "cuc-thong-ke", "mat-khau-rat-dai-3", "reporter", "health_insurance")
    at = _page(token=auth.start_session(store, user))
    form_box = at.selectbox[-1]
    assert form_box.options == ["Tỷ lệ tham gia bảo hiểm y tế (> 99 %)"]
    at.number_input[0].set_value(2025)
    _field(at.text_input, "Giá trị").set_value("120")
    at.button[0].click().run()
    assert "Tỷ lệ phải từ 0 đến 100 (đang là 120)." in _texts(at)
    assert ind.indicator_values(store).query("indicator_id == 'health_insurance'").empty
    at.number_input[0].set_value(2025)
    _field(at.text_input, "Giá trị").set_value("94.5")
    _field(at.text_input, "Nguồn").set_value("BHXH tỉnh")
    at.button[0].click().run()
    assert not at.exception
    rows = ind.indicator_values(store).query("indicator_id == 'health_insurance'")
    assert rows[["year", "value", "source", "reported_by"]].values.tolist() == [[2025, 94.5, "BHXH tỉnh", "cuc-thong-ke"]]
    assert "Đã ghi số liệu số" in _texts(at)


def test_a_district_reporter_is_told_indicators_are_not_in_scope(isolated_db):
    store = _store(isolated_db)
    user = auth.create_user(store, "bao-cao-bg", "mat-khau-rat-dai-2", "reporter", "Bình Giang")
    at = _page(token=auth.start_session(store, user))
    assert "Không có chỉ tiêu nào trong phạm vi báo cáo của bạn" in _texts(at)


@pytest.fixture
def real_data_env(monkeypatch):
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(REAL_DATA))


def test_comparison_mode_colours_the_areas_and_lists_the_differences(real_data_env):
    at = run_app({"colour": "plan"})
    script = map_code(at)
    assert '"fillColor": "#2e7d32"' in script and '"fillColor": "#b0bec5"' in script  # in both / unknown
    assert _js("Chỉ có trong quy hoạch tỉnh — không vẽ") in script  # the legend: plan-only places are not drawn
    table = _frame(at, "So sánh")
    assert len(table) == 24 + 12  # the program's 24, and the plan's areas no program area matches
    assert (table["So sánh"] == "Chỉ có trong quy hoạch tỉnh").sum() == 1
    assert table.set_index("Tên trong quy hoạch tỉnh").loc["Tân Trường", "Loại (Chương trình)"] == ""
    assert "Có trong cả Chương trình và quy hoạch tỉnh: 16" in _texts(at)
    assert len(at.get("download_button")) >= 2


def test_comparison_mode_in_english(real_data_env):
    at = run_app({"colour": "plan", "lang": "en"})
    table = _frame(at, "Comparison")
    assert set(table["Comparison"]) == {"In both the program and the provincial plan", "Only in the provincial plan",
                                        "Unknown (the provincial plan's list is cut off in the sources)"}


def test_a_figure_with_a_decimal_comma_is_saved_as_typed_and_a_refused_one_stays_in_the_form(isolated_db):
    """The value was a browser number field: "8,5" %/năm of GRDP growth was saved as 85, and the form was
    emptied even when the figure was refused."""
    store = _store(isolated_db)
    user = auth.create_user(store, "cuc-thong-ke", "mat-khau-rat-dai-3", "reporter", "grdp_growth")
    at = _page(token=auth.start_session(store, user))
    at.number_input[0].set_value(2025)
    _field(at.text_input, "Giá trị").set_value("tám phẩy năm")
    _field(at.text_input, "Nguồn").set_value("Cục Thống kê")
    at.button[0].click().run()
    assert "Giá trị «tám phẩy năm» không phải là số." in _texts(at)
    assert (_field(at.text_input, "Giá trị").value, _field(at.text_input, "Nguồn").value) == ("tám phẩy năm", "Cục Thống kê")
    _field(at.text_input, "Giá trị").set_value("8,5")
    at.button[0].click().run()
    assert not at.exception
    rows = ind.indicator_values(store).query("indicator_id == 'grdp_growth' and reported_by == 'cuc-thong-ke'")
    assert rows[["year", "value", "source"]].values.tolist() == [[2025, 8.5, "Cục Thống kê"]]
    assert _field(at.text_input, "Giá trị").value == ""  # saved: a new, empty form


def test_a_year_out_of_range_is_refused_in_words_not_by_the_field(isolated_db):
    """The year field had Streamlit's bounds: 2009 typed showed "Error: Number is outside the allowed range"
    in English, and the form went on with the year it had before."""
    store = _store(isolated_db)
    user = auth.create_user(store, "cuc-thong-ke", "mat-khau-rat-dai-3", "reporter", "grdp_growth")
    at = _page(token=auth.start_session(store, user))
    year = _field(at.number_input, "Năm của số liệu")
    assert (year.min, year.max) == (None, None)  # the field itself refuses nothing
    year.set_value(2009)
    _field(at.text_input, "Giá trị").set_value("8,5")
    at.button[0].click().run()
    assert "Năm 2009 phải từ 2010 đến" in _texts(at)
    assert ind.indicator_values(store).query("reported_by == 'cuc-thong-ke'").empty
