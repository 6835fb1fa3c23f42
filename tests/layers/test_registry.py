import pandas as pd
import pytest

from core.errors import DataError
from layers.registry import LAYER_IDS, LAYERS, apply_status, decorate, feature_refs, get_layer, load_all, load_layer


def test_registry_lists_the_four_layers_with_their_css_classes():
    assert LAYER_IDS == ("urban_areas", "industrial_zones", "ring_road_v", "railways")
    assert {s.id: s.css_class for s in LAYERS} == {
        "urban_areas": "pm-urban-area", "industrial_zones": "pm-industrial-zone",
        "ring_road_v": "pm-ring-road", "railways": "pm-railway"}
    assert get_layer("railways").title("en") == "Railways"


def test_unknown_layer_gives_a_message_in_both_languages():
    with pytest.raises(DataError) as info:
        get_layer("metro")
    assert "metro" in info.value.vi and "No map layer" in info.value.en


def test_loading_joins_stations_to_railways_and_measures_in_projected_units(mini_data):
    frames = load_all(mini_data)
    rail = frames["railways"]
    assert {"rail-hanoi-haiphong", "st-hai-duong"} <= set(rail.index)
    assert get_layer("railways").class_for(rail.loc["st-hai-duong"].to_dict()) == "pm-railway-station"
    assert rail.loc["rail-hanoi-haiphong", "length_km"] > 40
    assert not frames["urban_areas"].loc["ua-v-unidentified-1", "placed"]


def test_load_layer_returns_a_copy_so_callers_cannot_corrupt_the_cache(mini_data):
    first = load_layer("urban_areas", mini_data)
    first.loc["ua-hai-duong", "name"] = "changed"
    assert load_layer("urban_areas", mini_data).loc["ua-hai-duong", "name"] == "Hải Dương"


def test_status_overlay_marks_unreported_features_unknown(mini_data):
    frame = load_layer("urban_areas", mini_data)
    state = pd.DataFrame({"feature_id": ["ua-hai-duong"], "status": ["completed"], "progress_pct": [100.0],
                          "as_of": [pd.Timestamp("2019-10-26").date()]})
    out = apply_status(frame, state)
    assert out.loc["ua-hai-duong", "status"] == "completed"
    assert out.loc["ua-chi-linh", "status"] == "unknown"
    assert out.loc["ua-hai-duong", "progress_pct"] == 100


def test_labels_follow_the_language(mini_data):
    frame = apply_status(load_layer("urban_areas", mini_data), None)
    vi, en = decorate(frame, "vi"), decorate(frame, "en")
    assert vi.loc["ua-luong-dien", "urban_class_label"] == "Đô thị loại V"
    assert en.loc["ua-luong-dien", "urban_class_label"] == "Class V urban area"
    assert en.loc["ua-luong-dien", "plan_kind_label"] == "Upgraded from a commune"
    assert vi.loc["ua-chi-linh", "status_label"].startswith("Chưa rõ")


def test_feature_refs_carry_layer_and_districts(mini_data):
    refs = feature_refs(mini_data)
    assert refs["ua-luong-dien"].layer == "urban_areas"
    assert refs["ua-luong-dien"].district == "Cẩm Giàng"
    assert refs["iz-sez"].districts == ("Bình Giang", "Thanh Miện")
    assert refs["iz-sez"].in_scope({"Thanh Miện"}) and not refs["iz-sez"].in_scope({"Gia Lộc"})


def test_every_location_precision_in_the_data_has_words_in_both_languages(real_data):
    from core.vocab import LOCATION_PRECISION

    used = {v for frame in load_all(real_data).values() for v in frame["location_precision"]}
    assert used <= set(LOCATION_PRECISION), used - set(LOCATION_PRECISION)
    frame = decorate(apply_status(load_layer("urban_areas", real_data), None), "vi")
    assert frame["location_precision_label"].notna().all()
