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
from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_legend
from layers.registry import LAYERS
from layers.symbols import honest_style, point_grade, precision_legends
from mapview.assets import make_offline_map
from mapview.base_layer import add_base_geography, base_legend, province_box
from mapview.communes import add_communes_2025, communes_legend
from mapview.first_view import FirstView
from mapview.keep_view import KeepView
from mapview.legend import MapLegend, MetricScale, legend_html
from mapview.overlay import add_overlay
from mapview.place_labels import PlaceLabels
from mapview.raw_render import RawGeoJson
from mapview.safe_tooltip import SafeGeoJsonTooltip
from mapview.selection_ring import LINE_RING, POINT_RING, RING_CLASS
from mapview.spread import SELECTED_PROPERTY, SpreadStacks, spread_legend
from mapview.tiles import OptionalTiles
from mapview.tooltip_inside import TooltipInside
from mapview.tools import add_measure_and_draw

# Room on the left for the legend when the first view fits the plan's extent (plan.toml [region] extent).
LEGEND_ROOM_PX = (250, 10)
TOOLBARS_ROOM_PX = (62, 10)  # on a phone the legend is folded: room for the toolbars' column (zoom, measure, draw)
COORD_DECIMALS = 5  # ~1 m: more precision than our sources have, less payload
APPROXIMATE_CLASS = "pm-approximate"  # added to the layer's class on every point not at an exact position
PLACEHOLDER_CLASS = "pm-placeholder"  # and this one too on a placeholder (dotted outline)



class PlanLayer(RawGeoJson):
    """A layer of the plan's own features: the part of the map a restyle or a filter replaces (mapview.dynamic)."""


@dataclass(frozen=True)
class MapOptions:
    lang: str = "vi"
    colour_mode: str = "class"
    basemap: bool = False      # the OpenStreetMap background: optional, off (intranets cannot reach it)
    boundaries: bool = True    # the districts of 2019–2025 under the plan
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
    """The placed features of ``frame`` as (id, properties), grouped by their style and CSS class.

    Points not at an exact position get the outline of their precision grade (layers.symbols), ``pm-approximate``
    and, on a placeholder, ``pm-placeholder``.
    """
    placed = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    groups: dict[tuple[Style, str], list[tuple[str, dict]]] = {}
    for fid, props in _records(placed):
        style = spec.style_of(props, ctx)
        shown, grade = honest_style(style, props), point_grade(style, props)
        css = spec.class_for(props) + (f" {APPROXIMATE_CLASS}" if grade != "exact" else "") + (
            f" {PLACEHOLDER_CLASS}" if grade == "placeholder" else "")
        groups.setdefault((shown, css), []).append((fid, props))
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


def _marker_style(style: dict) -> dict:
    # CircleMarker's own options use Python names; the GeoJSON style_function re-applies them anyway.
    return {"color": style["color"], "weight": style["weight"], "fill": style.get("fill", False),
            "fill_color": style.get("fillColor"), "fill_opacity": style.get("fillOpacity", 0.85)}


