"""Measuring and drawing on the map, with plugin assets served locally (never a CDN).

The plugins are folium's own (MeasureControl → leaflet-measure 2.1.7, Draw →
Leaflet.draw 1.0.2, the versions folium 0.20 loads), vendored from the npm
registry under ``static/vendor/`` with their licences; their stylesheets are pointed
at ``/app/static/vendor/...`` on the instance and their code, one bundle
(``mapview.assets.TOOLS_BUNDLE``), loads after the map's first paint.

The on-map measure tool shows m / km and m² / ha (it computes on the sphere);
for shapes the user draws, :func:`measure` gives length and area computed in
VN-2000 / TM-3 105°30′ (EPSG:9209), and :func:`drawings_to_geojson` /
:func:`drawings_to_gpkg` give them back as files, in WGS 84 or VN-2000.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import folium
from branca.element import MacroElement
from jinja2 import Template
import numpy as np
import shapely
from folium.plugins import Draw, MeasureControl

from core.bilingual import Text
from core.errors import DataError
from core.i18n import format_number
from core.vocab import MEASURE_CRS, WGS84
from geo import crs as crsmod
from mapview.after_paint import painted_first
from mapview import measure_vi
from mapview.assets import STATIC_URL, tools_js_url

DRAW_CSS = [("leaflet_draw_css", f"{STATIC_URL}/leaflet-draw/leaflet.draw.css")]
MEASURE_CSS = [("leaflet_measure_css", f"{STATIC_URL}/leaflet-measure/leaflet-measure.css")]

DRAW_OPTIONS = {
    "polyline": {"shapeOptions": {"color": "#0d47a1", "weight": 3}},
    "polygon": {"allowIntersection": False, "showArea": True, "metric": True,
                "shapeOptions": {"color": "#0d47a1", "weight": 2}},
    "rectangle": {"showArea": True, "metric": True, "shapeOptions": {"color": "#0d47a1", "weight": 2}},
    "marker": True,
    "circle": False,        # a circle is not a GeoJSON geometry; it would download as a bare point
    "circlemarker": False,
}


# Leaflet.draw's interface strings (L.drawLocal) in Vietnamese; the plugin ships English only.
DRAW_TEXT_VI = {
    "draw": {
        "toolbar": {
            "actions": {"title": "Hủy vẽ", "text": "Hủy"},
            "finish": {"title": "Kết thúc vẽ", "text": "Xong"},
            "undo": {"title": "Xóa điểm vừa vẽ", "text": "Xóa điểm cuối"},
            "buttons": {"polyline": "Vẽ đường", "polygon": "Vẽ vùng", "rectangle": "Vẽ hình chữ nhật",
                        "marker": "Đặt điểm"},
        },
        "handlers": {
            "marker": {"tooltip": {"start": "Bấm lên bản đồ để đặt điểm."}},
            "polygon": {"tooltip": {"start": "Bấm để bắt đầu vẽ vùng.", "cont": "Bấm để vẽ tiếp.",
                                    "end": "Bấm vào điểm đầu tiên để khép vùng."}},
            "polyline": {"error": "<strong>Lỗi:</strong> các cạnh không được cắt nhau!",
                         "tooltip": {"start": "Bấm để bắt đầu vẽ đường.", "cont": "Bấm để vẽ tiếp.",
                                     "end": "Bấm vào điểm cuối để kết thúc đường."}},
            "rectangle": {"tooltip": {"start": "Bấm và kéo để vẽ hình chữ nhật."}},
            "simpleshape": {"tooltip": {"end": "Thả chuột để kết thúc."}},
        },
    },
    "edit": {
        "toolbar": {
            "actions": {"save": {"title": "Lưu thay đổi", "text": "Lưu"},
                        "cancel": {"title": "Hủy sửa, bỏ mọi thay đổi", "text": "Hủy"},
                        "clearAll": {"title": "Xóa mọi hình đã vẽ", "text": "Xóa hết"}},
            "buttons": {"edit": "Sửa hình đã vẽ", "editDisabled": "Chưa có hình để sửa",
                        "remove": "Xóa hình đã vẽ", "removeDisabled": "Chưa có hình để xóa"},
        },
        "handlers": {
            "edit": {"tooltip": {"text": "Kéo các nút hoặc điểm để sửa hình.", "subtext": "Bấm Hủy để bỏ thay đổi."}},
            "remove": {"tooltip": {"text": "Bấm vào một hình để xóa."}},
        },
    },
}


# Built after the map's first paint, once their code is loaded (mapview.after_paint): not needed to see the map.
MeasureAfterPaint = painted_first(MeasureControl, tools_js_url())
DrawAfterPaint = painted_first(Draw, tools_js_url())


class DrawnItems(MacroElement):
    """The layer the user's drawings go into, there from the start, though the toolbar comes after the first paint.

    streamlit-folium reads the drawings from ``window.drawnItems`` in its own ``draw:created`` handler,
    registered when the map starts: this layer and its handler come before it, so a new shape is
    already in the layer when it is read (the toolbar's own handler adds it again, which Leaflet ignores).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup().addTo({{ this._parent.get_name() }});
        window.drawnItems = {{ this.get_name() }};
        {{ this._parent.get_name() }}.on('draw:created', function(e){ {{ this.get_name() }}.addLayer(e.layer); });
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "DrawnItems"


class DrawText(MacroElement):
    """Sets Leaflet.draw's L.drawLocal to its English defaults overlaid with ``texts``, before the
    draw toolbar is built."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(texts){
            function merge(target, source) {
                Object.keys(source).forEach(function(k){
                    if (source[k] && typeof source[k] === 'object' && target[k]) { merge(target[k], source[k]); }
                    else { target[k] = source[k]; }
                });
            }
            if (!(window.L && L.drawLocal)) { return; }
            // The page may outlive a language switch: start from the plugin's own (English) texts.
            if (!L.pmDrawDefaults) { L.pmDrawDefaults = JSON.parse(JSON.stringify(L.drawLocal)); }
            merge(L.drawLocal, JSON.parse(JSON.stringify(L.pmDrawDefaults)));
            merge(L.drawLocal, texts);
        })({{ this.texts | tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, texts: dict) -> None:
        super().__init__()
        self._name = "DrawText"
        self.texts = texts


DrawTextAfterPaint = painted_first(DrawText, tools_js_url())


def add_measure_and_draw(m: folium.Map, lang: str = "vi", draw: bool = True, measure_tool: bool = True) -> folium.Map:
    """Add the measure control (metric units) and the draw toolbar, both loading local assets.

    The map loads only their stylesheets; their code (mapview.assets.TOOLS_BUNDLE) loads after the
    map's first paint, and then they are built.
    """
    if measure_tool:
        mc = MeasureAfterPaint(
            position="topleft",
            primary_length_unit="meters",
            secondary_length_unit="kilometers",
            primary_area_unit="sqmeters",
            secondary_area_unit="hectares",
            localization="en" if lang == "en" else measure_vi.LOCALE,  # ours, added to its bundle
        )
        mc.default_js = []
        mc.default_css = MEASURE_CSS
        mc.add_to(m)
    if draw:
        # Before the toolbar, which reads them when built (anything not English reads Vietnamese).
        DrawTextAfterPaint({} if lang == "en" else DRAW_TEXT_VI).add_to(m)
        drawn = DrawnItems().add_to(m)
        dr = DrawAfterPaint(export=False, feature_group=drawn, position="topleft", show_geometry_on_click=False,
                            draw_options=DRAW_OPTIONS, edit_options={"edit": True, "remove": True})
        dr.default_js = []
        dr.default_css = DRAW_CSS
        dr.add_to(m)
    return m


# ------------------------------------------------------------------ drawings
def _features(drawings) -> list[dict]:
    """Accept a FeatureCollection, a list of Features/geometries (st_folium's all_drawings) or None."""
    if drawings is None:
        return []
    if isinstance(drawings, (str, bytes)):
        try:
            drawings = json.loads(drawings)
        except ValueError as exc:
            raise DataError("Hình vẽ không đọc được.", "The drawings could not be read.") from exc
    if isinstance(drawings, dict):
        if drawings.get("type") == "FeatureCollection":
            drawings = drawings.get("features") or []
        else:
            drawings = [drawings]
    out = []
    for item in drawings:
        if not isinstance(item, dict):
            continue
        if item.get("type") == "Feature":
            geom = item.get("geometry")
            props = item.get("properties") or {}
        else:
            geom, props = item, {}
        if not geom:
            continue
        out.append({"type": "Feature", "properties": dict(props), "geometry": geom})
    return out


def _shape(geometry: dict):
    try:
        geom = shapely.from_geojson(json.dumps(geometry))
    except Exception as exc:  # shapely raises GEOSException / ValueError variants
        raise DataError("Hình vẽ có hình học không hợp lệ.", "A drawn shape has an invalid geometry.") from exc
    return geom


def measure(geometry: dict) -> tuple[float, float]:
    """(length in m, area in m²) of a WGS 84 GeoJSON geometry, computed in EPSG:9209.

    Polygons: (perimeter, area); lines: (length, 0); points: (0, 0).
    """
    geom = _shape(geometry)
    if geom.is_empty:
        return 0.0, 0.0
    projected = shapely.transform(geom, lambda c: np.column_stack(
        crsmod.transform_xy(c[:, 0], c[:, 1], WGS84, MEASURE_CRS)))
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return float(projected.boundary.length), float(projected.area)
    if geom.geom_type in ("LineString", "MultiLineString", "LinearRing"):
        return float(projected.length), 0.0
    return 0.0, 0.0


def format_length(metres: float, lang: str = "vi") -> str:
    return format_number(metres / 1000, lang, 2) + " km" if metres >= 1000 else format_number(metres, lang) + " m"


def format_area(m2: float, lang: str = "vi") -> str:
    return format_number(m2 / 10_000, lang, 2) + " ha" if m2 >= 10_000 else format_number(m2, lang) + " m²"


_KINDS = {"Point": Text("Điểm", "Point"), "LineString": Text("Đường", "Line"), "Polygon": Text("Vùng", "Polygon"),
          "MultiPolygon": Text("Vùng", "Polygon"), "MultiLineString": Text("Đường", "Line")}
_COLUMNS = (Text("Loại", "Kind"), Text("Chiều dài / chu vi", "Length / perimeter"), Text("Diện tích", "Area"))


def describe_drawings(drawings, lang: str = "vi") -> list[dict]:
    """One row per drawn shape: kind, length, area (EPSG:9209), for a table under the map."""
    rows = []
    for i, feat in enumerate(_features(drawings), start=1):
        gtype = feat["geometry"].get("type", "?")
        length, area = measure(feat["geometry"])
        kind = _KINDS.get(gtype, Text(gtype, gtype)).get(lang)
        rows.append({
            "#": i,
            _COLUMNS[0].get(lang): kind,
            _COLUMNS[1].get(lang): format_length(length, lang) if length else "",
            _COLUMNS[2].get(lang): format_area(area, lang) if area else "",
        })
    return rows


def _drawings_frame(drawings, crs: str):
    import geopandas as gpd

    feats = _features(drawings)
    dst = crsmod.normalize_code(crs)
    geoms = [_shape(f["geometry"]) for f in feats]
    rows = []
    for f, g in zip(feats, geoms):
        length, area = measure(f["geometry"])
        props = {k: (v if isinstance(v, (str, int, float, bool)) or v is None else json.dumps(v))
                 for k, v in f["properties"].items()}
        props.update(length_m=round(length, 2), area_m2=round(area, 2))
        rows.append(props)
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs=WGS84) if feats else gpd.GeoDataFrame(
        {"length_m": [], "area_m2": []}, geometry=[], crs=WGS84)
    return crsmod.from_wgs84(gdf, dst) if dst != WGS84 else gdf, dst


def drawings_to_geojson(drawings, crs: str = "EPSG:4326") -> bytes:
    """Drawn shapes as GeoJSON bytes, with length_m / area_m2 (EPSG:9209) in the properties.

    ``crs="EPSG:4326"``: RFC 7946 GeoJSON (7 decimals). ``crs="EPSG:9209"``: coordinates in
    VN-2000 / TM-3 105°30′ metres (3 decimals) with the legacy ``crs`` member — not RFC 7946,
    which allows WGS 84 only, but QGIS, GDAL and ArcGIS read the CRS from it. For a strictly
    standard file in VN-2000 use :func:`drawings_to_gpkg`.
    """
    from geo.convert import to_geojson_bytes

    gdf, dst = _drawings_frame(drawings, crs)
    if dst == WGS84:
        return to_geojson_bytes(gdf, decimals=7)
    return to_geojson_bytes(gdf, decimals=3, crs_member=dst)


def drawings_to_gpkg(drawings, crs: str = "EPSG:9209") -> bytes:
    """Drawn shapes as a GeoPackage (its CRS stored in the file), in WGS 84 or VN-2000."""
    import pyogrio

    gdf, _ = _drawings_frame(drawings, crs)
    if len(gdf) == 0:
        raise DataError("Chưa có hình vẽ nào để tải về.", "There are no drawn shapes to download.")
    tmp = Path(tempfile.mkdtemp(prefix="drawings-"))
    try:
        parts = {}
        for family, types in (("points", ("Point", "MultiPoint")), ("lines", ("LineString", "MultiLineString")),
                              ("polygons", ("Polygon", "MultiPolygon"))):
            sub = gdf[gdf.geom_type.isin(types)]
            if len(sub):
                parts[family] = sub
        path = tmp / "drawings.gpkg"
        for name, sub in parts.items():  # one layer per geometry type: a GPKG layer holds one type
            pyogrio.write_dataframe(sub, path, layer=name, driver="GPKG", append=path.exists())
        return path.read_bytes()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
