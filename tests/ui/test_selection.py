"""What the map's report says was clicked: a place selects it, a drawn shape or no click selects nothing."""
from ui.selection import clicked_place


def test_a_click_on_a_place_names_it_and_a_drawn_shape_or_nothing_names_none():
    place = {"type": "Feature", "properties": {"id": "ua-ninh-giang", "name": "Ninh Giang"},
             "geometry": {"type": "Point", "coordinates": [106.4, 20.7]}}
    shape = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [106.3, 20.9]}}
    assert clicked_place({"last_active_drawing": place, "all_drawings": []}) == "ua-ninh-giang"
    assert clicked_place({"last_active_drawing": shape, "all_drawings": [shape]}) is None
    assert clicked_place({"last_active_drawing": {"type": "Feature", "properties": None}}) is None
    assert clicked_place({"last_active_drawing": None, "pm_drawn": True}) is None  # the map saying it has drawn
    assert clicked_place(None) is None
