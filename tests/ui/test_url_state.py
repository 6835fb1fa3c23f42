from datetime import date

from layers.query import ViewFilter
from ui import url_state
from ui.url_state import MapView, from_widget_state, parse, to_params


def test_default_view_makes_a_bare_link_and_round_trips():
    assert to_params(MapView()) == {}
    view = MapView(lang="en", filter=ViewFilter(layers=("urban_areas",), classes=("I", "V"), query="kinh mon"),
                   selected="ua-kinh-mon", colour_mode="status", as_of=date(2025, 6, 1), basemap=False)
    assert parse(to_params(view)) == view


def test_malformed_values_fall_back_instead_of_failing():
    view = parse({"lang": "fr", "layers": "metro,railways", "asof": "31/02/2025", "colour": "rainbow"})
    assert view.lang == "vi" and view.filter.layers == ("railways",)
    assert view.as_of is None and view.colour_mode == "class"
    assert parse({"layers": ""}).filter.layers == ()  # every layer switched off is a view too


def test_widget_state_gives_the_view_and_keeps_the_base_for_missing_keys():
    today = date(2026, 11, 27)
    state = {"layer_urban_areas": True, "layer_industrial_zones": False, "layer_ring_road_v": True,
             "layer_railways": False, "classes": ["V", "I"], "statuses": ["unknown"], "query": " luong ",
             "colour_mode": "status", "as_of": today, "basemap": False, "selected": "ua-luong-dien"}
    view = from_widget_state(state, "en", today)
    assert view.filter == ViewFilter(layers=("urban_areas", "ring_road_v"), classes=("I", "V"),
                                     statuses=("unknown",), query="luong")
    assert (view.lang, view.colour_mode, view.as_of, view.basemap, view.selected) == \
        ("en", "status", None, False, "ua-luong-dien")
    base = parse({"sel": "ua-kinh-mon", "asof": "2025-01-01"})
    kept = from_widget_state({"layer_railways": False}, "vi", today, base=base)
    assert kept.selected == "ua-kinh-mon" and kept.as_of == date(2025, 1, 1)
    assert "railways" not in kept.filter.layers and "urban_areas" in kept.filter.layers
    assert url_state.COLOUR_MODES == ("class", "status", "plan", "wastewater", "reporting")
    assert [parse({"colour": m}).colour_mode for m in ("plan", "wastewater", "reporting", "bogus")] == [
        "plan", "wastewater", "reporting", "class"]

def test_no_pill_selected_means_every_class_and_status():
    today = date(2026, 12, 1)
    view = from_widget_state({"classes": [], "statuses": []}, "vi", today)
    assert view.filter.classes == ("I", "II", "III", "IV", "V") and len(view.filter.statuses) == 8
    assert to_params(view) == {}  # the default link
    assert url_state.to_widget_state(MapView(), today)["classes"] == []  # a first visit selects no pill
    assert from_widget_state({"classes": ["IV"]}, "vi", today).filter.classes == ("IV",)


def test_a_link_carries_the_centre_and_zoom():
    view = parse({"c": "20.93,106.31", "z": "12.5"})
    assert view.map_at == (20.93, 106.31, 12.5)
    assert to_params(view) == {"c": "20.93000,106.31000", "z": "12.5"}
    assert parse(to_params(view)) == view
    for bad in ({"c": "abc", "z": "12"}, {"c": "20.9,106.3", "z": "99"}, {"c": "200,106", "z": "10"}, {"z": "10"}):
        assert parse(bad).map_at is None


def test_widget_values_for_a_view_give_that_view_back():
    """The map page re-seeds forgotten widgets from the last view: the two mappings must agree."""
    today = date(2026, 11, 27)
    for view in (MapView(), MapView(lang="en", filter=ViewFilter(layers=("railways",), classes=("II",),
                                                                 statuses=("delayed",), query="kinh mon"),
                                    colour_mode="status", as_of=date(2025, 6, 1), basemap=False)):
        state = url_state.to_widget_state(view, today)
        assert set(state) == set(url_state.WIDGET_KEYS)
        assert from_widget_state(state, view.lang, today) == view
