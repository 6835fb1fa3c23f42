"""Industrial zones, operating and planned, and the specialised economic zone (§II.2, §III.3)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_colour
from layers.symbols import area_radius, size_legend

_OUTLINE = "#4e342e"


def style_of(props: Mapping[str, Any], ctx: StyleContext) -> Style:
    colour = status_colour(props)
    if props.get("geometry_kind") == "indicative_area":
        return Style(colour=colour, fill_colour=colour, weight=2, dash="6 4", fill_opacity=0.18)
    # A proportional symbol, not an invented boundary: the circle's area follows the zone's hectares.
    return Style(colour=_OUTLINE, fill_colour=colour, radius=area_radius(props.get("area_ha")), weight=1.5)


def legend(ctx: StyleContext) -> list[LegendEntry]:
    area = "Khu kinh tế chuyên biệt (vùng minh họa)" if ctx.lang == "vi" else "Specialised economic zone (indicative area)"
    # Colour is the status (its own key); the circle's area is the zone's.
    return [*size_legend(_OUTLINE, "KCN" if ctx.lang == "vi" else "Zone", ctx.lang),
            LegendEntry(area, Style("#546e7a", "#546e7a", weight=2, dash="6 4", fill_opacity=0.18), "area")]


LAYER = LayerSpec(
    id="industrial_zones",
    title_vi="Khu công nghiệp",
    title_en="Industrial zones",
    files=("industrial_zones.geojson",),
    css_class="pm-industrial-zone",
    required=("id", "name", "zone_kind", "wastewater_treatment", "source", "location_precision"),
    tooltip_fields=("name", "zone_kind_label", "status_label"),
    detail_fields=("name", "zone_kind_label", "district", "area_ha", "wastewater_label", "status_label",
                   "progress_pct", "source", "location_precision_label"),
    style_of=style_of,
    legend=legend,
    order=20,
)
