"""The map's base and reference layers and its honest symbols, read from the code the browser gets."""
from __future__ import annotations

import itertools
import json
import re

import pytest
import shapely
from streamlit_folium import _get_map_string

from core.vocab import precision_grade
from layers.symbols import PRECISION_DASH
from geo.base_geography import load_communes_2025, load_districts
from layers.base import StyleContext
from layers.registry import LAYER_IDS, apply_status, decorate, feature_refs, get_layer, load_all
from mapview.raw_render import unindented
from mapview.build import APPROXIMATE_CLASS, MapOptions, build_map, payload_size, style_groups
from tests.conftest import REPO

FIXTURE_COMMUNES = REPO / "tests" / "fixtures" / "admin_2025"
MAX_PAYLOAD = 150 * 1024


def _frames(data_dir, lang="vi"):
    return {k: decorate(apply_status(v, None), lang) for k, v in load_all(data_dir).items()}


def _page(data_dir, options=MapOptions(), **kwargs) -> str:
    return build_map(_frames(data_dir, options.lang), options, **kwargs).get_root().render()


def _decode(code: list) -> shapely.Geometry:
    """The inverse of mapview.compact_geometry.encode_polygons, written independently (as the browser's decoder)."""
    polygons = []
    for polygon in code:
        rings = []
        for flat in polygon:
            xs, ys = itertools.accumulate(flat[0::2]), itertools.accumulate(flat[1::2])
            rings.append([(x / 1e4, y / 1e4) for x, y in zip(xs, ys)])
        polygons.append(shapely.Polygon(rings[0], rings[1:]))
    return shapely.MultiPolygon(polygons)


def _base_code(html: str) -> tuple[list, list]:
    """What the base layer's script decodes: the mask, then the districts."""
    mask = json.loads(re.search(r"L\.geoJSON\(decode\((\[.*?\])\), Object\.assign", html).group(1))
    districts = json.loads(re.search(r"_pmDistrictAreas = (\[.*?\])\.map\(decode\)", html).group(1))
    return mask, districts


def test_base_draws_the_12_districts_with_their_names_under_everything(mini_data):
    html = _page(mini_data)
    mask, districts = _base_code(html)
    reference = load_districts()
    assert len(districts) == 12
    for code, (_, row) in zip(districts, reference.iterrows()):  # each outline as shipped, to ~11 m
        drawn = _decode(code)
        assert drawn.symmetric_difference(row.geometry).area < 0.002 * row.geometry.area
    outside = _decode(mask)
    assert outside.intersection(reference.union_all()).area < 1e-6 and outside.area > reference.union_all().area
    names = sorted(reference["name"])
    # Each name is written on the map (as JSON, escaped), in the label pane, never catching the mouse.
    for name in names:
        assert json.dumps(name) in html
    assert "className: 'pm-boundary'" in html and "className: 'pm-outside'" in html
    assert payload_size(build_map({})) < 45_000  # delta-coded: the whole base costs well under 45 KB
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
                grade = precision_grade(props.get("location_precision")) if style.radius else "exact"
                assert (APPROXIMATE_CLASS in css.split()) == (grade != "exact"), props["id"]
                assert ("pm-placeholder" in css.split()) == (grade == "placeholder"), props["id"]
                assert style.dash == PRECISION_DASH.get(grade) or not style.radius, props["id"]
    en = _page(real_data, MapOptions(lang="en"))
    vi = _page(real_data)
    # both grades are in the real data: both legend entries, each swatch the outline the map draws
    assert "Approximate position" in en and "Placeholder position" in en
    assert json.dumps("Vị trí gần đúng")[1:-1] in vi and json.dumps("Vị trí tạm đặt")[1:-1] in vi
    for dash in PRECISION_DASH.values():
        assert f'stroke-dasharray=\\"{dash}\\"' in en


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
    for kwargs in ({}, {"communes_2025": load_communes_2025()}):  # the shipped 2025 communes, about 65
        fmap = build_map(frames, MapOptions(), tools=True, keep_view=True, **kwargs)
        assert payload_size(fmap) <= MAX_PAYLOAD
        # what the app sends: streamlit-folium's code for it, unindented (ui.map_component)
        assert len(unindented(_get_map_string(fmap)).encode("utf-8")) <= MAX_PAYLOAD


def test_formed_from_names_each_former_district_once():
    from mapview.communes import formed_from_text

    assert formed_from_text(["Phường Cẩm Thượng (thành phố Hải Dương)", "Xã An Thượng (thành phố Hải Dương)",
                             "Xã Cẩm Phúc (huyện Cẩm Giàng)"]) == \
        "Phường Cẩm Thượng, Xã An Thượng (thành phố Hải Dương); Xã Cẩm Phúc (huyện Cẩm Giàng)"
    assert formed_from_text(["Xã Lương Điền", "Xã Cẩm Phúc"]) == "Xã Lương Điền, Xã Cẩm Phúc"
    assert formed_from_text("Xã Tân Hồng") == "Xã Tân Hồng" and formed_from_text(None) == ""
