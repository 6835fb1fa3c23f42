"""The map's base and reference layers and its honest symbols, read from the code the browser gets."""
from __future__ import annotations

import json
import re

import pytest
from streamlit_folium import _get_map_string

from core.vocab import is_approximate
from geo.base_geography import load_communes_2025, load_districts
from layers.base import StyleContext
from layers.registry import LAYER_IDS, apply_status, decorate, feature_refs, get_layer, load_all
from mapview.build import APPROXIMATE_CLASS, MapOptions, build_map, payload_size, style_groups
from tests.conftest import REPO

FIXTURE_COMMUNES = REPO / "tests" / "fixtures" / "admin_2025"
MAX_PAYLOAD = 150 * 1024


def _frames(data_dir, lang="vi"):
    return {k: decorate(apply_status(v, None), lang) for k, v in load_all(data_dir).items()}


def _page(data_dir, options=MapOptions(), **kwargs) -> str:
    return build_map(_frames(data_dir, options.lang), options, **kwargs).get_root().render()


def _base_collections(html: str) -> list:
    """The GeoJSON the base layer's script hands to ``L.geoJSON(…)``: the mask, then the districts."""
    return [json.loads(m) for m in re.findall(r"L\.geoJSON\((\{.*?\}), Object\.assign", html)]


def test_base_draws_the_12_districts_with_their_names_under_everything(mini_data):
    html = _page(mini_data)
    mask, districts = _base_collections(html)
    names = sorted(f["properties"]["name"] for f in districts["features"])
    assert names == sorted(load_districts()["name"])
    assert len(names) == 12 and mask["geometry"]["type"] == "Polygon" and len(mask["geometry"]["coordinates"]) >= 2
    # Each name is written on the map (as JSON, escaped), in the label pane, never catching the mouse.
    for name in names:
        assert json.dumps(name) in html
    assert "className: 'pm-boundary'" in html and "className: 'pm-outside'" in html
    assert html.count("interactive: false") >= 2
    # The base pane sits under Leaflet's overlay pane (400), where the plan's layers are.
    assert int(re.search(r'createPane\("pm-base"\)\.style\.zIndex = (\d+)', html).group(1)) < 400
    assert html.index("pm-boundary") < html.index('"className": "pm-urban-area"')


def test_base_layer_can_be_turned_off(mini_data):
    html = _page(mini_data, MapOptions(boundaries=False))
    assert "pm-boundary" not in html and "pm-district-label" not in html


def test_basemap_is_off_by_default_and_credits_nothing(mini_data):
    html = _page(mini_data)
    assert "tile.openstreetmap.org" not in html and "OpenStreetMap" not in html


def test_basemap_credit_waits_for_a_tile_and_failure_is_told(mini_data):
    html = _page(mini_data, MapOptions(basemap=True, lang="en"))
    script = html[html.index("L.tileLayer("):]
    assert "attribution: ''" in script[:200]  # no credit until a tile has loaded …
    assert script.index("'tileload'") < script.index("addAttribution")
    assert "'tileerror'" in script and "pm-tiles-notice" in script
    assert "could not be loaded" in script  # … and the failure is said in the user's language
    vi = _page(mini_data, MapOptions(basemap=True, lang="vi"))
    assert json.dumps("Không tải được nền OpenStreetMap")[1:-1] in vi


def test_approximate_points_get_the_dashed_ring_and_the_legend_says_so(real_data):
    frames = _frames(real_data)
    ctx = StyleContext()
    for layer_id in ("urban_areas", "industrial_zones", "railway_stations"):
        if layer_id not in frames:
            continue
        spec = get_layer(layer_id)
        for (style, css), records in style_groups(frames[layer_id], spec, ctx).items():
            for _, props in records:
                approx = bool(style.radius) and is_approximate(props.get("location_precision"))
                assert (APPROXIMATE_CLASS in css.split()) == approx, props["id"]
                assert (style.dash is not None) == approx or not style.radius
    en = _page(real_data, MapOptions(lang="en"))
    vi = _page(real_data)
    assert "Approximate position" in en and json.dumps("Vị trí gần đúng")[1:-1] in vi
    assert 'stroke-dasharray=\\"3 2\\"' in en  # the legend's swatch is the dashed ring too


