"""The map page under Streamlit's AppTest: widgets change what is built."""
import pytest

from progress import auth
from tests.app.helpers import (css_classes, drawn_ids, facts, feature_props, map_args, map_code, md_tables, page_heading,
                               run_app)
from tests.conftest import REPO


def test_default_view_draws_every_placed_feature_of_all_layers():
    at = run_app()
    leaders = {"pm-leader", "pm-leader-home"}  # the spread of stacked points (mapview.spread), not layers
    grades = {"pm-approximate", "pm-placeholder"}  # the outline of a point not at an exact position, not layers
    assert "pm-approximate" in css_classes(at)  # the KCN at commune centres
    assert css_classes(at) - leaders - grades == {"pm-urban-area", "pm-industrial-zone", "pm-ring-road", "pm-railway",
                                         "pm-railway-station"}
    ids = drawn_ids(at)
    assert {"ua-hai-duong", "ua-luong-dien", "iz-dai-an", "rr5-hai-duong", "rail-hanoi-haiphong"} <= ids
    assert "ua-v-unidentified-1" not in ids  # not placed: listed, not drawn
    assert page_heading(at) == "Bản đồ quy hoạch Hải Dương 2030"


def test_summary_counts_follow_the_filters(mini_data):
    import json

    features = json.loads((mini_data / "urban_areas.geojson").read_text(encoding="utf-8"))["features"]
    in_data = {c: str(sum(f["properties"]["urban_class"] == c for f in features)) for c in ("I", "V")}
    at = run_app()
    per_class = md_tables(at)["Loại đô thị"]
    assert (per_class["Đô thị loại I"], per_class["Đô thị loại V"]) == (in_data["I"], in_data["V"])
    at.button_group(key="classes").set_value(["V"]).run()
    per_class = md_tables(at)["Loại đô thị"]
    assert (per_class["Đô thị loại I"], per_class["Đô thị loại V"]) == ("0", in_data["V"])


def test_as_of_button_shows_the_date_in_force():
    at = run_app({"asof": "2025-06-01"})
    labels = [p.proto.popover.label for p in at.get("popover")]
    assert "Tính đến ngày: 01/06/2025" in labels


def test_map_returns_only_clicks_and_drawings_so_panning_does_not_rerun():
    assert map_args(run_app())["returned_objects"] == ["last_active_drawing", "all_drawings"]


def test_class_filter_changes_what_is_built():
    at = run_app()
    at.button_group(key="classes").set_value(["I"]).run()
    ids = drawn_ids(at)
    assert "ua-hai-duong" in ids and "ua-luong-dien" not in ids
    assert "rr5-hai-duong" in ids  # other layers are not filtered by urban class
    assert at.query_params["cls"] == "I"


def test_turning_a_layer_off_removes_it():
    at = run_app()
    at.checkbox(key="layer_ring_road_v").uncheck().run()
    assert "pm-ring-road" not in css_classes(at)
    assert "rr5-hai-duong" not in drawn_ids(at)


def _search_and_open(at, typed: str, options: list[str], fid: str) -> None:
    """Type ``typed`` in the search box, check the places offered, open ``fid``."""
    at.text_input(key="query").input(typed).run()
    results = at.radio(key="search_choice")
    assert results.options == options
    results.set_value(fid).run()
    assert at.session_state["selected"] == fid


def test_search_without_diacritics_selects_and_shows_details():
    at = run_app()
    _search_and_open(at, "luong dien", ["Lương Điền — Đô thị đến năm 2030"], "ua-luong-dien")
    assert facts(at)["Huyện (2023)"] == "Cẩm Giàng"
    assert map_args(at)["zoom"] == 12  # zoomed to the selection
    assert at.query_params["sel"] == "ua-luong-dien"


def test_english_switch_changes_labels_and_legend():
    at = run_app()
    at.radio(key="lang").set_value("en").run()
    assert page_heading(at) == "Hải Dương 2030 planning map"
    assert at.checkbox(key="layer_railways").label == "Railways"
    assert "Legend" in map_code(at)
    assert at.query_params["lang"] == "en"


def test_deep_link_restores_the_view():
    at = run_app({"lang": "en", "layers": "urban_areas,railways", "cls": "I,V", "sel": "ua-dong-cam",
                  "colour": "status"})
    assert at.checkbox(key="layer_ring_road_v").value is False
    assert at.checkbox(key="layer_railways").value is True
    ids = drawn_ids(at)
    assert {"ua-hai-duong", "ua-luong-dien", "ua-dong-cam"} <= ids and "ua-chi-linh" not in ids
    assert "Đồng Cẩm" in at.markdown[0].value
    assert facts(at)["Name in the program"] == "Đông Cẩm"
    assert at.radio(key="colour_mode").value == "status"