def build_map(frames: Mapping[str, gpd.GeoDataFrame], options: MapOptions = MapOptions(),
              fit_to: tuple[float, float, float, float] | None = None,
              overlays: Sequence[tuple[Any, Any]] = (), tools: bool = False,
              keep_view: bool = False, communes_2025: gpd.GeoDataFrame | None = None) -> folium.Map:
    """The plan map for the frames the view shows (already filtered and decorated).

    ``overlays`` are the user's own layers as (geo.overlay_io.Overlay, mapview.overlay.OverlayStyle);
    ``tools`` adds the measure control and the drawing toolbar; ``keep_view`` keeps the user's
    pan and zoom across rebuilds (mapview.keep_view); ``communes_2025`` (geo.base_geography.
    load_communes_2025) adds the 2025 communes as a reference layer under the plan.
    """
    plan = current_plan()
    m = make_offline_map(location=plan.centre, zoom_start=plan.zoom, control_scale=False,
                         prefer_canvas=False, min_zoom=7, max_zoom=18, zoom_snap=0.25)
    MetricScale().add_to(m)
    TooltipInside().add_to(m)  # before any layer: every hover box of the map stays whole inside it
    # The first view, before any layer: set later, it would move (and redraw) every path already drawn.
    # Not animated: an animated fit ends after a kept view is restored, and undoes it (mapview.first_view).
    minx, miny, maxx, maxy = fit_to or (province_box() if keep_view else plan.extent)
    FirstView([[miny, minx], [maxy, maxx]], padding_top_left=LEGEND_ROOM_PX, padding_bottom_right=(10, 10),
              max_zoom=14, keep=keep_view, free_area=keep_view, narrow_top_left=TOOLBARS_ROOM_PX).add_to(m)
    if options.basemap:
        OptionalTiles(options.lang).add_to(m)
    if options.boundaries:
        add_base_geography(m)
    if communes_2025 is not None:  # before the plan's layers: drawn under them
        add_communes_2025(m, communes_2025, options.lang)
    ctx = StyleContext(colour_mode=options.colour_mode, lang=options.lang)  # type: ignore[arg-type]
    shown = [spec for spec in LAYERS if spec.id in frames and len(frames[spec.id])]
    # Lines and areas first, then points, layers drawn on top last: the biggest places stay on top and clickable.
    groups = {spec.id: style_groups(frames[spec.id], spec, ctx) for spec in shown}
    point_groups = [key for layer_groups in groups.values() for key in layer_groups if key[0].radius]
    point_classes = list(dict.fromkeys(css.split()[0] for _, css in point_groups))
    if keep_view and point_classes:  # the app's map names its places once zoomed in; before the layers it labels
        PlaceLabels(point_classes, options.lang).add_to(m)
    for points in (False, True):
        for spec in sorted(shown, key=lambda s: (s.draw_on_top, s.order)):
            add_layer(m, groups[spec.id], spec, ctx, points=points)
    sections = [(spec.title(options.lang), spec.legend(ctx)) for spec in shown]
    coded = "cycle_state" if options.colour_mode == "reporting" else "status"
    present = {str(v) for spec in shown if coded in frames[spec.id] for v in frames[spec.id][coded].fillna("unknown")}
    status_section = (t("reporting_cycle" if coded == "cycle_state" else "status", options.lang), status_legend(ctx, present))
    # Colouring by status (or by the reporting cycle) makes its key the one to read first; it lists only what is drawn.
    sections.insert(0 if options.colour_mode != "class" else len(sections), status_section)
    sections.append((t("map_symbols", options.lang),
                     _symbol_legend(point_groups, options.boundaries, communes_2025 is not None, options.lang)))
    for overlay, style in overlays:
        entries = add_overlay(m, overlay, style, options.lang)
        sections.append((entries.heading or overlay.name, list(entries)))
    if tools:
        add_measure_and_draw(m, options.lang)
    MapLegend(legend_html(sections, t("legend", options.lang))).add_to(m)
    if keep_view:  # remembers every move after the first view (mapview.first_view restores it)
        KeepView().add_to(m)
    if point_groups:  # last: it lays out the points of the view the map opens with
        SpreadStacks(point_classes).add_to(m)
    stable_ids(m)
    return m


def _symbol_legend(point_groups: Sequence[tuple[Style, str]], boundaries: bool, communes: bool,
                   lang: str) -> list[LegendEntry]:
    """What the map's own symbols mean: approximate rings, spread stacks, the base and reference layers."""
    entries = []
    grades = {(PLACEHOLDER_CLASS in css.split() and "placeholder") or "approximate"
              for _, css in point_groups if APPROXIMATE_CLASS in css.split()}
    entries += precision_legends(grades, lang)
    if point_groups:
        entries.append(spread_legend(lang))
    if communes:
        entries.append(communes_legend(lang))
    if boundaries:
        entries += base_legend(lang)
    return entries


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


def selection_highlight(geometry, feature_id: str | None = None) -> folium.FeatureGroup:
    """A ring around the selected feature, added without rebuilding the map.

    ``feature_id`` lets a spread point's ring follow the point to where it is drawn (mapview.spread).
    """
    group = folium.FeatureGroup(name="selection")
    geo = {"type": "Feature", "properties": {SELECTED_PROPERTY: feature_id}, "geometry": mapping(geometry)}
    folium.GeoJson(
        geo,
        # "interactive" here reaches the ring's CircleMarker too (folium drops it from the marker's own options):
        # the ring must not take the hover or click of a point beside it.
        style_function=lambda _f: dict(LINE_RING),
        marker=folium.CircleMarker(**POINT_RING, className=RING_CLASS),
        className=RING_CLASS,
        interactive=False,
    ).add_to(group)
    return group


def payload_size(m: folium.Map) -> int:
    """Bytes of the map page without the Leaflet library itself (served once, cached by the browser)."""
    return len(m.get_root().render().encode("utf-8"))
