"""The details beside the map under AppTest: no machine words, the latest report's note and evidence,
each section of a shared feature, and details that close when their layer is hidden."""
from __future__ import annotations

from datetime import date

from progress import ProgressStore, ReportIn, auth
from tests.app.helpers import facts, run_app


def _store_and_refs(mini_data):
    from layers.registry import feature_refs

    store = ProgressStore()
    store.migrate()
    return store, feature_refs(mini_data)


def test_details_show_the_latest_note_and_evidence_and_no_machine_words(mini_data):
    store, refs = _store_and_refs(mini_data)
    admin = auth.create_user(store, "quan-tri", "mật-khẩu-thử-nghiệm-dài", "admin", "*")
    store.add_report(ReportIn("ua-hai-duong", "in_progress", None, date(2024, 3, 1)), admin, refs)  # no unit, no figure
    store.add_report(ReportIn("ua-hai-duong", "completed", 100, date(2025, 3, 1), note="Đã công nhận",
                              evidence_url="https://example.org/qd-123", unit="UBND tỉnh"), admin, refs)
    at = run_app({"sel": "ua-hai-duong", "asof": "2024-06-01"})
    shown = facts(at)
    assert shown["Đơn vị báo cáo"] == "—" and shown["Tiến độ"] == "—"
    page = " ".join(str(m.value) for m in at.markdown)
    for word in ("nan", "None", "NaT", "<NA>"):
        assert f" {word}" not in page and f":** {word}" not in page
    at = run_app({"sel": "ua-hai-duong"})
    shown = facts(at)
    assert shown["Ghi chú"] == "Đã công nhận"
    assert "https://example.org/qd" in shown["Minh chứng"]  # a link, from the latest report


def test_a_shared_feature_shows_each_section_and_how_the_overall_state_is_derived(mini_data):
    store, refs = _store_and_refs(mini_data)
    tk = auth.create_user(store, "tu-ky", "mật-khẩu-thử-nghiệm-dài", "reporter", ["Tứ Kỳ"])
    store.add_report(ReportIn("rr5-hai-duong", "in_progress", 30, date(2026, 10, 1), section="Tứ Kỳ"), tk, refs)
    at = run_app({"sel": "rr5-hai-duong"})
    assert not at.exception, at.exception
    sections = next(df.value for df in at.dataframe if "Đoạn" in df.value.columns and "Người báo cáo" in df.value.columns)
    rows = sections.set_index("Đoạn")
    assert rows.loc["Tứ Kỳ", "Tình trạng"] == "Đang triển khai / thi công" and rows.loc["Tứ Kỳ", "%"] == "30%"
    assert rows.loc["Ninh Giang", "Tình trạng"] != "Đang triển khai / thi công"  # its own latest word, not Tứ Kỳ's
    overall = next(c.value for c in at.caption if "Tình trạng chung" in c.value).replace("\\", "")
    # Ninh Giang has no report yet: the whole is as far as its slowest section, and no mean is made up.
    assert overall.startswith("Tình trạng chung: Chưa rõ (chưa có nguồn); tiến độ chung: —.")
    assert "đoạn chậm nhất" in overall and "1/2 đoạn đã có báo cáo" in overall


def test_details_close_when_their_layer_is_hidden():
    at = run_app({"sel": "rr5-hai-duong"})
    assert at.session_state["selected"] == "rr5-hai-duong"
    at.checkbox(key="layer_ring_road_v").uncheck().run()
    assert at.session_state["selected"] is None
    assert any("Bấm vào một đối tượng" in c.value for c in at.caption)
    assert "sel" not in at.query_params


