"""The plan map as a streamlit-folium component: rendered once per view, mounted once per page.

``st_folium`` renders the whole folium map to text on every script run (for the plan's layers
about half of a rerun's server time, measured with py-spy under bench/load.py), and any change
of that text gives the component a new identity, so the browser remounts the map. Here the two
steps of ``st_folium`` are split: :func:`render_map` does the rendering (cached and shared by every
session, see ``ui/caching.py``) and :func:`show_map` only sends it. The plan's layers and the
legend travel as streamlit-folium's dynamic feature group (``mapview/dynamic.py``): a filter or
colour change swaps them inside the mounted map.

Mirrors ``streamlit_folium.st_folium`` of the pinned streamlit-folium 0.27.4
(tests/ui/test_map_component.py checks that the frame sent is what st_folium sends).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import folium
import streamlit as st
import streamlit_folium as sf

from mapview.assets import inline_stylesheets
from mapview.dynamic import OVERLAYS_ON_TOP, detach_dynamic, layer_owning_controls
from mapview.legend import MapLegend
from mapview.raw_render import unindented


@dataclass(frozen=True)
class RenderedMap:
    """What the browser needs to draw one view: the frame's component arguments and the dynamic layers' JS."""

    frame: Mapping[str, Any]
    layers_js: str
    identity: str  # streamlit-folium's component key: equal frames keep the mounted map


def _frame_args(m: folium.Map, returned_objects: Sequence[str] | None, height: int,
                width: int | None) -> dict[str, Any]:
    """The arguments st_folium gives its component for ``m`` (already rendered), less the per-run ones."""
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = unindented(sf._get_map_string(m))   # streamlit-folium keeps folium's template indentation
    map_id = sf.get_full_id(m)
    defaults = {"last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
                "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
                "last_active_drawing": None, "bounds": _bounds(m), "zoom": m.options.get("zoom"),
                "last_circle_radius": None, "last_circle_polygon": None, "selected_layers": None,
                "selected_tags": None, "last_geocoder_result": None}
    css: list[str] = []
    js: list[str] = []
    for element in _walk(m):
        css += [href for _, href in getattr(element, "default_css", [])]
        js += [src for _, src in getattr(element, "default_js", [])]
    styles, css = inline_stylesheets(list(dict.fromkeys(css)))
    return {"script": script, "header": styles + header, "html": html, "id": map_id, "height": height, "width": width,
            "returned_objects": list(returned_objects) if returned_objects is not None else None,
            "default": {k: v for k, v in defaults.items() if returned_objects is None or k in returned_objects},
            "css_links": css, "js_links": list(dict.fromkeys(js)),
            "return_on_hover": False, "layer_control": None, "pixelated": False, "wrap_longitude": False}


def _bounds(m: folium.Map) -> dict[str, dict[str, float | None]]:
    (south, west), (north, east) = m.get_bounds()
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def render_map(m: folium.Map, key: str, returned_objects: Sequence[str] | None = None,
               height: int = 640, width: int | None = None) -> RenderedMap:
    """Render ``m`` once: its frame (everything but the plan's layers and legend) and those as dynamic JS.

    Consumes ``m`` (its dynamic children are moved out); the result is immutable and safe to share.
    """
    m.get_root().render()  # with every layer: their CSS (legend, tooltips) belongs in the frame's header
    dynamic = detach_dynamic(m)
    m.render()
    frame = _frame_args(m, returned_objects, height, width)
    identity = sf.generate_js_hash(frame["script"], key, False)
    layers = folium.FeatureGroup(name="plan", control=False)
    legends = []
    for child in dynamic:
        if isinstance(child, MapLegend):
            legends.append(child)
        else:
            layers.add_child(child, name=child.get_name())
    js = sf._get_feature_group_string(layers, map=m, idx=0) if layers._children else ""
    if legends:
        for legend in legends:
            legend._parent = m
        scripts = [legend._template.module.script(legend, {}).replace(frame["id"], "map_div") for legend in legends]
        js += layer_owning_controls(scripts)
    return RenderedMap(MappingProxyType(frame), unindented(js + OVERLAYS_ON_TOP), identity)


def highlight_js(group: folium.FeatureGroup | None) -> str:
    """The selection ring as dynamic JS (drawn last, over the plan's layers)."""
    if group is None:
        return ""
    holder = folium.Map(tiles=None)
    return sf._get_feature_group_string(group, map=holder, idx=1)


def show_map(rendered: RenderedMap, key: str, extra_js: str = "", zoom: float | None = None,
             center: tuple[float, float] | None = None,
             on_report: Callable[[Mapping | None], None] | None = None) -> dict | None:
    """Send the rendered view (and this run's ``extra_js``, zoom, centre); returns what the map reports back,
    like ``st_folium``. ``on_report`` gets a new report first, as a widget callback (which may name the
    fragments to rerun)."""
    def _on_change() -> None:
        st.session_state[key] = value = st.session_state.get(rendered.identity, {})
        if on_report is not None:
            on_report(value)

    return sf._component_func(**rendered.frame, key=rendered.identity, zoom=zoom, center=center,
                              feature_group=rendered.layers_js + extra_js, on_change=_on_change)
