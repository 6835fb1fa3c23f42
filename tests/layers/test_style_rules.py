"""The styles plan.toml writes as data, drawn as users see them on the map and in the legends."""
from __future__ import annotations

from layers.base import StyleContext
from layers.registry import get_layer

CLASS, STATUS = StyleContext("class"), StyleContext("status", "en")


def test_urban_areas_show_their_class_or_their_status_as_the_user_chooses():
    urban = get_layer("urban_areas")
    props = {"urban_class": "I", "status": "delayed"}
    assert urban.style_of(props, CLASS).fill_colour == "#b71c1c"          # class I red
    assert urban.style_of(props, STATUS).fill_colour == "#e53935"         # behind schedule
    assert urban.style_of(props, CLASS).radius > urban.style_of({"urban_class": "V"}, CLASS).radius
    assert not urban.shows_status(props, CLASS) and urban.shows_status(props, STATUS)
    legend = urban.legend(STATUS)
    assert [e.label for e in legend][0] == "Class I urban area" and {e.style.fill_colour for e in legend} == {"#ffffff"}


def test_a_rule_with_when_styles_only_the_features_it_names():
    zones, rail = get_layer("industrial_zones"), get_layer("railways")
    area = zones.style_of({"geometry_kind": "indicative_area", "status": "planned"}, CLASS)
    assert area.dash == "6 4" and area.radius == 0
    assert zones.style_of({"area_ha": 400}, CLASS).radius > zones.style_of({"area_ha": 100}, CLASS).radius
    station = {"line_id": "rail-hanoi-haiphong", "status": "operating"}
    assert rail.class_for(station) == "pm-railway-station" and not rail.shows_status(station, CLASS)
    assert rail.class_for({"line_id": float("nan")}) == "pm-railway" and rail.shows_status({}, CLASS)


def test_dash_follows_the_yes_no_field_and_its_missing_value():
    ring, rail = get_layer("ring_road_v"), get_layer("railways")
    assert ring.style_of({}, CLASS).dash == "10 7"                       # missing: indicative (schematic)
    assert ring.style_of({"indicative": False}, CLASS).dash is None
    assert rail.style_of({}, CLASS).dash is None                          # missing: surveyed
    assert rail.style_of({"indicative": True}, CLASS).dash == "4 6"
