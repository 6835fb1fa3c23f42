"""The overlay renderer and the measure/draw tools, checked on the generated page (no browser)."""
from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely

from core.errors import DataError
from geo import crs as crsmod
from geo.overlay_io import read_overlay
from mapview import overlay as ovmod
from mapview.assets import make_offline_map
from mapview.overlay import OverlayLayer, OverlayStyle, add_overlay
from mapview.tools import (add_measure_and_draw, describe_drawings, drawings_to_geojson, drawings_to_gpkg,
                           format_area, format_length, measure)

from .conftest import INSIDE, feature, frame, geojson_bytes, square_wgs84


def _overlay(n=3, **props):
    src = frame(n)
    for k, v in props.items():
        src[k] = v
    return read_overlay(src.to_json().encode(), "khu.geojson")


def _html(m) -> str:
    return m.get_root().render()


def _layers(m) -> list[OverlayLayer]:
    out = []

    def walk(el):
        for child in el._children.values():
            if isinstance(child, OverlayLayer):
                out.append(child)
            walk(child)
    walk(m)
    return out


def test_one_layer_per_category_with_constant_style():
    ov = _overlay(6)
    m = make_offline_map(location=[20.94, 106.33], zoom_start=10)
    legend = add_overlay(m, ov, OverlayStyle(by="zone"), "vi")
    layers = _layers(m)
    cats = sorted(ov.gdf["zone"].unique())
    assert len(layers) == len(cats) == len(legend)
    assert sorted(e.label for e in legend) == cats
    assert sum(legend.counts) == 6 and legend.heading == "khu"
    assert len({e.style.colour for e in legend}) == len(cats)
    page = _html(m)
    assert "_styler" not in page and "switch(" not in page  # no per-feature style lookups
    assert page.count("L.geoJson(null") == len(cats)


def test_single_colour_is_one_layer():
    m = make_offline_map()
    legend = add_overlay(m, _overlay(3), OverlayStyle(colour="#123456"), "en")
    assert len(_layers(m)) == 1 and legend[0].style.colour == "#123456" and legend[0].shape == "area"


def test_popup_values_and_names_are_escaped():
    evil = "<script>alert('x')</script>"
    src = frame(2)
    src["ghi_chu"] = [evil, "<img src=x onerror=alert(1)>"]
    src[evil] = ["a", "b"]
    ov = read_overlay(src.to_json().encode(), "<b>evil</b>.geojson")
    m = make_offline_map()
    add_overlay(m, ov, OverlayStyle(by="ghi_chu"), "vi")
    page = _html(m)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>evil" not in page
    assert "&lt;script&gt;alert" in page and "&lt;img src=x" in page


def test_svg_paths_get_the_pm_overlay_class_and_large_layers_use_canvas(monkeypatch):
    m = make_offline_map()
    add_overlay(m, _overlay(3), OverlayStyle(), "vi")
    page = _html(m)
    assert '"className": "pm-overlay pm-overlay-khu"' in page and "L.canvas(" not in page
    monkeypatch.setattr(ovmod, "CANVAS_FROM", 2)
    m2 = make_offline_map()
    legend = add_overlay(m2, _overlay(3), OverlayStyle(), "en")
    assert "L.canvas(" in _html(m2) and any("canvas" in n for n in legend.notices)


def test_big_overlays_are_simplified_in_metres_and_say_so():
    lon, lat = INSIDE[0]
    circle_m = shapely.Point(*crsmod.from_wgs84(([lon], [lat]), "EPSG:9209")).buffer(200, quad_segs=64)
    wiggly = shapely.transform(circle_m, lambda c: np.column_stack(crsmod.to_wgs84((c[:, 0], c[:, 1]), "EPSG:9209")))
    data = geojson_bytes([feature(json.loads(shapely.to_geojson(wiggly)), name="tròn")])
    ov = read_overlay(data, "c.geojson")
    m = make_offline_map()
    legend = add_overlay(m, ov, OverlayStyle(), "vi", tolerance_m=5.0)
    assert legend.notices and "EPSG:9209" in legend.notices[0] and "đơn giản hóa" in legend.notices[0]
    m2 = make_offline_map()
    assert add_overlay(m2, ov, OverlayStyle(), "vi").notices == []  # small: left alone
    assert ovmod.simplify_tolerance(16) == pytest.approx(1.12, abs=0.05)


