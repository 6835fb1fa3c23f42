"""The base geography on the web map: the 12 districts of 2019–2025, quiet and under everything.

Thin grey district lines and a light fill outside the province, in a pane below the plan's
layers that never catches a hover or click meant for a feature (``interactive: false``,
``pointer-events: none``): one Leaflet GeoJSON for the lines (each path carries ``pm-boundary``),
one for the mask (``pm-outside``). The district names are ``mapview.labels`` (``pm-district-label``).
"""
from __future__ import annotations

import geopandas as gpd
import shapely
from jinja2 import Template
from shapely.geometry import mapping

from geo.base_geography import load_districts, outside_mask
from layers.base import LegendEntry, Style
from mapview.labels import MapLabels
from mapview.raw_render import RawMacroElement

# ~10 m: the boundaries are generalised by ~90 m already; fewer digits, smaller page.
BASE_DECIMALS = 4
BOUNDARY_COLOUR = "#78909c"
OUTSIDE_FILL = "#b0bec5"
PAPER = "#fbfbf8"  # the map's background inside the province when no tiles are shown
BASE_PANE = "pm-base"
BASE_PANE_Z = 250  # above Leaflet's tiles (200), below its overlay pane (400) where the plan's layers are


def _rounded(geometry) -> dict:
    return mapping(shapely.set_precision(geometry, 10 ** -BASE_DECIMALS, mode="pointwise"))


def base_geojson(districts: gpd.GeoDataFrame) -> dict:
    """The districts as a lean FeatureCollection: outline and name only."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": str(row["name"])}, "geometry": _rounded(row.geometry)}
        for _, row in districts.iterrows()]}


def district_labels(districts: gpd.GeoDataFrame) -> list[tuple[str, float, float]]:
    """Each district's name at a point inside it (``label_point``)."""
    return [(str(row["name"]), row["label_point"].y, row["label_point"].x) for _, row in districts.iterrows()]


def base_legend(lang: str) -> list[LegendEntry]:
    line = "Ranh giới huyện (2019–2025)" if lang == "vi" else "District boundary (2019–2025)"
    outside = "Ngoài tỉnh Hải Dương (cũ)" if lang == "vi" else "Outside the former Hải Dương province"
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
            L.geoJSON({{ this.mask | tojson }}, Object.assign({className: 'pm-outside', style: {{ this.mask_style | tojson }}}, quiet)).addTo(map);
            L.geoJSON({{ this.districts | tojson }}, Object.assign({className: 'pm-boundary', style: {{ this.line_style | tojson }}}, quiet)).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, districts: gpd.GeoDataFrame | None = None) -> None:
        super().__init__()
        self._name = "BaseGeography"
        districts = load_districts() if districts is None else districts
        self.districts = base_geojson(districts)
        self.mask = {"type": "Feature", "properties": {}, "geometry": _rounded(outside_mask())}
        self.pane, self.pane_z = BASE_PANE, BASE_PANE_Z
        self.line_style = {"color": BOUNDARY_COLOUR, "weight": 1, "opacity": 0.9, "fill": False}
        self.mask_style = {"stroke": False, "fillColor": OUTSIDE_FILL, "fillOpacity": 0.35}
        self.paper = PAPER


def add_base_geography(m, districts: gpd.GeoDataFrame | None = None) -> None:
    """Draw the districts, the outside mask and the district names on ``m``."""
    districts = load_districts() if districts is None else districts
    BaseGeography(districts).add_to(m)
    MapLabels(district_labels(districts), "pm-district-label",
              text_style="color: #607d8b; font: 600 11px/1.1 sans-serif; letter-spacing: 0.03em;").add_to(m)