def test_unplaced_area_is_listed_and_counted_and_says_so():
    at = run_app({"sel": "ua-v-unidentified-1"})
    assert any("Chưa xác định" in w.value for w in at.warning)
    assert md_tables(at)["Loại đô thị"]["Đô thị loại V"] == "3"
    assert not at.dataframe  # the table of features waits until asked for
    at.toggle(key="show_feature_table").set_value(True).run()
    table = at.dataframe[-1].value
    assert "Đô thị loại V chưa xác định (1)" in set(table["Tên"])


def test_hostile_names_are_shown_as_text():
    at = run_app({"sel": "ua-xss"})
    assert at.markdown[0].value.startswith("**\\<img src=x onerror=alert\\(1\\)\\>Thử**")


@pytest.mark.parametrize("today, due_words", [
    ("2026-11-20", "hạn nộp 05/12/2026 — còn 15 ngày"),
    ("2026-12-05", "hôm nay (05/12/2026) là hạn nộp cuối cùng"),  # the deadline day in Vietnam
])
def test_details_show_the_stores_progress_and_overdue_mark(monkeypatch, today, due_words):
    monkeypatch.setenv("PLANMAP_TODAY", today)  # the cycle's wording depends on the day; CI runs on any day
    at = run_app({"sel": "ua-hai-duong"})
    shown = facts(at)
    assert shown["Tình trạng"] == "Hoàn thành"
    assert shown["Tiến độ"] == "100%"
    assert not any("Chưa báo cáo kỳ này" in w.value for w in at.warning)  # finished: owes no report
    at = run_app({"sel": "rr5-hai-duong"})
    assert facts(at)["Tình trạng"] == "Chuẩn bị đầu tư"
    assert any("Chưa báo cáo kỳ này — Kỳ báo cáo năm" in w.value and due_words in w.value.replace("\\", "")
               for w in at.warning)  # seed only


def test_as_of_date_redraws_the_past_and_new_reports_show_at_once():
    from datetime import date

    from core.features import FeatureRef
    from progress import ProgressStore
    from progress.rules import ReportIn

    at = run_app({"sel": "rr5-hai-duong", "asof": "2025-06-01", "colour": "status"})
    assert any("Chưa có báo cáo" in c.value for c in at.caption)
    assert feature_props(at, "rr5-hai-duong")["status_label"] == "Chưa rõ (chưa có nguồn)"  # before its first report
    store = ProgressStore()
    store.migrate()
    refs = {"rr5-hai-duong": FeatureRef("rr5-hai-duong", "ring_road_v", "Vành đai 5", None, ("Tứ Kỳ",))}
    reporter = auth.create_user(store, "so-gtvt", "mật-khẩu-thử-nghiệm-dài", "reporter", ["Tứ Kỳ"])
    store.add_report(ReportIn("rr5-hai-duong", "in_progress", 12.0, date.today(), note="Khởi công", unit="Sở GTVT"),
                     reporter, refs)
    at = run_app({"sel": "rr5-hai-duong"})
    shown = facts(at)
    assert shown["Tình trạng"] == "Đang triển khai / thi công"
    assert shown["Đơn vị báo cáo"] == "Sở GTVT"
    assert not any("Chưa báo cáo kỳ này" in w.value for w in at.warning)


def test_dates_are_vietnam_dates_and_a_future_link_date_is_clamped():
    from core.clock import today_vn

    at = run_app({"asof": "2999-01-01"})
    assert at.date_input(key="as_of").value == today_vn()
    assert "asof" not in at.query_params


def test_features_stacked_on_one_placeholder_point_are_listed_and_selectable(monkeypatch):
    from tests.conftest import REAL_DATA

    if not (REAL_DATA / "urban_areas.geojson").exists():
        import pytest

        pytest.skip("data/ not present")
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(REAL_DATA))
    at = run_app({"sel": "ua-tt-lai-cach"})
    stacked = [b for b in at.button if b.key and b.key.startswith("same_spot_")]
    assert stacked, "the industrial zones placed on Lai Cách's point should be listed"
    target = stacked[0].key.removeprefix("same_spot_")
    stacked[0].click().run()
    assert at.session_state["selected"] == target