def test_coordinates_are_rounded():
    m = make_offline_map()
    add_overlay(m, _overlay(1), OverlayStyle(), "vi")
    literal = re.search(r"_data = JSON\.parse\((\".*?\")\);", _html(m)).group(1)
    coords = json.loads(json.loads(literal))["features"][0]["geometry"]["coordinates"][0]
    assert all(len(str(v).split(".")[-1]) <= ovmod.DECIMALS for pt in coords for v in pt)


def test_many_categories_fold_into_other():
    src = frame(20)
    src["kind"] = [f"k{i}" for i in range(20)]
    ov = read_overlay(src.to_json().encode(), "k.geojson")
    m = make_offline_map()
    legend = add_overlay(m, ov, OverlayStyle(by="kind"), "en")
    assert len(legend) == ovmod.MAX_CATEGORIES and legend[-1].label == "Other" and sum(legend.counts) == 20


# ------------------------------------------------------------------ measure and draw
def test_plugins_load_only_local_assets():
    m = make_offline_map()
    add_measure_and_draw(m)
    page = _html(m)
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert urls and all(u.startswith("/app/static/vendor/") for u in urls), urls
    assert "leaflet-measure" in page and "leaflet.draw" in page
    assert '"primaryLengthUnit": "meters"' in page and '"secondaryAreaUnit": "hectares"' in page
    from mapview.assets import local_path_for
    assert all(local_path_for(u) is not None for u in urls if "/leaflet/" not in u)


def test_measure_in_vn2000_metres():
    sq = square_wgs84(*INSIDE[0], size_m=100)
    length, area = measure(json.loads(shapely.to_geojson(sq)))
    assert length == pytest.approx(400, abs=0.01) and area == pytest.approx(10_000, abs=0.1)
    line = {"type": "LineString", "coordinates": [list(c) for c in list(sq.exterior.coords)[:2]]}
    assert measure(line) == (pytest.approx(100, abs=0.01), 0.0)
    assert measure({"type": "Point", "coordinates": list(INSIDE[0])}) == (0.0, 0.0)
    assert format_length(850) == "850 m" and format_length(1250, "vi") == "1,25 km"
    assert format_area(9000) == "9.000 m²" and format_area(25_000, "en") == "2.50 ha"
    assert format_area(243_415_696.3, "vi") == "24.341,57 ha" and format_length(62_683.6, "en") == "62.68 km"
    with pytest.raises(DataError):
        measure({"type": "Polygon", "coordinates": "nope"})


def _drawings():
    sq = square_wgs84(*INSIDE[0], size_m=100)
    return [{"type": "Feature", "properties": {}, "geometry": json.loads(shapely.to_geojson(sq))},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": list(INSIDE[1])}}]


def test_drawings_download_in_wgs84_and_vn2000():
    wgs = json.loads(drawings_to_geojson(_drawings()))
    assert "crs" not in wgs and wgs["features"][0]["properties"]["area_m2"] == pytest.approx(10_000, abs=0.1)
    vn = json.loads(drawings_to_geojson({"type": "FeatureCollection", "features": _drawings()}, "EPSG:9209"))
    assert vn["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::9209"
    x, y = vn["features"][1]["geometry"]["coordinates"]
    lon, lat = crsmod.to_wgs84(([x], [y]), "EPSG:9209")
    assert abs(lon[0] - INSIDE[1][0]) < 1e-7 and abs(lat[0] - INSIDE[1][1]) < 1e-7
    ring = np.array(vn["features"][0]["geometry"]["coordinates"][0])
    assert shapely.Polygon(ring).area == pytest.approx(10_000, abs=1)


def test_drawings_gpkg_keeps_its_crs(tmp_path):
    import pyogrio

    path = tmp_path / "d.gpkg"
    path.write_bytes(drawings_to_gpkg(_drawings(), "EPSG:9209"))
    assert {row[0] for row in pyogrio.list_layers(path)} == {"points", "polygons"}
    assert pyogrio.read_info(path, layer="polygons")["crs"] == "EPSG:9209"
    with pytest.raises(DataError):
        drawings_to_gpkg([])


def test_describe_drawings_table():
    rows = describe_drawings(_drawings(), "en")
    assert rows[0]["Kind"] == "Polygon" and rows[0]["Area"] == "10,000 m²" and rows[1]["Kind"] == "Point"
