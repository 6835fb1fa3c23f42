"""Draw a user's overlay on a folium map, fast enough for tens of thousands of polygons.

What makes it fast (DESIGN.md: 50,000 polygons as one styled GeoJson ≈ 15–19 s in
Chromium, one constant-style layer per category on canvas ≈ 2.7 s):

* one GeoJSON layer per category, each with a *constant* style object — no
  per-feature ``style_function`` and no 50,000-case ``switch`` in the page;
* one shared canvas renderer once an overlay holds more than ``CANVAS_FROM`` features
  (SVG below that, with the class ``pm-overlay`` on every path so tests can count them);
* beyond ``SIMPLIFY_FROM_VERTICES`` vertices, simplification in EPSG:9209 (metres)
  at a tolerance that is invisible up to ``DETAIL_ZOOM``, reported as a notice;
* coordinates rounded to ``DECIMALS`` (≈ 0.1 m) and attributes trimmed.

Attribute values are HTML-escaped here: folium's GeoJsonPopup/GeoJsonTooltip put
them into ``innerHTML`` unescaped (checked in folium 0.20 features.py).
"""
from __future__ import annotations

import html
import json
import math
import re

import folium
import numpy as np
import shapely
from folium.template import Template

from core.bilingual import Text
from core.i18n import format_number
from geo import crs as crsmod
from layers.base import LegendEntry
from layers.overlay_style import (  # noqa: F401  (DEFAULT_COLOUR, PALETTE, MAX_CATEGORIES: read from here too)
    DEFAULT_COLOUR,
    MAX_CATEGORIES,
    PALETTE,
    SHAPES,
    OverlayStyle,
    categories_of,
    category_groups,
    path_style,
)
from mapview.raw_render import RawMacroElement

CANVAS_FROM = 2_000           # features in an overlay; above this its layers share one canvas renderer
SIMPLIFY_FROM_VERTICES = 150_000
SIMPLIFY_MIN_AVERAGE = 12     # vertices per feature below which simplifying is not worth its cost
DETAIL_ZOOM = 16              # simplification is invisible up to this zoom
DECIMALS = 6                  # ≈ 0.1 m
MAX_POPUP_FIELDS = 12
MAX_VALUE_CHARS = 200
SIMPLIFIED = Text("Đã đơn giản hóa để hiển thị: {before} → {after} đỉnh, dung sai {tol} m trong EPSG:9209 (không "
                  "thấy khác biệt tới mức thu phóng {zoom}); dữ liệu gốc không đổi.",
                  "Simplified for display: {before} → {after} vertices, tolerance {tol} m in EPSG:9209 (invisible "
                  "up to zoom {zoom}); the data itself is unchanged.")
ON_CANVAS = Text("Vẽ {n} đối tượng bằng canvas để nhanh hơn.", "{n} features drawn on canvas for speed.")


class LegendList(list):
    """The overlay's legend entries (layers.base.LegendEntry, so mapview.legend draws them),
    plus ``heading`` (the overlay's name), ``counts`` (features per entry) and
    ``notices`` (what was simplified, canvas used…) in the user's language."""

    def __init__(self, entries=(), notices=None, heading: str = "", counts=None):
        super().__init__(entries)
        self.notices: list[str] = list(notices or [])
        self.heading = heading
        self.counts: list[int] = list(counts or [])


def pixel_metres(zoom: float, lat: float = 20.95) -> float:
    """Ground size of one Web-Mercator pixel at ``zoom`` and ``lat``."""
    return 156_543.03392 * math.cos(math.radians(lat)) / (2 ** zoom)


def simplify_tolerance(zoom: float = DETAIL_ZOOM) -> float:
    """Half a pixel at ``zoom`` — the largest error nobody sees at that zoom or below."""
    return pixel_metres(zoom) / 2