def test_the_map_colours_by_the_reporting_cycle(monkeypatch, mini_data):
    """Colour mode "reporting this cycle": reported places green, the others amber (1 Dec 2026, deadline ahead)."""
    import json

    from core.vocab import CYCLE_STATES
    from tests.app.helpers import map_code

    monkeypatch.setenv("PLANMAP_TODAY", "2026-12-01")
    store, refs = _store_and_refs(mini_data)
    admin = auth.create_user(store, "quan-tri", "mật-khẩu-thử-nghiệm-dài", "admin", "*")
    store.add_report(ReportIn("ua-hai-duong", "in_progress", 50, date(2026, 11, 1)), admin, refs)
    at = run_app({"colour": "reporting"})
    assert not at.exception, at.exception
    script = map_code(at)
    assert json.dumps(CYCLE_STATES["reported"].colour) in script and json.dumps(CYCLE_STATES["not_yet"].colour) in script
    def coded(text: str) -> str:  # the legend travels as a JSON string (non-ASCII escaped)
        return json.dumps(text)[1:-1]

    assert coded("Đã báo cáo kỳ này") in script and coded("Quá hạn báo cáo") not in script  # only what is drawn
    assert at.radio(key="colour_mode").value == "reporting"


def test_the_legal_basis_of_today_is_labelled_in_words(monkeypatch, real_data):
    """The 2025/2026 legal notes of an urban area were labelled with machine names:
    "in_provincial_plan: Có trong quy hoạch tỉnh", "class_2026: Đô thị loại II (suy ra …)"."""
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(real_data))
    for lang, plan_label, class_label in (
        (None, "Quy hoạch tỉnh (QĐ 1639/QĐ-TTg)", "Loại đô thị từ 01/01/2026"),
        ("en", "Provincial plan (QĐ 1639/QĐ-TTg)", "Urban class since 1 Jan 2026"),
    ):
        at = run_app({"sel": "ua-tp-hai-duong", **({"lang": lang} if lang else {})})
        shown = facts(at)
        assert plan_label in shown and class_label in shown, sorted(shown)
        assert "NQ 111/2025/UBTVQH15" in shown[class_label]
        assert not any(label.startswith(("in_provincial_plan", "class_2026")) for label in shown), sorted(shown)


