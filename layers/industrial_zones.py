"""Industrial zones, operating and planned, and the specialised economic zone (§II.2, §III.3)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.vocab import WASTEWATER
from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_colour
from layers.symbols import area_radius, size_legend

_OUTLINE = "#4e342e"


# Central wastewater treatment (target §II.2: 100 % of operating zones): yes / no / no source says.
WASTEWATER_COLOURS = {"yes": "#2e7d32", "no": "#c62828", "unknown": "#b0bec5"}


def _colour(props: Mapping[str, Any], ctx: StyleContext) -> str:
    if ctx.colour_mode == "wastewater":
        return WASTEWATER_COLOURS.get(props.get("wastewater_treatment") or "unknown", WASTEWATER_COLOURS["unknown"])
    return status_colour(props, ctx)


def style_of(props: Mapping[str, Any], ctx: StyleContext) -> Style:
    colour = _colour(props, ctx)
    if props.get("geometry_kind") == "indicative_area":
        return Style(colour=colour, fill_colour=colour, weight=2, dash="6 4", fill_opacity=0.18)
    # A proportional symbol, not an invented boundary: the circle's area follows the zone's hectares.
    return Style(colour=_OUTLINE, fill_colour=colour, radius=area_radius(props.get("area_ha")), weight=1.5)


def legend(ctx: StyleContext) -> list[LegendEntry]:
    area = "Khu kinh tế chuyên biệt (vùng minh họa)" if ctx.lang == "vi" else "Specialised economic zone (indicative area)"
    sizes = size_legend(_OUTLINE, "KCN" if ctx.lang == "vi" else "Zone", ctx.lang)
    if ctx.colour_mode == "wastewater":
        heading = "Xử lý nước thải tập trung: " if ctx.lang == "vi" else "Central wastewater treatment: "
        return [*(LegendEntry(heading + WASTEWATER[code].label(ctx.lang), Style(_OUTLINE, colour, radius=6, weight=1.5))
                  for code, colour in WASTEWATER_COLOURS.items()), *sizes]
    # Colour is the status (its own key); the circle's area is the zone's.
    return [*sizes,
            LegendEntry(area, Style("#546e7a", "#546e7a", weight=2, dash="6 4", fill_opacity=0.18), "area")]


LAYER = LayerSpec(
    id="industrial_zones",
    title_vi="Khu công nghiệp",
    title_en="Industrial zones",
    files=("industrial_zones.geojson",),
    css_class="pm-industrial-zone",
    required=("id", "name", "zone_kind", "wastewater_treatment", "source", "location_precision"),
    tooltip_fields=("name", "zone_kind_label", "status_label"),
    detail_fields=("name", "zone_kind_label", "district", "unit_2025", "area_ha", "wastewater_label", "status_label",
                   "progress_pct", "source", "location_precision_label"),
    style_of=style_of,
    legend=legend,
    order=20,
)