class OverlayLayer(folium.GeoJson, RawMacroElement):
    """A GeoJSON layer with one constant style and an optional canvas renderer.

    Subclasses folium.GeoJson so folium's GeoJsonPopup/GeoJsonTooltip attach to it,
    but its script has no per-feature style function and no per-feature handlers, and
    (``style``/``highlight`` off) folium maps no styles over 50,000 features. Its script, which
    carries the data, reaches the page as raw text (mapview.raw_render).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- if this.canvas %}
        window.pmOverlayCanvas = window.pmOverlayCanvas || L.canvas({padding: 0.3, tolerance: 3});
        {%- endif %}
        var {{ this.get_name() }}_data = JSON.parse({{ this.data_literal }});
        var {{ this.get_name() }} = L.geoJson(null, {
            style: {{ this.path_style | tojson }},
            {%- if this.canvas %}
            renderer: window.pmOverlayCanvas,
            {%- endif %}
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, {{ this.get_name() }}.options.style);
            }
        });
        {{ this.get_name() }}.options.style.renderer = {{ this.get_name() }}.options.renderer;
        {{ this.get_name() }}.addData({{ this.get_name() }}_data);
        window.pmOverlays = window.pmOverlays || {};
        window.pmOverlays[{{ this.key | tojson }}] = {{ this.feature_count }};
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, first_feature: dict, bounds, count: int, path_style: dict, canvas: bool,
                 key: str, name: str | None = None, **kw):
        # folium keeps only the first feature (GeoJsonPopup checks its fields against it);
        # the page gets ``data_json``, serialised once, safe inside <script> (see _feature_collection_json).
        super().__init__({"type": "FeatureCollection", "features": [first_feature]}, name=name, **kw)
        self._name = "OverlayLayer"
        self.data_json = data_json
        self.bounds = bounds
        self.path_style = path_style
        self.canvas = canvas
        self.key = key
        self.feature_count = count
        self.style = False
        self.highlight = False

    def _get_self_bounds(self):
        return self.bounds

    @property
    def data_literal(self) -> str:
        # A JSON string literal (ASCII, '</' escaped) for JSON.parse: V8 parses that faster than
        # a 10 MB object literal.
        return json.dumps(self.data_json).replace("</", "<\\/")


class OverlayPopup(folium.GeoJsonPopup, RawMacroElement):
    """folium's GeoJsonPopup; its labels are the file's column names, kept out of Jinja (mapview.raw_render)."""


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:40] or "overlay"


def _cell(value) -> str | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, (np.floating, float)):
        value = float(value)
        text = f"{value:.6g}"
    elif isinstance(value, (np.integer,)):
        text = str(int(value))
    else:
        text = str(value)
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return html.escape(text, quote=True)


def _prepare_geometries(gdf, notices: list[str], lang: str, tolerance_m: float | None):
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    vertices = int(shapely.get_num_coordinates(geoms).sum())
    tol = tolerance_m
    if tol is None:  # tiny shapes (boxes, parcels of 4–8 vertices) gain nothing from simplifying
        worth_it = vertices > SIMPLIFY_FROM_VERTICES and vertices > SIMPLIFY_MIN_AVERAGE * len(geoms)
        tol = simplify_tolerance() if worth_it else 0.0
    if tol and tol > 0:
        projected = crsmod.to_measure_crs(gdf.geometry)
        original = np.asarray(projected.values, dtype=object)
        # Douglas-Peucker (preserve_topology=False): 10× faster than the topology-preserving variant;
        # for display, a shape that would collapse below the tolerance keeps its original outline.
        simple = shapely.simplify(original, tol, preserve_topology=False)
        collapsed = shapely.is_empty(simple) & ~shapely.is_empty(original)
        simple[collapsed] = original[collapsed]
        back = crsmod.to_wgs84(projected.__class__(simple, index=projected.index, crs=projected.crs))
        geoms = np.asarray(back.values, dtype=object)
        after = int(shapely.get_num_coordinates(geoms).sum())
        if after < vertices:
            notices.append(SIMPLIFIED.get(lang).format(
                before=format_number(vertices, lang), after=format_number(after, lang),
                tol=format_number(tol, lang, 1), zoom=DETAIL_ZOOM))
    return shapely.transform(geoms, lambda c: np.round(c, DECIMALS))


def _properties_json(gdf, fields: list[str], keys: list[str]) -> list[str]:
    """Each feature's properties as JSON text, values HTML-escaped strings (column-wise, C-speed)."""
    import pandas as pd

    if not fields:
        return ["{}"] * len(gdf)
    cols = {k: gdf[f].map(_cell) for k, f in zip(keys, fields)}
    frame = pd.DataFrame(cols).astype(object)
    frame = frame.where(frame.notna(), None)
    text = frame.to_json(orient="records", lines=True, force_ascii=False)
    return text.rstrip("\n").split("\n")


