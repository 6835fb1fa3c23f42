"""The base geography on the web map: the 12 districts of 2019–2025, quiet and under everything.

Thin grey district lines and a light fill outside the province, in a pane below the plan's
layers that never catches a hover or click meant for a feature (``interactive: false``,
``pointer-events: none``): one Leaflet GeoJSON for the lines (each path carries ``pm-boundary``),
one for the mask (``pm-outside``), sent delta-coded (``mapview.compact_geometry``). The district
names are ``mapview.labels`` (``pm-district-label``).
"""
from __future__ import annotations

import functools
import json

import geopandas as gpd
from jinja2 import Template

from core.bilingual import Text
from core.errors import DataError
from core.plan import current_plan
from geo.base_geography import districts_path, load_districts, outside_mask
from layers.base import LegendEntry, Style
from mapview.compact_geometry import DECODE_JS, encode_polygons
from mapview.labels import MapLabels
from mapview.raw_render import RawMacroElement

BOUNDARY_COLOUR = "#78909c"
OUTSIDE_FILL = "#b0bec5"
PAPER = "#fbfbf8"  # the map's background inside the province when no tiles are shown
BASE_PANE = "pm-base"
DISTRICT_AREAS = "_pmDistrictAreas"  # the map's property holding the decoded districts, in the frame's order
BASE_PANE_Z = 250  # above Leaflet's tiles (200), below its overlay pane (400) where the plan's layers are


def base_code(districts: gpd.GeoDataFrame) -> list:
    """The district outlines, delta-coded (mapview.compact_geometry), in the frame's order."""
    return [encode_polygons(geometry) for geometry in districts.geometry]


@functools.lru_cache(maxsize=4)
def _default_code(path: str, stamp: float) -> tuple[str, str]:
    """The plan's districts and mask as JSON, built once per file and version (~30 ms saved per map)."""
    return json.dumps(base_code(load_districts()), separators=(",", ":")), \
        json.dumps(encode_polygons(outside_mask()), separators=(",", ":"))


def district_labels(districts: gpd.GeoDataFrame) -> list[tuple[str, float, float]]:
    """Each district's name at a point inside it (``label_point``)."""
    return [(str(row["name"]), row["label_point"].y, row["label_point"].x) for _, row in districts.iterrows()]


BOUNDARY = Text("Ranh giới huyện (2019–2025)", "District boundary (2019–2025)")
OUTSIDE = Text("Ngoài {region}", "Outside {region}")


def base_legend(lang: str) -> list[LegendEntry]:
    line = BOUNDARY.get(lang)
    outside = OUTSIDE.get(lang).format(region=current_plan().region_name.get(lang))
    return [LegendEntry(line, Style(BOUNDARY_COLOUR, weight=1), "line"),
            LegendEntry(outside, Style(BOUNDARY_COLOUR, OUTSIDE_FILL, weight=0.5, fill_opacity=0.35), "area")]


class BaseGeography(RawMacroElement):
    """District lines and the outside mask, in a pane below the plan layers."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-pm-base-pane, .leaflet-pm-base-pane * { pointer-events: none !important; }
          .leaflet-container { background: {{ this.paper }}; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function(map){
            map.createPane({{ this.pane | tojson }}).style.zIndex = {{ this.pane_z }};
            var quiet = {pane: {{ this.pane | tojson }}, interactive: false, bubblingMouseEvents: false};
            var decode = {{ this.decode_js }};
            L.geoJSON(decode({{ this.mask_json }}), Object.assign({className: 'pm-outside', style: {{ this.mask_style | tojson }}}, quiet)).addTo(map);
            map.{{ this.areas_property }} = {{ this.districts_json }}.map(decode);  // the district names keep inside them
            L.geoJSON(map.{{ this.areas_property }}, Object.assign({className: 'pm-boundary', style: {{ this.line_style | tojson }}}, quiet)).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, districts: gpd.GeoDataFrame | None = None) -> None:
        """``districts`` other than the shipped ones (tests) are coded afresh; the mask is always the province's."""
        super().__init__()
        self._name = "BaseGeography"
        self.districts_json, self.mask_json = _default_code(str(districts_path()), districts_path().stat().st_mtime)
        if districts is not None:
            self.districts_json = json.dumps(base_code(districts), separators=(",", ":"))
        self.decode_js = DECODE_JS
        self.pane, self.pane_z = BASE_PANE, BASE_PANE_Z
        self.line_style = {"color": BOUNDARY_COLOUR, "weight": 1, "opacity": 0.9, "fill": False}
        self.mask_style = {"stroke": False, "fillColor": OUTSIDE_FILL, "fillOpacity": 0.35}
        self.paper = PAPER
        self.areas_property = DISTRICT_AREAS


def add_base_geography(m, districts: gpd.GeoDataFrame | None = None) -> None:
    """Draw the districts, the outside mask and the district names on ``m``."""
    BaseGeography(districts).add_to(m)
    districts = load_districts() if districts is None else districts
    MapLabels(district_labels(districts), "pm-district-label",
              text_style="color: #607d8b; font: 600 11px/1.1 sans-serif; letter-spacing: 0.03em;",
              clear_of_symbols=True, areas_of=DISTRICT_AREAS).add_to(m)


def province_box() -> tuple[float, float, float, float]:
    """The province's box (lon/lat: the districts' bounds), the web map's first view; the plan's extent
    for a plan that names no district boundaries."""
    try:
        return tuple(float(v) for v in load_districts().total_bounds)  # type: ignore[return-value]
    except (DataError, OSError):
        return current_plan().extent
