"""The export page under Streamlit's AppTest: defaults from the map's view, a file to download."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.export.conftest import MINI

SCRIPT = """
from ui.export_panel import render
render()
"""


@pytest.fixture
def app(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANMAP_DATA_DIR", str(MINI))
    monkeypatch.setenv("PLANMAP_DB_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")
    at = AppTest.from_string(SCRIPT, default_timeout=120)
    return at


def _result(at):
    return at.session_state["_export_result"] if "_export_result" in at.session_state else None


def test_page_renders_in_vietnamese_with_the_whole_view_by_default(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Xuất bản đồ"
    assert app.multiselect(key="export_layers").value == ["urban_areas", "industrial_zones", "ring_road_v", "railways"]
    assert app.selectbox(key="export_format").value == "pdf"
    assert app.slider(key="export_dpi").value == 200


def test_layers_default_to_the_map_pages_session_state(app):
    app.session_state["layer_urban_areas"] = True
    app.session_state["layer_industrial_zones"] = False
    app.session_state["layer_ring_road_v"] = False
    app.session_state["layer_railways"] = True
    app.session_state["classes"] = ["I", "V"]
    app.run()
    assert app.multiselect(key="export_layers").value == ["urban_areas", "railways"]
    assert any("Loại đô thị: I, V" in c.value for c in app.caption)


def test_layers_default_to_the_link(app):
    app.query_params["layers"] = "industrial_zones"
    app.query_params["lang"] = "en"
    app.run()
    assert app.multiselect(key="export_layers").value == ["industrial_zones"]
    assert app.title[0].value == "Export"


def test_make_a_csv_and_offer_it_for_download(app):
    app.run()
    app.selectbox(key="export_format").set_value("csv").run()
    app.button(key="export_make").click().run()
    assert not app.exception
    result = _result(app)
    assert result is not None and result["filename"].endswith(".csv")
    assert result["filename"].startswith("du-lieu-quy-hoach-hai-duong-")
    assert "Lương Điền" in result["data"].decode("utf-8-sig")
    assert "Chuẩn bị đầu tư" in result["data"].decode("utf-8-sig")  # from the store, seeded from progress.csv
    downloads = app.get("download_button")
    assert downloads and result["filename"] in downloads[0].proto.label


def test_make_a_pdf_snapshot_with_options(app):
    from tests.export.conftest import pdf_text
    app.run()
    app.radio(key="export_paper").set_value("A3")
    app.text_input(key="export_title").input("Họp giao ban quý IV")
    app.button(key="export_make").click().run()
    assert not app.exception
    result = _result(app)
    assert result["filename"].startswith("hop-giao-ban-quy-iv-") and result["filename"].endswith(".pdf")
    assert "Họp giao ban quý IV" in pdf_text(result["data"])[0]


def test_no_layer_gives_a_clear_message(app):
    app.run()
    app.multiselect(key="export_layers").set_value([])
    app.button(key="export_make").click().run()
    assert not app.exception
    assert any("Chưa chọn lớp bản đồ nào" in e.value for e in app.error)
    assert _result(app) is None


def test_changed_options_hide_the_old_file(app):
    app.run()
    app.selectbox(key="export_format").set_value("geojson").run()
    app.button(key="export_make").click().run()
    assert app.get("download_button")
    app.selectbox(key="export_format").set_value("csv").run()
    assert not app.get("download_button")
    assert any("Tạo tệp" in i.value for i in app.info)


def test_view_read_on_arrival_is_kept_for_later_reruns(app):
    app.session_state["layer_urban_areas"] = True
    app.session_state["layer_industrial_zones"] = False
    app.session_state["layer_ring_road_v"] = False
    app.session_state["layer_railways"] = False
    app.session_state["statuses"] = ["completed"]
    app.run()
    for key in ("layer_urban_areas", "layer_industrial_zones", "layer_ring_road_v", "layer_railways", "statuses"):
        del app.session_state[key]  # what Streamlit does with another page's widgets
    app.selectbox(key="export_format").set_value("geojson").run()
    app.button(key="export_make").click().run()
    import json
    doc = json.loads(app.session_state["_export_result"]["data"])
    assert [f["properties"]["name"] for f in doc["features"]] == ["Hải Dương"]


def test_extent_choices_frame_the_file(app):
    """A district, or the map page's view when it publishes it: the file shows that ground and says so."""
    import subprocess
    app.run()
    assert app.selectbox(key="export_extent").value == "view"   # not published yet: the map's first view
    app.selectbox(key="export_extent").set_value("district").run()
    app.selectbox(key="export_district").set_value("Thanh Miện")
    app.button(key="export_make").click().run()
    assert not app.exception
    result = _result(app)
    assert "huyen-thanh-mien" in result["filename"]
    text = subprocess.run(["pdftotext", "-", "-"], input=result["data"], capture_output=True).stdout.decode()
    assert "Phạm vi: Huyện Thanh Miện" in " ".join(text.split())


def test_the_map_view_not_yet_known_is_the_province_the_map_first_shows(app):
    """Arriving from the map, the page's first run may not know the view yet (a page change drops the
    address's c/z): "the map's view" is offered all the same, so the choice is not reset when it becomes known."""
    from export.extent import province_extent
    app.run()
    assert app.selectbox(key="export_extent").value == "view"
    app.button(key="export_make").click().run()
    result = _result(app)
    assert result["request"].extent == pytest.approx(province_extent())
    assert "khung-nhin" in result["filename"]


def test_the_maps_view_is_the_default_extent_when_known(app):
    app.session_state["_map_centre_zoom"] = (20.94, 106.33, 13)
    app.run()
    assert app.selectbox(key="export_extent").value == "view"
    app.button(key="export_make").click().run()
    request = _result(app)["request"]
    minx, miny, maxx, maxy = request.extent
    assert minx < 106.33 < maxx and miny < 20.94 < maxy and 0.1 < maxx - minx < 0.2   # zoom 13, 1000 px: about 18 km across


def test_the_map_pages_centre_and_zoom_frame_the_export(app):
    """The page says "export the map you are looking at": the map page's last view (its link's c/z) is the extent."""
    from ui import url_state
    app.session_state[url_state.LAST_VIEW_KEY] = url_state.MapView(map_at=(20.80, 106.20, 12.0))
    app.run()
    assert app.selectbox(key="export_extent").value == "view"
    app.button(key="export_make").click().run()
    minx, miny, maxx, maxy = _result(app)["request"].extent
    assert minx < 106.20 < maxx and miny < 20.80 < maxy and 0.2 < maxx - minx < 0.4   # zoom 12: twice zoom 13's width
