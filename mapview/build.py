"""Build the folium map of the plan from the layer registry and the current view.

Features that share a style are drawn as one Leaflet GeoJSON layer with a
constant style (per-feature style lookups are what makes folium slow), and
each layer's SVG paths carry the layer's CSS class so tests and users' own
stylesheets can find them. Only the properties the tooltip needs travel to
the browser.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import mapping

from core.i18n import t
from core.plan import current_plan
from layers.base import LayerSpec, Style, StyleContext, status_legend
from layers.registry import LAYERS
from mapview.assets import make_offline_map
from mapview.keep_view import KeepView
from mapview.legend import MapLegend, MetricScale, legend_html
from mapview.overlay import add_overlay
from mapview.raw_render import RawMacroElement
from mapview.safe_tooltip import SafeGeoJsonTooltip
from mapview.tools import add_measure_and_draw

# Room on the left for the legend when the first view fits the plan's extent (plan.toml [region] extent).
LEGEND_ROOM_PX = (250, 10)
COORD_DECIMALS = 5  # ~1 m: more precision than our sources have, less payload
TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = "© OpenStreetMap contributors"


@dataclass(frozen=True)
class MapOptions:
    lang: str = "vi"
    colour_mode: str = "class"
    basemap: bool = True
    height: int = 640


def _round_coords(coords, ndigits: int = COORD_DECIMALS):
    if isinstance(coords, (int, float)):
        return round(coords, ndigits)
    return [_round_coords(c, ndigits) for c in coords]


def _jsonable(value):
    if value is None or (not isinstance(value, (list, tuple, dict, str)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: gpd.GeoDataFrame) -> list[tuple[str, dict]]:
    """(id, properties) per row, the geometry under "geometry": plain dicts, because pandas row
    access costs more than building the whole map."""
    rows = frame.to_dict("records")
    for row, geom in zip(rows, frame.geometry):
        row["geometry"] = geom
    return list(zip(map(str, frame.index), rows))


def _collection(records: Iterable[tuple[str, dict]], keep: Sequence[str]) -> dict:
    """A lean GeoJSON FeatureCollection: only the ``keep`` properties; rounded coordinates."""
    features = []
    for fid, row in records:
        geom = row.get("geometry")
        if geom is None or geom.is_empty:
            continue
        geo = mapping(geom)
        props = {k: _jsonable(row[k]) for k in keep if k in row}
        props["id"] = fid
        features.append({"type": "Feature", "id": fid, "properties": props,
                         "geometry": {"type": geo["type"], "coordinates": _round_coords(geo["coordinates"])}})
    return {"type": "FeatureCollection", "features": features}


def style_groups(frame: gpd.GeoDataFrame, spec: LayerSpec,
                 ctx: StyleContext) -> dict[tuple[Style, str], list[tuple[str, dict]]]:
    """The placed features of ``frame`` as (id, properties), grouped by their style and CSS class."""
    placed = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    groups: dict[tuple[Style, str], list[tuple[str, dict]]] = {}
    for fid, props in _records(placed):
        groups.setdefault((spec.style_of(props, ctx), spec.class_for(props)), []).append((fid, props))
    return groups


def add_layer(target: folium.Map | folium.FeatureGroup, groups: Mapping[tuple[Style, str], list[tuple[str, dict]]],
              spec: LayerSpec, ctx: StyleContext, points: bool | None = None) -> int:
    """Draw one layer's ``style_groups`` onto ``target``, one Leaflet layer per style; returns how many were drawn.

    ``points`` True/False draws only the circle-marker groups / only the others (None: all),
    so the map can put every line and area under every point.
    """
    aliases = [t(f.removesuffix("_label"), ctx.lang) if f != "name" else "" for f in spec.tooltip_fields]
    keep = ["id", "name", *[f for f in spec.tooltip_fields if f not in ("id", "name")]]
    drawn = 0
    for (style, css_class), records in groups.items():
        if points is not None and bool(style.radius) != points:
            continue
        data = _collection(records, keep)
        leaflet_style = style.leaflet()
        marker = None
        if style.radius:
            marker = folium.CircleMarker(radius=style.radius, className=css_class, **_marker_style(leaflet_style))
        layer = PlanLayer(
            data,
            name=spec.title(ctx.lang),
            style_function=lambda _f, s=leaflet_style: s,
            marker=marker,
            className=css_class,
            embed=True,
            zoom_on_click=False,
        )
        SafeGeoJsonTooltip(list(spec.tooltip_fields), aliases).add_to(layer)
        layer.add_to(target)
        drawn += len(data["features"])
    return drawn


class PlanLayer(folium.GeoJson, RawMacroElement):
    """folium's GeoJson layer, its data kept out of Jinja (see mapview.raw_render)."""


def _marker_style(style: dict) -> dict:
    # CircleMarker's own options use Python names; the GeoJSON style_function re-applies them anyway.
    return {"color": style["color"], "weight": style["weight"], "fill": style.get("fill", False),
            "fill_color": style.get("fillColor"), "fill_opacity": style.get("fillOpacity", 0.85)}