def test_the_history_chart_names_only_its_statuses_one_a_line(mini_data):
    """The chart's legend listed all eight statuses in one row: cut after two in the details column at
    1366 px and on a phone, and the plot squeezed to a sliver."""
    import json

    store, refs = _store_and_refs(mini_data)
    admin = auth.create_user(store, "quan-tri", "mật-khẩu-thử-nghiệm-dài", "admin", "*")
    store.add_report(ReportIn("ua-hai-duong", "in_progress", 40, date(2025, 3, 1)), admin, refs)
    store.add_report(ReportIn("ua-hai-duong", "completed", 100, date(2026, 3, 1)), admin, refs)
    at = run_app({"sel": "ua-hai-duong"})
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    spec = next(c for c in charts if "layer" in c)
    legend = next(layer["encoding"]["color"]["legend"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert legend["values"] == ["Đang triển khai / thi công", "Hoàn thành"]  # the two it has, in the legend's order
    assert legend["direction"] == "vertical" and legend["columns"] == 1 and legend["labelLimit"] == 0
    assert spec["height"] >= 200 + 22 * len(legend["values"])  # the legend's lines do not eat the plot
    # The time axis is ticked at the reports' dates, day first ("%m/%Y" on daily ticks repeated one month).
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["format"] == "%d/%m/%Y"
    assert [(v["year"], v["month"], v["date"]) for v in axis["values"]] == [(2025, 3, 1), (2026, 3, 1)]


def test_a_seed_row_reads_as_the_compilers_check_not_a_report():
    """The first statuses of progress.csv are dated by their source (or the day the sources were checked): the
    details said "Báo cáo gần nhất: 01/11/2026", as if a unit had reported then (walk 16, finding 5)."""
    at = run_app({"sel": "ua-hai-duong"})                                  # the store seeds itself on first run
    shown = facts(at)
    assert shown["Kiểm tra nguồn (dữ liệu ban đầu)"] == "26/10/2019"
    assert "Báo cáo gần nhất" not in shown
    assert shown["Người báo cáo"].startswith("Dữ liệu ban đầu")


def test_a_units_report_after_the_seed_is_the_latest_report(mini_data):
    store, refs = _store_and_refs(mini_data)
    store.add_report(ReportIn("ua-hai-duong", "operating", None, date(2026, 11, 20)),
                     auth.create_user(store, "quan-tri", "mật-khẩu-thử-nghiệm-dài", "admin", "*"), refs)
    shown = facts(run_app({"sel": "ua-hai-duong"}))
    assert shown["Báo cáo gần nhất"] == "20/11/2026" and "Kiểm tra nguồn (dữ liệu ban đầu)" not in shown


def test_a_seed_note_is_vietnamese_in_vietnamese_and_english_in_english(monkeypatch, tmp_path):
    """No raw English in a Vietnamese note ("… (tiếng Anh trong nguồn: not found — không tìm thấy)"), and English
    mode shows the seed's English note (walk 16, finding 15)."""
    seed = tmp_path / "progress.csv"
    seed.write_text("feature_id,status,progress_pct,as_of,note,note_en,source\n"
                    "ua-hai-duong,unknown,,2026-11-01,Không tìm thấy nguồn về tiến độ.,No source on progress found.,\n",
                    encoding="utf-8")
    monkeypatch.setenv("PLANMAP_SEED_CSV", str(seed))
    shown = facts(run_app({"sel": "ua-hai-duong"}))
    assert shown["Ghi chú"] == "Không tìm thấy nguồn về tiến độ."
    import streamlit as st

    st.cache_data.clear()
    shown = facts(run_app({"sel": "ua-hai-duong", "lang": "en"}))
    assert shown["Note"] == "No source on progress found."
    assert shown["Source check (first data)"] == "2026-11-01"


def test_numbers_in_the_details_are_written_the_vietnamese_way_and_a_station_lies_in_a_district():
    """Ring Road V showed "Chiều dài theo nguồn (km): 52.7" beside "59,6 km"; a station said "Đi qua (huyện 2023)",
    the words for a line (walk 16, finding 16)."""
    road = facts(run_app({"sel": "rr5-hai-duong"}))
    assert road["Chiều dài theo nguồn"] == "52,7 km" and "Chiều dài theo nguồn (km)" not in road
    assert road["Chiều dài đo trên sơ đồ"].endswith(" km") and "." not in road["Chiều dài đo trên sơ đồ"]
    assert "Đi qua (huyện 2023)" in road
    station = facts(run_app({"sel": "st-hai-duong"}))
    assert "Huyện (2023)" in station and "Đi qua (huyện 2023)" not in station
    english = facts(run_app({"sel": "rr5-hai-duong", "lang": "en"}))
    assert english["Reported length"] == "52.7 km"


def test_the_stack_caption_counts_the_places_and_calls_only_a_placeholder_a_placeholder(monkeypatch):
    """"Cùng vị trí … (vị trí tạm đặt …)" was said of every stack, also of TT Phú Thái at its own coordinate
    (walk 16, finding 14)."""
    import pytest

    from tests.conftest import REAL_DATA

    if not (REAL_DATA / "urban_areas.geojson").exists():
        pytest.skip("data/ not present")
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(REAL_DATA))

    def caption(at) -> str:
        return next(c.value for c in at.caption if c.value.startswith(("Cùng vị trí", "At the same spot")))

    town = caption(run_app({"sel": "ua-tt-phu-thai"}))                 # TT + KCN + ga, a Wikipedia coordinate
    assert town.startswith("Cùng vị trí (3 địa điểm)") and "tạm đặt" not in town
    station = caption(run_app({"sel": "st-hai-duong"}))                # a district-centre placeholder
    assert station.startswith("Cùng vị trí (2 địa điểm)") and "vị trí tạm đặt" in station
