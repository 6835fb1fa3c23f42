"""Industrial zones, operating and planned, and the specialised economic zone (§II.2, §III.3)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from layers.base import LayerSpec, LegendEntry, Style, StyleContext, status_colour

_OUTLINE = "#4e342e"


def style_of(props: Mapping[str, Any], ctx: StyleContext) -> Style:
    colour = status_colour(props, ctx)
    if props.get("geometry_kind") == "indicative_area":
        return Style(colour=colour, fill_colour=colour, weight=2, dash="6 4", fill_opacity=0.18)
    return Style(colour=_OUTLINE, fill_colour=colour, radius=6, weight=1.5)


def legend(ctx: StyleContext) -> list[LegendEntry]:
    area = "Khu kinh tế chuyên biệt (vùng minh họa)" if ctx.lang == "vi" else "Specialised economic zone (indicative area)"
    point = "Khu công nghiệp (vị trí điểm, màu theo tình trạng)" if ctx.lang == "vi" else "Industrial zone (point, coloured by status)"
    return [LegendEntry(point, Style(_OUTLINE, "#ffffff", radius=6, weight=1.5)),
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
