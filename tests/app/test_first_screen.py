"""A session's first screen sends the map alone; every later run is the whole page (ui/first_screen.py)."""
from layers.registry import load_layer
from tests.app.helpers import captions, drawn_ids, map_code, run_app


def _sidebar_widgets(at) -> list:
    return list(at.sidebar.text_input) + list(at.sidebar.checkbox) + list(at.sidebar.radio)


def test_the_first_run_sends_the_map_and_says_the_filters_follow():
    at = run_app(first_screen_only=True)
    assert at.get("component_instance"), "the map is on the first screen"
    assert "streamlit:setComponentValue" in map_code(at) and "pm_drawn" in map_code(at)  # it reports when drawn
    assert _sidebar_widgets(at) == []
    assert captions(at.sidebar) == ["Bộ lọc đang tải, ngay sau bản đồ…"]
    assert not [s for s in at.subheader if s.value == "Thông tin chi tiết"]


def test_the_next_run_is_the_whole_page_and_stays_whole():
    at = run_app(first_screen_only=True)
    at.run()  # what the map's report (or any click) starts
    assert at.sidebar.text_input and at.sidebar.checkbox and at.sidebar.radio
    assert not [c for c in captions(at.sidebar) if c.startswith("Bộ lọc đang tải")]
    assert [s for s in at.subheader if s.value == "Thông tin chi tiết"]
    at.run()
    assert at.sidebar.text_input, "only a session's first run is the map alone"


def test_a_link_applies_on_the_first_screen_and_the_widgets_then_show_it(mini_data):
    at = run_app({"lang": "en", "layers": "urban_areas"}, first_screen_only=True)
    urban = set(load_layer("urban_areas", mini_data).query("placed")["id"])
    assert drawn_ids(at) == urban  # the link's layers, before any widget exists
    assert captions(at.sidebar) == ["The filters are loading, right after the map…"]
    at.run()
    checked = {box.label: box.value for box in at.sidebar.checkbox}
    assert checked["Urban areas to 2030"] is True and checked["Railways"] is False
    assert at.sidebar.radio[0].value == "en"
