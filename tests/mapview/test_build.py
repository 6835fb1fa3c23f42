import json
import re

import pytest

from layers.query import ViewFilter, apply_view
from layers.registry import apply_status, decorate, load_all
from mapview.assets import inline_local_assets
from mapview.build import MapOptions, build_map, payload_size


def _html(mini_data, view=ViewFilter(), **options):
    frames = {k: decorate(apply_status(v, None), options.get("lang", "vi")) for k, v in load_all(mini_data).items()}
    return build_map(apply_view(frames, view), MapOptions(**options)).get_root().render()


def test_each_layer_carries_its_css_class(mini_data):
    html = _html(mini_data)
    for css in ("pm-urban-area", "pm-industrial-zone", "pm-ring-road", "pm-railway", "pm-railway-station"):
        assert f'"className": "{css}"' in html


def test_only_placed_features_travel_to_the_browser(mini_data):
    html = _html(mini_data)
    assert '"ua-luong-dien"' in html
    assert "ua-v-unidentified-1" not in html


def test_hidden_layer_is_not_built(mini_data):
    html = _html(mini_data, ViewFilter(layers=("urban_areas",)))
    assert "pm-ring-road" not in html and "pm-urban-area" in html


def test_no_public_cdn_and_tiles_only_when_asked(mini_data):
    html = _html(mini_data, basemap=False)
    urls = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert urls == []
    assert "tile.openstreetmap.org" not in html
    assert "tile.openstreetmap.org" in _html(mini_data, basemap=True)


def test_data_text_is_never_injected_as_html(mini_data):
    html = _html(mini_data)
    # The tooltip writes values with textContent, never innerHTML.
    tooltip_js = html[html.index("bindTooltip"):]
    tooltip_js = tooltip_js[: tooltip_js.index("});") + 3]
    assert "textContent" in tooltip_js and "innerHTML" not in tooltip_js
    # The hostile name only appears inside JSON strings, with '<' escaped by the JSON encoder or quoted.
    assert "<img src=x onerror" not in re.sub(r'"[^"]*"', '""', html)


def test_legend_follows_language_and_colour_mode(mini_data):
    vi = _html(mini_data, lang="vi")
    en = _html(mini_data, lang="en", colour_mode="status")
    def js(text):  # the legend travels as a JSON string with non-ASCII escaped
        return json.dumps(text)[1:-1]

    assert js("Chú giải") in vi and js("Đô thị loại I") in vi
    # The status key lists only the statuses drawn (here every place is still "unknown").
    assert "Legend" in en and "Unknown (no source)" in en and "Behind schedule" not in en and "Class I urban area" in en
    assert js("Chú giải") not in en


def test_inlined_map_is_self_contained(mini_data):
    html = inline_local_assets(_html(mini_data, basemap=False))
    assert "/app/static/" not in html
    assert "L.map(" in html and "Leaflet 1.9.3" in html


def test_payload_is_small(mini_data):
    frames = {k: decorate(apply_status(v, None)) for k, v in load_all(mini_data).items()}
    assert payload_size(build_map(frames)) < 150_000


def test_same_view_gives_identical_map_code(mini_data):
    # Identical code on every rerun lets Streamlit skip re-sending the map.
    assert _html(mini_data) == _html(mini_data)
    assert _html(mini_data) != _html(mini_data, colour_mode="status")


def test_scale_bar_is_metric_and_first_view_fits_the_plan(mini_data):
    html = _html(mini_data)
    assert "L.control.scale({imperial: false, metric: true" in html
    assert ".fitBounds(" in html and "[20.66, 106.02]" in html


def test_points_are_drawn_over_lines_and_urban_areas_over_other_points(mini_data):
    html = _html(mini_data)
    last_line = max(html.rfind('"className": "pm-ring-road"'), html.rfind('"className": "pm-railway"'))
    first_station = html.find('"className": "pm-railway-station"')
    first_urban = html.find('"className": "pm-urban-area"')
    assert last_line < first_station < first_urban


def test_legend_lists_only_layers_on_the_map(mini_data):
    html = _html(mini_data, ViewFilter(layers=("urban_areas",)), lang="en")
    assert "Railway station" not in html and "Ring Road V" not in html
    assert "Class I urban area" in html


def test_view_for_bounds_centres_and_zooms_to_fit():
    from mapview.build import view_for_bounds

    centre, zoom = view_for_bounds([[20.93, 106.32], [20.95, 106.34]], left_room_px=0)
    assert centre == pytest.approx((20.94, 106.33))
    assert 14 <= zoom <= 15  # a 2 km square fills a 700 px map at about zoom 14.5