def test_industrial_zones_with_known_area_are_area_true_symbols(real_data):
    from layers.symbols import UNKNOWN_AREA_RADIUS, area_radius

    zones = load_all(real_data)["industrial_zones"]
    points = zones[zones.geometry.geom_type == "Point"]
    known = points[points["area_ha"].notna()]
    assert len(known) >= 5
    spec = get_layer("industrial_zones")
    radii = {fid: spec.style_of(row, StyleContext()).radius for fid, row in known.iterrows()}
    # the circle's area follows the zone's area (within the pixel rounding)
    for (a, ra), (b, rb) in zip(known["area_ha"].items(), list(known["area_ha"].items())[1:]):
        assert radii[a] ** 2 / radii[b] ** 2 == pytest.approx(ra / rb, rel=0.35)
    biggest, smallest = known["area_ha"].idxmax(), known["area_ha"].idxmin()
    assert radii[biggest] > radii[smallest]
    assert UNKNOWN_AREA_RADIUS < min(radii.values()) and area_radius(None) == UNKNOWN_AREA_RADIUS
    # the specialised zone keeps its indicative polygon
    sez = zones[zones["geometry_kind"] == "indicative_area"]
    assert len(sez) == 1 and not spec.style_of(sez.iloc[0], StyleContext()).radius
    assert "ha" in _page(real_data)  # the size key is in the legend


def test_polygons_are_wound_counter_clockwise_as_rfc_7946_asks(real_data):
    import shapely

    for path in real_data.glob("*.geojson"):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            geom = feature.get("geometry") or {}
            polys = [geom["coordinates"]] if geom.get("type") == "Polygon" else \
                geom.get("coordinates", []) if geom.get("type") == "MultiPolygon" else []
            for rings in polys:
                assert shapely.LinearRing(rings[0]).is_ccw, feature["properties"]["id"]
                assert all(not shapely.LinearRing(r).is_ccw for r in rings[1:]), feature["properties"]["id"]


def test_stacked_points_are_spread_and_the_legend_explains_the_leader_lines(mini_data):
    html = _page(mini_data, MapOptions(lang="en"))
    spread = html[html.index("var classes = "):]
    classes = json.loads(re.match(r"var classes = (\[.*?\])", spread).group(1))
    assert set(classes) == {"pm-urban-area", "pm-industrial-zone", "pm-railway-station"}
    assert "map.on('zoomend', layout)" in spread
    assert "spread out, linked to the true position" in html
    lines_only = build_map({"ring_road_v": _frames(mini_data)["ring_road_v"]}).get_root().render()
    assert "var classes" not in lines_only and "spread out" not in lines_only

def test_communes_2025_are_a_reference_layer_never_a_reportable_feature(mini_data):
    communes = load_communes_2025(FIXTURE_COMMUNES)
    html = _page(mini_data, MapOptions(lang="en"), communes_2025=communes)
    assert '"className": "pm-commune-2025"' in html
    for fid in communes.index:
        assert fid not in html  # no id travels: a click on a seat selects nothing
    assert "pm-commune-label" in html and "Formed from" in html
    assert json.dumps("Xã Lương Điền, Xã Cẩm Phúc")[1:-1] in html
    assert "<img src=x onerror" not in re.sub(r'"[^"]*"', '""', html)
    assert not any(str(fid).startswith("c25-") for fid in feature_refs(mini_data))
    assert all(not layer.startswith("communes") for layer in LAYER_IDS)
    assert "pm-commune-2025" not in _page(mini_data)  # off unless asked for


def test_whole_map_payload_with_the_base_stays_under_150_kb(real_data):
    frames = _frames(real_data)
    for kwargs in ({}, {"communes_2025": load_communes_2025(FIXTURE_COMMUNES)}):
        fmap = build_map(frames, MapOptions(), **kwargs)
        assert payload_size(fmap) <= MAX_PAYLOAD
        assert len(_get_map_string(fmap).encode("utf-8")) <= MAX_PAYLOAD  # what streamlit-folium sends