def test_summary_says_its_date_and_what_each_table_counts():
    at = run_app({"asof": "2025-06-01"})
    tables = md_tables(at)
    urban, all_shown = tables["Loại đô thị"]["Tổng"], tables["Tình trạng"]["Tổng"]
    assert int(all_shown) > int(urban) > 0
    note = next(c.value for c in at.caption if c.value.startswith("Tình trạng tính đến ngày"))
    assert note.startswith("Tình trạng tính đến ngày 01/06/2025.") and f"{urban} đô thị" in note
    at.radio(key="lang").set_value("en").run()
    assert any(c.value.startswith("Status as of 2025-06-01.") for c in at.caption)


def test_base_boundaries_are_on_and_the_osm_background_off_by_default():
    at = run_app()
    assert at.checkbox(key="boundaries").value is True
    assert at.checkbox(key="boundaries").label == "Ranh giới hành chính (2019–2025)"
    assert at.checkbox(key="basemap").value is False
    script = map_code(at)
    assert "className: 'pm-boundary'" in script and "tile.openstreetmap.org" not in script
    assert "bnd" not in at.query_params and "base" not in at.query_params  # defaults keep the link short


def test_reference_toggles_rebuild_the_map_and_go_into_the_link():
    at = run_app()
    at.checkbox(key="boundaries").uncheck().run()
    assert "pm-boundary" not in map_code(at) and at.query_params["bnd"] == "0"
    at.checkbox(key="basemap").check().run()
    assert "tile.openstreetmap.org" in map_code(at) and at.query_params["base"] == "1"
    at.radio(key="lang").set_value("en").run()
    assert at.checkbox(key="boundaries").label == "Administrative boundaries (2019–2025)"
    assert at.checkbox(key="boundaries").value is False  # the choice survives the language switch
    old_link = run_app({"base": "1", "bnd": "0"})
    assert old_link.checkbox(key="basemap").value is True and old_link.checkbox(key="boundaries").value is False


def test_communes_2025_layer_is_offered_off_and_drawn_when_ticked(monkeypatch):
    import json

    import geo.base_geography as base

    monkeypatch.setattr(base, "ADMIN_2025_DIR", REPO / "tests" / "fixtures" / "admin_2025")
    at = run_app()
    box = at.checkbox(key="communes_2025")
    assert box.value is False and not box.disabled
    assert "pm-commune-2025" not in map_code(at)
    box.check().run()
    script = map_code(at)
    assert '"className": "pm-commune-2025"' in script and json.dumps("Xã Thử Nghiệm Một")[1:-1] in script
    assert at.query_params["c25"] == "1"
    assert "c25-fixture-a" not in drawn_ids(at)  # a reference, not a feature of the plan


def test_communes_2025_toggle_says_why_when_the_dataset_is_missing(monkeypatch, tmp_path):
    import geo.base_geography as base

    monkeypatch.setattr(base, "ADMIN_2025_DIR", tmp_path)
    at = run_app({"c25": "1"})
    box = at.checkbox(key="communes_2025")
    assert box.disabled and "communes_2025.geojson" in box.help
    assert "pm-commune-2025" not in map_code(at)
    assert not at.exception


def test_search_finds_a_zone_named_kcn_when_typed_in_full():
    """The fixture names its zone "KCN Đại An": typed in full, without diacritics, it is found and opened."""
    at = run_app()
    _search_and_open(at, "khu cong nghiep dai an", ["KCN Đại An — Khu công nghiệp"], "iz-dai-an")


@pytest.mark.parametrize("broken_part", ["_show_plan_map", "details"])
def test_an_error_in_a_fragment_shows_the_guards_message_and_the_rest_of_the_page(monkeypatch, broken_part):
    """The map and the details are drawn by fragments (the map's, and the filtered part holding it), where
    Streamlit would show an error as a traceback before the page's guard saw it: the guard's short message
    shows instead, and what the broken part does not hold is still drawn."""
    from ui import map_page

    def broken(*_args, **_kwargs):
        open("/srv/planmap/secret/map.toml")  # FileNotFoundError naming a server path

    at = run_app()
    monkeypatch.setattr(map_page, broken_part, broken)
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "lỗi ngoài dự kiến" in at.error[0].value
    assert "/srv/planmap" not in " ".join(str(m.value) for m in at.markdown)
    if broken_part == "details":
        assert map_code(at)  # the map, drawn before the details, still there
    else:
        assert "Thông tin chi tiết" in [h.value for h in at.subheader]  # the details still drawn