def test_view_for_bounds_keeps_the_shapes_out_of_the_legend_corner():
    from mapview.build import view_for_bounds

    (lat, lon), zoom = view_for_bounds([[20.93, 106.32], [20.95, 106.34]], width_px=700, left_room_px=250)
    degrees_per_px = 360 / (256 * 2 ** zoom)
    map_west = lon - 350 * degrees_per_px
    west_px, east_px = (106.32 - map_west) / degrees_per_px, (106.34 - map_west) / degrees_per_px
    assert 250 <= west_px and east_px <= 700
    assert lat == pytest.approx(20.94)
    assert view_for_bounds([[20.5, 106.0], [21.3, 106.8]])[1] <= 10
    assert view_for_bounds([[20.94, 106.33], [20.94, 106.33]])[1] == 16  # a single point: closest allowed


TEMPLATE_PROBES = ("{{ 7*7 }}", "{{ cycler.__init__.__globals__.os.getcwd() }}", "{% raw %}")


def _map_code(fmap) -> str:
    """Everything of the map that reaches the browser: folium's page and streamlit-folium's script."""
    from streamlit_folium import _get_map_string

    page = fmap.get_root().render()
    return page + _get_map_string(fmap)


def _feature_collections(code: str) -> list[dict]:
    """Every GeoJSON FeatureCollection the page hands to Leaflet: folium's ``…_add({…})`` and the
    overlay's ``JSON.parse("…")``, decoded as the browser decodes them."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"_add\(|JSON\.parse\(", code):
        try:
            value, _ = decoder.raw_decode(code, match.end())
            if isinstance(value, str):
                value = json.loads(value)
        except ValueError:
            continue
        if isinstance(value, dict) and value.get("type") == "FeatureCollection":
            found.append(value)
    return found


def test_jinja_syntax_in_data_stays_text_and_is_never_evaluated(mini_data, tmp_path):
    """branca compiles rendered map code as a Jinja template: data holding '{{ … }}' would run on the server."""
    from geo.overlay_io import read_overlay
    from mapview.overlay import OverlayStyle

    frames = {k: decorate(apply_status(v, None)) for k, v in load_all(mini_data).items()}
    urban = frames["urban_areas"]
    urban.loc[urban.index[0], "name"] = " ".join(TEMPLATE_PROBES)
    features = [{"type": "Feature", "properties": {probe: probe, "kind": probe},
                 "geometry": {"type": "Point", "coordinates": [106.3 + i / 100, 20.9]}}
                for i, probe in enumerate(TEMPLATE_PROBES)]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    overlay = read_overlay(data, "{{ 7*7 }}.geojson")
    for style in (OverlayStyle(), OverlayStyle(by="kind")):
        code = _map_code(build_map(frames, MapOptions(boundaries=False), overlays=[(overlay, style)], tools=True))
        assert str(mini_data.parent.parent) not in code
        # The data Leaflet receives holds each probe exactly as written: an evaluated one would read "49".
        features = [f for c in _feature_collections(code) for f in c["features"]]
        assert " ".join(TEMPLATE_PROBES) in {f["properties"].get("name") for f in features}
        points = {round(f["geometry"]["coordinates"][0], 6): set(f["properties"].values())
                  for f in features if f["geometry"]["type"] == "Point"}
        for i, probe in enumerate(TEMPLATE_PROBES):
            assert probe in points[round(106.3 + i / 100, 6)]


def test_map_with_tools_fetches_leaflet_alone_and_the_plugins_in_one_local_script_after_it_is_drawn(mini_data):
    """The map needs Leaflet alone; both plugins come in one file (one round trip) after the first paint."""
    from mapview.after_paint import AFTER_PAINT_JS
    from mapview.assets import ensure_static_assets, local_path_for

    ensure_static_assets()
    frames = {k: decorate(apply_status(v, None)) for k, v in load_all(mini_data).items()}
    page = build_map(frames, tools=True).get_root().render()
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page)
    assert len(scripts) == 1 and "Leaflet 1.9" in local_path_for(scripts[0]).read_text(encoding="utf-8")
    loaded = set(re.findall(r"\)\(\"(/app/static/vendor/[^\"]+\.js)\"\)\.then", page))
    assert len(loaded) == 1
    code = local_path_for(loaded.pop()).read_text(encoding="utf-8")
    assert "Control.Measure" in code and "L.Draw" in code and "Leaflet 1.9" not in code
    # Built after the first paint: the toolbar constructors sit in the after-paint blocks only.
    blocks = page.split(AFTER_PAINT_JS)[1:]
    assert any("new L.Control.Measure" in b for b in blocks) and any("new L.Control.Draw" in b for b in blocks)
    assert "new L.Control.Measure" not in page.split(AFTER_PAINT_JS)[0]
