"""The 2025 communes and wards as a reference layer: where their seats are and what they were formed from.

Since 1 July 2025 the former province is part of Hải Phòng city and the districts are gone; an
official reading the 2023 program on today's map needs both. This layer orients, it does not
report: it is not in ``layers.registry.LAYERS`` (so never a feature of the progress store), its
points carry no ``id`` property (so a click does not select anything), and it is drawn under the
plan's layers. Names are written at the seats once the map is zoomed in enough to read them.
"""
from __future__ import annotations

import re

import folium
import geopandas as gpd
from shapely.geometry import mapping

from core.i18n import t
from layers.base import LegendEntry, Style
from mapview.labels import MapLabels
from mapview.raw_render import RawGeoJson
from mapview.safe_tooltip import SafeGeoJsonTooltip

COMMUNE_CLASS = "pm-commune-2025"
COMMUNE_STYLE = Style("#5d4037", "#d7ccc8", radius=3, weight=1, fill_opacity=0.9)
LABEL_MIN_ZOOM = 11  # about 65 names: readable from here in
_DECIMALS = 4        # the seats are known to ~100 m


_IN_UNIT = re.compile(r"^(.*\S)\s+\(([^()]+)\)$")  # "Xã An Thượng (thành phố Hải Dương)"


def formed_from_text(value) -> str:
    """``formed_from`` as one line, whether the file holds a list (or an array) or a string.

    Neighbours in the same former district are written once with it — "Phường A, Xã B (thành phố
    Hải Dương)" rather than the district after each name — shorter to read, and to send.
    """
    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        return "" if value is None else str(value)
    runs: list[tuple[str | None, list[str]]] = []
    for item in map(str, value):
        match = _IN_UNIT.match(item)
        name, unit = (match.group(1), match.group(2)) if match else (item, None)
        if runs and runs[-1][0] == unit:
            runs[-1][1].append(name)
        else:
            runs.append((unit, [name]))
    return "; ".join(", ".join(names) + (f" ({unit})" if unit else "") for unit, names in runs)


def communes_geojson(communes: gpd.GeoDataFrame) -> dict:
    """Seats with the name and the units each was formed from (wholly, and in part); no ``id`` (see module doc)."""
    features = []
    for _, row in communes.iterrows():
        if row.geometry is None or row.geometry.is_empty:
            continue
        point = mapping(row.geometry)
        props = {"name": str(row["name"]), "formed_from": formed_from_text(row.get("formed_from")),
                 "formed_from_partly": formed_from_text(row.get("formed_from_partly"))}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [round(c, _DECIMALS) for c in point["coordinates"]]}})
    return {"type": "FeatureCollection", "features": features}


def communes_legend(lang: str) -> LegendEntry:
    return LegendEntry(t("communes_2025_legend", lang), COMMUNE_STYLE)


def add_communes_2025(m: folium.Map, communes: gpd.GeoDataFrame, lang: str) -> None:
    """Draw the 2025 seats (tooltip: name, formed from) and their names on ``m``."""
    style = COMMUNE_STYLE.leaflet()
    layer = RawGeoJson(
        communes_geojson(communes),
        name=t("communes_2025", lang),
        style_function=lambda _f: style,
        marker=folium.CircleMarker(radius=COMMUNE_STYLE.radius, className=COMMUNE_CLASS),
        className=COMMUNE_CLASS,
        embed=True,
        zoom_on_click=False,
    )
    SafeGeoJsonTooltip(["name", "formed_from", "formed_from_partly"],
                       ["", t("formed_from", lang), t("formed_from_partly", lang)]).add_to(layer)
    layer.add_to(m)
    MapLabels([(str(row["name"]), row.geometry.y, row.geometry.x) for _, row in communes.iterrows()
               if row.geometry is not None and not row.geometry.is_empty],
              "pm-commune-label", min_zoom=LABEL_MIN_ZOOM, beside=True,
              text_style="color: #6d4c41; font: 10px/1.1 sans-serif;").add_to(m)
