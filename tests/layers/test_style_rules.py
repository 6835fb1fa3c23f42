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


PLAN, WASTEWATER, REPORTING = StyleContext("plan"), StyleContext("wastewater", "en"), StyleContext("reporting")


def test_colour_modes_of_the_merged_main_are_data_too():
    from core.vocab import CYCLE_STATES
    from layers.plan_comparison import PLAN_MATCH

    urban, zones = get_layer("urban_areas"), get_layer("industrial_zones")
    town = {"urban_class": "II", "status": "delayed", "in_provincial_plan": "no", "cycle_state": "overdue"}
    assert urban.style_of(town, PLAN).fill_colour == PLAN_MATCH["program_only"].colour
    assert urban.style_of(town, WASTEWATER).fill_colour == "#e65100"            # towns keep their class colour
    assert urban.style_of(town, REPORTING).fill_colour == CYCLE_STATES["overdue"].colour
    assert not urban.shows_status(town, WASTEWATER) and not urban.shows_status(town, PLAN)
    plan_legend = [e.label for e in urban.legend(PLAN)]
    assert plan_legend[0] == PLAN_MATCH["both"].vi and len(plan_legend) == len(PLAN_MATCH) + 5
    assert urban.legend(WASTEWATER)[0].style.fill_colour == "#b71c1c"
    zone = {"wastewater_treatment": "no", "status": "operating", "area_ha": 200.0}
    assert zones.style_of(zone, WASTEWATER).fill_colour == "#c62828"
    assert zones.style_of({**zone, "wastewater_treatment": None}, WASTEWATER).fill_colour == "#b0bec5"
    assert zones.style_of(zone, CLASS).fill_colour == "#00897b"                  # status colour otherwise
    labels = [e.label for e in zones.legend(WASTEWATER)]
    assert labels[0] == "Central wastewater treatment: Yes" and not any("indicative" in x for x in labels)
    assert set(zones.colour_modes) == {"wastewater"} and urban.colour_modes == ("plan",)
    assert zones.marker == "s" and get_layer("railways").marker == "D"