def _feature_collection_json(geoms, props: list[str]) -> str:
    """One FeatureCollection as JSON text, built without a dict round trip.

    Property values are HTML-escaped already (no '<'), keys are f0, f1…, geometry text holds
    only numbers; it reaches the page as a JSON string literal (see OverlayLayer.render).
    """
    texts = shapely.to_geojson(geoms)
    body = ",".join(
        '{"type":"Feature","properties":' + p + ',"geometry":' + t + "}"
        for t, p in zip(texts, props)
    )
    return '{"type":"FeatureCollection","features":[' + body + "]}"


def _bounds(geoms) -> list[list[float]]:
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


def add_overlay(m: folium.Map, overlay, style: OverlayStyle | None = None, lang: str = "vi",
                tolerance_m: float | None = None, show: bool = True) -> LegendList:
    """Add ``overlay`` (geo.overlay_io.Overlay) to ``m`` as one FeatureGroup of per-category layers.

    Returns the legend entries (a list) with ``.notices`` saying what was simplified.
    """
    style = style or OverlayStyle()
    gdf = overlay.gdf
    name = overlay.name
    family = overlay.family
    notices: list[str] = []
    geoms = _prepare_geometries(gdf, notices, lang, tolerance_m)

    fields = [c for c in gdf.columns if c != gdf.geometry.name][:MAX_POPUP_FIELDS]
    safe_keys = [f"f{i}" for i in range(len(fields))]  # property keys never carry user text into JS names
    props = _properties_json(gdf, fields, safe_keys)

    groups = category_groups(gdf, name, style, lang)

    group = folium.FeatureGroup(name=html.escape(name), show=show)
    group.add_to(m)
    entries: list[LegendEntry] = []
    counts: list[int] = []
    slug = _slug(name)
    any_canvas = False
    for i, (label, colour, mask) in enumerate(groups):
        idx = np.flatnonzero(mask)
        if idx.size == 0:
            continue
        canvas = len(gdf) > CANVAS_FROM  # one shared canvas for every layer of a big overlay
        any_canvas |= canvas
        drawn = path_style(family, colour, style)  # the same style as every printed export
        leaflet = {**drawn.leaflet(), "radius": style.radius, "className": f"pm-overlay pm-overlay-{slug}"}
        sub = geoms[idx]
        sub_props = [props[j] for j in idx]
        first = {"type": "Feature", "properties": json.loads(sub_props[0]),
                 "geometry": json.loads(shapely.to_geojson(sub[0]))}
        layer = OverlayLayer(_feature_collection_json(sub, sub_props), first, _bounds(sub), int(idx.size),
                             path_style=leaflet, canvas=canvas, key=f"{slug}/{i}",
                             name=html.escape(f"{name}: {label}"), control=False)
        if fields:
            OverlayPopup(
                fields=safe_keys, aliases=[html.escape(str(f)) for f in fields], labels=True,
                max_width=360, class_name="pm-overlay-popup",
            ).add_to(layer)
        layer.add_to(group)
        entries.append(LegendEntry(label=label, style=drawn, shape=SHAPES[family]))
        counts.append(int(idx.size))
    if any_canvas:
        notices.append(ON_CANVAS.get(lang).format(n=format_number(len(gdf), lang)))
    return LegendList(entries, notices, heading=name, counts=counts)