def build_map(frames: Mapping[str, gpd.GeoDataFrame], options: MapOptions = MapOptions(),
              fit_to: tuple[float, float, float, float] | None = None,
              overlays: Sequence[tuple[Any, Any]] = (), tools: bool = False,
              keep_view: bool = False) -> folium.Map:
    """The plan map for the frames the view shows (already filtered and decorated).

    ``overlays`` are the user's own layers as (geo.overlay_io.Overlay, mapview.overlay.OverlayStyle);
    ``tools`` adds the measure control and the drawing toolbar; ``keep_view`` keeps the user's
    pan and zoom across rebuilds (mapview.keep_view).
    """
    plan = current_plan()
    m = make_offline_map(location=plan.centre, zoom_start=plan.zoom, control_scale=False,
                         prefer_canvas=False, min_zoom=7, max_zoom=18, zoom_snap=0.25)
    MetricScale().add_to(m)
    if options.basemap:
        folium.TileLayer(TILES_URL, attr=TILES_ATTRIBUTION, name="OpenStreetMap", max_zoom=19).add_to(m)
    ctx = StyleContext(colour_mode=options.colour_mode, lang=options.lang)  # type: ignore[arg-type]
    shown = [spec for spec in LAYERS if spec.id in frames and len(frames[spec.id])]
    # Lines and areas first, then points, layers drawn on top last: the biggest places stay on top and clickable.
    groups = {spec.id: style_groups(frames[spec.id], spec, ctx) for spec in shown}
    for points in (False, True):
        for spec in sorted(shown, key=lambda s: (s.draw_on_top, s.order)):
            add_layer(m, groups[spec.id], spec, ctx, points=points)
    sections = [(spec.title(options.lang), spec.legend(ctx)) for spec in shown]
    status_section = (t("status", options.lang), status_legend(ctx))
    # Colouring by status makes the status key the one to read first.
    sections.insert(0 if options.colour_mode == "status" else len(sections), status_section)
    for overlay, style in overlays:
        entries = add_overlay(m, overlay, style, options.lang)
        sections.append((entries.heading or overlay.name, list(entries)))
    if tools:
        add_measure_and_draw(m, options.lang)
    MapLegend(legend_html(sections, t("legend", options.lang))).add_to(m)
    minx, miny, maxx, maxy = fit_to or plan.extent
    m.fit_bounds([[miny, minx], [maxy, maxx]], max_zoom=14, padding_top_left=LEGEND_ROOM_PX,
                 padding_bottom_right=(10, 10))
    if keep_view:  # after the fit, so a kept view overrides it
        KeepView().add_to(m)
    stable_ids(m)
    return m


def stable_ids(root) -> None:
    """Number folium's elements in tree order instead of by random UUID.

    The same view then yields byte-identical map code on every rerun, so Streamlit
    can skip re-sending it and the browser has nothing to redraw.
    """
    counter = itertools.count()

    def walk(element) -> None:
        element._id = f"{next(counter):06x}"
        for child in list(element._children.values()):
            walk(child)

    walk(root)


def view_for_bounds(bounds: list[list[float]], width_px: int = 700, height_px: int = 600,
                    min_zoom: float = 8, max_zoom: float = 16,
                    left_room_px: int = LEGEND_ROOM_PX[0]) -> tuple[tuple[float, float], float]:
    """Centre and Web-Mercator zoom that show ``[[south, west], [north, east]]`` in a map of that size,
    in the part right of ``left_room_px`` (the legend's corner), so nothing lands under the legend."""
    (south, west), (north, east) = bounds
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    span_x = max(east - west, 1e-6) / 360
    span_y = max(merc(north) - merc(south), 1e-8) / (2 * math.pi)
    free_width = max(width_px - left_room_px, width_px / 2)
    zoom = min(math.log2(free_width / 256 / span_x), math.log2(height_px / 256 / span_y)) - 0.25
    zoom = max(min_zoom, min(max_zoom, math.floor(zoom * 4) / 4))
    degrees_per_px = 360 / (256 * 2 ** zoom)
    shift = (width_px - free_width) / 2 * degrees_per_px  # the free part's centre is right of the map's
    return ((south + north) / 2, (west + east) / 2 - shift), zoom


def selection_highlight(geometry, lang: str = "vi") -> folium.FeatureGroup:
    """A ring around the selected feature, added without rebuilding the map."""
    group = folium.FeatureGroup(name="selection")
    geo = {"type": "Feature", "properties": {}, "geometry": mapping(geometry)}
    folium.GeoJson(
        geo,
        style_function=lambda _f: {"color": "#00e5ff", "weight": 6, "opacity": 0.9, "fill": False},
        marker=folium.CircleMarker(radius=18, color="#00e5ff", weight=4, fill=False, className="pm-selection"),
        className="pm-selection",
        interactive=False,
    ).add_to(group)
    return group


def payload_size(m: folium.Map) -> int:
    """Bytes of the map page without the Leaflet library itself (served once, cached by the browser)."""
    return len(m.get_root().render().encode("utf-8"))
